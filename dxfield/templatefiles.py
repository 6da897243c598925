"""The files of versioned templates, read without the store: where they are, reading one,
and the order of versions.

``dxfield.templates`` (the rule set that loads them into the store, with SQLAlchemy) and the
readers that must not wait for SQLAlchemy (``dxfield.quickread``, the theme vocabulary of
``dxfield.needs.themes``) share these pieces, so both sort and read files alike.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .errors import ResourceError
from .messages import msg
from .paths import resource_path


def templates_dir() -> Path:
    return resource_path("templates")


def read_json(path: Path, source: str) -> Any:
    """A template file's JSON; ``ResourceError`` naming ``source`` if it cannot be read."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ResourceError(msg("resource.unreadable", source=source, detail=exc)) from exc
    except json.JSONDecodeError as exc:
        raise ResourceError(msg("resource.not_json", source=source, detail=exc)) from exc


def version_key(version: str) -> tuple:
    """The sort key of a ``template_version``: "2025.10" is newer than "2025.9" (numeric
    parts compare as numbers, after any text part)."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in version.split("."))
