"""HTTP client of the sync server (requests): timeouts, retries only where idempotent.

Pull is a GET and a push carries an idempotency key, so both are retried with backoff on
network failures and 5xx; login and logout are tried once. Certificates are always
verified; plain http is refused except for this machine unless explicitly allowed.

Redirects are never followed: a 307 would resend the password or the token (and the push)
to wherever the redirect points, plain http on another host included. A redirect is an
error that names where it pointed, so the user can fix the server address.
"""

from __future__ import annotations

import gzip
import json
import random
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import requests

from .errors import SyncError
from .protocol import DEFAULT_PAGE, IDEMPOTENCY_HEADER, SCHEMA, SCHEMA_HEADER

LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}
# 401/409 bodies carry a precise kind; other statuses map to these.
STATUS_KINDS = {
    403: "forbidden",
    413: "too_large",
    429: "rate_limited",
    503: "busy",
    400: "bad_request",
    404: "bad_request",
    422: "bad_request",
}


# 409 kinds a client acts on; any other 409 is a plain refusal.
# push_abandoned: the server undid a push that stopped halfway; the runner sends it again
# under a new key.
CONFLICT_KINDS = {"client_outdated", "server_outdated", "mass_delete", "push_abandoned"}


def check_url(url: str, *, allow_http: bool = False) -> str:
    """The server URL without a trailing slash; refuses plain http to other machines."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SyncError("bad_request", f"not a server URL: {url!r} (use https://host[:port])")
    if parts.scheme == "http" and parts.hostname not in LOCAL_HOSTS and not allow_http:
        raise SyncError(
            "insecure_url",
            f"{url} is not encrypted; use https (or allow http explicitly for a test server)",
        )
    return url.strip().rstrip("/")


class SyncClient:
    def __init__(
        self,
        url: str,
        token: str | None = None,
        *,
        allow_http: bool = False,
        timeout: tuple[float, float] = (5.0, 60.0),
        retries: int = 4,
        backoff: float = 0.5,
        http: requests.Session | None = None,
    ) -> None:
        self.url = check_url(url, allow_http=allow_http)
        self.token = token
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.http = http or requests.Session()
        self.http.verify = True
        self.round_trips = 0

    def close(self) -> None:
        self.http.close()

    # --- transport ------------------------------------------------------------------

    def _request(
        self,
        method: str,
        path: str,
        *,
        idempotent: bool,
        before_decode: Callable[[], object] | None = None,
        **kw: Any,
    ) -> Any:
        """``before_decode``: called once an answer with a body is in, before its JSON is
        read (the pull's download thread waits there for a moment the writer leaves free)."""
        headers = kw.pop("headers", {})
        headers[SCHEMA_HEADER] = SCHEMA
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        attempts = self.retries + 1 if idempotent else 1
        for attempt in range(attempts):
            last = attempt == attempts - 1
            try:
                self.round_trips += 1
                response = self.http.request(
                    method,
                    self.url + path,
                    headers=headers,
                    timeout=self.timeout,
                    allow_redirects=False,
                    verify=True,
                    **kw,
                )
            except (
                requests.exceptions.ChunkedEncodingError,
                requests.exceptions.ContentDecodingError,
            ) as exc:
                error = SyncError("cut_off", f"{method} {path}: {exc}")
            except requests.exceptions.SSLError as exc:
                raise SyncError("server_down", f"TLS failed for {self.url}: {exc}") from exc
            except (requests.exceptions.ConnectionError, requests.exceptions.Timeout) as exc:
                error = SyncError("server_down", f"{self.url}: {type(exc).__name__}")
            else:
                if 300 <= response.status_code < 400:
                    raise _redirected(response, method, path)
                if response.status_code == 503 and _kind_of(response) == "busy":
                    error = SyncError("busy", status=503)
                elif response.status_code < 500 and response.content:
                    if before_decode is not None:
                        before_decode()
                    return self._decode(response, method, path)
                elif response.status_code < 300 and response.status_code != 204:
                    # Headers arrived but the body did not: the link dropped.
                    error = SyncError("cut_off", f"{method} {path}: empty answer")
                elif response.status_code < 500:
                    return self._decode(response, method, path)
                else:
                    error = SyncError(
                        "server_error",
                        f"{method} {path}: HTTP {response.status_code}",
                        status=response.status_code,
                    )
            if last:
                raise error
            time.sleep(self.backoff * (2**attempt) * (0.5 + random.random()))
        raise AssertionError("unreachable")

    @staticmethod
    def _decode(response: requests.Response, method: str, path: str) -> Any:
        status = response.status_code
        if status == 204:
            return None
        try:
            body = response.json()
        except ValueError as exc:
            if status >= 400:
                raise SyncError(
                    "server_error", f"{method} {path}: HTTP {status}", status=status
                ) from exc
            raise SyncError("malformed_response", f"{method} {path}: not JSON") from exc
        if status < 400:
            return body
        kind = body.get("kind") if isinstance(body, dict) else None
        message = body.get("message", "") if isinstance(body, dict) else ""
        if status == 401:
            kind = (
                kind
                if kind in {"wrong_password", "token_expired", "token_revoked"}
                else "unauthorized"
            )
        elif status == 409 and kind == "push_running":
            kind = "busy"  # the same push is still being applied: a later sync finds it done
        elif status == 409:
            kind = kind if kind in CONFLICT_KINDS else "bad_request"
        elif status == 413 and kind == "quota_exceeded":
            pass
        elif status == 422 and kind == "invalid_record":
            pass  # one change of a push broke the record schema: the runner holds it back
        else:
            kind = STATUS_KINDS.get(status, "bad_request")
        details = body.get("details") if isinstance(body, dict) else None
        raise SyncError(
            kind,
            message or f"{method} {path}: HTTP {status}",
            status=status,
            details=details if isinstance(details, dict) else None,
        )

    # --- API ------------------------------------------------------------------------

    def health(self) -> dict[str, Any]:
        return self._request("GET", "/health", idempotent=True)

    def login(self, username: str, password: str, client_id: str | None = None) -> str:
        """A token for ``username``; with this laptop's ``client_id`` the server revokes the
        token the laptop had before."""
        payload = {"username": username, "password": password}
        if client_id:
            payload["client_id"] = client_id
        body = self._request("POST", "/auth/login", idempotent=False, json=payload)
        if not isinstance(body, dict) or not isinstance(body.get("token"), str):
            raise SyncError("malformed_response", "login answer without a token")
        self.token = body["token"]
        return self.token

    def logout(self, *, everywhere: bool = False) -> None:
        """Revoke this token, or with ``everywhere`` every token of the account."""
        path = "/auth/logout-all" if everywhere else "/auth/logout"
        self._request("POST", path, idempotent=False)

    def push(
        self, payload: bytes, key: str, *, cursor: int | None = None, limit: int | None = None
    ) -> dict[str, Any]:
        """Send one batch (JSON bytes); retried safely thanks to the idempotency key.

        With ``cursor`` the server adds the pull page after this push as ``pull`` (a server
        that does not know the parameter leaves it out: the caller then pulls as always).
        """
        params = {} if cursor is None else {"cursor": cursor, "limit": limit or DEFAULT_PAGE}
        body = self._request(
            "POST",
            "/sync/push",
            idempotent=True,
            params=params,
            data=gzip.compress(payload, 6),
            headers={
                "Content-Type": "application/json",
                "Content-Encoding": "gzip",
                IDEMPOTENCY_HEADER: key,
            },
        )
        if not isinstance(body, dict) or not isinstance(body.get("results"), list):
            raise SyncError("malformed_response", "push answer without results")
        if body.get("pull") is not None:
            _check_page(body["pull"], "push answer with a malformed pull page")
        return body

    def pull(
        self, cursor: int, limit: int, *, before_decode: Callable[[], object] | None = None
    ) -> dict[str, Any]:
        """The page after ``cursor``; ``before_decode`` see ``_request``."""
        body = self._request(
            "GET",
            "/sync/pull",
            idempotent=True,
            before_decode=before_decode,
            params={"cursor": cursor, "limit": limit},
        )
        _check_page(body, "pull answer without cursor or records")
        return body

    def invites(self, *, closed: bool = False) -> list[dict[str, Any]]:
        """The server's web-form links with their state (never their tokens)."""
        body = self._request(
            "GET", "/invites", idempotent=True, params={"closed": "true" if closed else "false"}
        )
        if not isinstance(body, dict) or not isinstance(body.get("invites"), list):
            raise SyncError("malformed_response", "invite list without invites")
        return body["invites"]

    def create_invite(self, payload: dict[str, Any]) -> dict[str, Any]:
        body = self._request("POST", "/invites", idempotent=False, json=payload)
        if not isinstance(body, dict) or not isinstance(body.get("url"), str):
            raise SyncError("malformed_response", "new invite without its link")
        return body

    def create_invites(self, payloads: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Several links in one round trip (``POST /invites/batch``): all are made or none;
        the answers in the order of ``payloads``."""
        body = self._request("POST", "/invites/batch", idempotent=False, json={"invites": payloads})
        made = body.get("invites") if isinstance(body, dict) else None
        if (
            not isinstance(made, list)
            or len(made) != len(payloads)
            or not all(isinstance(link, dict) and isinstance(link.get("url"), str) for link in made)
        ):
            raise SyncError("malformed_response", "new invites without their links")
        return made

    def revoke_invite(self, ref: str) -> dict[str, Any]:
        return self._request("POST", f"/invites/{ref}/revoke", idempotent=True)


def _check_page(body: Any, problem: str) -> None:
    if (
        not isinstance(body, dict)
        or not isinstance(body.get("cursor"), int)
        or not isinstance(body.get("records"), list)
    ):
        raise SyncError("malformed_response", problem)


def _kind_of(response: requests.Response) -> str | None:
    try:
        body = response.json()
    except ValueError:
        return None
    return body.get("kind") if isinstance(body, dict) else None


def _redirected(response: requests.Response, method: str, path: str) -> SyncError:
    target = response.headers.get("Location", "")
    parts = urlsplit(target)
    # Name where it pointed (scheme and host), never a query that might carry anything.
    where = f"{parts.scheme}://{parts.netloc}{parts.path}" if parts.netloc else parts.path
    return SyncError(
        "redirected",
        f"{method} {path}: the server answered HTTP {response.status_code} pointing to "
        f"{where or '(nowhere)'}; not followed. Log in with the server's real address",
        status=response.status_code,
    )


def dumps(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()
