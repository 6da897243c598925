"""Errors the API answers with: an HTTP status plus a ``kind`` the client maps to SyncError."""

from __future__ import annotations


class ApiError(Exception):
    def __init__(self, status: int, kind: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.kind = kind
        self.message = message
