"""Survey exports as the form services write them, from the survey's own items."""

from __future__ import annotations

from dxfield.surveys.definition import SurveyDef

# The items of the default survey in file order, and what one respondent answers.
LIKERT = ("CHG-AWARE", "CHG-SHARE", "CHG-MOTIV", "SAT-CLEAR", "SAT-USEFUL")
GRID_TITLE = "研修を受けての変化についてお答えください"


def answers(n: int) -> dict[str, str]:
    """Respondent ``n``'s answers, as labels: most agree, every fifth does not."""
    agree = n % 5 != 4
    return {
        "CHG-AWARE": "そう思う" if agree else "どちらともいえない",
        "CHG-SHARE": "ややそう思う" if agree else "あまりそう思わない",
        "CHG-MOTIV": "そう思う" if n % 3 else "ややそう思う",
        "SAT-CLEAR": "そう思う",
        "SAT-USEFUL": "ややそう思う",
        "LENGTH": "ちょうどよい",
        "NEXT-THEMES": "業務改革（BPR）, 生成AIの活用" if n % 2 else "",
        "FREE-IMPRESSION": f"{n}番目の感想：首長のDXへの本気度が伝わった" if n % 4 == 0 else "",
        "FREE-NEEDS": "窓口のオンライン化の進め方を知りたい" if n == 3 else "",
    }


def google_forms_rows(defn: SurveyDef, towns: list[str], *, day="2025/06/10") -> list[list[str]]:
    """Google Forms: タイムスタンプ; the change items as a grid (「題 [行]」); the rest by title,
    required ones marked 「*」."""
    header = ["タイムスタンプ", "所属団体名", "参加者区分"]
    for item in defn.items:
        if item.code.startswith("CHG-"):
            header.append(f"{GRID_TITLE} [{item.text}]")
        else:
            header.append(item.text + (" *" if item.required else ""))
    rows = [header]
    for n, town in enumerate(towns):
        given = answers(n)
        rows.append(
            [f"{day} 15:{n // 60:02d}:{n % 60:02d}", town, "職員" if n else "幹部"]
            + [given[item.code] for item in defn.items]
        )
    return rows


def microsoft_forms_rows(defn: SurveyDef, towns: list[str], first_id: int = 1) -> list[list]:
    """Microsoft Forms: ID, 開始時刻, 完了時刻, メール, 名前, then items by their text;
    several choices joined with ";" and a trailing ";"."""
    header = ["ID", "開始時刻", "完了時刻", "メール", "名前", "市町村名"]
    header += [item.text for item in defn.items]
    rows: list[list] = [header]
    for n, town in enumerate(towns):
        given = answers(n)
        themes = given["NEXT-THEMES"].replace(", ", ";")
        given = {**given, "NEXT-THEMES": themes + ";" if themes else ""}
        stamp = f"6/10/25 15:{n:02d}:00"
        rows.append(
            [first_id + n, stamp, stamp, "anonymous", "", town]
            + [given[item.code] for item in defn.items]
        )
    return rows


def logo_rows(defn: SurveyDef, towns: list[str]) -> list[list[str]]:
    """LoGoフォーム: 回答ID and 受付日時, items numbered 「Q1．」."""
    header = ["回答ID", "受付日時", "所属団体名"]
    header += [f"Q{n}．{item.text}" for n, item in enumerate(defn.items, start=1)]
    rows = [header]
    for n, town in enumerate(towns):
        given = answers(n)
        rows.append(
            [f"R{1000 + n}", f"2025-06-10 16:{n:02d}:00", town]
            + [given[item.code] for item in defn.items]
        )
    return rows
