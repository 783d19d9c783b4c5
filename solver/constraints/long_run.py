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


def add_support_cuts(ctx: BuildContext, model: cp_model.CpModel) -> None:
    """Cuts for the bound search: the spike rule read as support. A session of m minutes
    on day d needs a session of at least ceil(100 m / (100 + pct)) minutes among the 30
    days before it (or a long enough run before the block). Every plan satisfies them
    (they follow from the rule), but the linear relaxation, which meets the rule's max
    with fractions of sessions, does not, so they tighten the bound where a long-run
    build limits the load. Only sessions longer than the athlete's longest recent run
    get them: shorter ones are supported in any plan that has run that long.

    They go into `model`, a copy of the block's model (`ctx.model`'s variables), not
    into the model every search uses: in the plan searches they made the model larger
    for no better plans (benchmarks/SPEED.md)."""
    cons = ctx.cons
    if not cons.long_run_spike_enabled or ctx.guarded:
        return
    pct = cons.long_run_spike_pct
    before = ctx.scenario.athlete.longest_recent_run_min
    n = ctx.cal.n_days
    thresholds = sorted(
        {
            ctx.sessions[s].minutes
            for d in range(n)
            for s in ctx.x[d]
            if ctx.sessions[s].type != "race" and ctx.sessions[s].minutes > before
        }
    )
    needs = {m: -(-100 * m // (100 + pct)) for m in thresholds}

    def at_least(d: int, minutes: int) -> cp_model.LinearExpr:
        if d in ctx.cal.race_days:
            return cp_model.LinearExpr.sum([])
        return ctx.count([d], lambda s: s.type != "race" and s.minutes >= minutes)

    # prefix[mu][d]: how many of the days 0..d hold a session of at least mu minutes
    prefix: dict[int, list[cp_model.IntVar]] = {}
    for mu in sorted(set(needs.values())):
        run: list[cp_model.IntVar] = []
        for d in range(n):
            y = model.new_int_var(0, d + 1, f"support[{mu},{d}]")
            model.add(y == (run[-1] if run else 0) + at_least(d, mu))
            run.append(y)
        prefix[mu] = run
    for d in range(max(0, ctx.until), n):
        if d in ctx.cal.race_days:
            continue
        floor = before if d < SPIKE_LOOKBACK_DAYS else 0
        for m in thresholds:
            if 100 * m <= (100 + pct) * floor:
                continue
            if d == 0:
                model.add(at_least(d, m) == 0)
                continue
            run = prefix[needs[m]]
            first = d - SPIKE_LOOKBACK_DAYS - 1  # the day before the 30-day window
            model.add(at_least(d, m) <= run[d - 1] - (run[first] if first >= 0 else 0))
