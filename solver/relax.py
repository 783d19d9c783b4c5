"""The smallest change to one rule that makes an infeasible scenario feasible, found by
solving (binary search over the rule's value, feasibility only), never guessed."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ortools.sat.python import cp_model

from models.calendar import build_calendar
from models.catalog import resolve_catalog
from models.scenario import Scenario
from solver import context as fam
from solver.build import build_model
from solver.context import Where


@dataclass(frozen=True)
class Knob:
    """One rule's value, as a ladder of steps from the current value (step 0) outward."""

    label: str
    steps: list[Any]
    apply: Callable[[dict[str, Any], Any], None]


def relaxation_hint(scenario: Scenario, family: str, where: Where, budget: float) -> str | None:
    """'raise ramp_pct from 10 to 14' or 'switch progression off', or None."""
    if family == fam.PINS:
        return pin_hint(scenario, where, budget)
    knob = knob_for(scenario, family, where)
    if knob is None or len(knob.steps) < 2:
        return None
    deadline = time.monotonic() + budget

    def feasible(i: int) -> bool | None:
        raw = scenario.model_dump()
        knob.apply(raw, knob.steps[i])
        try:
            variant = Scenario.model_validate(raw)
        except ValueError:
            return None
        return is_feasible(variant, deadline)

    last = len(knob.steps) - 1
    verdict = feasible(last)
    if verdict is None:
        return None
    if not verdict:
        return f"changing {knob.label} alone is not enough"
    lo, hi = 0, last  # steps[lo] infeasible, steps[hi] feasible
    while hi - lo > 1:
        mid = (lo + hi) // 2
        verdict = feasible(mid)
        if verdict is None:
            break
        if verdict:
            hi = mid
        else:
            lo = mid
    return f"{knob.label}: {knob.steps[0]} -> {knob.steps[hi]} makes the block feasible"


def is_feasible(scenario: Scenario, deadline: float) -> bool | None:
    return feasible_day(scenario, None, deadline)[0]


def feasible_day(
    scenario: Scenario, day: int | None, deadline: float
) -> tuple[bool | None, str | None]:
    """Whether the block has a plan (None: not known in time), and the session id a
    plan found holds on `day`."""
    remaining = deadline - time.monotonic()
    if remaining <= 0.05:
        return None, None
    built = build_model(scenario, resolve_catalog(scenario), with_objective=False)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.cp_model_probing_level = 0  # finds a first plan sooner
    solver.parameters.max_time_in_seconds = remaining
    status = solver.solve(built.model)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        ctx = built.ctx
        held = None
        if day is not None:
            held = next(ctx.sessions[s].id for s, x in ctx.x[day].items() if solver.value(x))
        return True, held
    return (False if status == cp_model.INFEASIBLE else None), None


def pin_hint(scenario: Scenario, where: Where, budget: float) -> str | None:
    """For a pin that breaks a rule: another session of the pinned session's type that
    the block allows that day (one solve with the pin widened to the type, whose plan
    names the session), else unpinning the day, each proven by solving."""
    if where.day is None:
        return None
    deadline = time.monotonic() + budget
    date = scenario.start + dt.timedelta(days=where.day)
    pin = scenario.pin_on(date)
    if pin is None:
        return None
    others = [p.model_dump() for p in scenario.pins if p.date != date]

    def repinned(extra: list[dict[str, Any]]) -> Scenario:
        raw = scenario.model_dump()
        raw["pins"] = [*others, *extra]
        return Scenario.model_validate(raw)

    pinned = {s.id: s for s in resolve_catalog(scenario)}.get(pin.session or "")
    if pinned is not None:
        widened = repinned([{"date": date, "type": pinned.type}])
        verdict, held = feasible_day(widened, where.day, deadline)
        if verdict is None:
            return None
        if verdict and held != pin.session:
            return (
                f"pin {date} to {held} instead of {pin.session}, or unpin it, to make the "
                "block feasible"
            )
    verdict, held = feasible_day(repinned([]), where.day, deadline)
    if verdict is None:
        return None
    if not verdict:
        return f"unpinning {date} alone is not enough"
    return f"unpin {date} to make the block feasible (a plan can then hold {held} there)"


def knob_for(scenario: Scenario, family: str, where: Where) -> Knob | None:
    c = scenario.constraints
    a = scenario.athlete

    def cons(key: str) -> Callable[[dict[str, Any], Any], None]:
        def apply(raw: dict[str, Any], value: Any) -> None:
            raw["constraints"][key] = value

        return apply

    def up(current: int, top: int) -> list[int]:
        return list(range(current, max(current, top) + 1))

    def down(current: int) -> list[int]:
        return list(range(current, -1, -1))

    if family == fam.WEEKLY_LOAD_MAX and c.weekly_load_max is not None:
        top = 7 * max(s.load for s in resolve_catalog(scenario))
        return Knob("weekly_load_max", up(c.weekly_load_max, top), cons("weekly_load_max"))
    if family == fam.RAMP:
        return Knob("ramp_pct", up(c.ramp_pct, 1000), cons("ramp_pct"))
    if family == fam.DELOAD:
        return Knob("deload_pct", down(c.deload_pct), cons("deload_pct"))
    if family == fam.MAX_HARD:
        return Knob("max_hard_per_week", up(c.max_hard_per_week, 7), cons("max_hard_per_week"))
    if family == fam.HARD_SPACING:
        return Knob("hard_spacing_days", down(c.hard_spacing_days), cons("hard_spacing_days"))
    if family == fam.MIN_EASY:
        return Knob("min_easy_pct", down(c.min_easy_pct), cons("min_easy_pct"))
    if family == fam.LONG_RUN_SPIKE:
        return Knob(
            "long_run_spike_pct", up(c.long_run_spike_pct, 1000), cons("long_run_spike_pct")
        )
    if family == fam.ACWR and c.acwr_max_pct is not None:
        return Knob("acwr_max_pct", up(c.acwr_max_pct, 1000), cons("acwr_max_pct"))
    if family == fam.TAPER_SESSIONS:
        return Knob(
            "taper_min_sessions_drop",
            up(c.taper_min_sessions_drop, 7),
            cons("taper_min_sessions_drop"),
        )
    if family == fam.TAPER_FLOOR:
        return Knob("taper_floor_pct", down(c.taper_floor_pct), cons("taper_floor_pct"))
    if family == fam.MONOTONY and c.max_monotony is not None:
        steps = [round(c.max_monotony + 0.05 * i, 2) for i in range(0, 200)]
        return Knob("max_monotony", steps, cons("max_monotony"))
    if family == fam.MAX_SESSIONS:

        def sessions(raw: dict[str, Any], value: Any) -> None:
            raw["athlete"]["max_sessions_per_week"] = value

        return Knob("max_sessions_per_week", up(a.max_sessions_per_week, 7), sessions)
    if family == fam.QUOTAS and where.quota is not None:
        i = where.quota
        quota = c.quotas[i]

        def quota_bound(raw: dict[str, Any], value: Any) -> None:
            raw["constraints"]["quotas"][i][where.bound or "max"] = value

        label = f"quotas[{i}] ({quota.type}) {where.bound}"
        if where.bound == "min":
            return Knob(label, down(quota.min), quota_bound)
        if quota.max is not None:
            return Knob(label, up(quota.max, 7), quota_bound)
        return None
    race = build_calendar(scenario).race_days.get(where.race_day or -1)
    if family == fam.TAPER and race is not None:
        priority = race.priority

        def cut(raw: dict[str, Any], value: Any) -> None:
            raw["constraints"]["taper"][priority]["cut_pct"] = value

        return Knob(f"taper.{priority}.cut_pct", down(c.taper[priority].cut_pct), cut)
    if family == fam.RECOVERY and race is not None:
        priority = race.priority

        def rec(raw: dict[str, Any], value: Any) -> None:
            raw["constraints"]["recovery_days"][priority] = value

        return Knob(f"recovery_days.{priority}", down(c.recovery_days[priority]), rec)
    switches = {
        fam.TAPER_INTENSITY: "taper_keep_intensity",
        fam.TAPER_FALL: "taper_shape_enabled",
        fam.PROGRESSION: "progression_enabled",
    }
    if family in switches:
        key = switches[family]
        return Knob(key, [True, False], cons(key))
    return None
