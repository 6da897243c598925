"""What every request passes before any route sees it: body limits, gzip, the client address,
and a last guard that turns an unexpected error into a 500 without leaking what was sent.

Limits are enforced while the body streams in, before anything reads or parses it: a
declared ``Content-Length`` over the limit is refused without reading a byte, and a chunked
or lying body is cut off as soon as it passes the limit. A gzip push is unpacked here, a
piece at a time, and the unpacked size counts against the same limit, so a small bomb
cannot grow into gigabytes in memory.

Tracebacks of unexpected errors are logged with the exception's type and frames only: a
database error's message carries the statement's values (a record, a name).
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import logging
import traceback
import zlib
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException

from .hashing import BUSY_MESSAGE, REFUSAL_DELAY, HashPool
from .settings import (
    FORM_BODY_BYTES,
    INVITE_BATCH_BODY_BYTES,
    SMALL_BODY_BYTES,
    IPNetwork,
    ServerSettings,
)

log = logging.getLogger("sync.server")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

PUSH_PATH = "/sync/push"
LOGIN_PATH = "/auth/login"
FORM_PREFIX = "/f/"
INVITE_BATCH_PATH = "/invites/batch"


class BodyRefused(HTTPException):
    """Raised from inside ``receive``: an HTTPException, so FastAPI passes it through."""

    def __init__(self, status: int, kind: str, message: str) -> None:
        super().__init__(status, message)
        self.kind = kind
        self.message = message


def error_body(kind: str, message: str) -> bytes:
    return json.dumps({"kind": kind, "message": message}).encode()


async def _answer(send: Send, status: int, media_type: bytes, body: bytes, headers) -> None:
    start = [(b"content-type", media_type), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": [*start, *headers]})
    await send({"type": "http.response.body", "body": body})


async def send_error(send: Send, status: int, kind: str, message: str, headers=()) -> None:
    await _answer(send, status, b"application/json", error_body(kind, message), headers)


# What a person at a form gets instead of JSON when the edge refuses a request.
_FORM_PAGE = (
    '<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
    "<title>送信できませんでした</title></head><body><h1>送信できませんでした</h1>"
    "<p>{reason}ブラウザの「戻る」で前のページに戻り、もう一度お試しください。入力済みの"
    "内容は、下書きとして保存されている分まで残っています。</p></body></html>"
)
FORM_REFUSAL = _FORM_PAGE.format(
    reason="送信された内容が大きすぎるか、読み取れませんでした。"
).encode()
FORM_FAILURE = _FORM_PAGE.format(reason="申し訳ありません。サーバーで問題が起きました。").encode()


async def send_form_refusal(send: Send, status: int, *_ignored, headers=()) -> None:
    page = FORM_FAILURE if status >= 500 else FORM_REFUSAL
    await _answer(send, status, b"text/html; charset=utf-8", page, headers)


def client_address(scope: Scope, trusted: tuple[IPNetwork, ...]) -> str:
    """The address the request came from, for throttling.

    The socket peer, unless the peer is a trusted proxy: then the right-most address in
    ``X-Forwarded-For`` that is not itself a trusted proxy (entries further left were
    written by the client and can be anything).
    """
    peer = (scope.get("client") or ("unknown", 0))[0]
    if not trusted or not _is_trusted(peer, trusted):
        return peer
    forwarded = ",".join(Headers(scope=scope).getlist("x-forwarded-for"))
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            return peer  # a proxy that writes garbage: fall back to what we know
        if not _is_trusted(hop, trusted):
            return hop
    return hops[0] if hops else peer


def _is_trusted(address: str, trusted: tuple[IPNetwork, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in trusted)


class _Body:
    """The request body as the app will see it: counted, and unpacked if gzip."""

    def __init__(self, receive: Receive, limit: int, gzip: bool) -> None:
        self.receive = receive
        self.limit = limit
        self.seen = 0
        self.inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS) if gzip else None
        self.unpacked = 0

    def _too_large(self) -> BodyRefused:
        what = "unpacked" if self.inflater is not None else "long"
        return BodyRefused(413, "too_large", f"the request body is over {self.limit} bytes {what}")

    async def __call__(self) -> Message:
        message = await self.receive()
        if message["type"] != "http.request":
            return message
        chunk = message.get("body", b"")
        self.seen += len(chunk)
        if self.seen > self.limit:
            raise self._too_large()
        if self.inflater is None:
            return message
        try:
            out = self.inflater.decompress(chunk, self.limit - self.unpacked + 1)
        except zlib.error:
            raise BodyRefused(400, "bad_request", "the gzip body is broken") from None
        self.unpacked += len(out)
        if self.unpacked > self.limit or self.inflater.unconsumed_tail:
            raise self._too_large()
        more = message.get("more_body", False)
        if not more and not self.inflater.eof:
            raise BodyRefused(400, "bad_request", "the gzip body is cut short")
        return {"type": "http.request", "body": out, "more_body": more}


class Edge:
    """Pure ASGI middleware (no BaseHTTPMiddleware: the body must stay a stream)."""

    def __init__(self, app, settings: ServerSettings, hash_pool: HashPool) -> None:
        self.app = app
        self.settings = settings
        self.hash_pool = hash_pool

    def limit_for(self, path: str) -> int:
        if path == PUSH_PATH:
            return self.settings.push_max_bytes
        if path == INVITE_BATCH_PATH:
            return INVITE_BATCH_BODY_BYTES
        return FORM_BODY_BYTES if path.startswith(FORM_PREFIX) else SMALL_BODY_BYTES

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        scope.setdefault("state", {})["client_address"] = client_address(
            scope, self.settings.trusted_proxies
        )
        if scope["path"] == LOGIN_PATH and self.hash_pool.full:
            # A login flood costs no more than this answer: no body read, no route, and
            # the answer comes slowly (see routers/auth.py).
            await asyncio.sleep(REFUSAL_DELAY)
            await send_error(send, 503, "busy", BUSY_MESSAGE, headers=[(b"retry-after", b"1")])
            return
        refuse = send_form_refusal if scope["path"].startswith(FORM_PREFIX) else send_error
        headers = Headers(scope=scope)
        limit = self.limit_for(scope["path"])
        declared = headers.get("content-length")
        if declared is not None:
            if not declared.isdigit():
                await refuse(send, 400, "bad_request", "Content-Length is not a number")
                return
            if int(declared) > limit:
                await refuse(send, 413, "too_large", f"the request body is over {limit} bytes")
                return
        encoding = headers.get("content-encoding", "identity").strip().lower()
        if encoding not in ("identity", "gzip") or (
            encoding == "gzip" and scope["path"] != PUSH_PATH
        ):
            await refuse(send, 415, "bad_request", "this content encoding is not accepted here")
            return
        if encoding == "gzip":
            # The app sees the unpacked body: no encoding, and no length it could trust.
            scope = dict(scope)
            scope["headers"] = [
                (k, v)
                for k, v in scope["headers"]
                if k.lower() not in (b"content-encoding", b"content-length")
            ]
        body = _Body(receive, limit, gzip=encoding == "gzip")
        started = False

        async def tracked_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, body, tracked_send)
        except BodyRefused as exc:
            if started:
                raise
            await refuse(send, exc.status_code, exc.kind, exc.message)
        except Exception as exc:
            log_unexpected(scope, exc)
            if not started:
                await refuse(send, 500, "server_error", "internal error; see the server log")


def log_unexpected(scope: Scope, exc: BaseException) -> None:
    """The error's type and where it happened, without its message (it may hold data)."""
    frames = "".join(traceback.format_tb(exc.__traceback__))
    statement = getattr(exc, "statement", None)
    detail = f"\nstatement: {statement}" if statement else ""
    log.error(
        "unexpected %s in %s %s%s\n%s",
        type(exc).__name__,
        scope.get("method"),
        scope.get("path"),
        detail,
        frames,
    )
