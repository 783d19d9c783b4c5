"""Long-run build (models/shape.py): the longest non-race session of a build week steps
back at least every long_run_step_back_every weeks; before each A race whose peak window
lies in its segment, no session of the segment is longer than the window's longest; and
no session longer than the distance's cap in its last days before the race."""

from __future__ import annotations

import itertools

from ortools.sat.python import cp_model

from models.shape import a_race_stretches, build_windows
from solver.context import LONG_RUN_FINAL, LONG_RUN_PEAK, LONG_RUN_STEP_BACK, BuildContext, Where


def longest(ctx: BuildContext, days: range, name: str) -> cp_model.IntVar | int:
    """The longest non-race session of the days (0 when none can hold one): a max over
    the days' minutes as they are (race days left out), with no variable of its own for
    each day."""
    found = [d for d in days if d not in ctx.cal.race_days and most_minutes(ctx, d) > 0]
    if not found:
        return 0
    top = ctx.model.new_int_var(0, max(most_minutes(ctx, d) for d in found), name)
    ctx.model.add_max_equality(top, [0, *(ctx.day_minutes[d] for d in found)])
    return top


def most_minutes(ctx: BuildContext, d: int) -> int:
    return max(ctx.sessions[s].minutes for s in ctx.x[d])


def add(ctx: BuildContext) -> None:
    cons = ctx.cons
    if cons.step_back_on:
        add_step_back(ctx)
    if cons.peak_window_on:
        add_peak(ctx)
    if cons.final_cap_on:
        for stretch in a_race_stretches(ctx.cal):
            for d in stretch.final_days:
                if d not in ctx.cal.race_days:
                    ctx.add(LONG_RUN_FINAL, ctx.day_minutes[d] <= stretch.final_cap, Where(day=d))


def add_step_back(ctx: BuildContext) -> None:
    """In every window, some week's longest run is shorter than the week before's: one
    boolean per step that, when true, makes it shorter, and at least one true."""
    tops: dict[int, cp_model.IntVar | int] = {}
    for window in build_windows(ctx.cal, ctx.cons.long_run_step_back_every + 1):
        for w in window:
            if w.index not in tops:
                tops[w.index] = longest(ctx, w.day_range, f"week_longest[{w.index}]")
        last = window[-1].index
        steps = []
        for a, b in itertools.pairwise(window):
            back = ctx.model.new_bool_var(f"step_back[{last},{b.index}]")
            ctx.model.add(tops[b.index] <= tops[a.index] - 1).only_enforce_if(back)
            steps.append(back)
        ctx.add(LONG_RUN_STEP_BACK, sum(steps) >= 1, Where(week=last))


def add_peak(ctx: BuildContext) -> None:
    for stretch in a_race_stretches(ctx.cal):
        window = stretch.peak_window
        if window is None:
            continue
        peak = longest(ctx, window, f"peak_window[{stretch.race_day}]")
        for d in stretch.segment:
            if d in window or d in ctx.cal.race_days or most_minutes(ctx, d) == 0:
                continue
            ctx.add(LONG_RUN_PEAK, ctx.day_minutes[d] <= peak, Where(day=max(d, window[-1])))
