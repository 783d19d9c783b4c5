"""Solve a scenario: build the model, follow the search plan, decode the best plan (or
explain why there is none).

The search plan (solver/strategy.py) is the same for every block: the weeks' load
caps (solver/week_caps.py), a first plan (solver/first_plan.py), then rounds of lanes
side by side (solver/portfolio.py). Every search stops on its share of a budget of
CP-SAT's deterministic work, so the same scenario, seed and worker count give the same
plan; the wall clock (`--time-limit`) stays a hard ceiling, and a solve it ended says
so in the plan's `solver` block. Explaining an infeasible block uses what is left of
the same time limit.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from models.catalog import resolve_catalog
from models.plan import Plan, SolveStatus, assemble_plan
from models.scenario import Scenario
from solver.build import BuiltModel, build_model
from solver.decode import chosen_sessions
from solver.explain import explain_infeasible, summary
from solver.objective import OBJECTIVE_SCALE
from solver.options import SolveOptions
from solver.portfolio import Budget, solve_lanes, within_gap
from solver.search import SearchResult
from solver.strategy import SearchPlan, search_plan
from solver.week_caps import WeekCaps, add_week_load_caps, week_load_caps

TIME_LIMIT_MESSAGE = "time limit reached: this is the best plan found, not proven optimal"


def solve_scenario(
    scenario: Scenario,
    options: SolveOptions | None = None,
    warm_start: Sequence[str] | None = None,
) -> Plan:
    """The best plan the rules allow within the options' budget.

    `warm_start`, a session id per day, is a plan to start from (the previous plan of
    a re-plan, or the plan before a day was pinned); the first plan keeps as much of it
    as the rules allow.
    """
    options = options or SolveOptions()
    started = time.perf_counter()
    deadline = started + options.time_limit
    sessions = resolve_catalog(scenario)
    built = build_model(scenario, sessions)
    plan = search_plan()
    caps = add_caps(built, plan, options, deadline)
    budget = Budget(
        work=(1 - plan.caps_share) * options.work_limit, deadline=deadline, started=started
    )
    result = solve_lanes(built, plan, options, budget, warm_start)
    info = solver_info(built, caps, options, result, plan)
    elapsed = time.perf_counter() - started
    if result.status.has_plan:
        return assemble_plan(
            scenario,
            chosen_sessions(built.ctx, result.solution),
            status=result.status,
            objective=result.objective,
            bound=result.bound,
            solve_seconds=elapsed,
            message=stopped_message(result, options),
            solver_info=info,
        )
    if result.status is SolveStatus.INFEASIBLE:
        conflicts = explain_infeasible(
            scenario, sessions, time_limit=max(0.0, deadline - time.perf_counter())
        )
        plan_doc = assemble_plan(
            scenario,
            [],
            status=result.status,
            solve_seconds=time.perf_counter() - started,
            message=summary(conflicts),
            solver_info=info,
        )
        return plan_doc.model_copy(update={"conflicts": conflicts})
    message = (
        "time limit reached before any plan was found"
        if result.status is SolveStatus.UNKNOWN
        else f"the model is invalid: {built.model.validate()}"
    )
    return assemble_plan(
        scenario, [], status=result.status, solve_seconds=elapsed, message=message, solver_info=info
    )


def add_caps(
    built: BuiltModel, plan: SearchPlan, options: SolveOptions, deadline: float
) -> WeekCaps:
    """The weeks' load caps, added to the model: valid cuts, they never remove a plan."""
    distinct_work = plan.caps_share * options.work_limit / max(1, len(built.ctx.cal.weeks))
    caps = week_load_caps(
        built.ctx,
        options.workers,
        options.seed,
        work=distinct_work,
        wall=max(0.01, plan.caps_share * (deadline - time.perf_counter())),
    )
    add_week_load_caps(built.model, built.ctx, caps)
    return caps


def stopped_message(result: SearchResult, options: SolveOptions) -> str:
    if result.status is SolveStatus.OPTIMAL:
        return ""
    if options.gap > 0 and within_gap(result, options.gap):
        return f"stopped within the requested gap of {100 * options.gap:g}%: not proven optimal"
    return TIME_LIMIT_MESSAGE


def solver_info(
    built: BuiltModel,
    caps: WeekCaps,
    options: SolveOptions,
    result: SearchResult,
    plan: SearchPlan,
) -> dict[str, object]:
    return {
        "build_seconds": round(built.build_seconds, 3),
        "week_caps_seconds": round(caps.seconds, 3),
        "workers": options.workers,
        "seed": options.seed,
        "winning_seed": result.seed,
        "time_limit": options.time_limit,
        "work_limit": options.work_limit,
        "work": round(result.work, 3),
        "stopped_by_wall_clock": result.hit_wall_clock,
        "gap_limit": options.gap,
        "stopped_by_gap": result.status is SolveStatus.FEASIBLE
        and options.gap > 0
        and within_gap(result, options.gap),
        "objective_scale": OBJECTIVE_SCALE,
        "variables": len(built.model.proto.variables),
        "constraints": len(built.model.proto.constraints),
        "search_plan": {
            "rounds": plan.rounds,
            "steps": [step.kind for step in plan.steps],
        },
    }
