"""Hard days: spacing between them and a weekly maximum."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from models.check.base import CheckContext, Violation, rule_checker
from models.rules.registry import HARD_SPACING, MAX_HARD


@rule_checker(HARD_SPACING)
def check_hard_spacing(ctx: CheckContext) -> Iterator[Violation]:
    """Any two hard days d1 < d2 have d2 - d1 > hard_spacing_days (races are hard; long
    runs too when long_run_is_hard_for_spacing)."""
    cons = ctx.scenario.constraints
    spacing = cons.hard_spacing_days
    long_hard = cons.long_run_is_hard_for_spacing
    hard = [
        d
        for d, s in enumerate(ctx.days)
        if s is not None and (s.hard or (long_hard and s.type == "long"))
    ]
    # Checking neighbours is enough: a close pair always contains a close neighbour pair.
    for d1, d2 in itertools.pairwise(hard):
        if d2 - d1 <= spacing:
            yield ctx.at_day(
                HARD_SPACING.key,
                d2,
                f"hard days {ctx.cal.date(d1)} ('{ctx.sid(d1)}') and {ctx.cal.date(d2)} "
                f"('{ctx.sid(d2)}') have {d2 - d1 - 1} non-hard days between them, "
                f"fewer than the {spacing} required",
            )


@rule_checker(MAX_HARD)
def check_max_hard_per_week(ctx: CheckContext) -> Iterator[Violation]:
    """Hard days per week, races included, at most max_hard_per_week (partial weeks too)."""
    most = ctx.scenario.constraints.max_hard_per_week
    for week in ctx.cal.weeks:
        count = sum(1 for d in week.day_range if (s := ctx.days[d]) is not None and s.hard)
        if count > most:
            yield ctx.at_week(
                MAX_HARD.key,
                week,
                f"week {week.index} has {count} hard days (races included), more than the "
                f"maximum of {most}",
            )
