"""The first plan of a solve: any plan that keeps every rule, found fast.

A plan to start from is much easier to find than a good one, and every later phase
improves on one. The search runs on a copy of the model without its objective:

1. With a warm start (a plan to start from: the previous plan of a re-plan or of a
   re-solve after a pinned day), the days are first fixed to it; a warm start that
   still keeps every rule is the first plan as it is.
2. If it does not (a pinned day, a new race, a fatigue cap, an edited plan), only the
   weeks around what it breaks are searched again, the rest kept as they were: the
   days it can no longer hold and the weeks of the rules it breaks (as
   `models/check/` reads them), with a margin of a week, then, if that is not
   enough, of a wider one.
3. Otherwise the days are placed in calendar order, each day's sessions ranked from
   the one a preferred plan puts there (the warm start, or the rule-based template
   of `models/quality/template.py`, a coach's plan written as rules), then the closest to
   it. The rolling rules (ramp, taper, spike, progression) are then settled by the
   days already placed, so the plan mostly repairs the preferred one where it
   breaks a rule.
4. CP-SAT's own search is the fallback; it also proves a block infeasible.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from ortools.sat.python import cp_model

from models.check import check_plan, plan_days
from models.plan import SolveStatus
from models.quality.template import template_sessions
from models.scenario import Session
from solver.build import BuiltModel
from solver.search import SearchResult, Settings, hint_solution, search

# Shares of the phase's work left when each attempt starts: the fixed warm start, each
# repair around what it broke, the ordered dive; CP-SAT's own search gets the rest. An
# attempt that ends early (a warm start proved broken in presolve, a repair proved
# infeasible) leaves its work to the next, so a repair, which keeps most of a plan that
# was good, is not starved by what the dive would have needed. Without a warm start the
# dive gets its share of the whole phase, as it always had.
WARM_SHARE = 0.1
REPAIR_SHARE = 0.3
# The dive is where a plan without a warm start comes from; CP-SAT's own search after it
# starts from nothing and seldom finds what the dive did not, so the dive gets most.
DIVE_SHARE = 0.9
# The dive runs without CP-SAT's presolve: its fixed calendar order needs none of what
# presolve prepares, and presolve costs wall time that the work budget does not count
# (on a long block the better part of the dive's wall time).
DIVE_SETTINGS = (("cp_model_presolve", False),)
# Weeks freed on each side of a week the warm start broke, in turn: a rule that reads
# several weeks (a ramp, a window of the wave or step-back rules) may need the weeks
# before its reported one, so a failed repair widens before giving up on the warm start.
REPAIR_MARGINS_WEEKS = (1, 4)


def find_first_plan(
    built: BuiltModel,
    seed: int,
    work: float,
    wall: float,
    warm_start: Sequence[str] | None = None,
    log: bool = False,
) -> SearchResult:
    """A plan of `built.model` (its variables' values), or the status that says why
    there is none (INFEASIBLE, or UNKNOWN when the budget ran out)."""
    feasibility = built.model.clone()
    feasibility.clear_objective()
    feasibility.clear_hints()
    spent = 0.0

    def attempt(model: cp_model.CpModel, share: float, settings: Settings) -> SearchResult:
        nonlocal spent
        result = search(model, seed, share * (work - spent), wall, settings)
        spent += result.work
        return result

    light = Settings(light=True, log=log)
    if warm_start is not None:
        fixed = fixed_to(feasibility, built, warm_start)
        result = attempt(fixed, WARM_SHARE, light)
        if result.status.has_plan:
            return result
        broken = weeks_broken(built, warm_start)
        tried: frozenset[int] = frozenset()
        for margin in REPAIR_MARGINS_WEEKS:
            free = widened(built, broken, margin)
            if not free or free == tried:
                continue
            tried = free
            repair = fixed_to(feasibility, built, warm_start, free_weeks=free)
            result = attempt(repair, REPAIR_SHARE, light)
            if result.status.has_plan:
                return result
    preferred = list(warm_start) if warm_start is not None else None
    dive = feasibility.clone()
    dive.add_decision_strategy(
        calendar_order(built, preferred), cp_model.CHOOSE_FIRST, cp_model.SELECT_MAX_VALUE
    )
    dive_settings = Settings(light=True, fixed_search=True, log=log, extra=DIVE_SETTINGS)
    result = attempt(dive, DIVE_SHARE, dive_settings)
    if result.status.has_plan or result.status is SolveStatus.INFEASIBLE:
        return result
    return attempt(feasibility, 1.0, Settings(light=True, log=log))


def fixed_to(
    model: cp_model.CpModel,
    built: BuiltModel,
    session_ids: Sequence[str],
    free_weeks: frozenset[int] = frozenset(),
) -> cp_model.CpModel:
    """A copy of `model` with every day outside `free_weeks` (0-based) holding the
    session `session_ids` gives it, and those sessions as the hint elsewhere. A day
    whose session it cannot hold is left free."""
    copy = model.clone()
    ctx = built.ctx
    free = {d for k in free_weeks for d in ctx.cal.weeks[k].day_range}
    values = [0] * len(copy.proto.variables)
    for d, xd in enumerate(ctx.x):
        wanted = session_ids[d] if d < len(session_ids) else None
        for s, var in xd.items():
            if ctx.sessions[s].id == wanted:
                values[var.index] = 1
                if d not in free:
                    copy.add(copy.get_bool_var_from_proto_index(var.index) == 1)
    hint_solution(copy, values)
    return copy


def weeks_broken(built: BuiltModel, session_ids: Sequence[str]) -> frozenset[int]:
    """The weeks (0-based) where `session_ids` breaks the block: those of the days whose
    session is not among the sessions the day can hold any more, and those of the
    rules the plan breaks, as the checker reports them; in a re-plan, also the first
    week to come, where what the log says first meets the old plan."""
    ctx = built.ctx
    broken: set[int] = set()
    if ctx.until:
        broken.add(ctx.until // 7)
    known: list[tuple[int, Session]] = []
    for d, xd in enumerate(ctx.x):
        wanted = session_ids[d] if d < len(session_ids) else None
        held = [ctx.sessions[s] for s in xd if ctx.sessions[s].id == wanted]
        if held:
            known.append((d, held[0]))
        else:
            broken.add(d // 7)
    for v in check_plan(ctx.scenario, {"days": known_days(ctx.scenario.start, known)}):
        if v.date is not None:
            broken.add((v.date - ctx.scenario.start).days // 7)
        elif v.week is not None:
            broken.add(v.week - 1)
    return frozenset(k for k in broken if 0 <= k < len(ctx.cal.weeks))


def known_days(start: dt.date, known: Sequence[tuple[int, Session]]) -> list[dict[str, Any]]:
    """The plan JSON's days for the days whose session is known; the others are left
    out, so the checker judges no rule instance that reads them."""
    return [
        {**day, "date": (start + dt.timedelta(days=d)).isoformat()}
        for d, session in known
        for day in plan_days(start, [session])
    ]


def widened(built: BuiltModel, weeks: frozenset[int], margin: int) -> frozenset[int]:
    """The weeks and `margin` weeks on each side of each, inside the block."""
    n = len(built.ctx.cal.weeks)
    return frozenset(k for w in weeks for k in range(w - margin, w + margin + 1) if 0 <= k < n)


def calendar_order(built: BuiltModel, preferred: Sequence[str] | None) -> list[cp_model.IntVar]:
    """The day variables in calendar order, each day's sessions from the preferred one
    (the template's when none is given), then the same hardness, then the nearest load."""
    ctx = built.ctx
    wanted_sessions = template_sessions(ctx.scenario)
    by_id = {s.id: s for s in ctx.sessions}
    order: list[cp_model.IntVar] = []
    for d, xd in enumerate(ctx.x):
        wanted = wanted_sessions[d]
        if preferred is not None and d < len(preferred) and preferred[d] in by_id:
            wanted = by_id[preferred[d]]
        ranked = sorted(xd, key=lambda s: closeness(ctx.sessions[s], wanted, s))
        order.extend(xd[s] for s in ranked)
    return order


def closeness(session: Session, wanted: Session, index: int) -> tuple[bool, bool, int, int]:
    """Sort key: `wanted` itself, then the same hardness, then the nearest load."""
    return (
        session.id != wanted.id,
        session.hard != wanted.hard,
        abs(session.load - wanted.load),
        index,
    )
