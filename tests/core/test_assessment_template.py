"""The assessment template: the shipped sheet, the file format's checks, versioned loading."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest
from sqlalchemy import func, select

from dxfield.assessment.template import (
    current_template,
    ensure_templates,
    get_template,
    list_templates,
    question_id,
    template_definition,
    template_files,
    template_id,
)
from dxfield.errors import NotFoundError, ResourceError
from dxfield.masterdata import municipality_id
from dxfield.models import AnswerType, PendingChange, Question, ResponseKind
from dxfield.services.assessments import answers_by_code, create_response, set_answers
from tests.factories import WAKAYAMA

STAGES = ["認識共有・機運醸成", "全体方針の決定", "推進体制の整備", "DXの取組の実行"]
DOMAINS = ["DX全般", "情報システム", "BPR", "データ利活用"]


def default_file_data() -> dict:
    [path] = [p for p in template_files() if p.name == "assessment-2025.1.json"]
    return json.loads(path.read_text(encoding="utf-8"))


def write_template(directory, data, name="t.json"):
    directory.mkdir(exist_ok=True)
    (directory / name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_default_template_covers_every_cell_of_the_sheet(session):
    template = current_template(session)
    defn = template_definition(template)
    assert template.template_version == "2025.1"
    assert [label for _k, label in defn.stages] == STAGES
    assert [label for _k, label in defn.domains] == DOMAINS
    scored = [q for q in defn.questions if q.scored]
    free = [q for q in defn.questions if not q.scored]
    assert 45 <= len(scored) <= 50
    assert 4 <= len(free) <= 6
    assert all(q.cell is None and not q.required for q in free)
    per_cell = Counter(q.cell for q in scored)
    assert set(per_cell) == {(s, d) for s, _ in defn.stages for d, _ in defn.domains}
    for stage, domain in per_cell:
        cell_max = sum(q.max_points for q in defn.cell_questions(stage, domain))
        # The brief's example has a cell scoring 5.
        assert cell_max >= 5, (stage, domain)
    assert {q.answer_type for q in scored} == set(AnswerType) - {AnswerType.FREE_TEXT}
    assert [lv.label for lv in defn.support_levels] == ["重点支援", "標準支援", "自走支援"]


def test_templates_load_once_with_stable_untracked_ids(session, caplog):
    template = current_template(session)
    assert template.id == template_id("2025.1")
    ids = set(session.scalars(select(Question.id).where(Question.template_id == template.id)))
    assert question_id("2025.1", "GEN-AW-01") in ids
    before = session.scalar(select(func.count()).select_from(Question))
    ensure_templates(session)
    ensure_templates(session)
    assert session.scalar(select(func.count()).select_from(Question)) == before
    # Master data is identical on every replica: nothing of it goes out through sync.
    assert session.scalar(select(func.count()).select_from(PendingChange)) == 0
    assert "differs" not in caplog.text


def test_definition_from_the_database_equals_the_file(session):
    from dxfield.assessment.definition import parse_definition

    from_db = template_definition(current_template(session))
    from_file = parse_definition(default_file_data(), "file")
    assert from_db == from_file


def test_a_new_version_loads_beside_the_old_and_old_responses_keep_theirs(session, tmp_path):
    old = current_template(session)
    response = create_response(
        session,
        municipality_id=municipality_id(WAKAYAMA),
        fiscal_year=2025,
        kind=ResponseKind.BASELINE,
    )
    set_answers(session, response.id, {"GEN-AW-01": "c"})

    data = default_file_data()
    data["template_version"] = "2026.1"
    data["name"] = "自治体DX アセスメントシート（2026年度版）"
    first = data["questions"][0]
    first["text"] = "首長がDXの方針を発信していますか。"
    first["choices"][2]["points"] = 3
    data["questions"].append(
        {
            "code": "GEN-EX-04",
            "stage": "execution",
            "domain": "general",
            "type": "yes_no",
            "text": "生成AIの利用ガイドラインを定めていますか。",
            "points": {"yes": 1, "no": 0},
        }
    )
    directory = tmp_path / "templates"
    write_template(directory, default_file_data(), "assessment-2025.1.json")
    write_template(directory, data, "assessment-2026.1.json")
    templates = ensure_templates(session, directory)

    assert [t.template_version for t in templates] == ["2025.1", "2026.1"]
    assert current_template(session).template_version == "2026.1"
    new_defn = template_definition(get_template(session, "2026.1"))
    assert new_defn.question("GEN-EX-04") is not None
    assert new_defn.question("GEN-AW-01").max_points == 3
    old_defn = template_definition(old)
    assert old_defn.question("GEN-EX-04") is None
    assert old_defn.question("GEN-AW-01").max_points == 2

    session.refresh(response)
    assert response.template_id == old.id
    assert answers_by_code(session, response) == {"GEN-AW-01": "c"}
    newer = create_response(
        session,
        municipality_id=municipality_id(WAKAYAMA),
        fiscal_year=2026,
        kind=ResponseKind.BASELINE,
    )
    assert newer.template_id == template_id("2026.1")


def test_unknown_template_version_is_not_found(session):
    with pytest.raises(NotFoundError, match=r"2099\.9"):
        get_template(session, "2099.9")


@pytest.mark.parametrize(
    ("breakage", "message"),
    [
        (lambda d: d["questions"][3].update(type="slider"), r"GEN-PO-01: unknown type 'slider'"),
        (lambda d: d["questions"][0].update(stage="planning"), r"GEN-AW-01: stage 'planning'"),
        (lambda d: d["questions"][1].update(code="GEN-AW-01"), r"GEN-AW-01 is used twice"),
        (lambda d: d["questions"][2].update(points={"yes": 2}), r"GEN-AW-03: yes_no needs"),
        (
            lambda d: d["questions"][0].update(choices=d["questions"][0]["choices"][:1]),
            r"GEN-AW-01: needs at least two 'choices'",
        ),
        (
            lambda d: d["questions"][0]["choices"][1].update(points="one"),
            r"GEN-AW-01: choices\[2\]\.points must be a whole number",
        ),
        (
            lambda d: d["questions"][-1].update(stage="policy", domain="general"),
            r"FREE-05: free-text questions belong to no cell",
        ),
        (lambda d: d["support_levels"][1].update(min=30), r"thresholds .* must start at 0"),
        (lambda d: d.update(support_level_overrides={"culture": {}}), r"unknown domain"),
        (lambda d: d.pop("template_version"), r"'template_version' must be"),
    ],
)
def test_a_broken_template_file_names_what_and_where(session, tmp_path, breakage, message):
    data = default_file_data()
    data["template_version"] = "2099.1"
    breakage(data)
    directory = tmp_path / "templates"
    write_template(directory, data, "broken.json")
    with pytest.raises(ResourceError, match=message) as info:
        ensure_templates(session, directory)
    assert "broken.json" in str(info.value)
    # What a person reads (the CLI, the app): Japanese, naming the file as well.
    said = info.value.text()
    assert "broken.json" in said and re.search(r"[\u3040-\u30ff]", said), said
    assert [t.template_version for t in list_templates(session)] == ["2025.1"]


def test_invalid_json_is_a_resource_error(session, tmp_path):
    directory = tmp_path / "templates"
    directory.mkdir()
    (directory / "bad.json").write_text('{"format": 1,', encoding="utf-8")
    with pytest.raises(ResourceError, match=r"bad\.json: not valid JSON") as info:
        ensure_templates(session, directory)
    # What the command line and the app show: Japanese, naming the file.
    assert "bad.json は JSON として読めません" in info.value.text()


def test_master_data_problems_are_said_in_japanese(monkeypatch, tmp_path):
    from dxfield import masterdata, paths
    from dxfield.errors import ValidationError

    with pytest.raises(ValidationError) as info:
        masterdata.municipality_kind("和歌山県")
    assert info.value.text() == "名前「和歌山県」からは市・町・村のどれかがわかりません"
    with pytest.raises(ResourceError) as info:
        paths.resource_path("no-such-file.csv")
    assert "同梱ファイル resources/no-such-file.csv がありません" in info.value.text()
    # A row of the shipped list whose name is none of them: the line and the reason.
    shipped = paths.resource_path("municipalities.csv").read_text(encoding="utf-8")
    (tmp_path / "municipalities.csv").write_text(
        shipped.replace("和歌山市", "和歌山", 1), encoding="utf-8"
    )
    monkeypatch.setattr(masterdata, "resource_path", lambda *parts: tmp_path.joinpath(*parts))
    masterdata.municipality_rows.cache_clear()
    try:
        with pytest.raises(ResourceError) as info:
            masterdata.municipality_rows()
    finally:
        masterdata.municipality_rows.cache_clear()
    assert "行目に誤りがあります: 名前「和歌山」からは" in info.value.text()


def test_an_edited_file_never_changes_a_loaded_version(session, tmp_path, caplog):
    data = default_file_data()
    data["questions"][0]["choices"][2]["points"] = 5
    directory = tmp_path / "templates"
    write_template(directory, data, "assessment-2025.1.json")
    ensure_templates(session, directory)
    question = template_definition(current_template(session)).question("GEN-AW-01")
    assert question.max_points == 2
    assert "differs from the stored template 2025.1" in caplog.text


def test_a_broken_survey_file_is_said_in_japanese_too():
    from dxfield.surveys.definition import parse_survey

    with pytest.raises(ResourceError) as info:
        parse_survey({"format": 1, "items": []}, "resources/templates/survey/x.json")
    assert str(info.value) == "resources/templates/survey/x.json: 'items' must be a non-empty list"
    assert info.value.text() == (
        "resources/templates/survey/x.json: 「items」は空でないリストにしてください"
    )
