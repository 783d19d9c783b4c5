"""Probing the book plan with the checker's rule functions: does the book keep a rule at
a given value, where does it break it, and the tightest value it keeps (binary search;
each rule is monotone in its number)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from models.calendar import build_calendar
from models.check import CheckContext, Violation
from models.scenario import ConstraintSet, Scenario, Session

Rule = Callable[[CheckContext], list[Violation]]


class Probe:
    """The book's days under a scenario whose constraints change as they are derived."""

    def __init__(self, scenario: Scenario, sessions: Sequence[Session]) -> None:
        self.scenario = scenario
        self.sessions = tuple(sessions)
        self.current: dict[str, Any] = {"deload_enabled": False, "quotas": []}

    def scenario_with(self, **updates: Any) -> Scenario:
        raw = {**self.scenario.constraints.model_dump(mode="json"), **self.current, **updates}
        cons = ConstraintSet.model_validate(raw)
        return self.scenario.model_copy(update={"constraints": cons})

    def violations(self, rule: Rule, **updates: Any) -> list[Violation]:
        scenario = self.scenario_with(**updates)
        ctx = CheckContext(scenario, build_calendar(scenario), self.sessions)
        return rule(ctx)

    def passes(self, rule: Rule, **updates: Any) -> bool:
        return not self.violations(rule, **updates)

    def breaks(self, rule: Rule, **updates: Any) -> str:
        """Where the book breaks the rule at a tighter value: `week 6` or `2027-02-03`."""
        found = self.violations(rule, **updates)
        if not found:
            return "nowhere"
        v = found[0]
        where = f"week {v.week}" if v.date is None else f"{v.date} (week {v.week})"
        return where + (f" and {len(found) - 1} more" if len(found) > 1 else "")


def smallest(passes: Callable[[int], bool], low: int, high: int) -> int | None:
    """The smallest value in [low, high] that passes, for a rule that stays passed above."""
    if not passes(high):
        return None
    while low < high:
        mid = (low + high) // 2
        if passes(mid):
            high = mid
        else:
            low = mid + 1
    return low


def largest(passes: Callable[[int], bool], low: int, high: int) -> int | None:
    """The largest value in [low, high] that passes, for a rule that stays passed below."""
    if not passes(low):
        return None
    while low < high:
        mid = (low + high + 1) // 2
        if passes(mid):
            low = mid
        else:
            high = mid - 1
    return low
