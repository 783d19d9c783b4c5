"""What every rule reads and what it reports: a violation, and the context of
one check (the scenario, its calendar and the session of each day)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from models.calendar import BlockCalendar, Week
from models.scenario import Scenario, Session

if TYPE_CHECKING:
    from models.rules.registry import Rule


@dataclass(frozen=True)
class Violation:
    constraint: str  # a key of the constraints table, or days, catalog, races, ...
    date: dt.date | None
    week: int | None
    detail: str
    # The last day index the broken rule instance reads (None: not tied to days). With a
    # history, an instance that reads only lived days is not enforced.
    read_until: int | None = field(default=None, compare=False)

    def as_dict(self) -> dict[str, Any]:
        return {
            "constraint": self.constraint,
            "date": self.date.isoformat() if self.date is not None else None,
            "week": self.week,
            "detail": self.detail,
        }


@dataclass(frozen=True)
class CheckContext:
    """What every rule reads: the scenario, its calendar and one session per day
    (None for an unknown day)."""

    scenario: Scenario
    cal: BlockCalendar
    days: tuple[Session | None, ...]

    # -- building violations -------------------------------------------------

    def at_day(
        self, constraint: str, day: int, detail: str, read_until: int | None = None
    ) -> Violation:
        last = day if read_until is None else read_until
        return Violation(constraint, self.cal.date(day), self.cal.week_of(day).index, detail, last)

    @staticmethod
    def at_week(constraint: str, week: Week, detail: str) -> Violation:
        return Violation(constraint, None, week.index, detail, week.day_range[-1])

    # -- reading days ----------------------------------------------------------

    def known(self, days: range) -> bool:
        """True when every in-block day of the range holds a known session."""
        return all(self.days[d] is not None for d in days if 0 <= d < self.cal.n_days)

    def load_sum(self, days: range) -> int:
        """Load of the in-block days of the range, unknown days counting 0."""
        return sum(session_load(self.days[d]) for d in days if 0 <= d < self.cal.n_days)

    def week_load(self, week: Week) -> int | None:
        """The week's load, or None when one of its days is unknown."""
        return self.load_sum(week.day_range) if self.known(week.day_range) else None

    def sid(self, day: int) -> str:
        s = self.days[day]
        return s.id if s is not None else "?"


def session_load(s: Session | None) -> int:
    return s.load if s is not None else 0


Finder = Callable[["CheckContext"], Iterable[Violation]]
Checker = Callable[["CheckContext"], list[Violation]]


def rule_checker(rule: Rule) -> Callable[[Finder], Checker]:
    """A rule's checker from the function that finds its violations: none at all when the
    rule is not in force. When a rule applies is the registry's word (`Rule.in_force`),
    so a checker called on its own, as the importer's probes do, agrees with check_plan."""

    def wrap(find: Finder) -> Checker:
        @functools.wraps(find)
        def check(ctx: CheckContext) -> list[Violation]:
            if not rule.in_force(ctx.scenario.constraints, ctx.scenario):
                return []
            return list(find(ctx))

        return check

    return wrap
