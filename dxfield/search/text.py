"""Text side of search: normalisation, the bigram encoding, query expressions, offsets.

FTS5's own tokenizers fail Japanese: ``unicode61`` makes a run of kanji one token and
``trigram`` cannot find one- or two-character words (予算, 課). So the index holds the
normalised text as overlapping character bigrams, each spelled as an ASCII token that no
tokenizer splits: every code point becomes four base-36 digits (36**4 > 0x10FFFF). A run
of non-space characters ``abc`` is indexed as ``AB BC C``: its bigrams and then its last
character alone, so that every character of the run starts some token.

That makes every query length exact, with no false hits and no misses:

* one character: a prefix query on its four digits (bigrams starting with it, or a final
  character alone), served by the ``prefix='4'`` index;
* two characters: one token;
* three or more: a phrase of the term's bigrams. Consecutive phrase positions can only be
  bigrams of one run, because a run always ends with a four-digit single token.

Whitespace never occurs inside a query term, so bigrams across whitespace are not indexed.
User text only ever reaches ``MATCH`` as these digits, so FTS5 syntax (``"``, ``*``,
``NEAR(``, ``OR``, brackets) in a query is just text to look for.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from itertools import pairwise

DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
CODE_WIDTH = 4  # base-36 digits per code point


def normalise(text: str) -> str:
    """NFKC then casefold: ｾｷｭﾘﾃｨ → セキュリティ, ｄｘ and DX → dx."""
    return unicodedata.normalize("NFKC", text).casefold()


def query_terms(query: str) -> list[str]:
    """The normalised whitespace-separated terms of a query, duplicates dropped."""
    return list(dict.fromkeys(normalise(query).split()))


@lru_cache(maxsize=65536)
def _code(ch: str) -> str:
    n = ord(ch)
    out = []
    for _ in range(CODE_WIDTH):
        n, r = divmod(n, 36)
        out.append(DIGITS[r])
    return "".join(reversed(out))


class _Codes(dict):
    """``str.translate`` table: code point -> its code (``_code``), made on first use."""

    def __missing__(self, point: int) -> str:
        self[point] = code = _code(chr(point))
        return code


class _Followers(dict):
    """``str.translate`` table for every character of a run but the first: the code ends
    the bigram begun before it and starts the next token, ``code + " " + code``."""

    def __missing__(self, point: int) -> str:
        code = _CODES[point]
        self[point] = pair = f"{code} {code}"
        return pair


_CODES = _Codes()
_FOLLOWERS = _Followers()


def tokens(normalised: str) -> str:
    """The FTS5 column value for already normalised text (see the module docstring).

    A run ``abc`` gives ``AB BC C``, i.e. ``A`` then ``B B`` then ``C C`` written together:
    each character after the first closes a bigram and opens the next token. Written as
    two ``str.translate`` calls per run (an initial pull indexes 100,000 texts)."""
    return " ".join(
        run[0].translate(_CODES) + run[1:].translate(_FOLLOWERS) for run in normalised.split()
    )


def term_expression(term: str) -> str:
    """The FTS5 query for one normalised term (no whitespace inside)."""
    codes = [_code(ch) for ch in term]
    if len(codes) == 1:
        return f'"{codes[0]}" *'
    return '"' + " ".join(a + b for a, b in pairwise(codes)) + '"'


def match_expression(terms: list[str]) -> str:
    """All terms ANDed; the result contains only digits, spaces, quotes and ``*``."""
    return " AND ".join(term_expression(t) for t in terms)


# --- offsets in the original text ----------------------------------------------------------

# Characters that NFKC may fuse with the character before them: combining marks and the
# half-width voiced sound marks (ｶﾞ → ガ). A chunk is a character plus such followers.
_JOINERS = frozenset("\uff9e\uff9f\u3099\u309a\u309b\u309c")


def _chunks(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or not (text[i] in _JOINERS or unicodedata.combining(text[i])):
            spans.append((start, i))
            start = i
    return spans


@lru_cache(maxsize=65536)
def _normalise_piece(piece: str) -> str:
    return normalise(piece)


def normalised_with_offsets(original: str) -> tuple[str, list[int]]:
    """The normalised text and, for each of its characters, the index in ``original`` of
    the character it came from (plus a final entry ``len(original)``).

    Character by character first (cached, fast); where NFKC fuses characters (ｶﾞ → ガ) that
    disagrees with normalising the whole, so chunk by chunk; if even that disagrees, the
    whole text is one chunk: correct hits, imprecise highlights.
    """
    whole = normalise(original)
    if len(whole) == len(original):
        pieces = [_normalise_piece(ch) for ch in original]
        if all(pieces) and "".join(pieces) == whole:
            # Every character became exactly one: positions are unchanged (the usual case).
            return whole, list(range(len(original) + 1))
    for split in (_by_char, _by_chunk):
        pieces, starts = split(original)
        if "".join(pieces) == whole:
            offsets: list[int] = []
            for piece, start in zip(pieces, starts, strict=True):
                offsets.extend([start] * len(piece))
            offsets.append(len(original))
            return whole, offsets
    return whole, [0] * len(whole) + [len(original)]


def _by_char(original: str) -> tuple[list[str], range]:
    return [_normalise_piece(ch) for ch in original], range(len(original))


def _by_chunk(original: str) -> tuple[list[str], list[int]]:
    spans = _chunks(original)
    return [_normalise_piece(original[a:b]) for a, b in spans], [a for a, _ in spans]


def find_spans(original: str, terms: list[str]) -> list[tuple[int, int]]:
    """Every occurrence of every term, as sorted, merged (start, end) spans of ``original``."""
    normalised, offsets = normalised_with_offsets(original)
    spans: list[tuple[int, int]] = []
    for term in terms:
        pos = normalised.find(term)
        while pos >= 0:
            start = offsets[pos]
            end_index = pos + len(term)
            # The end is the start of the next original chunk not covered by the match.
            end = offsets[end_index] if end_index < len(offsets) else len(original)
            if end_index < len(normalised) and offsets[end_index] == offsets[end_index - 1]:
                end = _next_chunk_start(offsets, end_index, len(original))
            spans.append((start, max(end, start + 1)))
            pos = normalised.find(term, pos + 1)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _next_chunk_start(offsets: list[int], index: int, length: int) -> int:
    current = offsets[index]
    for value in offsets[index:]:
        if value != current:
            return value
    return length
