"""Intensity distribution: in every full week that holds no race day and no taper-window
day, minutes of non-hard sessions >= min_easy_pct % of the week's minutes."""

from __future__ import annotations

from solver.context import MIN_EASY, BuildContext, Where


def add(ctx: BuildContext) -> None:
    cons = ctx.cons
    if not cons.min_easy_enabled or cons.min_easy_pct == 0:
        return
    pct = cons.min_easy_pct
    for w in ctx.cal.weeks:
        if ctx.cal.is_min_easy_week(w):
            # 100 x easy minutes - pct x all minutes >= 0, one coefficient per session
            surplus = ctx.weighted(
                w.day_range, lambda s: (0 if s.hard else 100 * s.minutes) - pct * s.minutes
            )
            ctx.add(MIN_EASY, surplus >= 0, Where(week=w.index))
