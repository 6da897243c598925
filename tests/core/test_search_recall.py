"""Search finds exactly what a plain substring scan finds, for any query.

The oracle: a record matches when every normalised (NFKC + casefold) whitespace-separated
term of the query is a substring of its normalised text. Tombstoned records never match.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from dxfield.search import normalise, query_terms, search
from tests import search_corpus
from tests.core import search_data

SPECIAL = [
    "ｾｷｭﾘﾃｨ研修とｶﾞﾊﾞﾒﾝﾄｸﾗｳﾄﾞ（半角カナ）",
    "ＤＸ推進計画、ｄｘ、Dx、dX：大文字小文字と全角",
    '検索語に "引用符" や * や NEAR(a b) や OR AND NOT ( ) ^ : が入る',
    "㍿と㈱と①②③、ﾃﾞｰﾀ連携",
    "Straße と İstanbul と ﬁle（合字）",
    "改行を\n含む\t文章　全角スペースも",
    "課",
    "予算",
    "が\u3099 combining: か\u3099と\u304c",
]
ALPHABET = '予算窓口研修課題DXdxＤＸｾｷｭﾘﾃｨセキュリティのにはを、。 　"*()^:ORANDNEAR-ﾞｶ'


@pytest.fixture
def corpus(session):
    """Live and tombstoned records of every kind; returns {(kind, id): text} of live ones."""
    rng = random.Random(7)
    live: dict[tuple[str, str], str] = {}
    texts = search_corpus.notes(30, seed=3) + SPECIAL
    free, _number = search_data.free_text_questions(session)
    for n in range(0, len(texts), 3):
        visit = search_data.visit_with_notes(session, texts[n : n + 3], day=1 + n // 3)
        for section in visit.sections:
            live[("note", section.id)] = section.body
        title = search_corpus.action_title(rng)
        live[("action_item", search_data.action(session, visit, title).id)] = title
    response = search_data.response(session)
    answer = search_data.answer(session, response, free, SPECIAL[0] + "。回答者：情報担当")
    live[("answer", answer.id)] = answer.value
    # Tombstones: a whole visit, one section and one action item.
    gone = search_data.visit_with_notes(session, ["削除された訪問の予算メモ"], day=28)
    gone.deleted = True
    kept = search_data.visit_with_notes(session, ["残る研修メモ", "消える研修メモ"], day=27)
    kept.sections[1].deleted = True
    live[("note", kept.sections[0].id)] = kept.sections[0].body
    search_data.action(session, kept, "取り消した予算の宿題").deleted = True
    session.flush()
    return live


def oracle(live: dict[tuple[str, str], str], query: str) -> set[tuple[str, str]]:
    terms = query_terms(query)
    if not terms:
        return set()
    return {key for key, text in live.items() if all(t in normalise(text) for t in terms)}


def found(session, query: str) -> set[tuple[str, str]]:
    hits = search(session, query, limit=None)
    assert len(hits) == len({(h.kind, h.ref_id) for h in hits}), "a record appears twice"
    return {(h.kind, h.ref_id) for h in hits}


@st.composite
def queries(draw, texts: list[str]) -> str:
    def term():
        return st.one_of(
            # Pieces of real text, of every length, sometimes in another width or case.
            st.sampled_from(texts).flatmap(
                lambda t: st.integers(0, max(0, len(t) - 1)).flatmap(
                    lambda i: st.integers(1, 8).map(lambda n: t[i : i + n])
                )
            ),
            st.text(alphabet=ALPHABET, min_size=0, max_size=6),
            st.sampled_from(['"', "*", "NEAR(", "OR", "AND", "NOT", "(", ")", "^", ":", "'"]),
        )

    parts = draw(st.lists(term(), min_size=0, max_size=3))
    return draw(st.sampled_from([" ", "　", "\n"])).join(parts)


def test_recall_equals_the_substring_oracle(session, corpus):
    texts = list(corpus.values())

    @settings(
        max_examples=250,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(queries(texts))
    @example("予算")
    @example("窓口")
    @example("研修")
    @example("DX")
    @example("課")
    @example("ｾｷｭﾘﾃｨ")
    @example("ｄｘ")
    @example('"予算')
    @example("NEAR(予算")
    @example("ガバメント")
    @example("㈱")
    @example("株式会社")
    @example("strasse")
    @example("file")
    @example("")
    def check(query: str) -> None:
        assert found(session, query) == oracle(corpus, query), query

    check()


@pytest.mark.parametrize("query", ["予算", "研修", "メモ", "宿題"])
def test_tombstoned_records_never_appear(session, corpus, query):
    assert found(session, query) == oracle(corpus, query)
