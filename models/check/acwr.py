"""Acute:chronic workload ratio, day by day."""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction

from models.calendar import ACUTE_DAYS, REFERENCE_DAYS
from models.check.base import CheckContext, Violation, rule_checker
from models.check.text import num
from models.rules.registry import ACWR


@rule_checker(ACWR)
def check_acwr_max(ctx: CheckContext) -> Iterator[Violation]:
    """For every day d, with pre-start days counting chronic_load / 7 (all terms x 7):
    100 x 4 x 7 x acute(d-6..d) <= pct x 7 x chronic(d-27..d)."""
    pct = ctx.scenario.constraints.acwr_max_pct
    assert pct is not None
    chronic_load = ctx.scenario.athlete.chronic_load

    def x7(days: range) -> int:
        n_pre = sum(1 for d in days if d < 0)
        return 7 * ctx.load_sum(days) + chronic_load * n_pre

    for day in range(ctx.cal.n_days):
        long_window = range(day - REFERENCE_DAYS + 1, day + 1)
        if not ctx.known(long_window):
            continue
        acute = x7(range(day - ACUTE_DAYS + 1, day + 1))
        chronic = x7(long_window)
        if 400 * acute > pct * chronic:
            ratio = Fraction(400 * acute, chronic)  # acute > 0 implies chronic > 0
            yield ctx.at_day(
                ACWR.key,
                day,
                f"on {ctx.cal.date(day)} the 7-day load {num(Fraction(acute, 7))} is "
                f"{num(ratio)}% of the 28-day weekly average "
                f"{num(Fraction(chronic, 7 * 4))}, above the maximum of {pct}%",
            )
