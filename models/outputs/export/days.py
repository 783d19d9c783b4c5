"""A plan JSON document read for export: each day with its catalog session, its
workout and, on race days, the race's name."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from models.catalog import resolve_catalog
from models.errors import InputError
from models.paces import render_description, training_paces
from models.plan_document import day_date
from models.scenario import Scenario, Session
from models.workout import RACE_NAMES, Workout, workout_for


@dataclass(frozen=True)
class ExportDay:
    date: dt.date
    week: int  # 1-based block week, counted from the scenario's start
    session: Session
    workout: Workout | None  # None on rest days
    race: str | None  # the race's name on a race day
    description: str  # the session's description with the athlete's paces

    @property
    def title(self) -> str:
        if self.race is not None:
            return f"RACE: {self.race}"
        if self.workout is not None:
            return self.workout.name
        return "Rest" if self.session.type == "rest" else self.session.id

    @property
    def file_stem(self) -> str:
        """`2027-01-04-easy-45`; characters unsafe in a file name become `_`."""
        return f"{self.date.isoformat()}-{re.sub(r'[^A-Za-z0-9._-]+', '_', self.session.id)}"


@dataclass(frozen=True)
class ExportPlan:
    scenario: Scenario
    days: tuple[ExportDay, ...]
    paces: dict[str, float] | None

    @property
    def start(self) -> dt.date:
        return self.scenario.start

    @property
    def training_days(self) -> tuple[ExportDay, ...]:
        """The days that hold a workout."""
        return tuple(d for d in self.days if d.workout is not None)


def read_plan(plan: Mapping[str, Any], scenario: Scenario) -> ExportPlan:
    """The plan's days with their sessions; InputError for a plan without days, a date
    outside the block or out of order, or a session id the catalog does not hold."""
    if not isinstance(plan, Mapping):
        raise InputError("the plan is not a JSON object")
    raw_days = plan.get("days")
    if not raw_days:
        status = plan.get("status", "unknown")
        raise InputError(f"the plan has no days to export (status {status})", field="days")
    if not isinstance(raw_days, list):
        raise InputError("`days` is not a list", field="days")
    catalog = {s.id: s for s in resolve_catalog(scenario)}
    paces = training_paces(scenario.athlete.recent_race) if scenario.athlete.recent_race else None
    races = {r.date: r for r in scenario.races}
    days: list[ExportDay] = []
    for i, raw in enumerate(raw_days):
        date, session_id = _day_fields(raw, i)
        if not scenario.start <= date <= scenario.last_day:
            raise InputError(
                f"{date} lies outside the block {scenario.start}..{scenario.last_day}",
                field=f"days[{i}].date",
            )
        if days and date <= days[-1].date:
            raise InputError(
                f"{date} repeats or comes before the day above it", field=f"days[{i}].date"
            )
        session = catalog.get(session_id)
        if session is None:
            raise InputError(
                f"session {session_id!r} is not in the scenario's catalog",
                field=f"days[{i}].session",
            )
        race = None
        if session.type == "race":
            assert session.distance is not None
            race = races[date].label if date in races else f"{RACE_NAMES[session.distance]} race"
        days.append(
            ExportDay(
                date=date,
                week=(date - scenario.start).days // 7 + 1,
                session=session,
                workout=workout_for(session, paces),
                race=race,
                description=render_description(session.description, paces),
            )
        )
    return ExportPlan(scenario=scenario, days=tuple(days), paces=paces)


def _day_fields(raw: Any, i: int) -> tuple[dt.date, str]:
    if not isinstance(raw, Mapping):
        raise InputError("a day is not a JSON object", field=f"days[{i}]")
    session_id = raw.get("session")
    date = day_date(raw, i)
    if date is None:
        raise InputError("the date is missing or not a string", field=f"days[{i}].date")
    if not isinstance(session_id, str):
        raise InputError("the session id is missing or not a string", field=f"days[{i}].session")
    return date, session_id
