"""Compose interview notes and action items for a demo visit from the themes.

Everything is drawn from a ``random.Random`` the caller seeds per visit, so the same visit
always gets the same notes.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from ..models import Municipality, MunicipalityKind, NoteKind, OwnerSide, Phase
from .themes import DOMAIN_LABELS, GOALS, THEME_WEIGHTS, THEMES, THEMES_BY_KEY, Theme

_TAGGED = re.compile(r"^([tsml]+)\|")


def size_of(town: Municipality) -> str:
    """t(iny) < 5,000 people, s(mall) < 20,000, m(id) < 100,000, l(arge) beyond."""
    population = town.population or 0
    if population < 5_000:
        return "t"
    if population < 20_000:
        return "s"
    if population < 100_000:
        return "m"
    return "l"


def head_title(town: Municipality) -> str:
    return {MunicipalityKind.CITY: "市長", MunicipalityKind.TOWN: "町長"}.get(town.kind, "村長")


def lines_for(lines: tuple[str, ...], size: str) -> list[str]:
    result = []
    for line in lines:
        match = _TAGGED.match(line)
        if match is None:
            result.append(line)
        elif size in match.group(1):
            result.append(line[match.end() :])
    return result


def town_themes(town: Municipality, year: int, count: int = 4) -> list[str]:
    """The themes a municipality talks about in a year: mostly the same ones every year."""
    rng = random.Random(f"demo:themes:{town.code}:{year // 3}")
    weights = dict(THEME_WEIGHTS[size_of(town)])
    chosen: list[str] = []
    while len(chosen) < count and weights:
        key = rng.choices(list(weights), weights=list(weights.values()))[0]
        chosen.append(key)
        del weights[key]
    return chosen


def domain_focus(town: Municipality, year: int) -> str:
    """The domain (bpr/system/data) of the year's 分野別相談, from the town's themes."""
    for key in town_themes(town, year):
        if THEMES_BY_KEY[key].domain != "general":
            return THEMES_BY_KEY[key].domain
    return "system"


@dataclass
class NoteDraft:
    sections: dict[NoteKind, tuple[str, bool]] = field(default_factory=dict)
    # (title, owner side, days after the visit it is due)
    actions: list[tuple[str, OwnerSide, int]] = field(default_factory=list)


@dataclass(frozen=True)
class NoteContext:
    town: Municipality
    phase: Phase
    themes: list[str]
    domain: str
    attendees: str
    primary_contact: str
    department: str


class _Writer:
    def __init__(self, rng: random.Random, ctx: NoteContext, used: set[str]) -> None:
        self.rng = rng
        self.ctx = ctx
        self.size = size_of(ctx.town)
        self.used = used

    def fill(self, text: str) -> str:
        family = self.ctx.primary_contact.split(" ")[0]
        return text.format(
            town=self.ctx.town.name,
            head=head_title(self.ctx.town),
            pc=family,
            dept=self.ctx.department,
        )

    def pick(self, theme: Theme, part: str, k: int = 1) -> list[str]:
        """``k`` lines not yet said this year to this town (repeats only when none are left)."""
        pool = lines_for(getattr(theme, part), self.size)
        fresh = [line for line in pool if line not in self.used]
        chosen = self.rng.sample(fresh or pool, min(k, len(fresh or pool)))
        self.used.update(chosen)
        return [self.fill(line) for line in chosen]

    def themes(self, k: int, domain: str | None = None) -> list[Theme]:
        keys = [
            key for key in self.ctx.themes if domain is None or THEMES_BY_KEY[key].domain == domain
        ]
        if domain is not None and len(keys) < k:
            extra = [t.key for t in THEMES if t.domain == domain and t.key not in keys]
            keys += self.rng.sample(extra, min(k - len(keys), len(extra)))
        return [THEMES_BY_KEY[key] for key in keys[:k]]


def _bullets(lines: list[str]) -> str:
    return "\n".join(f"・{line}" for line in lines if line)


def compose(
    rng: random.Random, ctx: NoteContext, *, trend: str = "", used: set[str] | None = None
) -> NoteDraft:
    """The notes of one done visit. ``trend`` ("up", "flat", "down") colours the evaluation;
    ``used`` collects the lines already written for the town this year, to vary the next.
    """
    writer = _Writer(rng, ctx, used if used is not None else set())
    draft = NoteDraft()
    phase = ctx.phase
    sections = draft.sections
    labels = "・".join(t.label for t in writer.themes(3))

    if phase == Phase.ASSESSMENT_SHEET:
        theme = writer.themes(1)[0]
        sections[NoteKind.CURRENT_STATE] = (
            _bullets(
                [
                    "アセスメントシートの回答をWebフォームで受け付け、未回答の項目がないことを確認した。",
                    f"自由記述欄では{labels}に関する記載が多かった。",
                    *writer.pick(theme, "current"),
                ]
            ),
            False,
        )
        if rng.random() < 0.4:
            sections[NoteKind.ISSUES] = (_bullets(writer.pick(theme, "issues")), False)
        return draft

    sections[NoteKind.ATTENDEES] = (ctx.attendees, False)
    if phase == Phase.INTAKE:
        theme = writer.themes(1)[0]
        sections[NoteKind.CURRENT_STATE] = (
            _bullets(
                [
                    "アセスメントシートの結果を共有し、回答の背景を伺った。",
                    *writer.pick(theme, "current"),
                ]
            ),
            False,
        )
        sections[NoteKind.REQUESTS] = (_bullets(writer.pick(theme, "requests")), False)
        sections[NoteKind.AGREEMENTS] = (
            _bullets(
                [
                    f"全体相談では{labels}を中心に話を伺うこととした。",
                    "全体相談の日程と出席者は担当者から改めて連絡をいただく。",
                ]
            ),
            False,
        )
        draft.actions.append(("全体相談の出席者と会場の調整", OwnerSide.MUNICIPALITY, 14))
    elif phase == Phase.OVERALL:
        themes = writer.themes(3)
        sections[NoteKind.CURRENT_STATE] = (
            _bullets([line for t in themes for line in writer.pick(t, "current")]),
            False,
        )
        sections[NoteKind.ISSUES] = (
            _bullets([line for t in themes[:2] for line in writer.pick(t, "issues")]),
            False,
        )
        sections[NoteKind.REQUESTS] = (
            _bullets([line for t in themes[:2] for line in writer.pick(t, "requests")]),
            False,
        )
        sections[NoteKind.AGREEMENTS] = (
            _bullets(
                [
                    *writer.pick(themes[0], "agreements"),
                    "分野別相談で扱う分野を、今回の内容を踏まえてアドバイザー側で提案する。",
                ]
            ),
            False,
        )
        draft.actions += _actions(rng, themes[:2], 2)
    elif phase == Phase.DOMAIN:
        label = DOMAIN_LABELS[ctx.domain]
        themes = writer.themes(2, ctx.domain)
        sections[NoteKind.CURRENT_STATE] = (
            _bullets(
                [
                    f"{label}分野について、担当課から現状を説明いただいた。",
                    *[line for t in themes for line in writer.pick(t, "current")],
                ]
            ),
            False,
        )
        sections[NoteKind.ISSUES] = (
            _bullets([line for t in themes for line in writer.pick(t, "issues")]),
            False,
        )
        sections[NoteKind.REQUESTS] = (_bullets(writer.pick(themes[0], "requests")), False)
        sections[NoteKind.AGREEMENTS] = (
            _bullets([line for t in themes for line in writer.pick(t, "agreements")]),
            False,
        )
        draft.actions += _actions(rng, themes, 2)
    elif phase == Phase.MONITORING:
        theme = writer.themes(1)[0]
        progress = rng.choice(
            (
                "おおむね予定どおり進んでいる",
                "一部に遅れが出ている",
                "担当者の繁忙により手付かずの項目がある",
            )
        )
        sections[NoteKind.CURRENT_STATE] = (
            _bullets(
                [
                    f"前回合意した取組（{GOALS[theme.key]}）の進捗を確認した。{progress}。",
                    *writer.pick(theme, "current"),
                ]
            ),
            False,
        )
        sections[NoteKind.ISSUES] = (_bullets(writer.pick(theme, "issues")), False)
        sections[NoteKind.AGREEMENTS] = (_bullets(writer.pick(theme, "agreements")), False)
        draft.actions += _actions(rng, [theme], 1)
    elif phase == Phase.EVALUATION:
        look_back = {
            "up": "当初と比べて点数が伸びた分野が多く、担当者からも手応えがあるとの声があった。",
            "down": "一部の分野で当初より点数が下がった。担当者の異動で取組が止まったことが影響している。",
        }.get(trend, "点数は当初とほぼ同じだが、庁内の意識は変わってきたとのこと。")
        theme = writer.themes(1)[0]
        sections[NoteKind.CURRENT_STATE] = (
            _bullets(
                [
                    "アセスメントシートの当初と評価時点の結果を比較し、1年間の取組を振り返った。",
                    look_back,
                ]
            ),
            False,
        )
        sections[NoteKind.REQUESTS] = (_bullets(writer.pick(theme, "requests")), False)
        sections[NoteKind.AGREEMENTS] = (
            _bullets(
                [
                    f"次年度は{GOALS[theme.key]}を重点として取り組むこととした。",
                    "次年度のアセスメントシートは4月中旬に依頼する。",
                ]
            ),
            False,
        )
        draft.actions.append(("次年度の重点取組の庁内共有", OwnerSide.MUNICIPALITY, 30))

    if rng.random() < 0.35:
        memo_theme = writer.themes(1)[0] if rng.random() < 0.5 else rng.choice(writer.themes(3))
        memos = writer.pick(memo_theme, "memos")
        if memos:
            sections[NoteKind.MEMO] = (memos[0], True)
    return draft


def _actions(rng: random.Random, themes: list[Theme], k: int) -> list[tuple[str, OwnerSide, int]]:
    pool = [action for theme in themes for action in theme.actions]
    return rng.sample(pool, min(k, len(pool)))
