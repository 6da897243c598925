"""Which exports carry personal data, and when writing one deserves a warning first.

The store is encrypted; an export is what the person asked for, plain by nature (Excel,
CSV, a calendar). Writing one that holds municipal staff's names or internal memos outside
the data folder (the desktop, a USB stick) is worth one sentence before it happens: the UI
shows it once (``ui.backup_actions``). The rule lives here, the UI only asks.
"""

from __future__ import annotations

from pathlib import Path

# Export kind -> the personal data in it, by code (the UI names it in the user's language).
PERSONAL_DATA: dict[str, str] = {
    "visits_xlsx": "participants",  # the municipality's staff at each visit
    "visits_ics": "participants",
    "actions": "owners",  # who on the municipality's side does an action item
    "assessments": "respondents",  # who filled in the assessment sheet
}


def _inside(path: Path, folder: Path) -> bool:
    try:
        return Path(path).expanduser().resolve().is_relative_to(Path(folder).resolve())
    except OSError:
        return False


def personal_data_leaving(kind: str, dest: Path, data_dir: Path) -> str | None:
    """The code of the personal data the export ``kind`` would write outside ``data_dir`` to
    ``dest``, or None when there is nothing to warn about."""
    what = PERSONAL_DATA.get(kind)
    if what is None or _inside(dest, data_dir):
        return None
    return what
