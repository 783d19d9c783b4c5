"""One CP-SAT search with the project's settings, and what it returns.

Every search stops on a budget of CP-SAT's deterministic work (`work_limit`), with the
wall clock as a hard ceiling; `stopped_early` tells which one ended it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ortools.sat.python import cp_model

from models.plan import SolveStatus
from solver.objective import OBJECTIVE_SCALE

# The optimizing search's full-problem subsolvers (the large-neighbourhood searches
# come with them) and how many tasks make one deterministic batch. Measured side by
# side on the 8- and 12-week benchmark blocks (benchmarks/SPEED.md): adding core,
# quick_restart or no_lp, or smaller batches, found worse plans in the same work.
FULL_SUBSOLVERS = ("default_lp", "max_lp")
INTERLEAVE_BATCH = 16

PLAN_STATUSES = (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE)
STATUS = {
    cp_model.OPTIMAL: SolveStatus.OPTIMAL,
    cp_model.FEASIBLE: SolveStatus.FEASIBLE,
    cp_model.INFEASIBLE: SolveStatus.INFEASIBLE,
    cp_model.UNKNOWN: SolveStatus.UNKNOWN,
    cp_model.MODEL_INVALID: SolveStatus.MODEL_INVALID,
}


@dataclass
class SearchResult:
    seed: int
    status: SolveStatus
    objective: float | None
    bound: float | None
    solution: list[int]
    wall_seconds: float
    work: float
    hit_wall_clock: bool


def search(
    model: cp_model.CpModel,
    seed: int,
    work_limit: float,
    wall_limit: float,
    log: bool,
    probing_level: int | None = None,
    fix_to_hint: bool = False,
    gap: float = 0.0,
    callback: cp_model.CpSolverSolutionCallback | None = None,
    workers: int = 0,
    fixed_search: bool = False,
    linear_overlap: bool = True,
    cuts: bool = True,
) -> SearchResult:
    """One CP-SAT solve: single-threaded when `workers` is 0, else the interleaved
    search on that many workers. `linear_overlap` is CP-SAT's presolve step that
    factors sums shared by many linear constraints; `cuts` its cutting planes."""
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.relative_gap_limit = gap
    if probing_level is not None:
        params.cp_model_probing_level = probing_level
    params.fix_variables_to_their_hinted_value = fix_to_hint
    params.find_big_linear_overlap = linear_overlap
    if not cuts:
        params.cut_level = 0
    params.num_workers = max(1, workers)
    if fixed_search:
        params.search_branching = cp_model.FIXED_SEARCH
    if workers:
        params.interleave_search = True
        params.interleave_batch_size = INTERLEAVE_BATCH
        params.subsolvers.extend(FULL_SUBSOLVERS)
    params.random_seed = seed
    params.max_deterministic_time = work_limit
    params.max_time_in_seconds = wall_limit
    params.log_search_progress = log
    status = STATUS[solver.solve(model, callback)]
    response = solver.response_proto
    has_plan = status.has_plan
    return SearchResult(
        seed=seed,
        status=status,
        objective=solver.objective_value / OBJECTIVE_SCALE if has_plan else None,
        # A search that found no plan still proved a bound, and the first plan kept
        # as a fallback is measured against it.
        bound=solver.best_objective_bound / OBJECTIVE_SCALE
        if model.has_objective() and status in (*PLAN_STATUSES, SolveStatus.UNKNOWN)
        else None,
        solution=list(response.solution) if has_plan else [],
        wall_seconds=response.wall_time,
        work=response.deterministic_time,
        hit_wall_clock=stopped_early(status, response.deterministic_time, work_limit),
    )


def stopped_early(status: SolveStatus, work: float, work_limit: float) -> bool:
    """True when the wall clock, not the work budget, ended an unfinished search."""
    unfinished = status in (SolveStatus.FEASIBLE, SolveStatus.UNKNOWN)
    return unfinished and work < 0.99 * work_limit


def objective_value(model: cp_model.CpModel, solution: Sequence[int]) -> float:
    """The objective of a complete solution vector, in the objective's own units."""
    objective = model.proto.objective
    total = objective.offset
    for ref, coeff in zip(objective.vars, objective.coeffs, strict=True):
        total += coeff * (solution[ref] if ref >= 0 else 1 - solution[-ref - 1])
    return (objective.scaling_factor or 1.0) * total / OBJECTIVE_SCALE
