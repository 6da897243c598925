"""Theme tags of needs and the domains they are filed under.

A need's ``domain`` is a domain key of the assessment sheet (``general``, ``systems``,
``bpr``, ``data``) or ``"other"``; its ``themes`` are short Japanese tags. The tags offered
(and guessed from a line's words when it is promoted) are data,
``resources/need_themes.json``; a need may carry any other tag too. Tags are compared after
NFKC and trimming, so ｼｽﾃﾑ and システム are one tag.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from ..errors import ResourceError, ValidationError
from ..messages import msg, said
from ..paths import resource_path
from ..templatefiles import read_json
from .rows import OTHER_DOMAIN

MAX_THEMES = 8
MAX_THEME_LENGTH = 40


@dataclass(frozen=True)
class Theme:
    label: str
    domain: str
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class Suggestion:
    """What a line's words suggest: a domain (``"other"`` if nothing matched) and tags."""

    domain: str
    themes: tuple[str, ...]


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


@cache
def vocabulary() -> tuple[Theme, ...]:
    source = "resources/need_themes.json"
    data = read_json(resource_path("need_themes.json"), source)
    try:
        themes = tuple(
            Theme(
                normalize_theme(str(t["label"])),
                str(t["domain"]),
                tuple(str(k) for k in t.get("keywords", ())),
            )
            for t in data["themes"]
        )
    except (KeyError, TypeError, ValidationError) as exc:
        raise ResourceError(
            msg("resource.themes_malformed", source=source, detail=said(exc))
        ) from exc
    labels = [t.label for t in themes]
    if len(set(labels)) != len(labels):
        raise ResourceError(msg("resource.theme_twice", source=source))
    return themes


def theme_labels() -> list[str]:
    return [t.label for t in vocabulary()]


def normalize_theme(text: str) -> str:
    """One tag as stored: NFKC, trimmed, inner runs of space made one."""
    tag = " ".join(unicodedata.normalize("NFKC", text).split())
    if not tag:
        raise ValidationError(msg("need.theme_empty"), field="themes")
    if len(tag) > MAX_THEME_LENGTH:
        raise ValidationError(msg("need.theme_too_long", limit=MAX_THEME_LENGTH), field="themes")
    return tag


def normalize_themes(tags: Iterable[str]) -> list[str]:
    """Tags as stored: each normalised, duplicates dropped, order kept. Text such as
    「窓口、BPR」 is split on commas (、 , ，) and slashes so a typed list becomes tags."""
    out: list[str] = []
    for raw in tags:
        for part in _split(str(raw)):
            tag = normalize_theme(part)
            if tag not in out:
                out.append(tag)
    if len(out) > MAX_THEMES:
        raise ValidationError(msg("need.too_many_themes", limit=MAX_THEMES), field="themes")
    return out


def theme_filter(text: str) -> str:
    """The tag a listing filtered by the theme ``text`` keeps: the first tag of the text as
    stored (``normalize_themes``), so ｼｽﾃﾑ finds システム. ``ValidationError`` when the text
    holds no tag (「、」) or breaks a tag's rules. Both roads of the listing
    (``services.needs.list_needs``, ``quickread.needs``) filter with it."""
    tags = normalize_themes([text])
    if not tags:
        raise ValidationError(msg("need.theme_filter_empty"), field="theme")
    return tags[0]


def _split(text: str) -> list[str]:
    for sep in ("、", "，", "／", "/"):
        text = text.replace(sep, ",")
    return [part for part in text.split(",") if part.strip()]


def suggest(text: str) -> Suggestion:
    """Tags whose keywords occur in ``text`` (at most three; more keywords matched first,
    then the vocabulary's order) and the domain of the first."""
    folded = _fold(text)
    hits = [t for t in vocabulary() if any(_fold(k) in folded for k in t.keywords)]
    if not hits:
        return Suggestion(OTHER_DOMAIN, ())
    # Score by how many keywords hit, so 「オープンデータの公開」 ranks オープンデータ first.
    ranked = sorted(
        hits,
        key=lambda t: -sum(_fold(k) in folded for k in t.keywords),
    )[:3]
    return Suggestion(ranked[0].domain, tuple(t.label for t in ranked))


def domain_of_theme(label: str) -> str | None:
    for theme in vocabulary():
        if theme.label == label:
            return theme.domain
    return None
