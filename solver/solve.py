"""Solve a scenario: build, run CP-SAT, decode into a plan (or explain why there is none)."""

from __future__ import annotations

import time

from ortools.sat.python import cp_model

from models.catalog import resolve_catalog
from models.plan import Plan, SolveStatus, assemble_plan
from models.scenario import Scenario
from solver.build import build_model
from solver.decode import chosen_sessions
from solver.explain import explain_infeasible
from solver.objective import OBJECTIVE_SCALE
from solver.options import SolveOptions

STATUS = {
    cp_model.OPTIMAL: SolveStatus.OPTIMAL,
    cp_model.FEASIBLE: SolveStatus.FEASIBLE,
    cp_model.INFEASIBLE: SolveStatus.INFEASIBLE,
    cp_model.UNKNOWN: SolveStatus.UNKNOWN,
    cp_model.MODEL_INVALID: SolveStatus.MODEL_INVALID,
}


def configure(solver: cp_model.CpSolver, options: SolveOptions) -> None:
    params = solver.parameters
    params.max_time_in_seconds = options.time_limit
    params.num_workers = options.workers
    params.random_seed = options.seed
    # Several workers race each other; interleaving them makes the search, and so
    # the plan, the same on every run with the same seed and worker count.
    params.interleave_search = options.workers > 1
    params.log_search_progress = options.log


def solve_scenario(scenario: Scenario, options: SolveOptions | None = None) -> Plan:
    options = options or SolveOptions()
    started = time.perf_counter()
    sessions = resolve_catalog(scenario)
    built = build_model(scenario, sessions)
    solver = cp_model.CpSolver()
    configure(solver, options)
    status = STATUS[solver.Solve(built.model)]
    info = {
        "build_seconds": round(built.build_seconds, 3),
        "workers": options.workers,
        "seed": options.seed,
        "time_limit": options.time_limit,
        "objective_scale": OBJECTIVE_SCALE,
        "variables": len(built.model.Proto().variables),
        "constraints": len(built.model.Proto().constraints),
    }
    if status.has_plan:
        return assemble_plan(
            scenario,
            chosen_sessions(built.ctx, solver),
            status=status,
            objective=solver.ObjectiveValue() / OBJECTIVE_SCALE,
            bound=solver.BestObjectiveBound() / OBJECTIVE_SCALE,
            solve_seconds=time.perf_counter() - started,
            message=""
            if status is SolveStatus.OPTIMAL
            else "time limit reached: this is the best plan found, not proven optimal",
            solver_info=info,
        )
    if status is SolveStatus.INFEASIBLE:
        conflicts = explain_infeasible(scenario, sessions, time_limit=options.time_limit)
        plan = assemble_plan(
            scenario,
            [],
            status=status,
            solve_seconds=time.perf_counter() - started,
            message="no plan satisfies the hard constraints",
            solver_info=info,
        )
        return plan.model_copy(update={"conflicts": conflicts})
    message = (
        "time limit reached before any plan was found"
        if status is SolveStatus.UNKNOWN
        else f"the model is invalid: {built.model.Validate()}"
    )
    return assemble_plan(
        scenario,
        [],
        status=status,
        solve_seconds=time.perf_counter() - started,
        message=message,
        solver_info=info,
    )
