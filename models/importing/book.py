"""A book plan as read from its file: one workout per day of the block, before any
classification. Readers fill it; the classifier, the session builder and the envelope
read it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

KM_PER_MILE = 1.609344
UNITS = ("mi", "km")


@dataclass(frozen=True)
class BookWorkout:
    """One day of the book plan.

    `day` is the day index from the block's start (0-based); `where` is the field path of
    the workout in its file (`schedule[2].workouts[4]`, `line 7`), for error messages.
    `distance_km` is (low, high) in kilometres, equal for a single number; `minutes`
    is a duration the file gives directly. `session_type` and `hard` are what the file
    itself says (a CSV's type and hard columns), else None."""

    day: int
    where: str
    title: str
    description: str = ""
    distance_km: tuple[float, float] | None = None
    minutes: float | None = None
    session_type: str | None = None
    hard: bool | None = None
    tags: tuple[str, ...] = ()

    @property
    def week(self) -> int:
        return self.day // 7 + 1

    @property
    def km(self) -> float | None:
        """The distance read for the day: the middle of a range."""
        if self.distance_km is None:
            return None
        low, high = self.distance_km
        return (low + high) / 2


@dataclass(frozen=True)
class BookPlan:
    """The whole book plan: its name, the file it came from, its units and its days.
    `workouts` holds at most one workout per day, sorted by day; a day without one is
    a rest day. `n_days` is the length of the block the plan covers."""

    name: str
    file: str
    units: str
    start: dt.date
    n_days: int
    workouts: tuple[BookWorkout, ...]

    def date(self, day: int) -> dt.date:
        return self.start + dt.timedelta(days=day)

    def describe_day(self, workout: BookWorkout) -> str:
        """`week 3 Wed 2027-01-20` for messages."""
        date = self.date(workout.day)
        return f"week {workout.week} {date.strftime('%a')} {date.isoformat()}"
