"""Japanese line breaking: what a reader of a printed handout would notice."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from dxfield.reports import register_fonts
from dxfield.reports.wrap import NO_LINE_END, NO_LINE_START, wrap_text

TEXT = (
    "庁内の推進体制について確認した。「DX推進本部」を設置済み（令和6年度）。"
    "今後はBPRの対象業務を選定する予定である。」詳細は https://example.jp/dx/plan.html を参照。"
)
PIECES = st.sampled_from(
    ["庁内", "。", "、", "」", "「", "（", "）", "ー", "っ", "DX", "BPR", " ", "令和6年度", "研修"]
)


def check(text: str, width: float) -> list[str]:
    lines = [line for _space, line in wrap_text(text, [width], register_fonts(), 10)]
    assert "".join(lines).replace(" ", "") == text.replace(" ", ""), "text was lost"
    for line in lines[1:]:
        assert not line or line[0] not in NO_LINE_START, (width, lines)
    for line in lines[:-1]:
        assert not line or line[-1] not in NO_LINE_END, (width, lines)
    return lines


def test_closing_punctuation_never_starts_a_line_at_any_width():
    for width in range(40, 420, 3):
        check(TEXT, width)


def test_two_closers_in_a_row_move_down_with_the_character_before_them():
    # At this width reportlab alone would start the second line with 」.
    lines = check("あいうえおかきくけこ。」さしすせそ", 100)

    assert lines[1].startswith("こ。」")


def test_a_latin_word_is_not_split_while_it_fits():
    lines = check("情報システム標準化とGovernmentCloudへの移行", 120)

    assert any("GovernmentCloud" in line for line in lines)


def test_an_opening_bracket_before_a_space_does_not_end_a_line():
    # Found by the property below: the break at the space left 「 at the end of the line.
    lines = check("。「 庁内", 25)

    assert lines[0] == "。"


@settings(max_examples=150, deadline=None)
@example(pieces=["。", "「", " ", "庁内"], width=25)
@given(st.lists(PIECES, min_size=1, max_size=60), st.integers(min_value=25, max_value=300))
def test_any_text_keeps_every_character_and_the_rules(pieces, width):
    check("".join(pieces), width)


def test_a_place_that_names_the_method_is_not_repeated():
    from dxfield.reports.handout import method_and_place

    assert method_and_place("オンライン", "オンライン（Zoom）", "　") == "オンライン（Zoom）"
    assert method_and_place("訪問", "由良町役場 2階会議室", "　") == "訪問　由良町役場 2階会議室"
    assert method_and_place("訪問", "", "　") == "訪問"
