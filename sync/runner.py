"""One sync run: push the outbox in batches, then pull pages until the server has no more.

Every step commits on its own: a batch's answer with the outbox rows it clears, a page with
the cursor that follows it. A run cut short anywhere (network, crash, cancel) loses nothing
and the next run picks up where this one stopped.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime

from sqlalchemy.exc import SQLAlchemyError

from dxfield import written
from dxfield.changes import Changes, changes_for
from dxfield.db import Database
from dxfield.messages import msg

from . import forms, outbox, schema, state
from .apply import UNSENDABLE, SetAside, apply_records
from .client import SyncClient, dumps
from .errors import SyncError
from .protocol import DEFAULT_PAGE, MAX_PAGE
from .values import quick_values

PUSH_BATCH = 500
PUSH_MAX_BYTES = 2 * 1024 * 1024


@dataclass
class SyncReport:
    sent: int = 0
    received: int = 0
    merged: int = 0
    conflicts: int = 0
    set_aside: int = 0
    held: int = 0  # local changes the server refuses, kept in the outbox
    batches: int = 0
    pages: int = 0
    # The local tables the run wrote (a page's or a batch's at a time, not per record).
    tables: set[str] = field(default_factory=set, compare=False, repr=False)

    def as_dict(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "tables"}

    @property
    def changes(self) -> Changes:
        """The views to refresh: those showing what the run wrote (none if it wrote
        nothing a view shows, such as a pull of records this laptop already had)."""
        return changes_for(self.tables)


Progress = Callable[[str, SyncReport], None]


def _split(batch: list[outbox.Outgoing]) -> list[list[outbox.Outgoing]]:
    """Keep each request under the server's size limit (note text can be long)."""
    parts: list[list[outbox.Outgoing]] = [[]]
    size = 0
    for item in batch:
        item_size = len(dumps(item.wire()))
        if parts[-1] and size + item_size > PUSH_MAX_BYTES:
            parts.append([])
            size = 0
        parts[-1].append(item)
        size += item_size
    return [p for p in parts if p]


@dataclass(frozen=True)
class FirstPage:
    """The pull page a push answer brought along, and the cursor it was asked from."""

    cursor: int
    page: dict


def push_all(
    db: Database,
    client: SyncClient,
    client_id: str,
    report: SyncReport,
    *,
    batch_size: int = PUSH_BATCH,
    page_size: int = DEFAULT_PAGE,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    confirm_deletes: bool = False,
) -> FirstPage | None:
    """Send the outbox; returns the pull page the last request brought along, if any.

    The request that looks like the last one (a short batch's last part) asks the server
    for the pull page after it, so that a sync of a few changes is one round trip. Should
    more changes follow it (typed meanwhile), that page is dropped: pages are applied after
    the pushes, as always. A batch the server holds as a mass delete raises
    ``SyncError("mass_delete")`` (with its figures) unless the user confirmed deletes.
    """
    done: set[tuple[str, str]] = set()
    first: FirstPage | None = None
    while True:
        with db.read_session() as session:
            batch = outbox.read_batch(session, batch_size, done)
            cursor = state.cursor(session)
        if not batch:
            return first
        parts = _split(batch)
        for number, part in enumerate(parts, 1):
            if cancelled and cancelled():
                raise SyncError("cancelled")
            done.update((c.table, c.row_id) for c in part)
            last = len(batch) < batch_size and number == len(parts)
            part = _hold_invalid(db, part, report)
            while part:
                body = {"client_id": client_id, "changes": [c.wire() for c in part]}
                if confirm_deletes:
                    body["confirm_deletes"] = True
                payload = dumps(body)
                try:
                    answer = _send(client, client_id, payload, cursor if last else None, page_size)
                    page = answer.get("pull")
                    first = FirstPage(cursor, page) if last and page is not None else None
                except SyncError as exc:
                    refused = _refused(exc, part)
                    if refused is None:
                        raise
                    field = str(exc.details.get("field") or "")
                    _hold(db, refused, report, field, exc.details["rule"])
                    part = [c for c in part if c is not refused]
                    continue
                with db.session() as session:
                    merged, conflicts = outbox.apply_results(session, part, answer["results"])
                report.tables |= written.tables(session)
                report.sent += len(part)
                report.merged += merged
                report.conflicts += conflicts
                report.batches += 1
                if progress:
                    progress("push", report)
                break


# Keys tried for one batch the server keeps undoing (each undo takes it minutes): a bound
# against a server that would answer push_abandoned to everything.
MAX_RESENDS = 20


def _send(
    client: SyncClient, client_id: str, payload: bytes, cursor: int | None, page_size: int
) -> dict:
    """Push ``payload``; with ``cursor`` the answer brings the pull page after it.

    The key is derived from the content: a retry after a lost answer (even after a crash)
    sends the same key, and the server answers from its record of the first try. A push
    the server abandoned (it stopped halfway and nobody resumed it in time, so the server
    undid it) is sent again under the next key of a chain derived from the first: a laptop
    that crashes meanwhile finds the same keys again, and none is ever applied twice."""
    key = hashlib.sha256(client_id.encode() + b"\0" + payload).hexdigest()
    for _ in range(MAX_RESENDS):
        try:
            if cursor is not None:
                return client.push(payload, key, cursor=cursor, limit=page_size)
            return client.push(payload, key)
        except SyncError as exc:
            if exc.kind != "push_abandoned":
                raise
            key = hashlib.sha256(key.encode() + b"\0again").hexdigest()
    raise SyncError("push_abandoned")


def _hold_invalid(
    db: Database, part: list[outbox.Outgoing], report: SyncReport
) -> list[outbox.Outgoing]:
    """Changes that pass the shared schema; the others are held back (``_hold``)."""
    sendable = []
    for change in part:
        problem = schema.check_fields(change.table, change.values)
        if problem is None:
            sendable.append(change)
        else:
            _hold(db, change, report, problem.field, problem.reason)
    return sendable


def _refused(exc: SyncError, part: list[outbox.Outgoing]) -> outbox.Outgoing | None:
    """The change of ``part`` a 422 ``invalid_record`` names, if any."""
    record = exc.details if exc.kind == "invalid_record" else None
    if not isinstance(record, dict) or not isinstance(record.get("rule"), str):
        return None
    for change in part:
        if change.row_id == record.get("id") and record.get("t") in (change.table, ""):
            return change
    return None


def _hold(db: Database, change: outbox.Outgoing, report: SyncReport, field: str, rule: str) -> None:
    """Keep a change the server refuses in the outbox, and say why in the conflicts view.

    The rest of the push goes on; the change is tried again on every sync, so once its
    value is corrected on this laptop (or the server accepts it) it goes through.
    """
    reason = schema.rule_message(rule, field if schema.safe_name(field) else "")
    record = {"t": change.table, "id": change.row_id, "d": change.values}
    with db.session() as session:
        SetAside(session).add(record, field, msg("aside.unsendable", reason=reason), UNSENDABLE)
    report.tables |= written.tables(session)
    report.held += 1


@contextlib.contextmanager
def _collector_on_new_objects():
    """Let the garbage collector's full passes look at the objects made during the pull
    only, not at the whole program (the app's modules, the ORM's metadata).

    An initial pull makes millions of objects; enough of them live through a page for the
    collector to start a full pass every few pages, each walking everything the process
    holds (measured: 0.7 s of a 100,000-record pull). ``gc.freeze`` sets what exists now
    aside and ``gc.unfreeze`` puts it back afterwards, so nothing is lost, only looked at
    later. Left alone if someone else froze objects (theirs stay as they chose).
    """
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def pull_size(page_size: int | None, *, catching_up: bool) -> int:
    """Records to ask for in a pull page: ``page_size`` if the caller chose one, else
    ``DEFAULT_PAGE``, and ``MAX_PAGE`` once a page said that more are waiting (an initial
    pull, a laptop back after weeks). Fewer, larger pages are fewer transactions: every
    commit rewrites the index pages it touched (measured on 100,000 records: 15% less CPU
    at 10,000 a page than at 2,000)."""
    if page_size is not None:
        return page_size
    return MAX_PAGE if catching_up else DEFAULT_PAGE


def pull_all(
    db: Database,
    client: SyncClient,
    report: SyncReport,
    *,
    page_size: int | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    first: FirstPage | None = None,
) -> None:
    """Fetch page after page; the next page downloads while this one is written, and is
    read while this one commits (``_fetch``).

    ``page_size``: records per page (default: ``pull_size``'s). ``first``: a page that came
    with the last push answer, used when asked from the cursor the store still holds (it
    saves the first request)."""
    with db.read_session() as session:
        cursor = state.cursor(session)
    # Set while this thread leaves the interpreter free (committing a page, waiting for
    # the next): the next page's checks run in the download thread then, see ``_fetch``.
    writer_idle = threading.Event()
    writer_idle.set()
    with (
        _collector_on_new_objects(),
        ThreadPoolExecutor(max_workers=1, thread_name_prefix="dxfield-pull") as pool,
    ):
        if first is not None and first.cursor == cursor:
            ahead = Future()
            ahead.set_result(_Fetched(first.page, None))
        else:
            size = pull_size(page_size, catching_up=False)
            ahead = pool.submit(_fetch, client, cursor, size, writer_idle)
        while True:
            writer_idle.set()
            fetched = ahead.result()
            page = fetched.page
            ahead = None
            if page.get("has_more"):
                size = pull_size(page_size, catching_up=True)
                ahead = pool.submit(_fetch, client, page["cursor"], size, writer_idle)
            writer_idle.clear()
            try:
                if cancelled and cancelled():
                    raise SyncError("cancelled")
                _apply_page(db, page, report, fetched.quick, before_commit=writer_idle.set)
                report.pages += 1
                if progress:
                    progress("pull", report)
            except BaseException:
                writer_idle.set()
                if ahead is not None:
                    ahead.cancel()
                    with contextlib.suppress(Exception):
                        ahead.result()
                raise
            if ahead is None:
                return


@dataclass(frozen=True)
class _Fetched:
    page: dict
    quick: list[dict | None] | None  # quick_values of each record, if worked out


def _fetch(client: SyncClient, cursor: int, size: int, writer_idle: threading.Event) -> _Fetched:
    """Download a page; once the writer leaves the interpreter free, read its JSON and work
    out its records' stored values (``quick_values``).

    Both hold Python's global lock throughout (the JSON reader does not let go of it for a
    page's 50 ms). Done while the writer works in Python, they stop it; done while it
    commits the page before (encryption, the log written, its sync to disk: SQLite lets go
    of the lock), they run beside it on the other core."""
    page = client.pull(cursor, size, before_decode=writer_idle.wait)
    records = page.get("records")
    if not isinstance(records, list):
        return _Fetched(page, None)
    return _Fetched(page, [quick_values(record) for record in records])


def _apply_page(
    db: Database,
    page: dict,
    report: SyncReport,
    quick: list[dict | None] | None = None,
    before_commit: Callable[[], object] | None = None,
) -> None:
    records, cursor = page.get("records"), page.get("cursor")
    if not isinstance(records, list) or not isinstance(cursor, int) or isinstance(cursor, bool):
        raise SyncError("malformed_response", "pull page without records or cursor")
    try:
        with db.session() as session:
            outcome = apply_records(session, records, quick=quick)
            state.put(session, state.CURSOR, str(cursor))
            if before_commit is not None:
                before_commit()
    except (SQLAlchemyError, ValueError, TypeError, KeyError):
        # Rolled back; again row by row, setting aside what cannot be stored.
        try:
            with db.session() as session:
                outcome = apply_records(session, records, careful=True)
                state.put(session, state.CURSOR, str(cursor))
        except (SQLAlchemyError, ValueError, TypeError, KeyError) as exc:
            raise SyncError("apply_failed", type(exc).__name__) from exc
    report.tables |= written.tables(session)
    report.received += outcome.applied
    report.set_aside += outcome.set_aside


def synchronise(
    db: Database,
    client: SyncClient,
    *,
    batch_size: int = PUSH_BATCH,
    page_size: int | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    form_state: bool = False,
    confirm_deletes: bool = False,
    report: SyncReport | None = None,
) -> SyncReport:
    """Push local edits, then pull everything new. Raises ``SyncError`` on failure.

    ``form_state``: also fetch where the web forms stand (one more request, best effort;
    the app and ``dxfield sync`` ask for it, a sync of records alone does not).
    ``confirm_deletes``: the user agreed to delete many records (the server's mass-delete
    guard otherwise holds such a push with ``SyncError("mass_delete")``).
    ``report``: filled in as the run goes, so a caller still knows what a run that failed
    half-way wrote (every page and batch commits on its own)."""
    with db.session() as session:
        client_id = state.client_id(session)
    report = SyncReport() if report is None else report
    first = push_all(
        db,
        client,
        client_id,
        report,
        batch_size=batch_size,
        page_size=pull_size(page_size, catching_up=False),
        progress=progress,
        cancelled=cancelled,
        confirm_deletes=confirm_deletes,
    )
    pull_all(
        db,
        client,
        report,
        page_size=page_size,
        progress=progress,
        cancelled=cancelled,
        first=first,
    )
    if form_state:
        report.tables |= forms.refresh(db, client)
    with db.session() as session:
        state.put(session, state.LAST_SYNC, datetime.now(UTC).isoformat(timespec="seconds"))
    return report
