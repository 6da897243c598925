"""Surveys of training participants: templates as data, the importer's rules, results."""
