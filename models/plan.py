"""The plan: a calendar of sessions with its weekly totals, race performances, penalties
and solve status, in the shape of plan format v1."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from models.calendar import BlockCalendar, build_calendar
from models.paces import render_description, training_paces
from models.penalties import penalty_values
from models.performance import perf, scored_races
from models.scenario import Scenario, Session

PLAN_FORMAT = "speedblock.plan/1"


class SolveStatus(StrEnum):
    OPTIMAL = "OPTIMAL"
    FEASIBLE = "FEASIBLE"
    INFEASIBLE = "INFEASIBLE"
    UNKNOWN = "UNKNOWN"
    MODEL_INVALID = "MODEL_INVALID"

    @property
    def has_plan(self) -> bool:
        return self in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE)


class Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class PlanDay(Out):
    date: dt.date
    session: str
    type: str
    minutes: int
    load: int
    hard: bool
    level: int
    description: str


class PlanWeek(Out):
    index: int
    start: dt.date
    days: int
    load: int
    minutes: int
    hard_days: int


class RaceResult(Out):
    date: dt.date
    distance: str
    priority: str
    name: str
    perf: float


class PenaltyResult(Out):
    name: str
    weight: float
    value: float
    cost: float


class Conflict(Out):
    constraint: str
    detail: str
    week: int | None = None
    date: dt.date | None = None
    hint: str | None = None


class Plan(Out):
    format: str = PLAN_FORMAT
    scenario: str
    status: SolveStatus
    objective: float | None = None
    bound: float | None = None
    gap: float | None = None
    solve_seconds: float = 0.0
    start: dt.date
    end: dt.date
    days: list[PlanDay] = Field(default_factory=list)
    weeks: list[PlanWeek] = Field(default_factory=list)
    races: list[RaceResult] = Field(default_factory=list)
    constraints: dict[str, Any] = Field(default_factory=dict)
    penalties: list[PenaltyResult] = Field(default_factory=list)
    conflicts: list[Conflict] = Field(default_factory=list)
    message: str = ""
    solver: dict[str, Any] = Field(default_factory=dict)
    # The scenario the plan was made for (constraint set merged), so that `export` and
    # `report` need the plan file only.
    scenario_document: dict[str, Any] | None = None

    def to_json_dict(self) -> dict[str, Any]:
        """The plan document (plan format v1) as plain JSON values."""
        return self.model_dump(mode="json")

    def to_json(self) -> str:
        """The plan document as the text `speedblock solve -o PLAN` writes."""
        return plan_json_text(self.to_json_dict())


def plan_json_text(doc: dict[str, Any]) -> str:
    """A plan document as the text of a plan file."""
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def plain_objective(scenario: Scenario, plan_days: Sequence[PlanDay]) -> float:
    """The objective of a plan computed in floating point: weighted perf minus penalties."""
    cal = build_calendar(scenario)
    loads = [d.load for d in plan_days]
    total = sum(
        r.weight * perf(scenario.objective, loads, r.day) for r in scored_races(scenario, cal)
    )
    if scenario.objective.soft_penalties:
        values = penalty_values(scenario, cal, plan_days)
        total -= sum(scenario.objective.penalties[n] * v for n, v in values.items()) or 0.0
    return total


def assemble_plan(
    scenario: Scenario,
    sessions: Sequence[Session],
    *,
    status: SolveStatus,
    objective: float | None = None,
    bound: float | None = None,
    solve_seconds: float = 0.0,
    message: str = "",
    solver_info: dict[str, Any] | None = None,
) -> Plan:
    """A plan from one session per day (an empty sequence for a plan-less outcome)."""
    cal = build_calendar(scenario)
    paces = training_paces(scenario.athlete.recent_race) if scenario.athlete.recent_race else None
    days = [
        PlanDay(
            date=cal.date(d),
            session=s.id,
            type=s.type,
            minutes=s.minutes,
            load=s.load,
            hard=s.hard,
            level=s.level,
            description=render_description(s.description, paces),
        )
        for d, s in enumerate(sessions)
    ]
    gap = None
    if objective is not None and bound is not None:
        gap = abs(objective - bound) / max(1.0, abs(objective))
    return Plan(
        scenario=scenario.name,
        status=status,
        objective=objective,
        bound=bound,
        gap=gap,
        solve_seconds=round(solve_seconds, 3),
        start=scenario.start,
        end=scenario.last_day,
        days=days,
        weeks=summarize_weeks(cal, days) if days else [],
        races=race_results(scenario, cal, days) if days else [],
        constraints=scenario.constraints.as_effective_dict(),
        penalties=penalty_results(scenario, cal, days) if days else [],
        message=message,
        solver=solver_info or {},
        scenario_document=scenario.model_dump(mode="json", exclude_none=True),
    )


def summarize_weeks(cal: BlockCalendar, days: Sequence[PlanDay]) -> list[PlanWeek]:
    return [
        PlanWeek(
            index=w.index,
            start=cal.date(w.first),
            days=w.days,
            load=sum(days[d].load for d in w.day_range),
            minutes=sum(days[d].minutes for d in w.day_range),
            hard_days=sum(days[d].hard for d in w.day_range),
        )
        for w in cal.weeks
    ]


def race_results(
    scenario: Scenario, cal: BlockCalendar, days: Sequence[PlanDay]
) -> list[RaceResult]:
    loads = [d.load for d in days]
    return [
        RaceResult(
            date=race.date,
            distance=race.distance,
            priority=race.priority,
            name=race.label,
            perf=round(perf(scenario.objective, loads, day), 6),
        )
        for day, race in sorted(cal.race_days.items())
    ]


def penalty_results(
    scenario: Scenario, cal: BlockCalendar, days: Sequence[PlanDay]
) -> list[PenaltyResult]:
    on = scenario.objective.soft_penalties
    out = []
    for name, value in penalty_values(scenario, cal, days).items():
        weight = scenario.objective.penalties[name] if on else 0.0
        out.append(PenaltyResult(name=name, weight=weight, value=value, cost=weight * value))
    return out
