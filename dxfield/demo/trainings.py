"""Demo trainings and their surveys: a top seminar, DX入門研修 held with 全体相談 visits, the
summer camp, an open-data workshop, four training videos — and what the participants
answered.

Most trainings reach the proposal's headline (8割以上が変化を実感), some do not: a
DX入門研修 squeezed into a short slot, a town where the change is slow, the videos watched
alone. Everything has a stable id and is only added when missing; responses are written in
bulk (one flush per training), which keeps ``dxfield demo`` fast.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import (
    AttendeeGroup,
    Municipality,
    Phase,
    ResponseSource,
    SurveyAnswer,
    SurveyResponse,
    Training,
    TrainingKind,
    TrainingMethod,
    Visit,
    VisitStatus,
)
from ..models.base import stable_id
from ..services.trainings import Attendance, TrainingInput, create_training
from ..surveys.definition import SurveyDef
from ..surveys.template import survey_definition, survey_item_id, survey_template_for
from .people import TEAM_BY_KEY

LEAD = f"{TEAM_BY_KEY['lead1'].name}（総括アドバイザー）"
LEAD2 = f"{TEAM_BY_KEY['lead2'].name}（総括アドバイザー）"
DATA = f"{TEAM_BY_KEY['data'].name}（専門アドバイザー・データ利活用）"
BPR = f"{TEAM_BY_KEY['bpr'].name}（専門アドバイザー・BPR）"

VIDEOS = (
    ("【自治体DXセミナー入門編1】自治体DXマインド", "https://youtu.be/bHsHfS7bPNA"),
    ("【自治体DXセミナー入門編2】DXとは？", "https://youtu.be/0q1qv9b5XQY"),
    ("【自治体DXセミナー入門編3】なぜDXなのか？", "https://youtu.be/xg_ojsGKSI"),
    ("【自治体DXセミナー入門編4】自治体DXでできること", "https://youtu.be/rbdPijhKARe"),
)
INTRO_CONTENT = (
    "自治体DXとは何か（デジタル化との違い）\n"
    "なぜ今DXなのか：人口減少と行政の担い手不足\n"
    "他県の取組事例（トップセミナー・研修動画・ワークショップ）\n"
    "グループワーク：自分の課の「紙・ハンコ・対面」を書き出す\n"
)
IMPRESSIONS = (
    "DXは技術の話ではなく、仕事の進め方を変える話だと分かった。",
    "他県の事例が具体的で、うちの町でもできそうだと感じた。",
    "グループワークで他の課の悩みが聞けたのがよかった。",
    "首長が最初から最後まで参加していて、本気度が伝わった。",
    "「地味でも着実に」という言葉が印象に残った。",
    "時間が短く、もう少し事例を聞きたかった。",
    "専門用語が多く、少し難しかった。",
    "窓口の職員にも同じ話を聞いてほしいと思った。",
    "研修動画で予習してから参加できたので理解しやすかった。",
    "課内で今日の内容を共有したい。",
)
NEEDS = (
    "窓口のオンライン申請を増やしたいが、何から始めればよいか相談したい。",
    "庁内にDXを担当できる職員が少なく、人材育成の支援をお願いしたい。",
    "基幹系システムの標準化の進め方について、近隣町村と一緒に勉強したい。",
    "オープンデータを公開したいが、どのデータから出せばよいか分からない。",
    "業務フローの見直し（BPR）のやり方を、実際の業務で教えてほしい。",
    "生成AIを業務で使うときのルール作りについて助言がほしい。",
    "予算要求の時期に合わせて、県の補助制度の情報がほしい。",
    "職員向けの研修を来年度も続けてほしい。",
)
DECLINE = ("どちらともいえない", "あまりそう思わない")


@dataclass(frozen=True)
class DemoTraining:
    key: str
    data: TrainingInput
    # How warmly this audience responds: the chance a respondent felt a change.
    warmth: float
    # Share of attendees who answer the survey (videos: a number of answers instead).
    answer_rate: float = 0.7
    answers: int = 0


def _at(day: date, start: time, minutes: int) -> tuple[datetime, datetime]:
    begin = datetime.combine(day, start)
    return begin, begin + timedelta(minutes=minutes)


def _staff_for(town: Municipality, rng: random.Random) -> int:
    population = town.population or 10_000
    return max(8, min(60, population // 2500 + rng.randint(4, 12)))


def plan_trainings(
    year: int, towns: list[Municipality], overall_visits: list[Visit]
) -> list[DemoTraining]:
    """The year's trainings. ``overall_visits`` are the 全体相談 visits an intro training can
    be held with (the towns that asked for one)."""
    rng = random.Random(f"demo:trainings:{year}")
    by_code = sorted(towns, key=lambda t: t.code)
    plans: list[DemoTraining] = []

    start, end = _at(date(year, 6, 6), time(14, 0), 90)
    mayors = rng.sample(by_code, 21)
    plans.append(
        DemoTraining(
            "top",
            TrainingInput(
                kind=TrainingKind.TOP_SEMINAR,
                title="市町村長向けトップセミナー「いま、なぜ自治体DXなのか」",
                starts_at=start,
                ends_at=end,
                method=TrainingMethod.HYBRID,
                place="和歌山県庁 本館 正庁",
                online_url="https://meet.example.jp/top-seminar",
                audience="市町村長・副市町村長",
                lecturers=f"{LEAD}\n{LEAD2}\n",
                content="デジタル敗戦から学ぶこと\n首長が示す方針と推進体制\n他県の首長の取組\n",
                materials="トップセミナー資料（PDF）\n他県事例集\n",
                prefecture_attendees=6,
                status=VisitStatus.DONE,
                municipalities=[
                    Attendance(t.id, leaders=rng.randint(1, 3), staff=None) for t in mayors
                ],
            ),
            warmth=0.92,
            answer_rate=0.75,
        )
    )

    chosen = [v for v in overall_visits if v.status != VisitStatus.CANCELLED]
    chosen = sorted(rng.sample(chosen, min(12, len(chosen))), key=lambda v: v.starts_at)
    slow = {v.id for v in chosen[3:4] + chosen[-2:-1]}  # two towns where the change is slow
    for visit in chosen:
        town = visit.municipality
        # After the consultation: after lunch when it ended by noon, else straight after.
        if visit.ends_at.hour < 13:
            begin = visit.ends_at.replace(hour=13, minute=30)
        else:
            begin = visit.ends_at + timedelta(minutes=15)
        short = visit.id in slow
        plans.append(
            DemoTraining(
                f"intro:{town.code}",
                TrainingInput(
                    kind=TrainingKind.INTRO,
                    title=f"DX入門研修（{town.name}）",
                    starts_at=begin,
                    ends_at=begin + timedelta(minutes=60 if short else 90),
                    method=TrainingMethod.ONSITE,
                    place=visit.location or f"{town.name}役場 会議室",
                    audience="全職員（希望者）",
                    lecturers=f"{LEAD}\n",
                    content=INTRO_CONTENT,
                    materials="DX入門研修テキスト\nワークシート「わたしの職場のアナログ業務」\n",
                    visit_id=visit.id,
                    prefecture_attendees=rng.randint(1, 2),
                    status=visit.status,
                    municipalities=[
                        Attendance(town.id, leaders=rng.randint(2, 6), staff=_staff_for(town, rng))
                    ],
                ),
                warmth=0.66 if short else rng.uniform(0.84, 0.95),
                answer_rate=rng.uniform(0.6, 0.85),
            )
        )

    start, end = _at(date(year, 8, 1), time(10, 0), 390)
    volunteers = rng.sample(by_code, 13)
    plans.append(
        DemoTraining(
            "camp",
            TrainingInput(
                kind=TrainingKind.JOINT,
                title="合同研修会（サマーキャンプ）「境界を越えて、楽しくDX」",
                starts_at=start,
                ends_at=end,
                method=TrainingMethod.ONSITE,
                place="和歌山県立情報交流センター Big・U（田辺市）",
                audience="市町村の有志職員",
                lecturers=f"{LEAD}\n{LEAD2}\n{DATA}\n{BPR}\n",
                content=(
                    "アイスブレイク：わがまちの自慢と困りごと\n"
                    "事例共有：窓口DX・オープンデータ\n"
                    "ワークショップ：共通課題を3つに絞る\n"
                    "発表と専門アドバイザーからの講評\n"
                ),
                materials="ワークショップ進行表\n共通課題シート\n",
                prefecture_attendees=5,
                status=VisitStatus.DONE,
                municipalities=[
                    Attendance(t.id, leaders=None, staff=rng.randint(1, 4)) for t in volunteers
                ],
            ),
            warmth=0.9,
            answer_rate=0.9,
        )
    )

    start, end = _at(date(year, 12, 3), time(14, 0), 120)
    plans.append(
        DemoTraining(
            "opendata",
            TrainingInput(
                kind=TrainingKind.OTHER,
                title="データ利活用研修「オープンデータを公開してみよう」",
                starts_at=start,
                ends_at=end,
                method=TrainingMethod.ONLINE,
                online_url="https://meet.example.jp/opendata",
                audience="情報政策・企画担当の職員",
                lecturers=f"{DATA}\n",
                content=(
                    "オープンデータとは：推奨データセットと公開の手順\n"
                    "和歌山県内の取組状況（全国との比較）\n"
                    "演習：自分の町の公共施設一覧をCSVにする\n"
                ),
                materials="自治体標準オープンデータセット（デジタル庁）\n演習用CSVひな形\n",
                prefecture_attendees=2,
                status=VisitStatus.DONE,
                municipalities=[
                    Attendance(t.id, leaders=None, staff=rng.randint(1, 3))
                    for t in rng.sample(by_code, 9)
                ],
            ),
            warmth=0.8,
            answer_rate=0.8,
        )
    )

    for n, (title, url) in enumerate(VIDEOS, start=1):
        published = datetime(year, 7, 1, 9, 0) + timedelta(days=14 * (n - 1))
        plans.append(
            DemoTraining(
                f"video:{n}",
                TrainingInput(
                    kind=TrainingKind.VIDEO,
                    title=title,
                    starts_at=published,
                    ends_at=datetime(year + 1, 3, 31, 17, 0),
                    method=TrainingMethod.ON_DEMAND,
                    online_url=url,
                    audience="県・市町村の全職員",
                    lecturers=f"{LEAD}\n",
                    content="DX入門研修と同じ内容を約15分にまとめた動画\n",
                    status=VisitStatus.DONE,
                ),
                warmth=0.72,
                answers=rng.randint(9, 16),
            )
        )
    return plans


def training_id(year: int, key: str) -> str:
    return stable_id("demo", "training", year, key)


def ensure_trainings(session: Session, year: int, towns: list[Municipality], today: date) -> int:
    """The year's trainings held or planned by ``today``, and the surveys of those held."""
    visits = list(
        session.scalars(
            select(Visit).where(
                Visit.fiscal_year == year,
                Visit.deleted.is_(False),
                Visit.phase == Phase.OVERALL,
            )
        )
    )
    added = 0
    for plan in plan_trainings(year, towns, visits):
        if plan.data.starts_at.date() > today + timedelta(days=45):
            continue  # not yet planned
        tid = training_id(year, plan.key)
        training = session.get(Training, tid)
        if training is None:
            held = plan.data.starts_at.date() < today
            status = plan.data.status if held else VisitStatus.PLANNED
            data = plan.data
            if not held:
                # Nobody has counted the attendees of a training still to come.
                data = _uncounted(data)
            data.status = status
            training = create_training(session, data, training_id=tid)
            added += 1
        if training.status == VisitStatus.DONE and training.starts_at.date() < today:
            added += _ensure_responses(session, training, plan, today)
    return added


def _uncounted(data: TrainingInput) -> TrainingInput:
    from dataclasses import replace

    return replace(
        data,
        prefecture_attendees=None,
        municipalities=[Attendance(a.municipality_id) for a in data.municipalities],
    )


def _ensure_responses(session: Session, training: Training, plan: DemoTraining, today: date) -> int:
    exists = session.scalar(
        select(SurveyResponse.id).where(SurveyResponse.training_id == training.id).limit(1)
    )
    if exists is not None:
        return 0
    template = survey_template_for(session, training)
    defn = survey_definition(template)
    rng = random.Random(f"demo:survey:{training.id}")
    added = 0
    for n, (town_id, group) in enumerate(_respondents(training, plan, rng)):
        ref = f"demo:{n + 1}"
        rid = stable_id("survey_response", training.id, ref)
        if training.method is TrainingMethod.ON_DEMAND:
            # A video is answered whenever someone watches it, while it is offered.
            until = min(training.ends_at, datetime.combine(today, time(0, 0)))
            span = max(1, int((until - training.starts_at).total_seconds() // 60))
            when = training.starts_at + timedelta(minutes=rng.randint(60, max(61, span)))
        else:
            when = training.ends_at + timedelta(minutes=rng.randint(5, 60 * 24 * 3))
        if when.date() >= today:
            continue
        added += 1
        session.add(
            SurveyResponse(
                id=rid,
                training_id=training.id,
                template_id=template.id,
                municipality_id=town_id,
                respondent_group=group,
                submitted_at=when.replace(microsecond=0),
                source=ResponseSource.WEB_FORM,
                source_ref=ref,
            )
        )
        for code, value in _answers(defn, plan.warmth, rng).items():
            item_id = survey_item_id(defn.template_version, code)
            session.add(
                SurveyAnswer(
                    id=stable_id("survey_answer", rid, item_id),
                    response_id=rid,
                    item_id=item_id,
                    value=defn.item(code).normalize(value),
                )
            )
    session.flush()
    return added


def _respondents(
    training: Training, plan: DemoTraining, rng: random.Random
) -> list[tuple[str | None, AttendeeGroup]]:
    if plan.answers:
        return [(None, AttendeeGroup.STAFF) for _ in range(plan.answers)]
    people: list[tuple[str | None, AttendeeGroup]] = []
    for link in training.municipalities:
        people += [(link.municipality_id, AttendeeGroup.LEADERS)] * (link.leaders or 0)
        people += [(link.municipality_id, AttendeeGroup.STAFF)] * (link.staff or 0)
    people += [(None, AttendeeGroup.PREFECTURE)] * (training.prefecture_attendees or 0)
    rng.shuffle(people)
    return people[: round(len(people) * plan.answer_rate)]


def _answers(defn: SurveyDef, warmth: float, rng: random.Random) -> dict[str, object]:
    felt = rng.random() < warmth
    given: dict[str, object] = {}
    for item in defn.headline_items:
        if felt:
            given[item.code] = rng.choices(("そう思う", "ややそう思う"), (3, 2))[0]
        else:
            # Not every respondent who did not feel it says so on every item.
            given[item.code] = rng.choice(("ややそう思う", *DECLINE, *DECLINE))
    given["SAT-CLEAR"] = rng.choices(("そう思う", "ややそう思う", "どちらともいえない"), (5, 4, 1))[
        0
    ]
    given["SAT-USEFUL"] = rng.choices(
        ("そう思う", "ややそう思う", "どちらともいえない"), (4, 5, 1)
    )[0]
    given["LENGTH"] = rng.choices(("長い", "ちょうどよい", "短い"), (1, 6, 2))[0]
    themes = defn.item("NEXT-THEMES").choices
    given["NEXT-THEMES"] = [c.label for c in rng.sample(themes, rng.randint(0, 3))]
    if rng.random() < 0.3:
        given["FREE-IMPRESSION"] = rng.choice(IMPRESSIONS)
    if rng.random() < 0.15:
        given["FREE-NEEDS"] = rng.choice(NEEDS)
    return given
