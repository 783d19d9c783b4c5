"""Intensity distribution: the week's share of non-hard minutes."""

from __future__ import annotations

from fractions import Fraction

from models.check.base import CheckContext, Violation
from models.check.text import num
from models.rules.registry import MIN_EASY


def check_min_easy(ctx: CheckContext) -> list[Violation]:
    """Min-easy weeks: 100 x minutes of non-hard sessions >= pct x the week's minutes."""
    cons = ctx.scenario.constraints
    if not cons.min_easy_enabled:
        return []
    out = []
    pct = cons.min_easy_pct
    for week in ctx.cal.weeks:
        if not ctx.cal.is_min_easy_week(week) or not ctx.known(week.day_range):
            continue
        sessions = [s for d in week.day_range if (s := ctx.days[d]) is not None]
        total = sum(s.minutes for s in sessions)
        easy = sum(s.minutes for s in sessions if not s.hard)
        if 100 * easy < pct * total:
            out.append(
                ctx.at_week(
                    MIN_EASY.key,
                    week,
                    f"week {week.index}: non-hard sessions fill {easy} of its {total} minutes "
                    f"({num(Fraction(100 * easy, total))}%), less than the required {pct}%",
                )
            )
    return out
