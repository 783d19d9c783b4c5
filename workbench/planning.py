"""A coach's edits to a plan: the sessions a day allows, an edited plan checked at once,
and "re-optimize around my changes" as a re-plan request.

An edited plan is rebuilt from one catalog session a day with the same code that
decodes a solve (`models.plan.assemble_plan`), so its weeks, race-day performance and
penalties are computed exactly as a solved plan's, and then checked by the
independent checker (`models/check/`). Re-optimizing pins every day the coach edited
and asks the solver for the best plan that keeps them, with the edited plan as the
`history.planned` of a re-plan that has lived no day yet: the `plan_changes` penalty
then keeps every other day unless moving it gains more than its weight, and the edited
plan is the search's starting point.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from models.calendar import build_calendar
from models.catalog import resolve_catalog
from models.check import check_plan
from models.errors import InputError
from models.plan import Plan, SolveStatus, assemble_plan, plain_objective
from models.scenario import WEEKDAYS, Scenario, Session


def catalog_by_id(scenario: Scenario) -> dict[str, Session]:
    return {s.id: s for s in resolve_catalog(scenario)}


def day_sessions(plan: Mapping[str, Any]) -> list[str]:
    """The plan's session id per day, in order."""
    return [str(day.get("session", "rest")) for day in plan.get("days", [])]


def allowed_sessions(scenario: Scenario, date: dt.date) -> list[dict[str, Any]]:
    """The catalog sessions a coach may put on `date`: not races (the race calendar
    places them), within the weekday's availability, rest alone on a blocked day. Race
    days are not editable. Every other rule is the checker's to judge after the edit."""
    cal = build_calendar(scenario)
    index = (date - scenario.start).days
    if not 0 <= index < cal.n_days:
        raise InputError(f"{date} lies outside the block", field="date")
    if any(race.date == date for race in scenario.races):
        raise InputError("is a race day: the race calendar fixes it", field="date", file=str(date))
    minutes = scenario.athlete.availability[WEEKDAYS[date.weekday()]]
    blocked = date in scenario.athlete.blocked
    out = []
    for s in resolve_catalog(scenario):
        if s.type == "race":
            continue
        if (blocked or minutes == 0) and s.type != "rest":
            continue
        if s.minutes > minutes and s.type != "rest":
            continue
        out.append({"id": s.id, "type": s.type, "minutes": s.minutes, "load": s.load})
    return out


def edited_plan(
    scenario: Scenario, sessions: Sequence[str], base: Mapping[str, Any] | None = None
) -> Plan:
    """The plan of one session id a day, with its weeks, races and penalties."""
    catalog = catalog_by_id(scenario)
    cal = build_calendar(scenario)
    if len(sessions) != cal.n_days:
        raise InputError(
            f"holds {len(sessions)} days; the block has {cal.n_days}", field="days", file="plan"
        )
    unknown = [sid for sid in sessions if sid not in catalog]
    if unknown:
        raise InputError(f"{unknown[0]!r} is not a session of the catalog", field="days")
    chosen = [catalog[sid] for sid in sessions]
    plan = assemble_plan(
        scenario,
        chosen,
        status=SolveStatus.FEASIBLE,
        message="edited by hand",
        solver_info=dict((base or {}).get("solver") or {}),
    )
    return plan.model_copy(update={"objective": plain_objective(scenario, plan.days)})


def check_document(scenario: Scenario, plan: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Every rule the plan breaks, in words, with the day and week it concerns."""
    return [v.as_dict() for v in check_plan(scenario, plan)]


def metrics_summary(scenario: Scenario, plan: Mapping[str, Any]) -> dict[str, Any]:
    """The plan-quality numbers the page shows beside the calendar (models/quality/metrics.py)."""
    from models.quality.metrics import json_number, plan_metrics

    m = plan_metrics(scenario, plan)
    return {
        "total_load": json_number(m.total_load),
        "total_minutes": json_number(m.total_minutes),
        "hard_days": m.hard_days,
        "easy_share": json_number(m.easy_share),
        "max_acwr": json_number(m.max_acwr),
        "max_monotony": json_number(m.max_monotony),
        "max_ramp_pct": json_number(m.max_ramp_pct),
    }


def with_edits(sessions: Sequence[str], edits: Mapping[str, str], start: dt.date) -> list[str]:
    """The session ids after the coach's edits ({date: session id})."""
    out = list(sessions)
    for date_text, sid in edits.items():
        index = (dt.date.fromisoformat(date_text) - start).days
        if not 0 <= index < len(out):
            raise InputError(f"{date_text} lies outside the block", field="edits")
        out[index] = sid
    return out


def reoptimize_document(
    scenario: Scenario, sessions: Sequence[str], pinned: Sequence[str]
) -> dict[str, Any]:
    """The scenario document of "re-optimize around my changes": the pinned dates fixed
    to their sessions, and the edited plan as the plan being revised."""
    raw = scenario.model_dump(mode="json", exclude_none=True)
    pins = {p["date"]: p for p in raw.get("pins", [])}
    for date_text in pinned:
        index = (dt.date.fromisoformat(date_text) - scenario.start).days
        pins[date_text] = {"date": date_text, "session": sessions[index]}
    raw["pins"] = [pins[d] for d in sorted(pins)]
    raw["history"] = {
        "until": scenario.start.isoformat(),
        "days": [],
        "planned": [
            {"date": (scenario.start + dt.timedelta(days=i)).isoformat(), "session": sid}
            for i, sid in enumerate(sessions)
        ],
    }
    return raw


def plan_difference(
    scenario: Scenario, before: Mapping[str, Any], after: Mapping[str, Any]
) -> tuple[list[dict[str, Any]], float]:
    """The days whose session changed, and the change of the race-day performance
    weighted by priority (after minus before: positive is a gain)."""
    old = {d["date"]: d for d in before.get("days", [])}
    changed = [
        {"date": d["date"], "before": old[d["date"]]["session"], "after": d["session"]}
        for d in after.get("days", [])
        if d["date"] in old and old[d["date"]]["session"] != d["session"]
    ]
    return changed, weighted_perf(scenario, after) - weighted_perf(scenario, before)


def weighted_perf(scenario: Scenario, plan: Mapping[str, Any]) -> float:
    """The objective's race term: the sum of weight x perf over the plan's races."""
    weights = scenario.objective.weight
    return float(
        sum(
            weights.get(r.get("priority", "A"), 0.0) * float(r.get("perf") or 0.0)
            for r in plan.get("races", [])
        )
    )
