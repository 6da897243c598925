"""The OpenAPI document describes the server as it behaves, and /docs needs no CDN."""

from __future__ import annotations

import re

import pytest
import requests

from .live import live_servers, sqlite_url

PUBLIC = {("/health", "get"), ("/auth/login", "post")}


def _refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def _resolve(spec: dict, ref: str):
    assert ref.startswith("#/"), ref
    node = spec
    for part in ref[2:].split("/"):
        node = node[part]
    return node


@pytest.fixture(scope="module")
def spec(tmp_path_factory):
    folder = tmp_path_factory.mktemp("openapi")
    with live_servers(sqlite_url(folder), folder, count=1, args=("--docs",)) as live:
        yield live, requests.get(live.url + "/openapi.json", timeout=10).json()


def test_every_reference_resolves(spec):
    _live, document = spec
    refs = set(_refs(document))
    assert "#/components/schemas/Change" in refs  # the push body's records (broken before)
    for ref in refs:
        _resolve(document, ref)


def test_roles_are_an_enum_and_errors_are_kind_and_message(spec):
    _live, document = spec
    schemas = document["components"]["schemas"]
    for name in ("UserOut", "TokenOut", "UserCreate", "RoleChange"):
        role = schemas[name]["properties"]["role"]
        role = _resolve(document, role["$ref"]) if "$ref" in role else role
        assert set(role["enum"]) == {"admin", "advisor", "viewer"}, name
    assert set(schemas["ErrorOut"]["required"]) == {"kind", "message"}
    assert "HTTPValidationError" not in schemas
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            if (path, method) not in PUBLIC:
                assert "401" in responses, (path, method)
            for status, response in responses.items():
                if status.startswith(("4", "5")):
                    schema = response["content"]["application/json"]["schema"]
                    assert schema == {"$ref": "#/components/schemas/ErrorOut"}, (path, status)
            if "requestBody" in operation:
                assert {"413", "415", "422"} <= set(responses), (path, method)


def test_the_documented_statuses_of_accounts(spec):
    _live, document = spec
    paths = document["paths"]
    assert {"401", "422", "429", "503"} <= set(paths["/auth/login"]["post"]["responses"])
    assert {"403", "404", "409"} <= set(paths["/users/{name}/disable"]["post"]["responses"])
    assert {"409", "503"} <= set(paths["/users"]["post"]["responses"])
    assert {"403", "409"} <= set(paths["/sync/pull"]["get"]["responses"])


def test_swagger_ui_is_served_from_the_server_itself(spec):
    live, _document = spec
    page = requests.get(live.url + "/docs", timeout=10)
    assert page.status_code == 200
    assert "default-src 'none'" in page.headers["Content-Security-Policy"]
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert sources and all(s.startswith("/docs/assets/") for s in sources), sources
    for source in sources:
        asset = requests.get(live.url + source, timeout=10)
        assert asset.status_code == 200 and len(asset.content) > 1000, source
    assert "https://" not in page.text and "cdn" not in page.text.lower()


def test_docs_are_off_by_default(api):
    assert api.get("/docs").status_code == 404
    assert api.get("/openapi.json").status_code == 200
