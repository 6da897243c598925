"""The reports' entry points: read through a session, return bytes or write a file."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path

from reportlab.platypus import Flowable, PageBreak
from sqlalchemy.orm import Session

from ..errors import NotFoundError, ReportError, ValidationError
from ..fiscal import wareki
from ..messages import msg
from ..models import Municipality
from .data import FormLinkBlock, HandoutData, load_handout, visits_on
from .evaluation import load_evaluation, render_evaluation
from .handout import document_title, handout_story, render_handout
from .layout import OnDraw, render, write_atomically
from .summary import load_summary, render_summary

Progress = Callable[[int, int], None]


def render_visit_handout(
    session: Session,
    visit_id: str,
    *,
    issued_on: date | None = None,
    form_link: FormLinkBlock | None = None,
) -> bytes:
    """The handout (面談記録) of one visit as PDF bytes; ``NotFoundError`` if unknown.
    ``form_link``: the municipality's web-form link, printed with its QR code."""
    data = _with_link(load_handout(session, visit_id), form_link)
    return render_handout(data, issued_on=issued_on)


def _with_link(data: HandoutData, form_link: FormLinkBlock | None) -> HandoutData:
    return data if form_link is None else dataclasses.replace(data, form_link=form_link)


def write_visit_handout(
    session: Session,
    visit_id: str,
    path: str | Path,
    *,
    issued_on: date | None = None,
    form_link: FormLinkBlock | None = None,
) -> Path:
    # Everything is read and laid out before the file is touched: an unknown visit or a
    # layout error leaves no file, and an old file at ``path`` stays as it was.
    return write_atomically(
        Path(path),
        render_visit_handout(session, visit_id, issued_on=issued_on, form_link=form_link),
    )


def render_visits(
    session: Session,
    visit_ids: Sequence[str],
    *,
    issued_on: date | None = None,
    progress: Progress | None = None,
    form_links: Mapping[str, FormLinkBlock] | None = None,
) -> bytes:
    """Several handouts in one PDF (one print job); each numbers its own pages.

    ``progress(done, total)`` is called as each handout is laid out (from 0 to total); it
    may raise to abandon the batch, and then nothing is returned. ``form_links``: visit id ->
    the web-form link its handout prints with its QR code (as ``render_visit_handout``).
    """
    if not visit_ids:
        raise ValidationError(msg("report.no_visits"), field="visit_ids")
    links = form_links or {}
    handouts = [
        _with_link(load_handout(session, visit_id), links.get(visit_id)) for visit_id in visit_ids
    ]
    total = len(handouts)
    story: list[Flowable] = []
    for n, data in enumerate(handouts):
        if n:
            story.append(PageBreak())
        if progress is not None:
            story.append(OnDraw(lambda done=n: progress(done, total)))
        story.extend(handout_story(data))
    first = handouts[0]
    title = document_title(first) if total == 1 else f"面談記録 {total}件"
    pdf = render(story, title=title, issued_on=issued_on or date.today())
    if progress is not None:
        progress(total, total)
    return pdf


def write_handout_into(
    session: Session,
    visit_id: str,
    folder: str | Path,
    *,
    issued_on: date | None = None,
    form_link: FormLinkBlock | None = None,
) -> Path:
    """Write one visit's handout into ``folder`` under a readable name (see ``day_file_name``);
    ``form_link`` as for ``render_visit_handout``.

    If that file is held open (a viewer on Windows locks the PDF it shows), the handout gets
    the next free name (``…-2.pdf``) instead of failing.
    """
    data = _with_link(load_handout(session, visit_id), form_link)
    pdf = render_handout(data, issued_on=issued_on)
    target = Path(folder) / day_file_name(data)
    for n in range(1, _MAX_ALTERNATIVES + 1):
        candidate = target if n == 1 else target.with_stem(f"{target.stem}-{n}")
        try:
            return write_atomically(candidate, pdf)
        except ReportError as exc:
            if not isinstance(exc.__cause__, PermissionError) or n == _MAX_ALTERNATIVES:
                raise
    raise AssertionError("unreachable")


_MAX_ALTERNATIVES = 20


_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


def day_file_name(data: HandoutData) -> str:
    """``20250610-1000_和歌山市_全体相談.pdf``: sorts by time, safe on Windows."""
    parts = [f"{data.starts_at:%Y%m%d-%H%M}", data.municipality, data.phase]
    return "_".join(_UNSAFE.sub("-", p) for p in parts) + ".pdf"


def write_day_handouts(
    session: Session,
    day: date,
    out: str | Path,
    *,
    issued_on: date | None = None,
    progress: Progress | None = None,
) -> list[Path]:
    """All handouts of one day: one file per visit into a folder, or one combined file if
    ``out`` ends in ``.pdf``. ``NotFoundError`` if the day has no visits."""
    visits = visits_on(session, day)
    if not visits:
        said = msg("report.no_visits_on", day=day.isoformat(), day_label=wareki(day))
        raise NotFoundError(said, day=day.isoformat())
    out = Path(out)
    ids = [v.id for v in visits]
    if out.suffix.lower() == ".pdf":
        data = render_visits(session, ids, issued_on=issued_on, progress=progress)
        return [write_atomically(out, data)]
    written: list[Path] = []
    for n, visit_id in enumerate(ids, start=1):
        handout = load_handout(session, visit_id)
        pdf = render_handout(handout, issued_on=issued_on)
        name = day_file_name(handout)
        if out / name in written:  # two visits of one town and phase at the same time
            name = f"{Path(name).stem}-{n}.pdf"
        written.append(write_atomically(out / name, pdf))
        if progress is not None:
            progress(n, len(ids))
    return written


def _municipality(session: Session, municipality_id: str) -> Municipality:
    town = session.get(Municipality, municipality_id) if municipality_id else None
    if town is None or town.deleted:
        raise NotFoundError(msg("missing.municipality_id", id=municipality_id))
    return town


def render_municipality_report(
    session: Session, municipality_id: str, fiscal_year: int, *, issued_on: date | None = None
) -> bytes:
    """The municipality's evaluation report (成果把握) for one programme year."""
    data = load_evaluation(session, _municipality(session, municipality_id), fiscal_year)
    return render_evaluation(data, issued_on=issued_on)


def write_municipality_report(
    session: Session,
    municipality_id: str,
    fiscal_year: int,
    path: str | Path,
    *,
    issued_on: date | None = None,
) -> Path:
    pdf = render_municipality_report(session, municipality_id, fiscal_year, issued_on=issued_on)
    return write_atomically(Path(path), pdf)


def render_programme_summary(
    session: Session, fiscal_year: int, *, issued_on: date | None = None
) -> bytes:
    """All municipalities through the six phases, with support levels and a chart."""
    return render_summary(load_summary(session, fiscal_year), issued_on=issued_on)


def write_programme_summary(
    session: Session, fiscal_year: int, path: str | Path, *, issued_on: date | None = None
) -> Path:
    pdf = render_programme_summary(session, fiscal_year, issued_on=issued_on)
    return write_atomically(Path(path), pdf)


def render_training_survey_report(
    session: Session, training_id: str, *, issued_on: date | None = None
) -> bytes:
    """A training's survey results (研修アンケート結果) as PDF bytes."""
    from .survey import load_training_survey, render_training_survey

    return render_training_survey(load_training_survey(session, training_id), issued_on=issued_on)


def write_survey_report(
    session: Session,
    path: str | Path,
    *,
    training_id: str | None = None,
    fiscal_year: int | None = None,
    issued_on: date | None = None,
) -> Path:
    """One training's survey results, or (without a training) a programme year's by kind."""
    from .survey import load_year_survey, render_year_survey

    if training_id is not None:
        pdf = render_training_survey_report(session, training_id, issued_on=issued_on)
    elif fiscal_year is not None:
        pdf = render_year_survey(load_year_survey(session, fiscal_year), issued_on=issued_on)
    else:
        raise ValidationError(msg("report.training_or_year"), field="training_id")
    return write_atomically(Path(path), pdf)
