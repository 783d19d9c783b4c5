"""A plan's values as the report reads and prints them: its days read leniently (a
hand-written plan with odd or missing fields still renders), and numbers, shares, dates
and durations formatted for the page."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from models.calendar import BlockCalendar
from models.errors import InputError
from models.labels import MONTHS, WEEKDAY_LABELS
from models.outputs.charts import shorten
from models.plan_document import day_date

# ---------------------------------------------------------------------------
# The plan's days, read leniently
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportDay:
    """What the report shows of one plan day; fields a hand-written plan lacks are None."""

    date: dt.date
    session: str
    type: str
    minutes: float | None
    load: float | None
    hard: bool
    description: str


def plan_days_by_index(cal: BlockCalendar, plan: Mapping[str, Any]) -> dict[int, ReportDay]:
    """The plan's days inside the block by day index (the first entry of a date wins).

    Raises InputError (field `days`) for a plan without days, such as an INFEASIBLE or
    UNKNOWN outcome, or one whose days all lie outside the block."""
    raw = plan.get("days")
    if not isinstance(raw, list) or not raw:
        status = shorten(plan.get("status", "not given"))
        raise InputError(
            f"the plan has no days (status {status}), so there is no calendar to report; "
            "only a plan with a calendar (OPTIMAL or FEASIBLE) can be reported",
            field="days",
        )
    out: dict[int, ReportDay] = {}
    for i, entry in enumerate(raw):
        if not isinstance(entry, Mapping):
            continue
        date = day_date(entry, i)
        if date is None:
            continue
        index = cal.day_index(date)
        if 0 <= index < cal.n_days and index not in out:
            out[index] = ReportDay(
                date=date,
                session=text_or(entry.get("session"), "?"),
                type=text_or(entry.get("type"), "?"),
                minutes=number_or_none(entry.get("minutes")),
                load=number_or_none(entry.get("load")),
                hard=entry.get("hard") is True,
                description=text_or(entry.get("description"), ""),
            )
    if not out:
        last = cal.date(cal.n_days - 1)
        raise InputError(
            f"none of the plan's days has a date in the block {cal.start} to {last}",
            field="days",
        )
    return out


def number_or_none(value: Any) -> float | None:
    """A finite number as a float; None for anything else (text, a bool, NaN, infinity)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def text_or(value: Any, default: str) -> str:
    return default if value is None else str(value)


# ---------------------------------------------------------------------------
# Formatting
# ---------------------------------------------------------------------------


def fmt_num(value: float | None, digits: int = 0) -> str:
    """A number for a table: '-' when there is none, '∞' for an infinite one."""
    if value is None:
        return "-"
    if math.isinf(value):
        return "∞"
    if digits == 0 and float(value).is_integer():
        return str(int(value))
    return f"{value:.{digits}f}"


def fmt_pct(share: float | None) -> str:
    return "-" if share is None else f"{100 * share:.0f}%"


def fmt_signed_pct(value: float | None) -> str:
    return "-" if value is None else f"{value:+.0f}%"


def long_date(date: dt.date) -> str:
    return f"{WEEKDAY_LABELS[date.weekday()]} {date.day} {MONTHS[date.month - 1]} {date.year}"


def hours(minutes: float) -> str:
    whole = round(minutes)
    return f"{whole // 60} h {whole % 60:02d}"
