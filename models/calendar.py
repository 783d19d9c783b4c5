"""The calendar facts of a block that the rules refer to: days, weeks, taper windows,
recovery days and which weeks each rule applies to.

Days are indexed 0..n-1 from `start`; weeks 1..K from `start`, the last one
possibly partial. Both the checker and the solver read these facts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from models.scenario import WEEKDAYS, Race, Scenario, Weekday

REFERENCE_DAYS = 28  # taper reference window and ACWR chronic window
ACUTE_DAYS = 7
SPIKE_LOOKBACK_DAYS = 30


@dataclass(frozen=True)
class Week:
    index: int  # 1-based
    first: int  # day index
    days: int  # 1..7

    @property
    def full(self) -> bool:
        return self.days == 7

    @property
    def day_range(self) -> range:
        return range(self.first, self.first + self.days)


@dataclass(frozen=True)
class TaperWindow:
    race: Race
    race_day: int
    days: int  # T
    cut_pct: int
    first: int  # R - T, may be negative (before start)

    @property
    def in_block(self) -> range:
        """Window days inside the block."""
        return range(max(0, self.first), self.race_day)

    @property
    def reference(self) -> range:
        """The 28 days before the window, as day indices (negative = before start)."""
        return range(self.first - REFERENCE_DAYS, self.first)

    @property
    def weeks(self) -> tuple[range, ...]:
        """The taper weeks, earliest first: 7-day chunks of the window counted back from
        the race day (the race day excluded), the earliest one holding the T mod 7 days
        left over when T is not a multiple of 7, each clipped to the block's days. A
        chunk that lies wholly before `start` is left out."""
        return taper_weeks(self.race_day, self.days)


def taper_weeks(race_day: int, days: int) -> tuple[range, ...]:
    """The in-block 7-day chunks of the `days` days before `race_day`, earliest first."""
    chunks = []
    for j in range(1, (days + ACUTE_DAYS - 1) // ACUTE_DAYS + 1):
        last = race_day - ACUTE_DAYS * (j - 1)  # exclusive
        first = max(race_day - ACUTE_DAYS * j, race_day - days, 0)
        if first < last:
            chunks.append(range(first, last))
    return tuple(reversed(chunks))


def specific_weeks(race_day: int, weeks: int) -> tuple[range, ...]:
    """The `weeks` 7-day chunks counted back from `race_day` (race day excluded), earliest
    first; only chunks whose 7 days all lie in the block."""
    chunks = [
        range(race_day - ACUTE_DAYS * j, race_day - ACUTE_DAYS * (j - 1))
        for j in range(weeks, 0, -1)
    ]
    return tuple(c for c in chunks if c.start >= 0)


@dataclass(frozen=True)
class BlockCalendar:
    start: dt.date
    n_days: int
    weeks: tuple[Week, ...]
    race_days: dict[int, Race]
    taper_windows: tuple[TaperWindow, ...]
    taper_days: frozenset[int]
    recovery_days: frozenset[int]
    blocked_days: frozenset[int]

    def date(self, day: int) -> dt.date:
        return self.start + dt.timedelta(days=day)

    def day_index(self, date: dt.date) -> int:
        return (date - self.start).days

    def weekday(self, day: int) -> Weekday:
        return WEEKDAYS[self.date(day).weekday()]

    def week_of(self, day: int) -> Week:
        return self.weeks[day // 7]

    def holds_race(self, week: Week) -> bool:
        return any(d in self.race_days for d in week.day_range)

    def holds_taper(self, week: Week) -> bool:
        return any(d in self.taper_days for d in week.day_range)

    def holds_recovery(self, week: Week) -> bool:
        return any(d in self.recovery_days for d in week.day_range)

    def is_deload_week(self, week: Week, deload_every: int) -> bool:
        return (
            deload_every > 0
            and week.full
            and week.index % deload_every == 0
            and not self.holds_race(week)
            and not self.holds_taper(week)
        )

    def is_quota_min_week(self, week: Week) -> bool:
        return (
            week.full
            and not self.holds_race(week)
            and not self.holds_taper(week)
            and not self.holds_recovery(week)
        )

    def is_min_easy_week(self, week: Week) -> bool:
        return week.full and not self.holds_race(week) and not self.holds_taper(week)


def build_calendar(scenario: Scenario) -> BlockCalendar:
    start = scenario.start
    n_days = (scenario.last_day - start).days + 1
    weeks = tuple(
        Week(index=k + 1, first=7 * k, days=min(7, n_days - 7 * k))
        for k in range((n_days + 6) // 7)
    )
    race_days = {(r.date - start).days: r for r in scenario.races}
    cons = scenario.constraints
    windows = []
    taper_days: set[int] = set()
    recovery: set[int] = set()
    for day, race in sorted(race_days.items()):
        taper = cons.taper[race.priority]
        if taper.days > 0 and day > 0:
            w = TaperWindow(race, day, taper.days, taper.cut_pct, day - taper.days)
            windows.append(w)
            taper_days.update(w.in_block)
        n_rec = cons.recovery_days[race.priority]
        recovery.update(d for d in range(day + 1, day + 1 + n_rec) if d < n_days)
    blocked = frozenset(
        (d - start).days for d in scenario.athlete.blocked if 0 <= (d - start).days < n_days
    )
    return BlockCalendar(
        start=start,
        n_days=n_days,
        weeks=weeks,
        race_days=race_days,
        taper_windows=tuple(windows),
        taper_days=frozenset(taper_days),
        recovery_days=frozenset(recovery),
        blocked_days=blocked,
    )
