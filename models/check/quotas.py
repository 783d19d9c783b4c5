"""Session-type quotas per week."""

from __future__ import annotations

from collections.abc import Iterator

from models.check.base import CheckContext, Violation, rule_checker
from models.rules.registry import QUOTAS


@rule_checker(QUOTAS)
def check_quotas(ctx: CheckContext) -> Iterator[Violation]:
    """Per week, days of each quota's type: <= max in every week; >= min only in quota-min
    weeks (full, no race day, no taper-window day, no recovery day)."""
    for q in ctx.scenario.constraints.quotas:
        for week in ctx.cal.weeks:
            count = sum(
                1 for d in week.day_range if (s := ctx.days[d]) is not None and s.type == q.type
            )
            if q.max is not None and count > q.max:
                yield ctx.at_week(
                    QUOTAS.key,
                    week,
                    f"week {week.index} has {count} {q.type} sessions, more than the "
                    f"quota's max of {q.max}",
                )
            if count < q.min and ctx.cal.is_quota_min_week(week) and ctx.known(week.day_range):
                yield ctx.at_week(
                    QUOTAS.key,
                    week,
                    f"week {week.index} has {count} {q.type} sessions, fewer than the "
                    f"quota's min of {q.min}",
                )
