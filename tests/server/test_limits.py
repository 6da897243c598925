"""Limits before parsing, and errors that never echo: against real server processes.

Each finding of the hostile test is here: a 100 MB login, a body sent before the token is
checked, a gzip bomb, a 422 that repeated the password, a NUL that gave a 5xx on
PostgreSQL, a schema header checked before the token.
"""

from __future__ import annotations

import gzip
import json
import socket
from urllib.parse import urlsplit

import pytest

from sync.protocol import IDEMPOTENCY_HEADER, SCHEMA, SCHEMA_HEADER

MARKER = "Secret-Marker-7f3a9c"


def _raw(url: str, head: str, body_chunks=(), *, chunked: bool = False) -> tuple[int, dict]:
    """Send a request by hand; stop sending as soon as the server answers."""
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
        sock.sendall(head.encode())
        for chunk in body_chunks:
            data = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n" if chunked else chunk
            try:
                sock.sendall(data)
            except (BrokenPipeError, ConnectionResetError):
                break
            sock.settimeout(0.01)
            try:
                early = sock.recv(65536, socket.MSG_PEEK)
            except (TimeoutError, BlockingIOError):
                early = b""
            sock.settimeout(10)
            if early:
                break
        answer = b""
        while b"\r\n\r\n" not in answer or len(answer) < _expected_length(answer):
            data = sock.recv(65536)
            if not data:
                break
            answer += data
    status = int(answer.split(b" ", 2)[1])
    payload = answer.split(b"\r\n\r\n", 1)[1]
    return status, json.loads(payload) if payload else {}


def _expected_length(answer: bytes) -> int:
    head, _, _ = answer.partition(b"\r\n\r\n")
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            return len(head) + 4 + int(line.split(b":", 1)[1])
    return 0


def _head(path: str, host: str, extra: str) -> str:
    return f"POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n{extra}\r\n"


def test_a_declared_100_mb_login_is_refused_before_any_byte_is_read(live):
    host = urlsplit(live.url).netloc
    status, body = _raw(live.url, _head("/auth/login", host, "Content-Length: 104857600\r\n"))
    assert (status, body["kind"]) == (413, "too_large")


def test_a_chunked_login_is_cut_off_past_the_limit(live):
    host = urlsplit(live.url).netloc
    head = _head("/auth/login", host, "Transfer-Encoding: chunked\r\n")
    chunks = [b'{"username":"' + b"a" * 1024] + [b"a" * 1024] * 200
    status, body = _raw(live.url, head, chunks, chunked=True)
    assert (status, body["kind"]) == (413, "too_large")


def test_adding_a_user_checks_the_token_before_waiting_for_the_body(live):
    # The body is announced but never sent: an answer can only come from the token check.
    host = urlsplit(live.url).netloc
    status, body = _raw(live.url, _head("/users", host, "Content-Length: 3000\r\n"))
    assert (status, body["kind"]) == (401, "unauthorized")


def test_a_gzip_bomb_push_and_gzip_elsewhere(live):
    headers = {
        **live.token("advisor"),
        IDEMPOTENCY_HEADER: "bomb-0001",
        "Content-Encoding": "gzip",
        "Content-Type": "application/json",
    }
    bomb = gzip.compress(b" " * (40 * 1024 * 1024))  # 40 MB of blanks, 40 kB packed
    r = live.call("POST", "/sync/push", data=bomb, headers=headers)
    assert (r.status_code, r.json()["kind"]) == (413, "too_large")
    broken = gzip.compress(b'{"client_id":"x","changes":[]}')[:-6]
    headers[IDEMPOTENCY_HEADER] = "bomb-0002"
    r = live.call("POST", "/sync/push", data=broken, headers=headers)
    assert (r.status_code, r.json()["kind"]) == (400, "bad_request")
    login = gzip.compress(json.dumps({"username": "advisor", "password": "x"}).encode())
    r = live.call(
        "POST", "/auth/login", data=login, headers={"Content-Encoding": "gzip", **headers}
    )
    assert r.status_code == 415


def test_errors_never_echo_what_was_sent(live):
    admin = live.token("admin")
    replies = [
        live.login("advisor", MARKER * 100, address="192.0.2.21"),  # password too long
        live.login(MARKER + "\x00", "x", address="192.0.2.21"),
        live.call("POST", "/auth/login", data=MARKER, address="192.0.2.21"),  # not JSON
        live.call(
            "POST",
            "/users",
            json={"name": "echo", "password": MARKER, "role": "superuser"},
            headers=admin,
        ),
        live.call(
            "POST",
            "/users",
            json={"name": "echo", "password": f"echo{MARKER}", "role": "viewer"},
            headers=admin,
        ),
        live.call(
            "POST",
            "/sync/push",
            data=json.dumps({"client_id": MARKER, "changes": [{"t": MARKER}]}),
            headers={**live.token("advisor"), IDEMPOTENCY_HEADER: "echo-0001"},
        ),
    ]
    for reply in replies:
        assert 400 <= reply.status_code < 500, reply.text
        assert set(reply.json()) == {"kind", "message"}
        assert MARKER not in reply.text
        assert MARKER.lower() not in reply.text.lower()
    assert MARKER not in live.log()


@pytest.mark.parametrize("bad", ["\x00", "\x07", "\u200b", "\ud800"])
def test_control_characters_in_names_are_a_4xx_also_on_postgresql(live, bad):
    name = f"ad{bad}min"
    r = live.call(
        "POST",
        "/auth/login",
        data=json.dumps({"username": name, "password": "x"}, ensure_ascii=True),
        headers={"Content-Type": "application/json"},
        address="192.0.2.22",
    )
    assert r.status_code in (401, 422), r.text
    r = live.call(
        "POST",
        "/users",
        data=json.dumps({"name": name, "password": "long enough password", "role": "viewer"}),
        headers={**live.token("admin"), "Content-Type": "application/json"},
    )
    assert r.status_code == 422, r.text
    assert r.json()["kind"] in ("bad_request", "bad_name")


def test_the_token_is_checked_before_the_schema_header(live):
    r = live.call("GET", "/sync/pull", headers={SCHEMA_HEADER: "9999"})
    assert (r.status_code, r.json()["kind"]) == (401, "unauthorized")
    viewer = live.token("viewer")
    r = live.call("GET", "/sync/pull", headers={**viewer, SCHEMA_HEADER: "9999"})
    assert (r.status_code, r.json()["kind"]) == (409, "server_outdated")
    r = live.call("GET", "/sync/pull", headers={**viewer, SCHEMA_HEADER: SCHEMA})
    assert r.status_code == 200


def test_an_unknown_path_and_a_wrong_method_answer_in_the_usual_shape(live):
    r = live.call("GET", "/nowhere")
    assert (r.status_code, r.json()["kind"]) == (404, "not_found")
    r = live.call("DELETE", "/auth/login")
    assert (r.status_code, r.json()["kind"]) == (405, "method_not_allowed")
    assert "POST" in r.headers["Allow"]


def test_validation_messages_quote_rules_never_values():
    """Pydantic puts the input in some messages (a union's tag, a parser's "found `x`")."""
    import uuid
    from typing import Annotated, Literal

    from pydantic import BaseModel, Field, ValidationError

    from sync.server.errors import describe_validation

    class Visit(BaseModel):
        t: Literal["visit"]

    class Note(BaseModel):
        t: Literal["note"]

    class Body(BaseModel):
        id: uuid.UUID
        record: Annotated[Visit | Note, Field(discriminator="t")]
        n: int = Field(le=5)

    with pytest.raises(ValidationError) as info:
        Body.model_validate_json(json.dumps({"id": MARKER, "record": {"t": MARKER}, "n": 9}))
    message = describe_validation(info.value.errors())
    assert MARKER not in message and MARKER[0] + "`" not in message
    assert "id: not a valid uuid" in message
    assert "'visit', 'note'" in message and "less than or equal to 5" in message
