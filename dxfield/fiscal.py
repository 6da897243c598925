"""Programme years (年度, April to March) and Japanese era dates (和暦)."""

from __future__ import annotations

from datetime import date, datetime

# The programme years dxfield holds: assessments, imports and command-line years keep to them.
MIN_YEAR, MAX_YEAR = 2000, 2100

# (first day, era name); newest first.
_ERAS = ((date(2019, 5, 1), "令和"), (date(1989, 1, 8), "平成"), (date(1926, 12, 25), "昭和"))
_WEEKDAYS = "月火水木金土日"


def fiscal_year_of(day: date | datetime) -> int:
    """The 年度 a day belongs to: 2025-04-01 .. 2026-03-31 is 2025."""
    return day.year if day.month >= 4 else day.year - 1


def fiscal_year_bounds(year: int) -> tuple[date, date]:
    return date(year, 4, 1), date(year + 1, 3, 31)


def month_day_in_year(year: int, spec: str) -> date:
    """``"MM-DD"`` (or ``"MM-last"``) inside fiscal year ``year``: Jan–Mar fall in year + 1."""
    month_text, day_text = spec.split("-")
    month = int(month_text)
    calendar_year = year if month >= 4 else year + 1
    import calendar  # here: the desktop imports this module before its window is up

    day = calendar.monthrange(calendar_year, month)[1] if day_text == "last" else int(day_text)
    return date(calendar_year, month, day)


def era(day: date) -> tuple[str, int]:
    for start, name in _ERAS:
        if day >= start:
            return name, day.year - start.year + 1
    raise ValueError(f"{day} is before 昭和")


def _era_year_text(name: str, n: int) -> str:
    return f"{name}{'元' if n == 1 else n}年"


def wareki(day: date | datetime, *, with_seireki: bool = False) -> str:
    """``令和7年6月3日`` (or ``令和7年6月3日（2025年6月3日）``)."""
    d = day.date() if isinstance(day, datetime) else day
    name, n = era(d)
    text = f"{_era_year_text(name, n)}{d.month}月{d.day}日"
    if with_seireki:
        text += f"（{d.year}年{d.month}月{d.day}日）"
    return text


def wareki_with_weekday(day: date | datetime) -> str:
    """``令和9年2月4日（木）``: a day as a notice to officials writes it."""
    return f"{wareki(day)}（{_WEEKDAYS[day.weekday()]}）"


def wareki_datetime(moment: datetime) -> str:
    """``令和9年2月4日（木）14時8分`` (``…17時`` on the hour): a deadline or a receipt time,
    no zero padding, as a notice to officials writes it."""
    minutes = f"{moment.minute}分" if moment.minute else ""
    return f"{wareki_with_weekday(moment)}{moment.hour}時{minutes}"


def fiscal_year_label(year: int, *, with_seireki: bool = True) -> str:
    """``令和7年度（2025年度）`` for the year starting April 2025."""
    name, n = era(date(year, 4, 1))
    label = f"{_era_year_text(name, n)[:-1]}年度"
    return f"{label}（{year}年度）" if with_seireki else label
