"""Foster monotony per full week."""

from __future__ import annotations

import math
from collections.abc import Iterator

from models.check.base import CheckContext, Violation, rule_checker, session_load
from models.rules.registry import MONOTONY

MONOTONY_TOLERANCE = 1e-9


@rule_checker(MONOTONY)
def check_max_monotony(ctx: CheckContext) -> Iterator[Violation]:
    """Full weeks with any load: mean / population stdev of the 7 daily loads <= max
    (+1e-9); equal non-zero loads break it."""
    most = ctx.scenario.constraints.max_monotony
    assert most is not None
    for week in ctx.cal.weeks:
        if not week.full or not ctx.known(week.day_range):
            continue
        loads = [session_load(ctx.days[d]) for d in week.day_range]
        total = sum(loads)
        if total == 0:
            continue
        n = len(loads)
        spread = n * sum(x * x for x in loads) - total * total  # n^2 x variance, exact
        mean = total / n
        if spread == 0:
            yield ctx.at_week(
                MONOTONY.key,
                week,
                f"week {week.index} has the same load {loads[0]} every day, so its "
                f"monotony is unbounded, above the maximum of {most:g}",
            )
            continue
        stdev = math.sqrt(spread) / n
        monotony = mean / stdev
        if monotony > most + MONOTONY_TOLERANCE:
            yield ctx.at_week(
                MONOTONY.key,
                week,
                f"week {week.index} monotony {monotony:.3f} (mean daily load {mean:.1f} / "
                f"standard deviation {stdev:.1f}) exceeds the maximum of {most:g}",
            )
