"""Acute:chronic workload ratio: for every day d,
100 x 4 x (load of d-6..d) <= acwr_max_pct x (load of d-27..d),
days before the block counting chronic_load / 7 (every term multiplied by 7)."""

from __future__ import annotations

from ortools.sat.python import cp_model

from models.calendar import ACUTE_DAYS, REFERENCE_DAYS
from solver.context import ACWR, BuildContext, Where


def add(ctx: BuildContext) -> None:
    cons = ctx.cons
    if not cons.acwr_on:
        return
    assert cons.acwr_max_pct is not None
    pct = cons.acwr_max_pct
    chronic = ctx.scenario.athlete.chronic_load
    for d in range(ctx.cal.n_days):
        acute_days = range(d - ACUTE_DAYS + 1, d + 1)
        chronic_days = range(d - REFERENCE_DAYS + 1, d + 1)
        acute = 7 * window_load(ctx, acute_days) + chronic * sum(1 for j in acute_days if j < 0)
        chronic_sum = 7 * window_load(ctx, chronic_days) + chronic * sum(
            1 for j in chronic_days if j < 0
        )
        ctx.add(ACWR, 400 * acute <= pct * chronic_sum, Where(day=d))


def window_load(ctx: BuildContext, days: range) -> cp_model.LinearExpr:
    return cp_model.LinearExpr.sum([ctx.day_load[j] for j in days if j >= 0])
