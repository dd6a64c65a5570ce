"""Output header languages: English column names (the contract's) or Chinese ones (``--lang zh``).

Only headers and sheet titles change; values (shift codes, dates, day types) stay as the contract
writes them so that a file in either language can be read back and recomputed.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

Lang = Literal["en", "zh"]
LANGS: tuple[str, ...] = ("en", "zh")

_ZH: dict[str, str] = {
    # roster.csv / roster_grid.csv
    "staff_id": "工号",
    "name": "姓名",
    "date": "日期",
    "shift": "班次",
    "start": "开始时间",
    "end": "结束时间",
    "paid_hours": "计薪工时",
    "day_type": "日期类型",
    "skill": "技能",
    # coverage.csv
    "slot_start": "时段开始",
    "required_min": "最低人数",
    "target": "目标人数",
    "scheduled": "已排人数",
    "shortfall": "缺口",
    # payroll.csv
    "worked_days": "出勤天数",
    "leave_hours": "假期计薪工时",
    "overtime_hours": "加班工时",
    "holiday_days_worked": "法定节假日出勤天数",
    "holiday_hours": "法定节假日工时",
    "holiday_premium": "法定节假日加班费",
    "overtime_pay": "加班费",
    # roster.xlsx legend
    "code": "代码",
    "hours": "工时",
    "meaning": "说明",
    "time": "时间",
}

_SHEETS: dict[str, dict[str, str]] = {
    # the grid is the 排班表 in both languages: that is what the teams call the document
    "en": {"grid": "排班表", "roster": "roster", "coverage": "coverage", "payroll": "payroll"},
    "zh": {"grid": "排班表", "roster": "排班明细", "coverage": "覆盖情况", "payroll": "工资"},
}

_WEEKDAYS = {
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    "zh": ("一", "二", "三", "四", "五", "六", "日"),
}


def check_lang(lang: str) -> Lang:
    """``lang`` if supported, else ``ValueError``.

    >>> check_lang("zh")
    'zh'
    """
    if lang not in LANGS:
        raise ValueError(f"language {lang!r}: expected one of {', '.join(LANGS)}")
    return lang  # type: ignore[return-value]


def headers(lang: str = "en") -> dict[str, str]:
    """Column name → header in ``lang`` (empty for English: the contract's names are kept).

    >>> headers("zh")["staff_id"], headers("en")
    ('工号', {})
    """
    return dict(_ZH) if check_lang(lang) == "zh" else {}


def header(column: str, lang: str = "en") -> str:
    """One column's header; names without a translation (dates of the grid) stay as they are.

    >>> header("overtime_pay", "zh"), header("2026-10-01", "zh"), header("name")
    ('加班费', '2026-10-01', 'name')
    """
    return headers(lang).get(column, column)


def sheet_title(key: str, lang: str = "en") -> str:
    """Title of a roster.xlsx sheet (``grid``, ``roster``, ``coverage``, ``payroll``).

    >>> sheet_title("payroll", "zh")
    '工资'
    """
    return _SHEETS[check_lang(lang)][key]


def weekday(day: dt.date, lang: str = "en") -> str:
    """Short weekday name.

    >>> import datetime as dt
    >>> weekday(dt.date(2026, 10, 1)), weekday(dt.date(2026, 10, 1), "zh")
    ('Thu', '四')
    """
    return _WEEKDAYS[check_lang(lang)][day.weekday()]
