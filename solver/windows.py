"""Windows of weeks: a neighbourhood search of our own, in calendar order.

Each step frees a few consecutive weeks, keeps every other day as the best plan so far
has it, and re-optimizes the window with the whole objective; the windows move from the
first week to the last. The ramp rules tie each week's ceiling to the weeks before it,
so a block can only be raised from its start: raising a window loosens the rules of
the weeks after it that look back (ramp, deload, taper and spike references), and each
later window starts from the raised weeks. CP-SAT's own neighbourhoods free random
parts of the plan and rarely free them in that order.

A window is small, so its search is short and nearly exact; every window is a
single-thread search stopped by a work budget, so a pass is as deterministic as the
rest of the solve.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import replace

from ortools.sat.python import cp_model

from models.plan import SolveStatus
from solver.build import BuiltModel
from solver.search import SearchResult, Settings, hint_solution, objective_value, search


def week_windows(weeks: int, width: int, step: int) -> list[range]:
    """Windows of `width` weeks (0-based), `step` apart, earliest first; the last one
    ends with the block."""
    if weeks <= width:
        return [range(weeks)]
    starts = list(range(0, weeks - width + 1, step))
    if starts[-1] + width < weeks:
        starts.append(weeks - width)
    return [range(k, k + width) for k in starts]


# The fixed cost of one window's search, in CP-SAT's work units per variable and per
# constraint of the block's model: setting up and presolving a search costs time that
# CP-SAT does not count as work, and a pass runs many small searches, so this cost is
# charged to the budget too (measured in benchmarks/SPEED.md). Without it a pass on a
# long block would spend its wall time, not its budget, and stop at a different point
# on a slower machine.
SEARCH_OVERHEAD_PER_ITEM = 2e-6


class WindowModels:
    """Makes the model of a window: a copy of the block's model with the day variables
    of the weeks outside the window fixed to the plan's values."""

    def __init__(self, built: BuiltModel) -> None:
        self.built = built
        proto = built.model.proto
        self.week_of = [-1] * len(proto.variables)
        for w in built.ctx.cal.weeks:
            for d in w.day_range:
                for var in built.ctx.x[d].values():
                    self.week_of[var.index] = w.index - 1
        self.overhead = SEARCH_OVERHEAD_PER_ITEM * (len(proto.variables) + len(proto.constraints))

    def model(self, solution: Sequence[int], free_weeks: range) -> cp_model.CpModel:
        window = self.built.model.clone()
        variables = window.proto.variables
        for v, week in enumerate(self.week_of):
            if week >= 0 and week not in free_weeks:
                domain = variables[v].domain
                domain.clear()
                domain.extend([solution[v], solution[v]])
        hint_solution(window, solution)
        return window


def windows_pass(
    models: WindowModels,
    start: Sequence[int],
    seed: int,
    work_limit: float,
    deadline: float,
    width: int,
    step: int,
    report: Callable[[float], None] | None = None,
    passes: int | None = None,
) -> SearchResult:
    """The best plan found by re-optimizing windows of weeks over `start`, a complete
    solution of the model, pass after pass from the first week to the last, until
    the work budget is spent or a whole pass finds nothing better. `report` is called
    with the objective of each better plan."""
    model = models.built.model
    ctx = models.built.ctx
    # In a re-plan, weeks that are all lived hold what the log says: nothing to search.
    first_open = ctx.until // 7
    windows = [w for w in week_windows(len(ctx.cal.weeks) - first_open, width, step)]
    windows = [range(w.start + first_open, w.stop + first_open) for w in windows]
    best, best_objective = tuple(start), objective_value(model, start)
    started = time.perf_counter()
    work = 0.0
    hit_wall_clock = False
    improved = True
    done_passes = 0
    while improved and work < work_limit and not hit_wall_clock:
        if passes is not None and done_passes >= passes:
            break
        done_passes += 1
        improved = False
        for done, weeks in enumerate(windows):
            wall_left = deadline - time.perf_counter()
            if wall_left <= 0 or work >= work_limit:
                hit_wall_clock = hit_wall_clock or wall_left <= 0
                break
            # Work a window does not use (one proven optimal early) goes to the next ones.
            window_work = (work_limit - work) / (len(windows) - done)
            result = search(
                models.model(best, weeks),
                seed,
                window_work,
                wall_left,
                Settings(light=True),
            )
            work += max(result.work, models.overhead)
            hit_wall_clock = hit_wall_clock or result.hit_wall_clock
            if result.status.has_plan and (result.objective or 0.0) > best_objective + 1e-9:
                best, best_objective = result.solution, result.objective or 0.0
                improved = True
                if report:
                    report(best_objective)
    return SearchResult(
        seed=seed,
        status=SolveStatus.FEASIBLE,
        objective=best_objective,
        bound=None,
        solution=best,
        wall_seconds=time.perf_counter() - started,
        work=work,
        hit_wall_clock=hit_wall_clock,
    )


def descent(
    models: WindowModels,
    start: Sequence[int],
    seed: int,
    work_limit: float,
    deadline: float,
    report: Callable[[float], None] | None = None,
) -> SearchResult:
    """Windows of 1, 2, 4, ... weeks up to the whole block, one pass at each width, and
    the cycle again while it improves the plan, until the budget is spent. Small
    windows are searched nearly exactly and cheaply; wider ones change what small ones
    cannot (a taper with its reference weeks, a long-run build, the rotation of
    emphasis), and the next cycle's small windows polish what they changed."""
    ctx = models.built.ctx
    weeks = len(ctx.cal.weeks) - ctx.until // 7  # the weeks that are not all lived
    best = SearchResult(
        seed=seed,
        status=SolveStatus.FEASIBLE,
        objective=objective_value(models.built.model, start),
        bound=None,
        solution=tuple(start),
        wall_seconds=0.0,
        work=0.0,
        hit_wall_clock=False,
    )
    work = 0.0
    started = time.perf_counter()
    improved_in_cycle = True
    while improved_in_cycle and work < work_limit and not best.hit_wall_clock:
        improved_in_cycle = False
        width = 1
        while work < work_limit:
            result = windows_pass(
                models,
                best.solution,
                seed,
                work_limit - work,
                deadline,
                width,
                max(1, width // 2),
                report,
                passes=1,
            )
            work += result.work
            if (result.objective or 0.0) > (best.objective or 0.0) + 1e-9:
                improved_in_cycle = True
            best = replace(result, work=work, wall_seconds=time.perf_counter() - started)
            if width >= weeks:
                break
            width = min(2 * width, weeks)
    return best
