"""Typed sync errors: one class, a ``kind`` saying what went wrong.

Whatever the kind, a failed sync leaves local data untouched and the outbox still pending;
the next sync carries on from where this one stopped.
"""

from __future__ import annotations

from typing import Any

from dxfield.errors import DxfieldError
from dxfield.messages import by_code, msg


class SyncError(DxfieldError):
    """A sync or login failure; ``kind`` names it, and ``sync.<kind>`` in the one message
    catalog (``dxfield.messages``) says it in Japanese and English."""

    code = "sync"

    def __init__(
        self,
        kind: str,
        message: str = "",
        *,
        status: int | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message or by_code("sync", kind) or kind, kind=kind, status=status)
        self.kind = kind
        self.status = status
        # Figures the server sent with the error (e.g. a mass_delete's table and counts).
        self.details = details or {}

    @property
    def user_message(self) -> str:
        """What the user is told, in Japanese (the CLI and the app's default language)."""
        return self.text("ja")

    def text(self, language: str = "ja") -> str:
        """What the user is told: the kind's sentence, with the figures or the detail."""
        title = by_code("sync", self.kind, language) or msg("sync_error.failed").text(language)
        if self.kind == "mass_delete":
            deletes = self.deletes_in(language)
            return f"{title}: " + msg("sync_error.confirm_deletes", deletes=deletes).text(language)
        if self.kind == "quota_exceeded":
            quota = self.quota_in(language)
            return f"{title}（{quota}）" if language == "ja" else f"{title} ({quota})"
        # The default message is the kind's Japanese sentence: no detail to add.
        return (
            title
            if self.message in (title, by_code("sync", self.kind))
            else f"{title}: {self.message}"
        )

    @property
    def quota_text(self) -> str:
        """A quota_exceeded in words: 「作成済み 120 件・1.2 MB、今回 10 件、上限 100 件・64.0 MB」."""
        return self.quota_in("ja")

    def quota_in(self, language: str) -> str:
        d = self.details
        figures = ("records", "bytes", "adding_records", "max_records", "max_bytes")
        if not all(isinstance(d.get(name), int) for name in figures):
            return msg("sync_error.quota_reached").text(language)
        mb = 1024 * 1024
        return msg(
            "sync_error.quota",
            records=d["records"],
            megabytes=d["bytes"] / mb,
            adding=d["adding_records"],
            max_records=d["max_records"],
            max_megabytes=d["max_bytes"] / mb,
        ).text(language)

    @property
    def deletes_text(self) -> str:
        """A mass_delete in words: 「訪問・面談 120 件（残り 130 件中）を削除」."""
        return self.deletes_in("ja")

    def deletes_in(self, language: str) -> str:
        from dxfield.cli.backup import TABLE_LABELS

        table = str(self.details.get("table", ""))
        label = TABLE_LABELS.get(table, table or "記録")
        deletes, live = self.details.get("deletes"), self.details.get("live")
        if not isinstance(deletes, int):
            return msg("sync_error.many_deletes").text(language)
        if isinstance(live, int):
            return msg("sync_error.deletes_of", label=label, deletes=deletes, live=live).text(
                language
            )
        return msg("sync_error.deletes", label=label, deletes=deletes).text(language)

    @property
    def retry_later(self) -> bool:
        """A network or server hiccup: the same sync later is expected to work."""
        return self.kind in {"server_down", "cut_off", "server_error", "rate_limited", "busy"}
