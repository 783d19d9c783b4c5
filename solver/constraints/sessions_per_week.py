"""At most `athlete.max_sessions_per_week` non-rest days a week; race days do not count."""

from __future__ import annotations

from solver.context import MAX_SESSIONS, BuildContext, Where


def add(ctx: BuildContext) -> None:
    limit = ctx.scenario.athlete.max_sessions_per_week
    for w in ctx.cal.weeks:
        days = [d for d in w.day_range if d not in ctx.cal.race_days]
        if len(days) > limit:
            ctx.add(
                MAX_SESSIONS,
                ctx.count(days, lambda s: s.type != "rest") <= limit,
                Where(week=w.index),
            )
