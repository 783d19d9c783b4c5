"""The template plan's week shape (models/quality/template.py): the fixed weekly
pattern, each day's share of the build level around races, and each week's kind (build,
deload or taper). The numbers are the template's rules 1 to 3, written out there."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from models.calendar import BlockCalendar
from models.scenario import WEEKDAYS, Priority, Race, Scenario, Session, Weekday

GENERATOR = "template"
DEFAULT_RAMP_PCT = 8
DELOAD_EVERY = 4
MIN_DELOAD_CUT_PCT = 25
TAPER_A = {2: 0.75, 1: 0.55}  # 7-day steps before an A race: factor of the build level
TAPER_B = {1: 0.70}
AFTER_RACE = {"A": 0.5, "B": 0.8, "C": 1.0}  # load factor on the recovery days
LONG_STEP_MIN = 10
LONG_DELOAD = 0.8
LONG_TAPER = 0.75
LONG_CAP_MIN = {"5k": 90, "10k": 100, "half": 120, "marathon": 150, None: 100}

# Two quality slots per week; each slot rotates through its types week by week.
QUALITY_ROTATION: dict[str | None, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "5k": (("speed_endurance", "vo2max"), ("vo2max", "speed_endurance")),
    "10k": (("threshold",), ("tempo", "race_pace")),
    "half": (("threshold",), ("tempo", "race_pace")),
    "marathon": (("threshold",), ("race_pace", "tempo")),
    None: (("speed_endurance", "hills"), ("threshold",)),
}
QUALITY_FALLBACK = ("threshold", "tempo", "vo2max", "speed_endurance", "race_pace", "hills")
EASY_TYPES = ("easy", "recovery")
WEEKDAY_PREFERENCE = {"tue": 0, "thu": 1, "wed": 2, "sat": 3, "mon": 4, "fri": 5, "sun": 6}


@dataclass(frozen=True)
class WeeklyPattern:
    """The fixed week: which weekday does what."""

    training: frozenset[Weekday]
    long_day: Weekday | None
    quality_days: tuple[Weekday, ...]  # in week order; the first carries slot 1
    strides_day: Weekday | None

    def role(self, weekday: str) -> str:
        if weekday not in self.training:
            return "rest"
        if weekday == self.long_day:
            return "long"
        if weekday in self.quality_days:
            return f"quality{self.quality_days.index(weekday) + 1}"
        if weekday == self.strides_day:
            return "strides"
        return "easy"


# ---------------------------------------------------------------------------
# The weekly pattern
# ---------------------------------------------------------------------------


def _circular_gap(a: Weekday, b: Weekday) -> int:
    i, j = WEEKDAYS.index(a), WEEKDAYS.index(b)
    return min((i - j) % 7, (j - i) % 7)


def _next_to(day: Weekday, other: Weekday | None) -> bool:
    return other is not None and _circular_gap(day, other) == 1


def weekly_pattern(scenario: Scenario, sessions: Sequence[Session]) -> WeeklyPattern:
    athlete, cons = scenario.athlete, scenario.constraints
    avail = athlete.availability
    trainable = [s for s in sessions if s.type not in ("rest", "race")]
    shortest = min((s.minutes for s in trainable), default=1)
    open_days = [wd for wd in WEEKDAYS if avail[wd] > 0 and avail[wd] >= shortest]
    if not open_days:
        return WeeklyPattern(frozenset(), None, (), None)

    forbidden = {q.type for q in cons.quotas if q.max == 0} if cons.quotas_enabled else set()
    has_long = any(s.type == "long" for s in trainable) and "long" not in forbidden
    long_day: Weekday | None = None
    if has_long:
        preferred = athlete.long_run_day
        if preferred is not None and preferred in open_days:
            long_day = preferred
        else:
            roomiest: Weekday = max(open_days, key=lambda wd: (avail[wd], WEEKDAYS.index(wd)))
            long_day = roomiest

    # Too many open days: the shortest rest, the day after the long run first.
    training = list(open_days)
    while len(training) > athlete.max_sessions_per_week:
        candidates = [wd for wd in training if wd != long_day] or training
        after_long = WEEKDAYS[(WEEKDAYS.index(long_day) + 1) % 7] if long_day is not None else None
        drop = min(
            candidates,
            key=lambda wd: (avail[wd], wd != after_long, WEEKDAYS.index(wd)),
        )
        training.remove(drop)

    hard_sessions = [s for s in trainable if s.hard and s.type in QUALITY_FALLBACK]
    quality_min = min((s.minutes for s in hard_sessions), default=None)
    n_quality = 2 if hard_sessions else 0
    if cons.max_hard_per_week_enabled:
        n_quality = min(n_quality, cons.max_hard_per_week)
    spacing = cons.hard_spacing_days if cons.hard_spacing_enabled else 0
    candidates = [
        wd
        for wd in training
        if wd != long_day and quality_min is not None and avail[wd] >= quality_min
    ]
    n_quality = min(n_quality, len(candidates))

    def score(pair: tuple[Weekday, ...]) -> tuple[int, int, int, int]:
        spaced = all(_circular_gap(a, b) - 1 >= spacing for a, b in itertools.combinations(pair, 2))
        next_to_long = sum(1 for wd in pair if _next_to(wd, long_day))
        preference = sum(WEEKDAY_PREFERENCE[wd] for wd in pair)
        return (0 if spaced else 1, next_to_long, preference, -sum(avail[wd] for wd in pair))

    quality: tuple[Weekday, ...] = ()
    if n_quality > 0:
        best = min(itertools.combinations(candidates, n_quality), key=score)
        quality = tuple(sorted(best, key=WEEKDAYS.index))

    strides_day: Weekday | None = None
    strides = [s for s in trainable if s.type == "strides" and not s.hard]
    if strides and "strides" not in forbidden:
        shortest_strides = min(s.minutes for s in strides)
        easy_days = [
            wd
            for wd in training
            if wd != long_day and wd not in quality and avail[wd] >= shortest_strides
        ]

        def away_from_quality(wd: Weekday) -> tuple[int, int]:
            return min((_circular_gap(wd, q) for q in quality), default=0), WEEKDAYS.index(wd)

        if easy_days:
            farthest: Weekday = max(easy_days, key=away_from_quality)
            strides_day = farthest
    return WeeklyPattern(frozenset(training), long_day, quality, strides_day)


# ---------------------------------------------------------------------------
# Weekly load targets
# ---------------------------------------------------------------------------


def race_steps(cal: BlockCalendar, day: int) -> list[tuple[Race, int]]:
    """(race, n) for each A or B race whose n-th step before it holds `day`: n = 1 is
    the race week, the 6 days right before the race (for a Sunday race, Monday to
    Saturday); n = 2 the 7 days before those."""
    out = []
    for race_day, race in cal.race_days.items():
        if race.priority in ("A", "B") and day < race_day:
            step = (race_day - day) // 7 + 1
            if step <= max(TAPER_A):
                out.append((race, step))
    return out


def day_factor(cal: BlockCalendar, recovery: Mapping[Priority, int], day: int) -> float:
    """The share of the build level a day gets: taper steps and post-race days."""
    factor = 1.0
    for race, step in race_steps(cal, day):
        table = TAPER_A if race.priority == "A" else TAPER_B
        factor = min(factor, table.get(step, 1.0))
    for race_day, race in cal.race_days.items():
        if race_day < day <= race_day + recovery[race.priority]:
            factor = min(factor, AFTER_RACE[race.priority])
    return factor


def in_taper(cal: BlockCalendar, day: int) -> bool:
    return any(
        (race.priority == "A" and step in TAPER_A) or (race.priority == "B" and step in TAPER_B)
        for race, step in race_steps(cal, day)
    )


def ramp_pct(scenario: Scenario) -> int:
    cons = scenario.constraints
    return min(DEFAULT_RAMP_PCT, cons.ramp_pct) if cons.ramp_enabled else DEFAULT_RAMP_PCT


def deload_every(scenario: Scenario) -> int:
    cons = scenario.constraints
    return cons.deload_every if cons.deload_on else DELOAD_EVERY


def deload_cut_pct(scenario: Scenario) -> int:
    cons = scenario.constraints
    extra = cons.deload_pct + 5 if cons.deload_on else 0
    return min(60, max(MIN_DELOAD_CUT_PCT, extra))


def week_kinds(scenario: Scenario, cal: BlockCalendar) -> list[str]:
    """Each week's kind: "taper" (it holds taper-step or race days of an A or B race),
    "deload" (every `deload_every`-th week otherwise) or "build"."""
    every = deload_every(scenario)
    out = []
    for week in cal.weeks:
        tapering = any(in_taper(cal, d) for d in week.day_range) or any(
            cal.race_days[d].priority in ("A", "B") for d in week.day_range if d in cal.race_days
        )
        if tapering:
            out.append("taper")
        elif every > 0 and week.index % every == 0:
            out.append("deload")
        else:
            out.append("build")
    return out
