"""Progression ladders: at most one rung up a week."""

from __future__ import annotations

from collections.abc import Iterator

from models.check.base import CheckContext, Violation, rule_checker
from models.rules.registry import PROGRESSION
from models.scenario import LADDER_FREE_TYPES


@rule_checker(PROGRESSION)
def check_progression(ctx: CheckContext) -> Iterator[Violation]:
    """A session of type t and level L in week k: L <= 1 + max(start level of t, highest
    level of t used in any earlier week). Rest and race have no ladder."""
    athlete = ctx.scenario.athlete
    highest: dict[str, int] = {}
    history_known = True
    for week in ctx.cal.weeks:
        used: dict[str, int] = {}
        for d in week.day_range:
            s = ctx.days[d]
            if s is None or s.type in LADDER_FREE_TYPES:
                continue
            used[s.type] = max(used.get(s.type, 0), s.level)
            if not history_known:
                continue
            start_level = athlete.level_start(s.type)
            base = max(start_level, highest.get(s.type, 0))
            if s.level > base + 1:
                so_far = (
                    f"the highest {s.type} level of earlier weeks is {highest[s.type]}"
                    if s.type in highest
                    else f"no {s.type} session in earlier weeks"
                )
                yield ctx.at_day(
                    PROGRESSION.key,
                    d,
                    f"'{s.id}' on {ctx.cal.date(d)} is {s.type} level {s.level}, but week "
                    f"{week.index} allows at most level {base + 1} ({so_far}, start level "
                    f"{start_level}; one rung a week)",
                )
        for t, level in used.items():
            highest[t] = max(highest.get(t, 0), level)
        history_known = history_known and ctx.known(week.day_range)
