"""Long-run build (models/shape.py): the longest non-race session of a build week steps
back at least every long_run_step_back_every weeks; no more than long_run_repeat_max_weeks
full weeks in a row share their longest run; before each A race whose peak window
lies in its segment, no session of the segment is longer than the window's longest; and
no session longer than the distance's cap in its last days before the race."""

from __future__ import annotations

import itertools

from ortools.sat.python import cp_model

from models.calendar import Week
from models.shape import a_race_stretches, build_windows, full_windows
from solver.context import (
    LONG_RUN_FINAL,
    LONG_RUN_PEAK,
    LONG_RUN_REPEAT,
    LONG_RUN_STEP_BACK,
    BuildContext,
    Where,
)

Tops = dict[int, cp_model.IntVar | int]


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
    tops: Tops = {}  # each week's longest run, shared by the step-back and repeat rules
    if cons.step_back_on:
        add_step_back(ctx, tops)
    if cons.repeat_on:
        add_repeat(ctx, tops)
    if cons.peak_window_on:
        add_peak(ctx)
    if cons.final_cap_on:
        for stretch in a_race_stretches(ctx.cal):
            for d in stretch.final_days:
                if d not in ctx.cal.race_days:
                    ctx.add(LONG_RUN_FINAL, ctx.day_minutes[d] <= stretch.final_cap, Where(day=d))


def week_top(ctx: BuildContext, tops: Tops, week: Week) -> cp_model.IntVar | int:
    if week.index not in tops:
        tops[week.index] = longest(ctx, week.day_range, f"week_longest[{week.index}]")
    return tops[week.index]


def add_step_back(ctx: BuildContext, tops: Tops) -> None:
    """In every window, some week's longest run is shorter than the week before's: one
    boolean per step that, when true, makes it shorter, and at least one true."""
    for window in build_windows(ctx.cal, ctx.cons.long_run_step_back_every + 1):
        for w in window:
            week_top(ctx, tops, w)
        last = window[-1].index
        steps = []
        for a, b in itertools.pairwise(window):
            back = ctx.model.new_bool_var(f"step_back[{last},{b.index}]")
            ctx.model.add(tops[b.index] <= tops[a.index] - 1).only_enforce_if(back)
            steps.append(back)
        ctx.add(LONG_RUN_STEP_BACK, sum(steps) >= 1, Where(week=last))


def add_repeat(ctx: BuildContext, tops: Tops) -> None:
    """In every window of full weeks, two weeks in a row differ in their longest run or
    the first runs nothing: one boolean per step that, when true, makes the two differ
    (shared by the windows that hold the step), one for the first week at 0, and at least
    one true. Equal runs that continue a run of nothing are not a repeat, as the checker
    counts them."""
    model = ctx.model
    differ: dict[int, cp_model.IntVar] = {}
    for window in full_windows(ctx.cal, ctx.cons.long_run_repeat_max_weeks + 1):
        first = week_top(ctx, tops, window[0])
        if isinstance(first, int):
            continue  # a first week that can hold no run (0): nothing to repeat
        reasons = []
        for a, b in itertools.pairwise(window):
            top_a, top_b = week_top(ctx, tops, a), week_top(ctx, tops, b)
            if isinstance(top_a, int) and isinstance(top_b, int):
                continue  # two weeks that can hold no run (both 0) never differ
            if b.index not in differ:
                flag = model.new_bool_var(f"long_run_differs[{b.index}]")
                model.add(top_a != top_b).only_enforce_if(flag)
                differ[b.index] = flag
            reasons.append(differ[b.index])
        empty = model.new_bool_var(f"long_run_none[{window[-1].index}]")
        model.add(first == 0).only_enforce_if(empty)
        ctx.add(LONG_RUN_REPEAT, sum(reasons) + empty >= 1, Where(week=window[-1].index))


def add_peak(ctx: BuildContext) -> None:
    """No run of the segment outside the window is longer than the window's longest, and
    no long run (type `long`) after the window is as long: after it, a day's minutes
    plus one for a long run stay within the peak, one linear bound per day."""
    for stretch in a_race_stretches(ctx.cal):
        window = stretch.peak_window
        if window is None:
            continue
        peak = longest(ctx, window, f"peak_window[{stretch.race_day}]")
        for d in stretch.segment:
            if d in window or d in ctx.cal.race_days or most_minutes(ctx, d) == 0:
                continue
            if d < window.start:
                bound = ctx.day_minutes[d]
            else:
                bound = ctx.weighted([d], lambda s: s.minutes + (s.type == "long"))
            ctx.add(LONG_RUN_PEAK, bound <= peak, Where(day=max(d, window[-1])))
