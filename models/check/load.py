"""Weekly load: a ceiling, the ramp against the recent weeks, and deload weeks."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from fractions import Fraction

from models.calendar import Week
from models.check.base import CheckContext, Violation, rule_checker
from models.check.text import num, ref_text
from models.rules.registry import DELOAD, RAMP, WEEKLY_LOAD_MAX


@rule_checker(WEEKLY_LOAD_MAX)
def check_weekly_load_max(ctx: CheckContext) -> Iterator[Violation]:
    """Every week's load at most weekly_load_max."""
    most = ctx.scenario.constraints.weekly_load_max
    assert most is not None
    for week in ctx.cal.weeks:
        load = ctx.load_sum(week.day_range)
        if load > most:
            detail = f"week {week.index} load {load} exceeds the maximum weekly load {most}"
            yield ctx.at_week(WEEKLY_LOAD_MAX.key, week, detail)


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


@rule_checker(RAMP)
def check_ramp(ctx: CheckContext) -> Iterator[Violation]:
    """Full week k: 100 x L_k <= (100 + ramp_pct) x ref(k)."""
    full = [week for week in ctx.cal.weeks if week.full]
    share = 100 + ctx.scenario.constraints.ramp_pct
    return _over_reference(
        ctx, RAMP.key, full, share, lambda week, load: f"week {week} load {load}"
    )


@rule_checker(DELOAD)
def check_deload(ctx: CheckContext) -> Iterator[Violation]:
    """Deload weeks (BlockCalendar.is_deload_week): 100 x L_k <= (100 - deload_pct) x ref(k)."""
    every = ctx.scenario.constraints.deload_every
    deloads = [week for week in ctx.cal.weeks if ctx.cal.is_deload_week(week, every)]
    share = 100 - ctx.scenario.constraints.deload_pct

    def what(week: int, load: int) -> str:
        return f"week {week} is a deload week (every {every}th): its load {load}"

    return _over_reference(ctx, DELOAD.key, deloads, share, what)


def _over_reference(
    ctx: CheckContext,
    key: str,
    weeks: Iterable[Week],
    share: int,
    what: Callable[[int, int], str],
) -> Iterator[Violation]:
    """The weeks whose load is over `share` % of their reference ref(k), skipping those
    whose reference holds an unknown day; `what` names the week and its load (the ramp
    and the deload bound a week the same way, above or below its reference)."""
    cons = ctx.scenario.constraints
    chronic = ctx.scenario.athlete.chronic_load
    for week in weeks:
        load, ref = ctx.load_sum(week.day_range), ramp_reference(ctx, week)
        if ref is None or 100 * load <= share * ref:
            continue
        ceiling = Fraction(share * ref, 100)
        yield ctx.at_week(
            key,
            week,
            f"{what(week.index, load)} exceeds {share}% of the reference {ref} "
            f"({num(ceiling)}), {ref_text(week.index, cons.ramp_reference_weeks, chronic)}",
        )
