"""One CP-SAT search with the project's settings, and the immutable result it returns.

Every search stops on a budget of CP-SAT's deterministic work (`work_limit`), with the
wall clock as a hard ceiling; `hit_wall_clock` tells which one ended it. Results are
frozen: the solve combines them with `best_of`, which makes a new one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from models.plan import SolveStatus
from solver.objective import OBJECTIVE_SCALE

# The interleaved search's full-problem subsolvers (the large-neighbourhood searches come
# with them) and how many tasks make one deterministic batch (benchmarks/SPEED.md).
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


@dataclass(frozen=True)
class SearchResult:
    seed: int
    status: SolveStatus
    objective: float | None
    bound: float | None
    solution: tuple[int, ...]
    wall_seconds: float
    work: float
    hit_wall_clock: bool


@dataclass(frozen=True)
class Settings:
    """How one search runs. `workers` 0 is CP-SAT's single-thread search; more is the
    deterministic interleaved search (with its neighbourhood searches) on that many."""

    workers: int = 0
    # Light presolve: no probing, no symmetry detection, no linear-overlap factoring.
    # They pay off once on the whole block, not on every small neighbourhood.
    light: bool = False
    cuts: bool = True
    lb_tree: bool = False  # the single-thread search that works on the bound
    gap: float = 0.0
    fixed_search: bool = False
    log: bool = False
    extra: tuple[tuple[str, float | int | bool], ...] = field(default=())


def search(
    model: cp_model.CpModel,
    seed: int,
    work_limit: float,
    wall_limit: float,
    settings: Settings = Settings(),
    callback: cp_model.CpSolverSolutionCallback | None = None,
    started: Callable[[cp_model.CpSolver], None] | None = None,
) -> SearchResult:
    """One CP-SAT solve of `model` (its hints included) on `work_limit` units of work.
    `started` receives the solver before the search begins, so that another thread
    can stop it."""
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.relative_gap_limit = settings.gap
    if settings.light:
        params.cp_model_probing_level = 0
        params.symmetry_level = 0
        params.find_big_linear_overlap = False
    if not settings.cuts:
        params.cut_level = 0
    params.num_workers = max(1, settings.workers)
    if settings.fixed_search:
        params.search_branching = cp_model.FIXED_SEARCH
    if settings.workers:
        params.interleave_search = True
        params.interleave_batch_size = INTERLEAVE_BATCH
        params.subsolvers.extend(FULL_SUBSOLVERS)
    elif settings.lb_tree:
        params.optimize_with_lb_tree_search = True
    for name, value in settings.extra:
        setattr(params, name, value)
    params.random_seed = seed
    params.max_deterministic_time = max(0.0, work_limit)
    params.max_time_in_seconds = max(0.01, wall_limit)
    params.log_search_progress = settings.log
    if started:
        started(solver)
    status = STATUS[solver.solve(model, callback)]
    response = solver.response_proto
    has_plan = status.has_plan
    objective = solver.objective_value / OBJECTIVE_SCALE if has_plan else None
    bound: float | None = None
    if model.has_objective() and status in (*PLAN_STATUSES, SolveStatus.UNKNOWN):
        bound = solver.best_objective_bound / OBJECTIVE_SCALE
        if status is SolveStatus.OPTIMAL and objective is not None:
            bound = objective
    return SearchResult(
        seed=seed,
        status=status,
        objective=objective,
        bound=bound,
        solution=tuple(response.solution) if has_plan else (),
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


def proved_bound(bound: float | None, objective: float | None) -> float | None:
    """`bound`, unless it lies below a known plan's `objective`: a search that stopped
    before its presolve ended reports no real bound."""
    if bound is None or (objective is not None and bound < objective - 1e-6):
        return None
    return bound


def hint_solution(model: cp_model.CpModel, solution: Sequence[int]) -> None:
    """Make `solution`, a value per variable, the model's only hint."""
    model.clear_hints()
    hint = model.proto.solution_hint
    hint.vars.extend(range(len(solution)))
    hint.values.extend(solution)
