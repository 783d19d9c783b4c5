"""Weekly load: a ceiling, the ramp against the recent weeks, and deload weeks."""

from __future__ import annotations

from fractions import Fraction

from models.calendar import Week
from models.check.base import CheckContext, Violation
from models.check.text import num, ref_text
from models.rules.registry import DELOAD, RAMP, WEEKLY_LOAD_MAX


def check_weekly_load_max(ctx: CheckContext) -> list[Violation]:
    """Every week's load at most weekly_load_max."""
    cons = ctx.scenario.constraints
    if not cons.weekly_load_max_on:
        return []
    assert cons.weekly_load_max is not None
    out = []
    for week in ctx.cal.weeks:
        load = ctx.load_sum(week.day_range)
        if load > cons.weekly_load_max:
            out.append(
                ctx.at_week(
                    WEEKLY_LOAD_MAX.key,
                    week,
                    f"week {week.index} load {load} exceeds the maximum weekly load "
                    f"{cons.weekly_load_max}",
                )
            )
    return out


def ramp_reference(ctx: CheckContext, week: Week) -> int | None:
    """ref(k): the highest load among weeks k-N..k-1, weeks before week 1 counting as the
    chronic load; None when one of those weeks holds an unknown day."""
    n_ref = ctx.scenario.constraints.ramp_reference_weeks
    loads = []
    for j in range(week.index - n_ref, week.index):
        if j < 1:
            loads.append(ctx.scenario.athlete.chronic_load)
            continue
        load = ctx.week_load(ctx.cal.weeks[j - 1])
        if load is None:
            return None
        loads.append(load)
    return max(loads)


def check_ramp(ctx: CheckContext) -> list[Violation]:
    """Full week k: 100 x L_k <= (100 + ramp_pct) x ref(k)."""
    cons = ctx.scenario.constraints
    if not cons.ramp_enabled:
        return []
    out = []
    chronic = ctx.scenario.athlete.chronic_load
    for week in ctx.cal.weeks:
        if not week.full:
            continue
        load, ref = ctx.load_sum(week.day_range), ramp_reference(ctx, week)
        if ref is None:
            continue
        if 100 * load > (100 + cons.ramp_pct) * ref:
            ceiling = Fraction((100 + cons.ramp_pct) * ref, 100)
            out.append(
                ctx.at_week(
                    RAMP.key,
                    week,
                    f"week {week.index} load {load} exceeds {100 + cons.ramp_pct}% of the "
                    f"reference {ref} ({num(ceiling)}), "
                    f"{ref_text(week.index, cons.ramp_reference_weeks, chronic)}",
                )
            )
    return out


def check_deload(ctx: CheckContext) -> list[Violation]:
    """Deload weeks (BlockCalendar.is_deload_week): 100 x L_k <= (100 - deload_pct) x ref(k)."""
    cons = ctx.scenario.constraints
    if not cons.deload_on:
        return []
    out = []
    chronic = ctx.scenario.athlete.chronic_load
    for week in ctx.cal.weeks:
        if not ctx.cal.is_deload_week(week, cons.deload_every):
            continue
        load, ref = ctx.load_sum(week.day_range), ramp_reference(ctx, week)
        if ref is None:
            continue
        if 100 * load > (100 - cons.deload_pct) * ref:
            ceiling = Fraction((100 - cons.deload_pct) * ref, 100)
            out.append(
                ctx.at_week(
                    DELOAD.key,
                    week,
                    f"week {week.index} is a deload week (every {cons.deload_every}th): its "
                    f"load {load} exceeds {100 - cons.deload_pct}% of the reference {ref} "
                    f"({num(ceiling)}), "
                    f"{ref_text(week.index, cons.ramp_reference_weeks, chronic)}",
                )
            )
    return out
