"""Weekly load: a ceiling, the ramp limit against the recent weeks, and deload weeks.

ref(k) is the highest load among weeks k-N..k-1 (N = ramp_reference_weeks),
weeks before the block counting as the athlete's chronic load. Every
comparison is the spec's integer form: 100 x load_k <= (100 + p) x ref(k).
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from solver.context import DELOAD, RAMP, WEEKLY_LOAD_MAX, BuildContext, Where


def add(ctx: BuildContext) -> None:
    cons = ctx.cons
    cal = ctx.cal
    if cons.weekly_load_max_on:
        assert cons.weekly_load_max is not None
        for w in cal.weeks:
            ctx.add(
                WEEKLY_LOAD_MAX,
                ctx.week_load[w.index - 1] <= cons.weekly_load_max,
                Where(week=w.index),
            )

    deload_weeks = [
        w for w in cal.weeks if cons.deload_on and cal.is_deload_week(w, cons.deload_every)
    ]
    ramp_weeks = [w for w in cal.weeks if cons.ramp_enabled and w.full]
    refs: dict[int, cp_model.IntVar] = {}
    for w in {w.index: w for w in [*ramp_weeks, *deload_weeks]}.values():
        refs[w.index] = reference_load(ctx, w.index)
    for w in ramp_weeks:
        ctx.add(
            RAMP,
            100 * ctx.week_load[w.index - 1] <= (100 + cons.ramp_pct) * refs[w.index],
            Where(week=w.index),
        )
    for w in deload_weeks:
        ctx.add(
            DELOAD,
            100 * ctx.week_load[w.index - 1] <= (100 - cons.deload_pct) * refs[w.index],
            Where(week=w.index),
        )


def reference_load(ctx: BuildContext, k: int) -> cp_model.IntVar:
    """ref(k): the highest load among weeks k-N..k-1, pre-block weeks = chronic load."""
    n_ref = ctx.cons.ramp_reference_weeks
    chronic = ctx.scenario.athlete.chronic_load
    terms: list[cp_model.LinearExpr | int] = [
        ctx.week_load[j - 1] for j in range(max(1, k - n_ref), k)
    ]
    if k - n_ref < 1:
        terms.append(chronic)
    upper = max([chronic, *(ctx.week_load_upper[j - 1] for j in range(max(1, k - n_ref), k))])
    ref = ctx.model.new_int_var(0, upper, f"ref[{k}]")
    ctx.model.add_max_equality(ref, terms)
    return ref
