"""Long-run spike: no non-race session longer than (1 + pct/100) x the longest non-race
session of the 30 days before it (days before the block: the athlete's longest recent run).
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from models.calendar import SPIKE_LOOKBACK_DAYS
from solver.context import LONG_RUN_SPIKE, BuildContext, Where


def add(ctx: BuildContext) -> None:
    cons = ctx.cons
    if not cons.long_run_spike_enabled:
        return
    pct = cons.long_run_spike_pct
    before = ctx.scenario.athlete.longest_recent_run_min
    n = ctx.cal.n_days
    minutes = [non_race_minutes(ctx, d) for d in range(n)]
    for d in range(n):
        if minutes[d] is None:
            continue
        m, most = minutes[d]  # type: ignore[misc]
        window = [minutes[j] for j in range(max(0, d - SPIKE_LOOKBACK_DAYS), d)]
        terms: list[cp_model.LinearExpr | int] = [v[0] for v in window if v is not None]
        floor = before if d < SPIKE_LOOKBACK_DAYS else 0
        if 100 * most <= (100 + pct) * floor:
            continue  # the pre-block run alone allows every session of this day
        if not terms:
            ctx.add(LONG_RUN_SPIKE, 100 * m <= (100 + pct) * floor, Where(day=d))
            continue
        if floor:
            terms.append(floor)
        upper = max([floor, *(v[1] for v in window if v is not None)])
        longest = ctx.model.new_int_var(0, upper, f"longest_before[{d}]")
        ctx.model.add_max_equality(longest, terms)
        ctx.add(LONG_RUN_SPIKE, 100 * m <= (100 + pct) * longest, Where(day=d))


def non_race_minutes(ctx: BuildContext, d: int) -> tuple[cp_model.IntVar, int] | None:
    """The day's minutes as a variable with its largest value, or None on race days
    and rest-only days."""
    if d in ctx.cal.race_days:
        return None
    values = sorted({ctx.sessions[s].minutes for s in ctx.x[d]})
    if values == [0] or not values:
        return None
    var = ctx.model.new_int_var_from_domain(cp_model.Domain.from_values(values), f"minutes[{d}]")
    ctx.model.add(var == ctx.day_minutes[d])
    return var, values[-1]
