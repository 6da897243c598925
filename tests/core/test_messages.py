"""One catalog of messages by code: every code speaks Japanese, and every code is used."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from dxfield.errors import DxfieldError, ImportProblem
from dxfield.messages import CATALOG, msg
from sync.schema import REASONS

ROOT = Path(__file__).resolve().parents[2]
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
USED = re.compile(r"""msg\(\s*["']([a-z_]+\.[a-z0-9_]+)["']""")


def _sources() -> str:
    return "\n".join(
        p.read_text(encoding="utf-8")
        for folder in ("dxfield", "sync", "ui")
        for p in (ROOT / folder).rglob("*.py")
    )


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("code", sorted(CATALOG))
def test_every_code_has_japanese_and_english_text(code):
    ja, en = CATALOG[code]
    assert JAPANESE.search(ja), f"{code}: no Japanese text"
    assert en.strip() and en != ja, f"{code}: no English text"


def _error_codes() -> set[str]:
    def walk(cls):
        yield cls
        for sub in cls.__subclasses__():
            yield from walk(sub)

    import dxfield.io.assessment_import
    import dxfield.reports  # noqa: F401

    return {cls.code for cls in walk(DxfieldError)} | {"sync"}


def test_every_code_written_in_the_sources_is_in_the_catalog_and_every_entry_is_used():
    used = set(USED.findall(_sources()))
    assert used - set(CATALOG) == set()
    # Titles and sentences are looked up by an error's code (``by_code``).
    by_code = {k for k in CATALOG if k.startswith(("title.", "error."))}
    assert {k.split(".", 1)[1] for k in by_code} - _error_codes() == set()
    # A sync failure's sentence is looked up by its kind (``sync.<kind>``).
    by_kind = {k for k in CATALOG if k.startswith("sync.")}
    # A broken schema rule is said by its reason code (``rule.<code>``).
    by_rule = {k for k in CATALOG if k.startswith("rule.")}
    assert by_rule == {f"rule.{r}" for r in REASONS} | {"rule.other"}
    assert set(CATALOG) - used - by_code - by_kind - by_rule == set()


def test_every_sync_kind_has_its_sentence_and_every_sentence_a_kind():
    sync_sources = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "sync").rglob("*.py"))
    raised = set(re.findall(r"""SyncError\(\s*["']([a-z_]+)["']""", sync_sources))
    sentences = {k.split(".", 1)[1] for k in CATALOG if k.startswith("sync.")}
    assert raised - sentences == set()
    # the others come from the server's answers, by the kinds it writes
    assert {kind for kind in sentences if f'"{kind}"' not in sync_sources} == set()


def test_every_error_code_has_a_title_for_the_cli():
    assert {c for c in _error_codes() if f"title.{c}" not in CATALOG} <= {"error", "sync"}


@pytest.mark.parametrize("code", sorted(CATALOG))
def test_both_languages_render_with_the_same_parameters(code):
    ja, en = CATALOG[code]
    params = {name: "x" for name in _fields(ja) | _fields(en)}
    # a number where a template formats one ({n:,}, {size:.1f})
    params = {k: (1 if re.search(r"\{" + k + r":", ja + en) else v) for k, v in params.items()}
    message = msg(code, **params)
    assert message.text("ja") and message.text("en") == str(message)


def test_an_unknown_code_fails_where_it_is_written():
    with pytest.raises(KeyError):
        msg("no.such_code")


def test_a_problem_says_row_column_letter_and_header_in_japanese():
    problem = ImportProblem(msg("town.empty"), row=3, column="団体名", letter="G")
    assert problem.located() == "3 行目・G列「団体名」: 市町村が空欄です"
    assert problem.located("en") == "row 3, column G '団体名': the municipality is empty"
    assert str(problem) == "row 3, column '団体名': the municipality is empty"


def test_a_message_inside_a_message_is_said_in_the_same_language():
    inner = msg("backup.row_counts_differ", tables="visit")
    outer = msg("backup.copy_failed_check", name="a.sqlite3", result=inner)
    assert (
        outer.text("ja")
        == "a.sqlite3 のコピーが整合性の検査に通りませんでした（テーブル visit の行数が元と違います）"
    )
    assert (
        str(outer) == "the copy of a.sqlite3 failed its integrity check: row counts differ in visit"
    )
