"""Data in and out: web-form imports, Excel and CSV exports, iCalendar, open data.

Readers turn a file into rows and report every problem as an ``ImportProblem`` with row and
column; writers produce the formats people at the prefecture open (Excel, Outlook). Nothing
here commits: callers pass a ``Session`` and own the transaction.
"""
