"""The assessment sheet (アセスメントシート): template data, loading and scoring."""
