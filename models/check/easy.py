"""Intensity distribution: the week's share of non-hard minutes."""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction

from models.check.base import CheckContext, Violation, rule_checker
from models.check.text import num
from models.rules.registry import MIN_EASY


@rule_checker(MIN_EASY)
def check_min_easy(ctx: CheckContext) -> Iterator[Violation]:
    """Min-easy weeks: 100 x minutes of non-hard sessions >= pct x the week's minutes."""
    pct = ctx.scenario.constraints.min_easy_pct
    for week in ctx.cal.weeks:
        if not ctx.cal.is_min_easy_week(week) or not ctx.known(week.day_range):
            continue
        sessions = [s for d in week.day_range if (s := ctx.days[d]) is not None]
        total = sum(s.minutes for s in sessions)
        easy = sum(s.minutes for s in sessions if not s.hard)
        if 100 * easy < pct * total:
            yield ctx.at_week(
                MIN_EASY.key,
                week,
                f"week {week.index}: non-hard sessions fill {easy} of its {total} minutes "
                f"({num(Fraction(100 * easy, total))}%), less than the required {pct}%",
            )
