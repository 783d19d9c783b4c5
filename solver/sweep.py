"""A forward sweep over the weeks of a long block: a neighbourhood search of our own.

Each step frees a window of consecutive weeks, fixes every other day to the best plan
so far and re-optimizes the window with the full objective; the windows move from the
first week to the last. The ramp rules tie each week's ceiling to the weeks before it,
so a block can only be raised once the weeks before it are; CP-SAT's own
neighbourhoods free random parts of the plan and rarely free them in that order, while
the sweep raises the early weeks first and each later window starts from them
(benchmarks/SPEED.md, change 7).

Every window is a single-thread search stopped by a work budget, so the sweep is as
deterministic as the rest of the solve. Higher loads earlier only loosen the rules
that look back (ramp, deload, taper and long-run references), so the fixed days after
a window seldom block it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from ortools.sat.python import cp_model

from models.plan import SolveStatus
from solver.build import BuiltModel
from solver.search import SearchResult, objective_value, search

SWEEP_WEEKS = 6  # weeks freed at a time
SWEEP_STEP = 3  # weeks the window moves on: each week is re-optimized twice


def sweep_windows(weeks: int, width: int = SWEEP_WEEKS, step: int = SWEEP_STEP) -> list[range]:
    """The windows of weeks, earliest first; the last one ends with the block."""
    if weeks <= width:
        return [range(weeks)]
    starts = list(range(0, weeks - width + 1, step))
    if starts[-1] + width < weeks:
        starts.append(weeks - width)
    return [range(k, k + width) for k in starts]


def sweep_weeks(
    built: BuiltModel,
    start: Sequence[int],
    seed: int,
    work_limit: float,
    wall_limit: float,
    report: Callable[[float], None] | None = None,
) -> SearchResult:
    """The best plan found by sweeping windows of weeks over `start`, a complete
    solution of `built.model` (with its objective set). `report` is called with the
    objective of each better plan."""
    model = built.model
    cal = built.ctx.cal
    windows = sweep_windows(len(cal.weeks))
    best = list(start)
    best_objective = objective_value(model, best)
    started = time.perf_counter()
    work = 0.0
    hit_wall_clock = False
    for done, weeks in enumerate(windows):
        wall_left = wall_limit - (time.perf_counter() - started)
        if wall_left <= 0:
            hit_wall_clock = True
            break
        # Work a window does not use (one proven optimal early) goes to the next ones.
        window_work = (work_limit - work) / (len(windows) - done)
        free = {d for k in weeks for d in cal.weeks[k].day_range}
        result = search(
            window_model(model, built, best, free),
            seed,
            window_work,
            wall_left,
            log=False,
            linear_overlap=False,
        )
        work += result.work
        hit_wall_clock = hit_wall_clock or result.hit_wall_clock
        if result.status.has_plan and (result.objective or 0.0) > best_objective:
            best, best_objective = result.solution, result.objective or 0.0
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


def window_model(
    model: cp_model.CpModel, built: BuiltModel, solution: Sequence[int], free_days: set[int]
) -> cp_model.CpModel:
    """A copy of `model` with every day outside `free_days` fixed to `solution`, and
    `solution` as the hint."""
    copy = model.clone()
    copy.clear_hints()
    # Fixed by constraints, not by shrinking the variables' domains: measured side by
    # side, the sweep then found better plans on 40 and 52 weeks (4861 against 4786 and
    # 5216 against 5032 in the same work).
    for d, xd in enumerate(built.ctx.x):
        if d in free_days:
            continue
        for var in xd.values():
            copy.add(copy.get_bool_var_from_proto_index(var.index) == bool(solution[var.index]))
    for index, value in enumerate(solution):
        copy.add_hint(copy.get_int_var_from_proto_index(index), value)
    return copy
