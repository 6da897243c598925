"""Web forms on a real server: links, drafts, sending, and the answers reaching a laptop."""

from __future__ import annotations

import json
import re
from datetime import datetime

import pytest
import requests
from sqlalchemy import delete, func, select, update

from dxfield.assessment.engine import score, score_response
from dxfield.services import assessments, surveys
from sync.server import cli as server_cli
from sync.server.forms import invites
from sync.server.forms.spec import assessment_spec, assessment_template
from sync.server.models import FormInvite, FormSubmission, PushHold, RecordHistory, SyncRecord
from tests.reports.pdftext import compact
from tests.reports.pdftext import text as pdf_text
from tests.sync.conftest import replicas, server  # noqa: F401

from .forms_helpers import (
    TOWN,
    TRAINING,
    WAREKI_MOMENT,
    add_training,
    csrf_of,
    expire,
    make_link,
    number_question,
    survey_fields,
    survey_link,
    valid_fields,
)


def _open(base: str, token: str) -> tuple[requests.Session, str]:
    browser = requests.Session()
    page = browser.get(f"{base}/f/{token}", timeout=30)
    assert page.status_code == 200, page.text
    return browser, csrf_of(page.text)


def _send_all(base: str, token: str, fields=None) -> requests.Response:
    browser, csrf = _open(base, token)
    body = {**(fields or valid_fields()), "csrf": csrf, "action": "review", "respondent": "総務課"}
    review = browser.post(f"{base}/f/{token}", data=body, timeout=30)
    assert review.url.endswith("/confirm"), review.text
    assert "この内容で送信する" in review.text
    return browser.post(f"{base}/f/{token}/send", data={"csrf": csrf}, timeout=30)


def test_a_sent_sheet_reaches_a_laptop_with_the_same_scores(server, server_db, replicas):  # noqa: F811
    token = make_link(server_db)
    done = _send_all(server.url, token)
    assert done.status_code == 200 and "受付番号" in done.text
    laptop = replicas("laptop")
    laptop.sync()
    with laptop.db.read_session() as session:
        [response] = assessments.list_responses(session, fiscal_year=2026)
        assert response.municipality.name == TOWN
        assert response.source.value == "web_form" and response.respondent == "総務課"
        on_laptop = score_response(session, response)
    typed = {k[2:]: v for k, v in valid_fields().items()}
    assert on_laptop == score(assessment_template(), typed)


def test_a_change_after_sending_updates_the_same_response_and_keeps_history(server, server_db):  # noqa: F811
    token = make_link(server_db)
    _send_all(server.url, token)
    fields = valid_fields()
    q = number_question()
    fields[f"q.{q.code}"] = f"{(q.min_value or 0) + 2:g}"
    page = requests.get(f"{server.url}/f/{token}", timeout=30).text
    assert "送信済み" in page
    _send_all(server.url, token, fields)
    with server_db.read_session() as session:
        responses = session.scalar(
            select(func.count()).where(SyncRecord.table_name == "assessment_response")
        )
        history = session.scalars(select(FormSubmission.answers).order_by(FormSubmission.id))
        history = [json.loads(h)[q.code] for h in history]
        kept = session.scalars(
            select(RecordHistory.action).where(RecordHistory.table_name == "answer")
        ).all()
    # Every answer's first version, and the one changed by the second send.
    assert kept == ["form"] * (len(assessment_spec().questions) + 1)
    assert responses == 1
    assert history == [
        (q.min_value or 0) + 1,
        (q.min_value or 0) + 2,
    ]


def test_a_send_while_a_laptop_push_holds_the_sheet_waits_and_loses_nothing(server, server_db):  # noqa: F811
    """A laptop's big push still being applied holds the response (``holds``): the send is
    turned away with a polite page, nothing written, and goes through once it is done."""
    token = make_link(server_db)
    _send_all(server.url, token)
    with server_db.session() as session:
        sent = session.scalars(select(SyncRecord)).all()
        for row in sent:  # the sheet and its answers
            hold = {"user_id": 1, "key": "k" * 16}
            session.add(PushHold(table_name=row.table_name, row_id=row.row_id, **hold))
        versions = {(r.table_name, r.row_id): r.version for r in sent}
    fields = valid_fields()
    q = number_question()
    fields[f"q.{q.code}"] = f"{(q.min_value or 0) + 2:g}"
    refused = _send_all(server.url, token, fields)
    assert refused.status_code == 422 and "ただいま同じ記録を更新中" in refused.text
    with server_db.session() as session:
        now = session.execute(select(SyncRecord.table_name, SyncRecord.row_id, SyncRecord.version))
        assert {(t, i): v for t, i, v in now} == versions
        assert session.scalar(select(func.count()).select_from(FormSubmission)) == 1
        session.execute(delete(PushHold))
    assert _send_all(server.url, token, fields).status_code == 200
    with server_db.read_session() as session:
        assert session.scalar(select(func.count()).select_from(FormSubmission)) == 2


def test_a_wrong_answer_is_shown_at_its_question_and_nothing_typed_is_lost(server, server_db):  # noqa: F811
    token = make_link(server_db)
    browser, csrf = _open(server.url, token)
    q = number_question()
    fields = {**valid_fields(), f"q.{q.code}": "たくさん", "csrf": csrf, "action": "review"}
    page = browser.post(f"{server.url}/f/{token}", data=fields, timeout=30)
    assert page.status_code == 422
    assert f'id="err-{q.code}"' in page.text and "半角の数字" in page.text
    assert 'value="たくさん"' in page.text
    # The draft kept it too: another person opening the link sees the same.
    again = requests.get(f"{server.url}/f/{token}", timeout=30).text
    assert 'value="たくさん"' in again
    with server_db.read_session() as session:
        assert session.scalar(select(func.count()).select_from(SyncRecord)) == 0


def test_closed_links_get_a_polite_page(server, server_db):  # noqa: F811
    token = make_link(server_db)
    expire(server_db, token)
    page = requests.get(f"{server.url}/f/{token}", timeout=30)
    assert page.status_code == 410 and "回答期限が過ぎました" in page.text
    unknown = requests.get(f"{server.url}/f/{'A' * 43}", timeout=30)
    assert unknown.status_code == 404 and "見つかりませんでした" in unknown.text
    assert unknown.headers["content-type"].startswith("text/html")


def test_a_post_without_the_csrf_cookie_saves_nothing_but_keeps_what_was_typed(
    server,  # noqa: F811
    server_db,
):
    token = make_link(server_db)
    q = number_question()
    fields = {f"q.{q.code}": "7", "csrf": "forged-token-value-1234567", "action": "save"}
    page = requests.post(f"{server.url}/f/{token}", data=fields, timeout=30)
    assert page.status_code == 422 and "もう一度ボタンを押してください" in page.text
    assert 'value="7"' in page.text
    fresh = requests.get(f"{server.url}/f/{token}", timeout=30).text
    assert 'value="7"' not in fresh


def test_a_sheet_already_entered_by_an_advisor_is_not_overwritten(server, server_db):  # noqa: F811
    first = make_link(server_db)
    _send_all(server.url, first)
    second = make_link(server_db)
    browser, csrf = _open(server.url, second)
    body = {**valid_fields(), "csrf": csrf, "action": "review"}
    browser.post(f"{server.url}/f/{second}", data=body, timeout=30)
    page = browser.post(f"{server.url}/f/{second}/send", data={"csrf": csrf}, timeout=30)
    assert page.status_code == 422 and "すでにアドバイザーが登録" in page.text


def test_the_invite_api_checks_roles_and_lists_states(api, tokens):
    body = {"kind": "baseline", "municipality": TOWN, "fiscal_year": 2026}
    assert api.post("/invites", json=body, headers=tokens["viewer"]).status_code == 403
    assert api.post("/invites", json=body).status_code == 401
    made = api.post("/invites", json=body, headers=tokens["advisor"])
    assert made.status_code == 201, made.text
    url = made.json()["url"]
    assert "/f/" in url and made.json()["state"] == "unanswered"
    listed = api.get("/invites", headers=tokens["viewer"]).json()["invites"]
    assert [i["municipality"] for i in listed] == [TOWN]
    assert "url" not in listed[0]
    ref = made.json()["ref"]
    assert api.post(f"/invites/{ref}/revoke", headers=tokens["viewer"]).status_code == 403
    assert api.post(f"/invites/{ref}/revoke", headers=tokens["advisor"]).json()["revoked"]
    assert api.get(url.split("testserver")[1]).status_code == 410
    bad = api.post("/invites", json={**body, "municipality": "東京都"}, headers=tokens["advisor"])
    assert bad.status_code == 404
    survey = api.post("/invites", json={"kind": "survey"}, headers=tokens["advisor"])
    assert survey.status_code == 422


def test_a_batch_of_links_is_made_in_one_request_all_or_none(api, tokens):
    sheet = {"kind": "baseline", "municipality": TOWN, "fiscal_year": 2026, "days": 30}
    other = {"kind": "evaluation", "municipality": "和歌山市", "fiscal_year": 2025}
    batch = {"invites": [sheet, other]}
    assert api.post("/invites/batch", json=batch, headers=tokens["viewer"]).status_code == 403
    assert api.post("/invites/batch", json=batch).status_code == 401
    made = api.post("/invites/batch", json=batch, headers=tokens["advisor"])
    assert made.status_code == 201, made.text
    links = made.json()["invites"]
    assert [(i["municipality"], i["kind"]) for i in links] == [
        (TOWN, "baseline"),
        ("和歌山市", "evaluation"),
    ]
    assert len({i["url"] for i in links}) == 2
    for link in links:  # each opens its own sheet
        page = api.get(link["url"].split("testserver")[1])
        assert page.status_code == 200 and link["municipality"] in page.text
    listed = api.get("/invites", headers=tokens["viewer"]).json()["invites"]
    assert sorted(i["ref"] for i in listed) == sorted(i["ref"] for i in links)
    # One unknown municipality: nothing of the batch is made.
    bad = {"invites": [sheet, {**other, "municipality": "東京都"}]}
    refused = api.post("/invites/batch", json=bad, headers=tokens["advisor"])
    assert refused.status_code == 404 and "東京都" in refused.json()["message"]
    assert len(api.get("/invites", headers=tokens["viewer"]).json()["invites"]) == 2
    # Malformed: empty, too many, a bad item; the message says where, never the values.
    for body in (
        {"invites": []},
        {"invites": [sheet] * 51},
        {"invites": [{**sheet, "municipality": "町" * 61}]},
        {"invites": [{**sheet, "days": 0}]},
        {"invites": [{"kind": "survey"}]},
        [sheet],
    ):
        answer = api.post("/invites/batch", json=body, headers=tokens["advisor"])
        assert answer.status_code == 422, body
        assert answer.json()["kind"] == "bad_request"
    assert len(api.get("/invites", headers=tokens["viewer"]).json()["invites"]) == 2
    # The largest batch the schema allows fits the body limit (a 60-character name each).
    longest = {**sheet, "municipality": "町" * 60, "kind": "evaluation", "days": 400}
    answer = api.post("/invites/batch", json={"invites": [longest] * 50}, headers=tokens["advisor"])
    assert answer.status_code == 404 and answer.json()["kind"] == "not_found"  # read, then refused


def test_the_server_command_makes_lists_and_revokes_links(server_db, tmp_path, capsys):
    db = ["--db", server_db.url]
    qr = tmp_path / "link.pdf"
    code = server_cli.main(
        [
            *db,
            "invite",
            "add",
            "baseline",
            TOWN,
            "--year",
            "2026",
            "--url",
            "https://dx.example.jp",
            "--qr",
            str(qr),
        ]
    )
    assert code == 0
    ref, url, _ = capsys.readouterr().out.split("\t")
    assert url.startswith("https://dx.example.jp/f/") and qr.read_bytes().startswith(b"%PDF")
    assert server_cli.main([*db, "invite", "list"]) == 0
    assert "未回答" in capsys.readouterr().out
    assert server_cli.main([*db, "invite", "revoke", ref]) == 0
    assert (
        server_cli.main(
            [*db, "invite", "add", "baseline", "東京都", "--year", "2026", "--url", "x"]
        )
        == 2
    )


@pytest.mark.parametrize("question", ["template"])
def test_every_question_of_the_sheet_is_on_the_page(api, server_db, question):
    token = make_link(server_db)
    page = api.get(f"/f/{token}").text
    for q in assessment_spec().questions:
        assert f'id="q-{q.code}"' in page
    assert TOWN in page and "2026年度" in page


def test_each_survey_send_is_one_more_response_on_the_laptops(server, server_db, replicas):  # noqa: F811
    add_training(server_db)
    token = survey_link(server_db)
    for group in ("staff", "leaders"):
        browser, csrf = _open(server.url, token)
        body = {**survey_fields(), "csrf": csrf, "respondent_group": group, "action": "send"}
        done = browser.post(f"{server.url}/f/{token}", data=body, timeout=30)
        assert done.status_code == 200 and "受付番号" in done.text, done.text
    laptop = replicas("laptop")
    laptop.sync()
    with laptop.db.read_session() as session:
        found = surveys.list_responses(session, TRAINING)
        assert sorted(r.respondent_group.value for r in found) == ["leaders", "staff"]
        assert all(len(surveys.stored_answers(session, r)) == len(survey_fields()) for r in found)


@pytest.mark.postgres
def test_sending_and_the_limits_on_postgresql(pg_url):
    """The whole road on PostgreSQL: the write lock, the counters' upsert, the history."""
    import dataclasses

    from fastapi.testclient import TestClient

    from sync.server.app import create_app
    from sync.server.db import open_server_db
    from sync.server.settings import ServerSettings

    db = open_server_db(pg_url)
    settings = dataclasses.replace(ServerSettings.from_env({}), form_max_per_link=4)
    try:
        token = make_link(db)
        with TestClient(create_app(db, settings=settings)) as browser:
            csrf = csrf_of(browser.get(f"/f/{token}").text)
            body = {**valid_fields(), "csrf": csrf, "action": "review"}
            assert browser.post(f"/f/{token}", data=body).url.path.endswith("/confirm")
            done = browser.post(f"/f/{token}/send", data={"csrf": csrf})
            assert "受付番号" in done.text
            for _ in range(2):
                browser.post(f"/f/{token}", data={**body, "action": "save"})
            # The fifth write of this link within the window: a page saying to wait.
            refused = browser.post(f"/f/{token}", data={**body, "action": "save"})
            assert refused.status_code == 429 and "しばらく" in refused.text
        with db.read_session() as session:
            kinds = session.scalars(select(RecordHistory.action).distinct()).all()
            sent = session.scalar(select(func.count()).where(SyncRecord.table_name == "answer"))
        assert kinds == ["form"] and sent == len(valid_fields())
    finally:
        db.close()


def test_a_body_over_the_form_limit_is_refused_before_it_is_read(api, server_db):
    token = make_link(server_db)
    big = "q.FREE-01=" + "あ" * 100_000
    response = api.post(
        f"/f/{token}",
        content=big.encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 413
    assert response.headers["content-type"].startswith("text/html") and "戻る" in response.text


def test_a_link_never_shows_another_links_receipt(server, server_db):  # noqa: F811
    first = make_link(server_db)
    done = _send_all(server.url, first)
    number = done.url.rsplit("n=", 1)[1]
    other = make_link(server_db, town="北山村")
    for path in (f"/f/{other}/done?n={number}", f"/f/{other}/receipt.pdf?n={number}"):
        page = requests.get(server.url + path, timeout=30, allow_redirects=False)
        assert page.status_code in (303, 404) and TOWN not in page.text


def _shown(html: str) -> str:
    """A page's text without its markup (a date may sit in its own element)."""
    return re.sub(r"<[^>]+>", "", html)


def test_every_date_the_forms_and_the_receipt_show_is_in_the_japanese_era(server, server_db):  # noqa: F811
    token = make_link(server_db)
    with server_db.session() as session:
        session.execute(
            update(FormInvite)
            .where(FormInvite.token_hash == invites.token_hash(token))
            .values(expires_at=datetime(2099, 2, 4, 5, 48))  # UTC: 14:48 in Japan
        )
    deadline = "令和81年2月4日（水）14時48分"
    first = _shown(requests.get(f"{server.url}/f/{token}", timeout=30).text)
    assert f"回答期限：{deadline}" in first
    done = _send_all(server.url, token)
    shown = _shown(done.text)
    assert re.search(f"受付日時：{WAREKI_MOMENT}", shown), shown
    assert f"{deadline}までは" in shown
    again = _shown(requests.get(f"{server.url}/f/{token}", timeout=30).text)
    assert re.search(f"{WAREKI_MOMENT}に送信済みです。{deadline}までは", again)
    number = done.url.rsplit("n=", 1)[1]
    pdf = requests.get(f"{server.url}/f/{token}/receipt.pdf?n={number}", timeout=30).content
    assert re.search(f"受付日時{WAREKI_MOMENT}", compact(pdf_text(pdf)))
    for page in (first, shown, again, pdf_text(pdf)):
        assert not re.search(r"\d{4}年\d{2}月|[年月]0\d", page)


def test_a_survey_names_the_day_of_its_training_in_the_japanese_era(api, server_db):
    add_training(server_db)
    page = api.get(f"/f/{survey_link(server_db)}").text
    assert "令和8年6月10日（水） 実施" in page and "2026/06/10" not in page
