"""The demo cast: a fictional advisory team and fictional contacts at every municipality.

Every name, phone number and address here is invented. Phone numbers use real Wakayama
area codes with a local exchange starting with 0, which no real line has; e-mail addresses
are under ``example.jp``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from ..models import Area, Municipality, MunicipalityKind, Role


@dataclass(frozen=True)
class DemoMember:
    key: str
    name: str
    kana: str
    role: Role
    field: str = ""
    email: str = ""


TEAM: tuple[DemoMember, ...] = (
    DemoMember("lead1", "佐伯 真理子", "さえき まりこ", Role.LEAD, email="m.saeki@example.jp"),
    DemoMember("lead2", "東 健太郎", "ひがし けんたろう", Role.LEAD, email="k.higashi@example.jp"),
    DemoMember("bpr", "岡 直樹", "おか なおき", Role.SPECIALIST, "BPR", "n.oka@example.jp"),
    DemoMember(
        "system",
        "藤原 彩",
        "ふじわら あや",
        Role.SPECIALIST,
        "情報システム",
        "a.fujiwara@example.jp",
    ),
    DemoMember(
        "data",
        "中西 悠",
        "なかにし ゆう",
        Role.SPECIALIST,
        "データ利活用",
        "y.nakanishi@example.jp",
    ),
    DemoMember(
        "support1", "宮本 さくら", "みやもと さくら", Role.SUPPORT, email="s.miyamoto@example.jp"
    ),
    DemoMember("support2", "小川 拓海", "おがわ たくみ", Role.SUPPORT, email="t.ogawa@example.jp"),
    DemoMember(
        "pref1", "前田 誠", "まえだ まこと", Role.PREFECTURE, email="m.maeda@pref.example.jp"
    ),
    DemoMember(
        "pref2", "玉置 由美", "たまき ゆみ", Role.PREFECTURE, email="y.tamaki@pref.example.jp"
    ),
)
TEAM_BY_KEY = {m.key: m for m in TEAM}
# The specialist who leads each domain consultation (分野別相談).
SPECIALIST_FOR_DOMAIN = {"bpr": "bpr", "system": "system", "data": "data"}

# (family name, kana, romaji); common in Wakayama, combined at random with given names.
FAMILY_NAMES = (
    ("山本", "やまもと", "yamamoto"),
    ("中村", "なかむら", "nakamura"),
    ("田中", "たなか", "tanaka"),
    ("松本", "まつもと", "matsumoto"),
    ("谷口", "たにぐち", "taniguchi"),
    ("西", "にし", "nishi"),
    ("岩崎", "いわさき", "iwasaki"),
    ("坂本", "さかもと", "sakamoto"),
    ("濱口", "はまぐち", "hamaguchi"),
    ("辻", "つじ", "tsuji"),
    ("森", "もり", "mori"),
    ("畑中", "はたなか", "hatanaka"),
    ("湯川", "ゆかわ", "yukawa"),
    ("南", "みなみ", "minami"),
    ("丸山", "まるやま", "maruyama"),
    ("久保", "くぼ", "kubo"),
    ("芝", "しば", "shiba"),
    ("平野", "ひらの", "hirano"),
    ("上野", "うえの", "ueno"),
    ("尾崎", "おざき", "ozaki"),
    ("寺本", "てらもと", "teramoto"),
    ("榎本", "えのもと", "enomoto"),
    ("楠本", "くすもと", "kusumoto"),
    ("下村", "しもむら", "shimomura"),
)
GIVEN_NAMES = (
    ("浩二", "こうじ"),
    ("美香", "みか"),
    ("大輔", "だいすけ"),
    ("恵", "めぐみ"),
    ("翔太", "しょうた"),
    ("由紀", "ゆき"),
    ("隆", "たかし"),
    ("千尋", "ちひろ"),
    ("健", "けん"),
    ("真由美", "まゆみ"),
    ("和也", "かずや"),
    ("彩花", "あやか"),
    ("修", "おさむ"),
    ("智子", "ともこ"),
    ("亮", "りょう"),
    ("奈々", "なな"),
)

_CITY_DEPARTMENTS = ("企画政策課", "総務課 DX推進室", "情報政策課", "デジタル推進課")
_TOWN_DEPARTMENTS = ("企画課", "総務課", "総務課 DX推進係", "総務課 情報係", "住民課")
_TITLES = ("課長", "課長補佐", "係長", "主査", "主任", "主事")

# Area codes by municipality code; the rest of the number is fictional (see module doc).
_AREA_CODES = {
    "302015": "073",
    "302023": "073",
    "303046": "073",
    "302040": "0737",
    "303615": "0737",
    "303623": "0737",
    "303666": "0737",
    "302058": "0738",
    "303810": "0738",
    "303828": "0738",
    "303836": "0738",
    "303909": "0738",
    "303925": "0738",
    "302066": "0739",
    "303917": "0739",
    "304018": "0739",
    "304042": "0739",
    "304069": "0739",
}


@dataclass(frozen=True)
class DemoContact:
    key: str
    name: str
    kana: str
    department: str
    title: str
    phone: str
    email: str
    is_primary: bool


def phone_number(town: Municipality, rng: random.Random) -> str:
    default = "0736" if town.area == Area.KIHOKU else "0735"
    area = _AREA_CODES.get(town.code, default)
    number = rng.randrange(1000, 10000)
    if len(area) == 3:
        return f"{area}-0{rng.randrange(10, 100)}-{number}"
    return f"{area}-0{rng.randrange(1, 10)}-{number}"


def contacts_for(town: Municipality) -> list[DemoContact]:
    """1–3 fictional contacts, the first one primary; the same every time for a town."""
    rng = random.Random(f"demo:contacts:{town.code}")
    count = 1 if (town.population or 0) < 3000 else rng.choice((2, 2, 3))
    departments = _CITY_DEPARTMENTS if town.kind == MunicipalityKind.CITY else _TOWN_DEPARTMENTS
    department = rng.choice(departments)
    families = rng.sample(FAMILY_NAMES, count)
    titles = sorted(rng.sample(_TITLES, count), key=_TITLES.index)
    result = []
    for n, ((family, family_kana, romaji), title) in enumerate(zip(families, titles, strict=True)):
        given, given_kana = rng.choice(GIVEN_NAMES)
        result.append(
            DemoContact(
                key=f"{town.code}:{n}",
                name=f"{family} {given}",
                kana=f"{family_kana} {given_kana}",
                department=department if n < 2 else rng.choice(departments),
                title=title,
                phone=phone_number(town, rng),
                email=f"{romaji}.{town.code}@example.jp",
                is_primary=n == 0,
            )
        )
    return result


def area_team(area: Area) -> tuple[str, str]:
    """(lead, support staff) of the 紀北 and 紀南 teams of the domain consultations."""
    return ("lead1", "support1") if area == Area.KIHOKU else ("lead2", "support2")
