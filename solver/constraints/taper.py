"""Taper before each race whose priority has taper days: the window's average daily load
<= (1 - cut/100) x the average over the 28 days before it; and, with
`taper_keep_intensity`, at least floor(T'/7) hard days that are not races in the window.

Integer form, multiplied through by 100 x 28 x 7 x T' (days before the block count
as chronic_load / 7):  100 x 28 x 7 x A <= (100 - cut) x T' x (7 x B_in + chronic x n_pre)
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from models.calendar import REFERENCE_DAYS
from solver.context import TAPER, TAPER_INTENSITY, BuildContext, Where


def add(ctx: BuildContext) -> None:
    cons = ctx.cons
    if not cons.taper_enabled:
        return
    chronic = ctx.scenario.athlete.chronic_load
    for w in ctx.cal.taper_windows:
        window = list(w.in_block)
        t_in = len(window)
        ref_in = [d for d in w.reference if d >= 0]
        n_pre = len(w.reference) - len(ref_in)
        taper_load = cp_model.LinearExpr.sum([ctx.day_load[d] for d in window])
        ref_load = cp_model.LinearExpr.sum([ctx.day_load[d] for d in ref_in])
        reference = 7 * ref_load + chronic * n_pre
        rule = 100 * REFERENCE_DAYS * 7 * taper_load <= (100 - w.cut_pct) * t_in * reference
        ctx.add(TAPER, rule, Where(race_day=w.race_day))
        if cons.keep_intensity_on and t_in >= 7:
            hard = ctx.count([d for d in window if d not in ctx.cal.race_days], lambda s: s.hard)
            ctx.add(TAPER_INTENSITY, hard >= t_in // 7, Where(race_day=w.race_day))
