"""The web forms in a real browser (headless Chromium) against a real server process.

Chromium is the system's (Debian's ``chromium`` package), driven by Playwright; nothing is
downloaded. Without it these tests are skipped with the reason, unless
``DXFIELD_REQUIRE_BROWSER=1`` (CI), where a missing browser is a failure.
``DXFIELD_SCREENSHOTS=docs`` writes the screenshots the README shows into ``docs/``.
"""

from __future__ import annotations

import os
import re
import shutil

import pytest

from sync.server.db import open_server_db
from sync.server.forms.spec import assessment_spec
from tests.sync.helpers import ROOT, ProcessServer

from .forms_helpers import (
    TOWN,
    WAREKI_MOMENT,
    add_training,
    expire,
    make_link,
    number_question,
    survey_link,
    valid_fields,
)
from .live import sqlite_url

CHROMIUM = os.environ.get("DXFIELD_CHROMIUM") or shutil.which("chromium") or ""
PHONE = {"width": 390, "height": 844}


def _missing(reason: str):
    if os.environ.get("DXFIELD_REQUIRE_BROWSER") == "1":
        pytest.fail(f"browser tests required (DXFIELD_REQUIRE_BROWSER=1) but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM:
        _missing("no chromium found (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("the playwright package is not installed (pip install -e '.[test]')")
    with sync_playwright() as p:
        found = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield found
        found.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A real server process and its database (links are made straight in the database)."""
    folder = tmp_path_factory.mktemp("forms")
    url = sqlite_url(folder)
    db = open_server_db(url)
    server = ProcessServer(url, log_path=folder / "server.log").start()
    yield server, db
    server.kill()
    db.close()


@pytest.fixture
def context(browser):
    ctx = browser.new_context(locale="ja-JP")
    yield ctx
    ctx.close()


def _shot(page, name: str, top: str | None = None) -> None:
    if os.environ.get("DXFIELD_SCREENSHOTS") == "docs":
        if top:
            page.locator(top).scroll_into_view_if_needed()
            page.evaluate(f"document.querySelector('{top}').scrollIntoView()")
        page.screenshot(path=str(ROOT / "docs" / name), full_page=False)


def _fill(page, fields: dict) -> None:
    for name, value in fields.items():
        code = name[2:]
        q = assessment_spec().question(code)
        kind = q.answer_type.value
        if kind in ("single_choice", "yes_no"):
            page.check(f"input[name='{name}'][value='{value}']")
        elif kind == "multi_choice":
            for v in value:
                page.check(f"input[name='{name}'][value='{v}']")
        else:
            page.fill(f"#in-{code}", value)


def test_fill_and_send_a_whole_sheet(site, context):
    server, db = site
    token = make_link(db, town=TOWN, year=2026)
    page = context.new_page()
    page.goto(f"{server.url}/f/{token}")
    assert TOWN in page.inner_text("header") and "2026年度" in page.inner_text("header")
    assert re.search(f"回答期限：{WAREKI_MOMENT}", page.inner_text("main"))
    page.fill("#in-respondent", "総務課 和歌山太郎")
    _fill(page, valid_fields())
    assert "回答済み" in page.inner_text("#progress-text")
    _shot(page, "webform.png", top="header.site")
    page.click("button[value=review]")
    page.wait_for_url("**/confirm")
    assert "総務課 和歌山太郎" in page.content()
    page.click('button:has-text("この内容で送信する")')
    page.wait_for_url("**/done*")
    assert "送信しました" in page.inner_text("main")
    assert re.search(f"受付日時：{WAREKI_MOMENT}", page.inner_text("main"))
    with page.expect_download() as download:
        page.click("text=回答の控え（PDF）")
    assert download.value.path().read_bytes().startswith(b"%PDF")


def test_a_draft_continues_in_another_browser(site, browser, context):
    server, db = site
    token = make_link(db, town="田辺市", year=2026)
    page = context.new_page()
    page.goto(f"{server.url}/f/{token}")
    first = assessment_spec().questions[0]
    choice = first.choices[2].value
    page.check(f"input[name='q.{first.code}'][value='{choice}']")
    from playwright.sync_api import expect

    expect(page.locator("#save-state")).to_contain_text("自動保存しました")
    assert re.search(f"（{WAREKI_MOMENT}）", page.inner_text("#save-state"))
    other = browser.new_context(locale="ja-JP")
    try:
        second = other.new_page()
        second.goto(f"{server.url}/f/{token}")
        assert second.is_checked(f"input[name='q.{first.code}'][value='{choice}']")
    finally:
        other.close()


def test_an_expired_link_gets_a_polite_page(site, context):
    server, db = site
    token = make_link(db, town="新宮市", year=2026)
    expire(db, token)
    page = context.new_page()
    response = page.goto(f"{server.url}/f/{token}")
    assert response.status == 410
    assert "回答期限が過ぎました" in page.inner_text("main")


def test_a_wrong_answer_is_shown_at_its_question(site, context):
    server, db = site
    token = make_link(db, town="有田市", year=2026)
    page = context.new_page()
    page.goto(f"{server.url}/f/{token}")
    fields = valid_fields()
    q = number_question()
    fields[f"q.{q.code}"] = "たくさん"
    _fill(page, fields)
    page.click("button[value=review]")
    block = page.locator(f"#q-{q.code}")
    assert "半角の数字" in block.inner_text()
    assert page.input_value(f"#in-{q.code}") == "たくさん"
    assert page.evaluate("document.activeElement.id") == "error-summary"
    _shot(page, "webform_error.png", top=f"#q-{q.code}")


def test_the_survey_on_a_phone(site, browser):
    server, db = site
    add_training(db)
    token = survey_link(db)
    phone = browser.new_context(locale="ja-JP", viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        page = phone.new_page()
        page.goto(f"{server.url}/f/{token}")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        for name in page.eval_on_selector_all(
            "input[type=radio]", "els => [...new Set(els.map(e => e.name))]"
        ):
            page.locator(f"input[name='{name}']").first.check()
        page.select_option("#in-respondent_group", "staff")
        page.click("button[value=send]")
        page.wait_for_url("**/done*")
        assert "送信しました" in page.inner_text("main")
    finally:
        phone.close()


def test_the_sheet_can_be_filled_with_the_keyboard_only(site, context):
    server, db = site
    token = make_link(db, town="海南市", year=2026)
    wanted = valid_fields()
    page = context.new_page()
    page.goto(f"{server.url}/f/{token}")
    seen: set[str] = set()
    for _ in range(600):
        page.keyboard.press("Tab")
        el = page.evaluate(
            """() => { const e = document.activeElement; const s = getComputedStyle(e);
            return {tag: e.tagName, type: e.type || '', name: e.name || '', value: e.value || '',
                    outline: s.outlineStyle, shadow: s.boxShadow}; }"""
        )
        assert el["outline"] != "none" or el["shadow"] != "none", el  # focus is visible
        name = el["name"]
        if el["tag"] == "BUTTON" and el["value"] == "review":
            page.keyboard.press("Enter")
            break
        if not name.startswith("q.") or name in seen:
            continue
        seen.add(name)
        if el["type"] in ("radio", "checkbox"):
            page.keyboard.press("Space")
        else:
            page.keyboard.type(str(wanted[name]))
    page.wait_for_url("**/confirm")
    assert len(seen) == len(assessment_spec().questions)
