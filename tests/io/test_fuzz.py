"""A bounded fuzz test: damaged CSV, workbooks, filled blank sheets and backups, on a fixed
seed. Each damaged file is either read (and then imported or restored whole) or refused
with a typed error; never a traceback, never half an import."""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from dxfield.backup import backup_database
from dxfield.db import open_database
from dxfield.errors import DxfieldError
from dxfield.io.assessment_import import import_assessments, plan_assessments
from dxfield.io.blank_sheet import META_SHEET, SHEET, write_blank_sheet
from dxfield.models import AssessmentResponse, ImportBatch, PendingChange
from dxfield.restore import check_restore, restore_database
from dxfield.storecheck import inspect_store
from tests import factories
from tests.io import webforms

SEED = 20250612
ANSWERS = [("2025/04/25 10:32:11", "和歌山市", 0), ("2025/04/28 9:05:40", "北山村", 1)]
NOISE = [b'"', b",", b"\r\n", b"\n", b"\x00", b"\xff", b"\xef\xbb\xbf", b"=1+1", b"\t", b"\x81"]


def _flip(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        at = rng.randrange(len(out))
        out[at] = rng.randrange(256)
    return bytes(out)


def _cut(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(1, len(data))]


def _insert(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data))
    return data[:at] + rng.choice(NOISE) * rng.randint(1, 40) + data[at:]


def _drop(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data))
    return data[:at] + data[at + rng.randint(1, 200) :]


def _repeat(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data))
    piece = data[at : at + rng.randint(1, 300)]
    return data[:at] + piece * rng.randint(2, 50) + data[at:]


BYTE_MUTATIONS: list[Callable[[bytes, random.Random], bytes]] = [
    _flip,
    _cut,
    _insert,
    _drop,
    _repeat,
]


def _mutate_member(data: bytes, rng: random.Random) -> bytes:
    """Change one part of a workbook (XML text, not the zip around it), zip it again."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    name = rng.choice([n for n in parts if n.endswith(".xml")])
    parts[name] = rng.choice(BYTE_MUTATIONS)(parts[name], rng)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for n, part in parts.items():
            z.writestr(n, part)
    return out.getvalue()


def _counts(db) -> tuple[int, int]:
    with db.read_session() as s:
        return (
            s.scalar(select(func.count()).select_from(AssessmentResponse)),
            s.scalar(select(func.count()).select_from(ImportBatch)),
        )


def _try_import(db, path: Path, label: str) -> str:
    """'read', 'imported' or 'refused'; anything but a typed error fails the test."""
    before = _counts(db)
    try:
        with db.read_session() as s:
            plan = plan_assessments(s, path, year=2025)
        if plan.problems:
            return "read"
        with db.session() as s:
            import_assessments(s, path, year=2025)
    except DxfieldError:
        assert _counts(db) == before, label  # all or nothing
        return "refused"
    except Exception as exc:  # pragma: no cover - the failure this test looks for
        pytest.fail(f"{label}: {type(exc).__name__}: {exc}")
    return "imported"


def _cases(seed: bytes, count: int, rng: random.Random, mutations) -> list[tuple[str, bytes]]:
    out = []
    for n in range(count):
        mutate = rng.choice(mutations)
        out.append((f"{mutate.__name__}#{n}", mutate(seed, rng)))
    return out


@pytest.fixture
def seeds(db, tmp_path) -> dict[str, bytes]:
    defn = webforms.sheet(db)
    csv = webforms.write_csv(tmp_path / "seed.csv", webforms.google_forms_rows(defn, ANSWERS))
    xlsx = webforms.write_xlsx(tmp_path / "seed.xlsx", webforms.microsoft_forms_rows(defn, ANSWERS))
    sheet = tmp_path / "sheet.xlsx"
    write_blank_sheet(sheet, defn, ["北山村"], fiscal_year=2025, municipality="北山村")
    wb = load_workbook(sheet)
    wb[SHEET]["B7"] = date(2025, 5, 8)
    meta = wb[META_SHEET]
    for r in range(4, 12):
        wb[SHEET][meta.cell(r, 1).value] = "はい"
    wb.save(sheet)
    return {"csv": csv.read_bytes(), "xlsx": xlsx.read_bytes(), "sheet": sheet.read_bytes()}


def _run(db, tmp_path, cases, suffix) -> dict[str, int]:
    outcomes: dict[str, int] = {}
    for label, data in cases:
        path = tmp_path / f"case{suffix}"
        path.write_bytes(data)
        outcome = _try_import(db, path, label)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes


def test_damaged_csv_is_read_or_refused(db, tmp_path, seeds):
    rng = random.Random(SEED)
    outcomes = _run(db, tmp_path, _cases(seeds["csv"], 120, rng, BYTE_MUTATIONS), ".csv")
    assert outcomes.get("refused") and sum(outcomes.values()) == 120


def test_damaged_workbooks_are_read_or_refused(db, tmp_path, seeds):
    rng = random.Random(SEED + 1)
    cases = _cases(seeds["xlsx"], 20, rng, BYTE_MUTATIONS)
    cases += _cases(seeds["xlsx"], 40, rng, [_mutate_member])
    outcomes = _run(db, tmp_path, cases, ".xlsx")
    assert outcomes.get("refused") and sum(outcomes.values()) == 60


def test_damaged_blank_sheets_are_read_or_refused(db, tmp_path, seeds):
    rng = random.Random(SEED + 2)
    outcomes = _run(db, tmp_path, _cases(seeds["sheet"], 30, rng, [_mutate_member]), ".xlsx")
    assert outcomes.get("refused") and sum(outcomes.values()) == 30


@pytest.mark.usefixtures("plain_stores")
def test_damaged_backups_are_restored_whole_or_refused(db, tmp_path):
    with db.session() as s:
        for n in range(40):
            factories.visit(s, agenda=f"訪問 {n}" * 20)
        s.query(PendingChange).delete()
    good = backup_database(db.path, tmp_path / "good.sqlite3").read_bytes()
    db.close()
    rng = random.Random(SEED + 3)
    outcomes = {"restored": 0, "refused": 0}
    live = tmp_path / "live" / "dxfield.sqlite3"
    for label, data in _cases(good, 40, rng, [_flip, _cut, _drop, _repeat]):
        candidate = tmp_path / "candidate.sqlite3"
        candidate.write_bytes(data)
        try:
            plan = check_restore(candidate, live)
        except DxfieldError:
            outcomes["refused"] += 1
            continue
        except Exception as exc:  # pragma: no cover
            pytest.fail(f"{label}: {type(exc).__name__}: {exc}")
        restore_database(candidate, live, backup_folder=tmp_path / "backups", plan=plan)
        inspect_store(live)  # what was restored passes every check
        open_database(live).close()
        outcomes["restored"] += 1
    assert outcomes["refused"] and outcomes["restored"]
