"""Re-planning after signs of fatigue: a capped week keeps under its cap."""

from __future__ import annotations

from models.check.base import CheckContext, Violation
from models.rules.registry import FATIGUE


def check_load_caps(ctx: CheckContext) -> list[Violation]:
    """Re-planning after signs of fatigue: a capped week's load <= its cap."""
    history = ctx.scenario.history
    if history is None:
        return []
    out = []
    for cap in history.load_caps:
        week = ctx.cal.weeks[cap.week - 1]
        load = ctx.load_sum(week.day_range)
        if load > cap.load:
            out.append(
                ctx.at_week(
                    FATIGUE.key,
                    week,
                    f"week {week.index} loads {load}, above its cap of {cap.load} "
                    f"({cap.reason or 'set by the re-plan'})",
                )
            )
    return out
