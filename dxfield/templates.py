"""Versioned templates shipped as JSON files: the assessment sheet and the training surveys.

Both follow one rule set: a file is one version; a version is loaded once with stable ids
and untracked, so every replica holds identical rows without syncing them; a version once
loaded never changes (a file that differs from the stored version is reported and ignored:
replicas that loaded the old file keep it, so the same ids would mean different things).
The pieces here are that rule set; ``assessment.template`` and ``surveys.template`` say what
a version contains. Reading the files and ordering versions, which need no store, are in
``dxfield.templatefiles``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from .errors import NotFoundError, ResourceError
from .messages import Message, msg
from .templatefiles import version_key

log = logging.getLogger(__name__)

T = TypeVar("T")


class Versioned(Protocol):
    template_version: str


def live_versions(session: Session, model: type) -> list:
    """The live template rows of ``model``, oldest version first."""
    rows = session.scalars(select(model).where(model.deleted.is_(False))).all()
    return sorted(rows, key=lambda t: version_key(t.template_version))


def stored_version(session: Session, model: type, row_id: str, version: str, noun: Message) -> Any:
    """The live row ``row_id`` of ``model`` (the template of ``version``); ``NotFoundError``
    listing the loaded versions if there is none."""
    template = session.get(model, row_id)
    if template is None or template.deleted:
        known = ", ".join(t.template_version for t in live_versions(session, model))
        said = msg(
            "missing.template_version",
            noun=noun,
            version=version,
            known=known or msg("missing.no_template_loaded"),
        )
        raise NotFoundError(said, template_version=version)
    return template


def load_versions(
    session: Session,
    paths: list[Path],
    *,
    source: Callable[[Path], str],
    load: Callable[[Path], tuple[Versioned, dict]],
    stored: Callable[[str], Any],
    definition: Callable[[Any], Versioned],
    store: Callable[[Session, Any, dict], None],
) -> None:
    """Store each file's version unless it is already there. Idempotent.

    ``stored(version)`` is the live row of a version or None, ``definition(row)`` its
    parsed form, compared with the file's to report a released version that was edited.
    """
    seen: dict[str, Path] = {}
    for path in paths:
        defn, data = load(path)
        version = defn.template_version
        if version in seen:
            raise ResourceError(
                msg(
                    "resource.version_twice",
                    source=source(path),
                    version=version,
                    other=seen[version].name,
                )
            )
        seen[version] = path
        existing = stored(version)
        if existing is None:
            store(session, defn, data)
        elif definition(existing) != defn:
            log.warning(
                "%s differs from the stored template %s; the stored one is kept. Give a "
                "changed template a new template_version.",
                source(path),
                version,
            )


def cached_definition(
    template: Any, children: type, cache: dict, rows: Callable[[], list], build: Callable[[list], T]
) -> T:
    """``build(children)`` of a template row and its live child rows (the questions of a
    sheet, the items of a survey) in order, computed once per template row version.

    ``rows()`` gives the children of a template outside a session (already loaded).
    """
    key = (template.id, template.version)
    cached = cache.get(key)
    if cached is not None:
        return cached
    session = Session.object_session(template)
    if session is None:
        found = [r for r in rows() if not r.deleted]
    else:
        found = list(
            session.scalars(
                select(children)
                .where(children.template_id == template.id, children.deleted.is_(False))
                .order_by(children.position)
            )
        )
    cache[key] = built = build(found)
    return built
