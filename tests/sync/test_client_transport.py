"""The client never follows a redirect and always verifies certificates.

Before: a 307 from the server's address to plain http on another host made
``dxfield login`` send the password there.
"""

from __future__ import annotations

import datetime
import http.server
import io
import ipaddress
import json
import ssl
import sys
import threading

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from sync import credentials
from sync.client import SyncClient
from sync.errors import SyncError
from ui.main import main

from .helpers import PASSWORD, free_port


class _Recorder(http.server.BaseHTTPRequestHandler):
    """Answers every request as ``self.server.answer`` says, and keeps what it received."""

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.server.received.append((self.command, self.path, dict(self.headers), body))
        status, headers, payload = self.server.answer
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = _handle

    def log_message(self, *args) -> None:
        pass


def _serve(host: str, answer, context: ssl.SSLContext | None = None):
    server = http.server.ThreadingHTTPServer((host, free_port()), _Recorder)
    server.received = []
    server.answer = answer
    if context is not None:
        server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def elsewhere():
    """Plain http on another loopback address: where a hostile redirect points."""
    server = _serve("127.0.0.2", (200, {"Content-Type": "application/json"}, b'{"token":"x"}'))
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def redirector(elsewhere):
    target = f"http://127.0.0.2:{elsewhere.server_address[1]}/steal?next=1"
    server = _serve("127.0.0.1", (307, {"Location": target}, b""))
    server.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield server
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("call", ["login", "pull", "push"])
def test_a_redirect_is_an_error_and_nothing_reaches_its_target(redirector, elsewhere, call):
    client = SyncClient(redirector.url, "token-123", retries=2, backoff=0.01)
    with pytest.raises(SyncError) as info:
        if call == "login":
            client.login("advisor", PASSWORD)
        elif call == "pull":
            client.pull(0, 10)
        else:
            client.push(b'{"client_id":"x","changes":[]}', "key-00000001")
    assert info.value.kind == "redirected"
    assert "127.0.0.2" in info.value.message and "next=1" not in info.value.message
    assert elsewhere.received == []
    assert len(redirector.received) == 1  # a redirect is not retried either


def test_dxfield_login_refuses_a_redirect_with_a_clear_message(
    tmp_path, redirector, elsewhere, memory_keyring, capsys, monkeypatch
):
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSWORD + "\n"))
    args = ["login", redirector.url, "--user", "advisor", "--password-stdin"]
    code = main(["--data-dir", str(tmp_path), *args])
    err = capsys.readouterr().err
    assert code == 2
    assert "転送" in err and "127.0.0.2" in err
    assert PASSWORD not in json.dumps([r[3].decode() for r in elsewhere.received])
    assert elsewhere.received == []
    # No token stored (the store's own key, made when the store was created, is not one).
    assert [entry for entry in memory_keyring.store if entry[0] == credentials.SERVICE] == []


def _self_signed(tmp_path) -> ssl.SSLContext:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    return context


def test_certificates_are_verified_whatever_the_session_or_environment_says(tmp_path, monkeypatch):
    server = _serve(
        "127.0.0.1",
        (200, {"Content-Type": "application/json"}, b'{"status":"ok"}'),
        _self_signed(tmp_path),
    )
    try:
        # The ways requests can be talked out of verifying: neither works here.
        monkeypatch.setenv("CURL_CA_BUNDLE", "")
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", "")
        lax = requests.Session()
        lax.verify = False
        client = SyncClient(f"https://127.0.0.1:{server.server_address[1]}", http=lax, retries=0)
        with pytest.raises(SyncError) as info:
            client.health()
        assert info.value.kind == "server_down" and "TLS" in info.value.message
        assert server.received == []
    finally:
        server.shutdown()
        server.server_close()
