"""Name the rules that cannot hold together, in a coach's words, and what would relax them.

The model is rebuilt with one enforcement literal per instance of a rule (a
week's ramp, a race's taper, a quota in a week, a day's availability) and no
objective. It is solved with those literals as assumptions on a single worker
(CP-SAT gives a core only then), and the core is shrunk by deletion until
dropping any one instance left in it makes the rest satisfiable.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from ortools.sat.python import cp_model

from models.calendar import BlockCalendar, build_calendar
from models.plan import Conflict
from models.rules import registry
from models.scenario import Scenario, Session
from solver import context as fam
from solver.build import build_model
from solver.context import GuardKey, Where
from solver.relax import relaxation_hint


def explain_infeasible(
    scenario: Scenario,
    sessions: Sequence[Session],
    time_limit: float = 20.0,
    *,
    hints: bool = True,
) -> list[Conflict]:
    """A minimal set of conflicting rule instances (empty if none was found in time)."""
    deadline = time.monotonic() + time_limit
    core = minimal_core(scenario, sessions, deadline)
    if core is None:
        return []
    cal = build_calendar(scenario)
    if not core:
        return [Conflict(constraint="catalog", detail="the catalog cannot fill the block's days")]
    conflicts = [conflict_of(key, scenario, cal) for key in core]
    if not hints:
        return conflicts
    found: dict[tuple[str, int | None, str | None, str | None, int | None], str | None] = {}
    out = []
    for (family, where), conflict in zip(core, conflicts, strict=True):
        # One hint per rule (per quota, per race priority, per pin), shared by its instances.
        race = cal.race_days.get(where.race_day) if where.race_day is not None else None
        pin_day = where.day if family == fam.PINS else None
        rule = (family, where.quota, where.bound, race.priority if race else None, pin_day)
        if rule not in found:
            remaining = deadline - time.monotonic()
            found[rule] = (
                relaxation_hint(scenario, family, where, remaining) if remaining > 0.5 else None
            )
        out.append(conflict.model_copy(update={"hint": found[rule]}))
    return out


def minimal_core(
    scenario: Scenario, sessions: Sequence[Session], deadline: float
) -> list[GuardKey] | None:
    """Rule instances that cannot all hold, each needed; None when not shown in time.

    The earliest conflict is the one a coach fixes first and usually the shortest:
    the instances are cut to the fewest leading weeks that already conflict
    (binary search), and the core found there is shrunk by deletion, latest
    instances first.
    """
    built = build_model(scenario, sessions, guarded=True, with_objective=False)
    model, guards = built.model, built.ctx.guards
    keys = sorted(guards, key=lambda key: _when(key[1]))
    status, core = _solve_with(model, guards, keys, deadline)
    if status != cp_model.INFEASIBLE:
        return None
    lo, hi = 0, len(built.ctx.cal.weeks)  # the first hi weeks conflict; lo weeks may not
    while hi - lo > 1:
        mid = (lo + hi) // 2
        prefix = [k for k in keys if _when(k[1])[0] < 7 * mid]
        status, smaller = _solve_with(model, guards, prefix, deadline)
        if status == cp_model.INFEASIBLE:
            hi, core = mid, smaller
        elif status == cp_model.UNKNOWN:
            break
        else:
            lo = mid
    for key in sorted(core, key=lambda key: _when(key[1]), reverse=True):
        if key not in core:
            continue  # already dropped with a smaller core
        trial = [k for k in core if k != key]
        status, smaller = _solve_with(model, guards, trial, deadline)
        if status == cp_model.INFEASIBLE:
            core = smaller or trial
    return sorted(core, key=lambda key: _when(key[1]))


def _when(where: Where) -> tuple[int, int]:
    day = where.day if where.day is not None else where.race_day
    if day is None:
        day = 7 * (where.week - 1) if where.week is not None else 0
    return day, where.quota if where.quota is not None else -1


def _solve_with(
    model: cp_model.CpModel,
    guards: dict[GuardKey, cp_model.IntVar],
    keys: list[GuardKey],
    deadline: float,
) -> tuple[cp_model.CpSolverStatus, list[GuardKey]]:
    model.clear_assumptions()
    model.add_assumptions([guards[k] for k in keys])
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = max(0.1, deadline - time.monotonic())
    status = solver.solve(model)
    if status != cp_model.INFEASIBLE:
        return status, []
    in_core = set(solver.sufficient_assumptions_for_infeasibility())
    return status, [k for k in keys if guards[k].index in in_core]


def conflict_of(key: GuardKey, scenario: Scenario, cal: BlockCalendar) -> Conflict:
    family, where = key
    week = where.week
    day = where.day if where.day is not None else where.race_day
    if week is None and day is not None:
        week = cal.week_of(day).index
    return Conflict(
        constraint=family,
        detail=describe(family, where, scenario, cal),
        week=week,
        date=cal.date(day) if day is not None else None,
    )


def describe(family: str, where: Where, scenario: Scenario, cal: BlockCalendar) -> str:
    """One sentence a coach understands, naming the week, day, race or quota."""
    c = scenario.constraints
    a = scenario.athlete
    week = f"week {where.week}" if where.week is not None else "the block"
    day = _day(cal, where.day) if where.day is not None else ""
    race = cal.race_days.get(where.race_day) if where.race_day is not None else None
    race_name = f"{race.label} ({race.priority} race)" if race else "the race"
    if family == fam.QUOTAS and where.quota is not None:
        quota = c.quotas[where.quota]
        if where.bound == "min":
            return f"{week} needs at least {quota.min} {quota.type} session(s)"
        return f"{week} allows at most {quota.max} {quota.type} session(s)"
    if family == fam.RACES:
        if race:
            return f"{_day(cal, where.race_day)} is race day: {race_name}"
        return f"{day} may hold no race session"
    if family == fam.TAPER and race:
        taper = c.taper[race.priority]
        return (
            f"the {taper.days}-day taper before {race_name} must average at most "
            f"{100 - taper.cut_pct}% of the daily load of the 28 days before it"
        )
    if family == fam.TAPER_INTENSITY and race:
        return f"the taper before {race_name} keeps at least one hard day a week"
    if family == fam.TAPER_SESSIONS and race:
        return (
            f"the taper week from {day} before {race_name} keeps all but "
            f"{c.taper_min_sessions_drop} of the weekly sessions of the 28 days before the taper"
        )
    if family == fam.TAPER_FALL and race:
        return (
            f"the taper week from {day} before {race_name} must average less load a day "
            "than the weeks before it"
        )
    if family == fam.TAPER_FLOOR and race:
        return (
            f"the last taper week from {day} before {race_name} keeps at least "
            f"{c.taper_floor_pct}% of the daily load of the 28 days before the taper"
        )
    if family == fam.RECOVERY and race:
        return f"{day} is a recovery day after {race_name}: no hard session"
    if family == fam.PINS and where.day is not None:
        pin = scenario.pin_on(cal.date(where.day))
        target = pin.target if pin is not None else "its session"
        return f"the pin of {cal.date(where.day).isoformat()} to {target}"
    texts = {
        fam.BLOCKED: f"{day} is blocked: rest only",
        fam.AVAILABILITY: (
            f"{day} has {a.availability[cal.weekday(where.day)]} minutes available"
            if where.day is not None
            else "sessions must fit the minutes available each weekday"
        ),
        fam.MAX_SESSIONS: f"{week} allows at most {a.max_sessions_per_week} training days",
        fam.HARD_SPACING: (
            f"at most one hard day in the {c.hard_spacing_days + 1} days from {day}"
        ),
        fam.MAX_HARD: (f"{week} allows at most {c.max_hard_per_week} hard days, races included"),
        fam.WEEKLY_LOAD_MAX: f"{week} load at most {c.weekly_load_max}",
        fam.RAMP: (
            f"{week} load at most {100 + c.ramp_pct}% of the highest of the previous "
            f"{c.ramp_reference_weeks} week(s), the weeks before the block counting "
            f"{a.chronic_load}"
        ),
        fam.DELOAD: (
            f"{week} is a deload week: load at most {100 - c.deload_pct}% of the highest of "
            f"the previous {c.ramp_reference_weeks} week(s)"
        ),
        fam.LONG_RUN_SPIKE: (
            f"{day}: no session more than {c.long_run_spike_pct}% longer than the longest of "
            f"the 30 days before ({a.longest_recent_run_min} min before the block)"
        ),
        fam.MIN_EASY: f"{week} needs at least {c.min_easy_pct}% of its minutes easy",
        fam.PROGRESSION: f"{week}: each ladder climbs at most one level a week",
        fam.ACWR: (f"{day}: 7-day load at most {c.acwr_max_pct}% of the 28-day weekly average"),
        fam.MONOTONY: f"{week}: monotony at most {c.max_monotony}",
    }
    return texts.get(family, family)


def _day(cal: BlockCalendar, day: int | None) -> str:
    if day is None:
        return ""
    date = cal.date(day)
    return f"{cal.weekday(day).capitalize()} {date.isoformat()}"


def summary(conflicts: Sequence[Conflict]) -> str:
    """'These rules cannot all hold: A; B.' for the plan's message."""
    if not conflicts:
        return "no plan satisfies the hard constraints"
    return "these rules cannot all hold: " + "; ".join(
        f"{c.detail} ({c.constraint})" for c in conflicts
    )


def rules_in_force(scenario: Scenario) -> list[tuple[str, str]]:
    """(switch, key) of every rule a binding analysis tries: each switch's rule
    (registry.switched_rules) that is on and has something to act on."""
    cal = build_calendar(scenario)
    rules = [registry.switched_rule(switch) for switch, _ in registry.switched_rules()]
    return [
        (rule.switch, rule.key)
        for rule in rules
        if rule.switch is not None
        and rule.in_force(scenario.constraints, scenario)
        and rule.acts(scenario, cal)
    ]


def without_rule(scenario: Scenario, switch: str) -> Scenario:
    raw = scenario.model_dump()
    raw["constraints"][switch] = False
    return Scenario.model_validate(raw)
