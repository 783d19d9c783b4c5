"""The calendar facts of the block-shape rules (docs/rules.md): which weeks are build
weeks, the windows of consecutive weeks the rules judge (full weeks for wave loading and
repeated long runs, build weeks for the step-backs), and the per-distance windows and
caps of the long-run build and the sharpening rule.

The checker (models/check/wave.py, long_run_build.py, sharpening.py) and the model
(solver/constraints/ of the same names) both read these, so that they judge the same
weeks and days.
"""

from __future__ import annotations

from dataclasses import dataclass

from models.calendar import ACUTE_DAYS, BlockCalendar, Week
from models.scenario import Distance

# When the block's longest run comes: (nearest, farthest) weeks out from an A race, a day
# d being w weeks out when R - 7w <= d <= R - 7w + 6. Coaching practice places the peak
# long run before the taper and far enough out to absorb it: the marathon's three to
# five weeks out; the shorter races recover from their (shorter) peak sooner.
PEAK_WEEKS: dict[Distance, tuple[int, int]] = {
    "marathon": (3, 5),
    "half": (2, 4),
    "10k": (2, 4),
    "5k": (2, 4),
}

# The last stretch before an A race: (days, longest run in minutes) - no non-race
# session longer than that in the days R-days .. R-1. The lengths follow the taper
# heuristics per distance (marathon 2-3 weeks, half 10-14 days, 5K-10K 7-10 days).
FINAL_CAP: dict[Distance, tuple[int, int]] = {
    "marathon": (14, 120),
    "half": (10, 90),
    "10k": (7, 75),
    "5k": (7, 60),
}

# Sharpening: the quality sessions it counts (models/penalties.py QUALITY_TYPES but
# race_pace: race-pace touches are the sharpening itself).
SHARPENING_TYPES = frozenset({"hills", "tempo", "threshold", "vo2max", "speed_endurance"})


def build_weeks(cal: BlockCalendar) -> list[bool]:
    """Whether each week is a build week: a full week that holds no A race and no day of
    an A race's taper. A week with a B or C race is part of the build: coaches train
    through tune-ups, and a plateau that runs on through one is still a plateau."""
    peak = {d for d, race in cal.race_days.items() if race.priority == "A"}
    peak.update(d for w in cal.taper_windows if w.race.priority == "A" for d in w.in_block)
    return [week.full and not any(d in peak for d in week.day_range) for week in cal.weeks]


def build_windows(cal: BlockCalendar, size: int) -> list[tuple[Week, ...]]:
    """Every `size` consecutive weeks (by index) that are all build weeks, in order."""
    return _windows(cal, size, build_weeks(cal))


def full_windows(cal: BlockCalendar, size: int) -> list[tuple[Week, ...]]:
    """Every `size` consecutive full weeks, in order: the weeks the structure metrics of
    models/quality/structure.py read, so that a rule on them bounds the metric."""
    return _windows(cal, size, [week.full for week in cal.weeks])


def _windows(cal: BlockCalendar, size: int, judged: list[bool]) -> list[tuple[Week, ...]]:
    weeks = cal.weeks
    return [
        tuple(weeks[first : first + size])
        for first in range(len(weeks) - size + 1)
        if all(judged[first : first + size])
    ]


@dataclass(frozen=True)
class RaceStretch:
    """An A race on day `race_day` and the block's days it judges: `segment` from the day
    after the A race before it (or the block's start) to the day before the race."""

    race_day: int
    distance: Distance
    segment: range

    @property
    def peak_window(self) -> range | None:
        """The days PEAK_WEEKS allows the peak in, or None when they do not all lie in the
        segment (a block too short, or A races too close, to judge where the peak is)."""
        nearest, farthest = PEAK_WEEKS[self.distance]
        first = self.race_day - ACUTE_DAYS * farthest
        if first < self.segment.start:
            return None
        return range(first, self.race_day - ACUTE_DAYS * (nearest - 1))

    def last_days(self, days: int) -> range:
        """The in-segment days among the `days` days before the race."""
        return range(max(self.segment.start, self.race_day - days), self.race_day)

    @property
    def final_days(self) -> range:
        return self.last_days(FINAL_CAP[self.distance][0])

    @property
    def final_span(self) -> int:
        return FINAL_CAP[self.distance][0]

    @property
    def final_cap(self) -> int:
        return FINAL_CAP[self.distance][1]


def a_race_stretches(cal: BlockCalendar) -> list[RaceStretch]:
    """Each A race of the block after its first day, in date order."""
    out = []
    start = 0
    for day, race in sorted(cal.race_days.items()):
        if race.priority != "A":
            continue
        if day > 0:
            out.append(RaceStretch(day, race.distance, range(start, day)))
        start = day + 1
    return out
