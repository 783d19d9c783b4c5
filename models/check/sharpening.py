"""Sharpening: few quality sessions in the last days before an A race."""

from __future__ import annotations

from collections.abc import Iterator

from models.check.base import CheckContext, Violation, rule_checker
from models.rules.registry import SHARPENING
from models.shape import SHARPENING_TYPES, a_race_stretches


@rule_checker(SHARPENING)
def check_sharpening(ctx: CheckContext) -> Iterator[Violation]:
    """In the sharpening_days days before each A race (R-D .. R-1, in the block and after
    the A race before it), at most sharpening_max_quality quality sessions other than
    race-pace ones (hills, tempo, threshold, VO2max, speed endurance)."""
    cons = ctx.scenario.constraints
    most = cons.sharpening_max_quality
    for stretch in a_race_stretches(ctx.cal):
        days = stretch.last_days(cons.sharpening_days)
        quality = [d for d in days if (s := ctx.days[d]) is not None and s.type in SHARPENING_TYPES]
        if len(quality) <= most:
            continue
        listed = ", ".join(f"'{ctx.sid(d)}' on {ctx.cal.date(d)}" for d in quality)
        yield ctx.at_day(
            SHARPENING.key,
            days.start,
            f"the {len(days)} days before the A race on {ctx.cal.date(stretch.race_day)} "
            f"hold {len(quality)} quality sessions besides race-pace ones ({listed}), more "
            f"than the {most} allowed",
            read_until=days[-1],
        )
