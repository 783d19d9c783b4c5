"""The two lanes of a solve: the bound search, and the first plan and its rounds.

With two workers or more, one search of the bound runs for the whole solve on its own
thread, while the plan lane finds a first plan and improves it in rounds of steps,
each step starting from the best plan so far (solver/strategy.py). On one worker the
bound search comes after the rounds. Every search stops on its own share of the work
budget, so the result depends on the seed and the worker count alone. Two exceptions
keep that: a bound search that proves its plan optimal ends the rounds and its plan is
the answer, and a first-plan search that proves the block infeasible stops the bound
search; both outcomes are the same whenever they happen.
"""

from __future__ import annotations

import concurrent.futures as cf
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ortools.sat.python import cp_model

from models.plan import SolveStatus
from solver.build import BuiltModel
from solver.constraints import long_run
from solver.first_plan import find_first_plan
from solver.objective import OBJECTIVE_SCALE
from solver.options import Progress, SolveOptions
from solver.search import (
    SearchResult,
    Settings,
    hint_solution,
    objective_value,
    proved_bound,
    search,
)
from solver.strategy import SearchPlan, Step
from solver.windows import WindowModels, descent


class ProgressReporter(cp_model.CpSolverSolutionCallback):
    """Passes each better plan of one search to a progress function."""

    def __init__(self, report: Progress, started: float) -> None:
        super().__init__()
        self.report = report
        self.started = started

    def on_solution_callback(self) -> None:
        self.report(
            self.objective_value / OBJECTIVE_SCALE,
            self.best_objective_bound / OBJECTIVE_SCALE,
            time.perf_counter() - self.started,
        )


def better_plans_only(progress: Progress) -> Progress:
    """`progress`, called only with plans better than every plan reported before
    (the lanes each report their own)."""
    lock = threading.Lock()
    best = [float("-inf")]

    def report(objective: float, bound: float | None, seconds: float) -> None:
        with lock:
            if objective > best[0] + 1e-9:
                best[0] = objective
                progress(objective, bound, seconds)

    return report


@dataclass(frozen=True)
class Budget:
    work: float  # both lanes together
    deadline: float  # perf_counter time at which the wall clock ends every search
    started: float


class BoundLane:
    """The bound search, run beside the plan lane; it can be stopped early."""

    def __init__(self, solver_model: cp_model.CpModel, threads: int) -> None:
        self.model = solver_model
        self.threads = threads
        self.solver: cp_model.CpSolver | None = None
        self.stopped = False
        self.lock = threading.Lock()

    def register(self, solver: cp_model.CpSolver) -> None:
        with self.lock:
            self.solver = solver
            if self.stopped:
                solver.stop_search()

    def stop(self) -> None:
        with self.lock:
            self.stopped = True
            if self.solver is not None:
                self.solver.stop_search()

    def run(
        self, seed: int, work: float, budget: Budget, options: SolveOptions, report: Progress | None
    ) -> SearchResult:
        settings = Settings(workers=self.threads if self.threads > 1 else 0, gap=options.gap)
        callback = ProgressReporter(report, budget.started) if report else None
        wall = wall_left(budget)
        return search(self.model, seed, work, wall, settings, callback, started=self.register)


def bound_model(built: BuiltModel) -> cp_model.CpModel:
    """The bound search's copy of the model, with cuts of its own."""
    model = built.model.clone()
    long_run.add_support_cuts(built.ctx, model)
    return model


def solve_lanes(
    built: BuiltModel,
    plan: SearchPlan,
    options: SolveOptions,
    budget: Budget,
    warm_start: Sequence[str] | None,
) -> SearchResult:
    """The best plan of both lanes with the bound the bound search proved; without a
    plan, the first plan's status (INFEASIBLE, UNKNOWN) says why."""
    report = better_plans_only(options.progress) if options.progress else None
    bound_threads, plan_threads = plan.lanes(options.workers)
    workers = bound_threads + plan_threads
    if bound_threads:
        bound_work = budget.work * bound_threads / workers
    else:
        bound_work = budget.work * plan.bound_share_alone
    plan_work = budget.work - bound_work
    lane = BoundLane(bound_model(built), bound_threads)
    with cf.ThreadPoolExecutor(max_workers=1) as pool:
        bounding = (
            pool.submit(lane.run, options.seed, bound_work, budget, options, report)
            if bound_threads
            else None
        )
        first = find_first_plan(
            built,
            options.seed,
            plan.first_share * plan_work,
            wall_left(budget),
            warm_start,
            log=options.log,
        )
        if not first.status.has_plan:
            # Infeasible: nothing more to search. Out of budget: the bound search may
            # still have found a plan of its own.
            if first.status is SolveStatus.INFEASIBLE:
                lane.stop()
            bounded = bounding.result() if bounding is not None else first
            return bounded if bounded.status.has_plan else first
        start = replace(first, objective=objective_value(built.model, first.solution), bound=None)
        if report:
            report(start.objective or 0.0, None, time.perf_counter() - budget.started)
        best = run_rounds(
            WindowModels(built),
            plan,
            start,
            options,
            budget,
            plan_work - first.work,
            plan_threads,
            bounding,
            report,
        )
        if bounding is not None:
            bounded = bounding.result()
        else:
            hint_solution(lane.model, best.solution)
            bounded = lane.run(options.seed, bound_work, budget, options, report)
    return best_of(best, [bounded], prefer_last=True)


def run_rounds(
    windows: WindowModels,
    plan: SearchPlan,
    start: SearchResult,
    options: SolveOptions,
    budget: Budget,
    work: float,
    threads: int,
    bounding: cf.Future[SearchResult] | None,
    report: Progress | None,
) -> SearchResult:
    """The best plan the rounds' steps find from `start`."""
    best = start
    spent = 0.0
    for r in range(plan.rounds):
        for step in plan.steps:
            if bounding is not None and bounding.done() and closed(bounding.result()):
                return best  # the bound search's plan is proven optimal: it is the answer
            if time.perf_counter() >= budget.deadline:
                return replace(best, hit_wall_clock=True)
            round_left = (work - spent) / (plan.rounds - r)
            step_work = step.share * round_left / remaining_share(plan, step)
            if step_work <= 0:
                continue  # an earlier step overran its share and took this one's
            result = run_step(windows, step, best, options, budget, step_work, threads, r, report)
            spent += result.work
            best = best_of(best, [result])
    return best


def remaining_share(plan: SearchPlan, step: Step) -> float:
    """The shares of the round's steps from `step` on (the round's work left is split
    among them)."""
    index = plan.steps.index(step)
    return sum(s.share for s in plan.steps[index:])


def run_step(
    windows: WindowModels,
    step: Step,
    best: SearchResult,
    options: SolveOptions,
    budget: Budget,
    work: float,
    threads: int,
    round_index: int,
    report: Progress | None,
) -> SearchResult:
    seed = options.seed + round_index
    if step.kind == "descent":
        return descent(
            windows,
            best.solution,
            seed,
            work,
            budget.deadline,
            report=(lambda obj: report(obj, None, time.perf_counter() - budget.started))
            if report
            else None,
        )
    model = windows.built.model.clone()
    hint_solution(model, best.solution)
    callback = ProgressReporter(report, budget.started) if report else None
    settings = Settings(workers=threads, light=True, gap=options.gap, log=options.log)
    return search(model, seed, work, wall_left(budget), settings, callback)


def wall_left(budget: Budget) -> float:
    return max(0.01, budget.deadline - time.perf_counter())


def best_of(
    best: SearchResult, results: Sequence[SearchResult], prefer_last: bool = False
) -> SearchResult:
    """The best plan among `best` and `results` (on a tie, the last result's when
    `prefer_last`), the tightest bound any proved, and the work and wall-clock flags of
    all."""
    candidates = [best, *(r for r in results if r.status.has_plan)]
    if prefer_last:
        candidates.reverse()
    winner = max(candidates, key=lambda r: r.objective if r.objective is not None else -1e300)
    bounds = [proved_bound(r.bound, winner.objective) for r in (best, *results)]
    bound = min((b for b in bounds if b is not None), default=None)
    merged = replace(
        winner,
        bound=bound,
        work=best.work + sum(r.work for r in results),
        wall_seconds=max(best.wall_seconds, *(r.wall_seconds for r in results)),
        hit_wall_clock=best.hit_wall_clock or any(r.hit_wall_clock for r in results),
    )
    return replace(merged, status=SolveStatus.OPTIMAL if closed(merged) else SolveStatus.FEASIBLE)


def closed(result: SearchResult) -> bool:
    """The plan is proven optimal (not merely within a gap limit)."""
    if result.objective is None or result.bound is None:
        return False
    return abs(result.bound - result.objective) * OBJECTIVE_SCALE < 0.5


def within_gap(result: SearchResult, gap_limit: float) -> bool:
    if result.objective is None or result.bound is None:
        return False
    gap = abs(result.objective - result.bound) / max(1.0, abs(result.objective))
    return gap <= gap_limit + 1e-12
