"""A scenario's history (models/scenario.py), for re-planning: the days already lived,
the plan being revised and the weekly load caps set after signs of fatigue, and what
their dates may be within the block."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import Field, StrictBool, StrictInt, StrictStr

from models.scenario_fields import (
    MAX_BLOCK_DAYS,
    MAX_LOAD,
    Date,
    Distance,
    FieldError,
    Frozen,
    Load,
    Minutes,
    SessionType,
)


class HistoryDay(Frozen):
    """A day already lived: what the training log says was done."""

    date: Date
    session: Annotated[StrictStr, Field(min_length=1, max_length=80)]
    type: SessionType
    minutes: Minutes
    load: Load
    hard: StrictBool
    level: Annotated[StrictInt, Field(ge=0, le=100)] = 0
    distance: Distance | None = None
    note: StrictStr = ""


class PlannedDay(Frozen):
    date: Date
    session: Annotated[StrictStr, Field(min_length=1, max_length=80)]


class LoadCap(Frozen):
    week: Annotated[StrictInt, Field(ge=1, le=MAX_BLOCK_DAYS)]
    load: Annotated[StrictInt, Field(ge=0, le=7 * MAX_LOAD)]
    reason: StrictStr = ""


class History(Frozen):
    """The part of the block already lived, for re-planning (README, "Re-planning").

    Days before `until` are fixed to `days` (a day not listed was a rest day), and no
    rule is enforced on an instance that reads only such days. `planned` is the plan
    being revised, whose days the `plan_changes` penalty prefers to keep; `load_caps`
    are lower weekly ceilings set after signs of fatigue.
    """

    until: Date
    days: list[HistoryDay] = Field(default_factory=list)
    planned: list[PlannedDay] = Field(default_factory=list)
    load_caps: list[LoadCap] = Field(default_factory=list)


def check_history(history: History, start: dt.date, end: dt.date) -> None:
    """What a history's dates allow within a block from `start` to `end`."""
    if not start <= history.until <= end + dt.timedelta(days=1):
        raise FieldError("history.until", f"{history.until} lies outside the block {start}..{end}")
    seen: set[dt.date] = set()
    for i, day in enumerate(history.days):
        if not start <= day.date < history.until:
            raise FieldError(
                f"history.days[{i}].date",
                f"{day.date} is not a day of the block before history.until {history.until}",
            )
        if day.date in seen:
            raise FieldError(f"history.days[{i}].date", f"{day.date} is listed twice")
        seen.add(day.date)
    for i, planned in enumerate(history.planned):
        if not history.until <= planned.date <= end:
            raise FieldError(
                f"history.planned[{i}].date",
                f"{planned.date} is not a day of the block from history.until {history.until}",
            )
    n_weeks = ((end - start).days + 7) // 7
    for i, cap in enumerate(history.load_caps):
        if cap.week > n_weeks:
            raise FieldError(
                f"history.load_caps[{i}].week", f"week {cap.week}; the block has {n_weeks}"
            )
