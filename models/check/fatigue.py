"""Re-planning after signs of fatigue: a capped week keeps under its cap."""

from __future__ import annotations

from collections.abc import Iterator

from models.check.base import CheckContext, Violation, rule_checker
from models.rules.registry import FATIGUE


@rule_checker(FATIGUE)
def check_load_caps(ctx: CheckContext) -> Iterator[Violation]:
    """Re-planning after signs of fatigue: a capped week's load <= its cap."""
    assert ctx.scenario.history is not None
    for cap in ctx.scenario.history.load_caps:
        week = ctx.cal.weeks[cap.week - 1]
        load = ctx.load_sum(week.day_range)
        if load > cap.load:
            reason = cap.reason or "set by the re-plan"
            detail = f"week {week.index} loads {load}, above its cap of {cap.load} ({reason})"
            yield ctx.at_week(FATIGUE.key, week, detail)
