"""Japanese PDF reports: the per-visit handout, the municipality's evaluation report, the
programme summary and the trainings' survey results.

Every function reads through the given ``Session`` (it never writes), lays the pages out with
the bundled IPAexGothic embedded, and either returns the PDF bytes or writes a file through
a temporary file (an error leaves no file behind).
"""

from __future__ import annotations

from .api import (
    day_file_name,
    render_municipality_report,
    render_programme_summary,
    render_training_survey_report,
    render_visit_handout,
    render_visits,
    write_day_handouts,
    write_handout_into,
    write_municipality_report,
    write_programme_summary,
    write_survey_report,
    write_visit_handout,
)
from .fonts import FONT, register_fonts

__all__ = [
    "FONT",
    "day_file_name",
    "register_fonts",
    "render_municipality_report",
    "render_programme_summary",
    "render_training_survey_report",
    "render_visit_handout",
    "render_visits",
    "write_day_handouts",
    "write_handout_into",
    "write_municipality_report",
    "write_programme_summary",
    "write_survey_report",
    "write_visit_handout",
]
