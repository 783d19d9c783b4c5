"""Training days per week at most the athlete's maximum."""

from __future__ import annotations

from collections.abc import Iterator

from models.check.base import CheckContext, Violation, rule_checker
from models.rules.registry import MAX_SESSIONS


@rule_checker(MAX_SESSIONS)
def check_max_sessions_per_week(ctx: CheckContext) -> Iterator[Violation]:
    """Non-rest days per week, race days not counted, at most the athlete's maximum."""
    most = ctx.scenario.athlete.max_sessions_per_week
    for week in ctx.cal.weeks:
        count = 0
        for d in week.day_range:
            s = ctx.days[d]
            if s is not None and s.type != "rest" and d not in ctx.cal.race_days:
                count += 1
        if count > most:
            yield ctx.at_week(
                MAX_SESSIONS.key,
                week,
                f"week {week.index} has {count} training days (race days not counted), "
                f"more than the athlete's maximum of {most}",
            )
