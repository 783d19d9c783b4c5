"""Re-plan a block from its training log (models/history/replan.py has the rules): the lived days
fixed to the log, the rest re-optimized under every rule, preferring the old plan's days
(the `plan_changes` penalty, and the old plan as CP-SAT's hint)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from models.catalog import resolve_catalog
from models.check import Violation, check_plan, plan_days
from models.errors import InputError
from models.history.replan import (
    DayChange,
    FatigueSignal,
    history_sessions,
    history_table,
    plan_changes,
    plan_sessions,
    until_index,
)
from models.history.training_log import LogEntry
from models.io import validate_scenario
from models.plan import Plan
from models.scenario import Scenario
from solver import solve as solve_module
from solver.options import SolveOptions

MISSING_CHOICES = ("rest", "planned")


@dataclass
class Replan:
    plan: Plan
    scenario: Scenario  # the original one, with its history
    today: dt.date
    fatigue: FatigueSignal | None
    lived_violations: list[Violation]
    changes: list[DayChange] = field(default_factory=list)

    def report(self) -> dict[str, Any]:
        """The `replan` block added to the plan JSON."""
        assert self.scenario.history is not None
        return {
            "today": self.today.isoformat(),
            "logged_days": len(self.scenario.history.days),
            "fatigue": None
            if self.fatigue is None
            else {
                "week": self.fatigue.week,
                "cap": self.fatigue.cap,
                "reason": self.fatigue.reason,
            },
            "broken_before_today": [v.as_dict() for v in self.lived_violations],
            "changes": [c.as_dict() for c in self.changes],
        }


def default_today(log: Sequence[LogEntry], scenario: Scenario) -> dt.date:
    """The day after the last logged day (the block's start for an empty log)."""
    return log[-1].date + dt.timedelta(days=1) if log else scenario.start


def replan(
    scenario: Scenario,
    old_plan: Mapping[str, Any],
    log: Sequence[LogEntry],
    today: dt.date,
    options: SolveOptions,
    missing: str = "rest",
) -> Replan:
    if not scenario.start <= today <= scenario.last_day + dt.timedelta(days=1):
        raise InputError(
            f"{today} lies outside the block {scenario.start}..{scenario.last_day}",
            field="--today",
        )
    late = [e.date for e in log if e.date >= today]
    if late:
        raise InputError(
            f"the log holds {late[0]}, on or after --today {today}: a re-plan fixes only "
            "the days before it",
            field="--today",
        )
    early = [e.date for e in log if e.date < scenario.start]
    if early:
        raise InputError(f"the log holds {early[0]}, before the block starts", field="--log")
    catalog = {s.id: s for s in resolve_catalog(scenario)}
    table, fatigue = history_table(scenario, catalog, old_plan, log, today, missing)
    raw = scenario.model_dump(mode="json", exclude_none=True)
    raw["history"] = table
    lived = validate_scenario(raw)
    old = plan_sessions(old_plan)
    history_ids = {day["date"]: day["session"] for day in table["days"]}
    warm = []
    for d in range((scenario.last_day - scenario.start).days + 1):
        date = scenario.start + dt.timedelta(days=d)
        if date < today:
            warm.append(history_ids.get(date.isoformat(), "rest"))
        else:
            warm.append(old.get(date, "rest"))
    plan = solve_module.solve_scenario(lived, options, warm_start=warm)
    doc = plan.to_json_dict()
    changes = plan_changes(lived, old_plan, doc, fatigue) if plan.status.has_plan else []
    return Replan(plan, lived, today, fatigue, broken_before(lived, warm), changes)


def broken_before(lived: Scenario, days: Sequence[str]) -> list[Violation]:
    """The rule instances the log alone broke: those reading only lived days."""
    by_day = history_sessions(lived)
    catalog = {s.id: s for s in resolve_catalog(lived)}
    sessions = [by_day.get(d) or catalog.get(sid) or catalog["rest"] for d, sid in enumerate(days)]
    until = until_index(lived)
    return [
        v
        for v in check_plan(lived, {"days": plan_days(lived.start, sessions)}, lived_rules=True)
        if v.read_until is not None and v.read_until < until
    ]
