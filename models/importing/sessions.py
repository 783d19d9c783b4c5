"""The imported catalog: each book workout as a session, with minutes from its distance at
the athlete's paces and a load from the catalog's own rTSS-like formula.

Minutes. A workout of type t over D km is run at two paces: its *quality* part at the
pace of t's quality zone (`QUALITY_ZONE`) and the rest at the pace of t's base zone
(`BASE_ZONE`). The quality part is read from the title when it says so (`with 4 mi @
LT`, `5 x 600m`, `2 x 3 km at threshold`), else it is t's default share of D
(`QUALITY_SHARE`), and never more than 90 % of D. Paces come from
`athlete.recent_race` (models/paces.py); without one, from a 22:00 5K runner
(`DEFAULT_RECENT_RACE`). Strides are run at mile pace, jogs at recovery pace. A
workout that gives minutes (a CSV's `minutes`, or `45 min` in its title) keeps them;
a cross-training session without either is 45 min (`DEFAULT_CROSS_MINUTES`). Any other
workout without a distance or minutes is an error.

Load. `load = round(100/60 x sum(segment minutes x IF(zone)^2))`, as for the built-in
catalog (models/paces.py `derive_load`), with the minutes of the quality part rounded
and the base part the rest, so imported and built-in sessions are on one scale.

Races. The race session of a distance is the athlete's predicted race time at that
distance (Riegel) in its race zone, with the built-in race sessions' warm-up and
cool-down: 15 min easy and 10 min jog for 5K and 10K, 10 and 5 min jog for the half,
5 min jog for the marathon.

Sessions with the same type, hardness, minutes and load are one catalog session; its
id is `<type>-<minutes>` (`-hard`/`-easy` when the hardness is not the type's, `-2`,
`-3` for loads that differ), its description the book's title.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from models.errors import InputError
from models.history.training_log import HARD_TYPES
from models.importing.book import KM_PER_MILE, BookPlan
from models.importing.classify import Classified
from models.paces import derive_load, training_paces
from models.scenario import RACE_DISTANCE_KM, RecentRace, Session

DEFAULT_RECENT_RACE = RecentRace(distance="5k", time="22:00")
DEFAULT_CROSS_MINUTES = 45
MAX_QUALITY_SHARE = 0.9

BASE_ZONE: dict[str, str] = {
    "recovery": "recovery",
    "easy": "easy",
    "long": "easy",
    "cross": "cross",
}
QUALITY_ZONE: dict[str, str] = {
    "strides": "strides",
    "hills": "5k",
    "tempo": "threshold",
    "threshold": "threshold",
    "vo2max": "5k",
    "speed_endurance": "mile",
    "race_pace": "goal",  # the A race's zone (marathon pace for a Marathon-pace run)
    "time_trial": "5k",
}
QUALITY_SHARE: dict[str, float] = {
    "strides": 0.08,
    "hills": 0.25,
    "tempo": 0.5,
    "threshold": 0.5,
    "vo2max": 0.3,
    "speed_endurance": 0.2,
    "race_pace": 0.6,
    "time_trial": 0.5,
}
RACE_ZONE = {"5k": "5k", "10k": "10k", "half": "half", "marathon": "marathon"}
RACE_EXTRAS: dict[str, tuple[tuple[int, str], ...]] = {
    "5k": ((15, "easy"), (10, "jog")),
    "10k": ((15, "easy"), (10, "jog")),
    "half": ((10, "jog"), (5, "jog")),
    "marathon": ((5, "jog"),),
}
# Zones without a pace of their own, run at another zone's pace.
PACE_OF = {"strides": "mile", "jog": "recovery"}

_MINUTES = re.compile(r"(\d+(?:\.\d+)?)\s*(?:min|minutes|mins)\b", re.IGNORECASE)
_REPS = re.compile(
    r"(\d+)\s*(?:-\s*\d+\s*)?[x×]\s*(\d+(?:\.\d+)?)\s*(m|km|k|mi|miles?)?\b(?!\s*(?:min|sec|s\b))",
    re.IGNORECASE,
)
_SUSTAINED = re.compile(
    r"(?:with|w/|incl\.?|including)\s*(\d+(?:\.\d+)?)\s*(km|k|mi|miles?)?\s*(?:@|\bat\b)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DaySession:
    """A book day's session and how its numbers were found."""

    day: int
    session: Session
    classified: Classified | None
    how: str


def pace_table(recent: RecentRace | None) -> dict[str, float]:
    """Seconds per km of every zone a session may use."""
    paces = training_paces(recent or DEFAULT_RECENT_RACE)
    return {**paces, **{zone: paces[other] for zone, other in PACE_OF.items()}}


def quality_km(title: str, km: float, units: str) -> float | None:
    """The quality part of a workout as its title gives it, in km; None when it does not."""
    unit_km = KM_PER_MILE if units == "mi" else 1.0
    reps = _REPS.search(title)
    if reps:
        count, length, unit = int(reps.group(1)), float(reps.group(2)), (reps.group(3) or "")
        if unit.lower() == "m" or (not unit and length >= 100):
            return count * length / 1000
        if unit.lower() in ("km", "k"):
            return count * length
        return count * length * unit_km
    sustained = _SUSTAINED.search(title)
    if sustained:
        length, unit = float(sustained.group(1)), (sustained.group(2) or "").lower()
        return length * (1.0 if unit in ("km", "k") else KM_PER_MILE if unit else unit_km)
    return None


def training_segments(
    item: Classified, units: str, paces: Mapping[str, float], goal_zone: str, file: str
) -> tuple[list[tuple[int, str]], str]:
    """A workout's (minutes, zone) segments, and how they were found."""
    workout, kind = item.workout, item.type
    given = workout.minutes
    if given is None and workout.km is None:
        match = _MINUTES.search(workout.title)
        given = float(match.group(1)) if match else None
    if kind == "cross" and given is None and workout.km is None:
        given = DEFAULT_CROSS_MINUTES
    base = BASE_ZONE.get(kind, "easy")
    quality = QUALITY_ZONE.get(kind)
    if quality == "goal":
        quality = "marathon" if item.marathon_pace else goal_zone
    if given is not None:
        total = max(1, round(given))
        if quality is None:
            return [(total, base)], f"{total} min as given"
        q_min = round(total * QUALITY_SHARE[kind])
        return [(total - q_min, base), (q_min, quality)], f"{total} min as given"
    km = workout.km
    if km is None:
        raise InputError(
            f"{_short(workout.title)!r} ({kind}) needs a distance or minutes",
            file=file,
            field=f"{workout.where}.distance",
        )
    if kind == "cross":
        total = max(1, round(km * paces["easy"] / 60))
        return [(total, "cross")], f"{km:.1f} km at easy pace"
    if quality is None:
        total = max(1, round(km * paces[base] / 60))
        return [(total, base)], f"{km:.1f} km at {base} pace"
    from_title = quality_km(workout.title, km, units)
    share_km = km * QUALITY_SHARE[kind]
    q_km = share_km if from_title is None else min(from_title, km * MAX_QUALITY_SHARE)
    q_exact = q_km * paces[quality] / 60
    e_exact = (km - q_km) * paces[base] / 60
    total = max(1, round(q_exact + e_exact))
    q_round = min(total, round(q_exact))
    source = "title" if from_title is not None else f"{round(100 * QUALITY_SHARE[kind])}%"
    how = f"{km:.1f} km, {q_km:.1f} km at {quality} pace ({source}), the rest at {base} pace"
    return [(total - q_round, base), (q_round, quality)], how


def race_segments(distance: str, paces: Mapping[str, float]) -> list[tuple[int, str]]:
    zone = RACE_ZONE[distance]
    race_min = round(RACE_DISTANCE_KM[distance] * paces[zone] / 60)
    extras = list(RACE_EXTRAS[distance])
    return [extras[0], (race_min, zone), *extras[1:]]


def build_sessions(
    book: BookPlan, classified: Sequence[Classified], recent: RecentRace | None, goal: str
) -> list[DaySession]:
    """One session per day of the book (rest where it has no workout)."""
    paces = pace_table(recent)
    goal_zone = RACE_ZONE[goal]
    rest = Session(id="rest", type="rest", minutes=0, load=0, hard=False, description="Rest day")
    by_day: dict[int, DaySession] = {}
    registry = _Registry(rest)
    for item in classified:
        workout = item.workout
        if item.type == "rest":
            by_day[workout.day] = DaySession(workout.day, rest, item, "rest")
            continue
        if item.type == "race":
            assert item.race_distance is not None
            segments = race_segments(item.race_distance, paces)
            how = f"{item.race_distance} race at the predicted time"
        else:
            segments, how = training_segments(item, book.units, paces, goal_zone, book.file)
        minutes = sum(m for m, _ in segments)
        if minutes > 1440:
            raise InputError(
                f"{_short(workout.title)!r} takes {minutes} min at these paces, more than a day",
                file=book.file,
                field=f"{workout.where}.distance",
            )
        session = registry.session(item, minutes, derive_load(segments))
        by_day[workout.day] = DaySession(workout.day, session, item, how)
    return [by_day.get(d, DaySession(d, rest, None, "no workout")) for d in range(book.n_days)]


class _Registry:
    """Distinct sessions by (type, hard, minutes, load, race distance), with stable ids."""

    def __init__(self, rest: Session) -> None:
        self.by_key: dict[tuple[object, ...], Session] = {}
        self.ids = {rest.id}

    def session(self, item: Classified, minutes: int, load: int) -> Session:
        key = (item.type, item.hard, minutes, load, item.race_distance)
        if key in self.by_key:
            return self.by_key[key]
        if item.type == "race":
            base = f"race-{item.race_distance}"
        else:
            base = f"{item.type.replace('_', '-')}-{minutes}"
            if item.hard != (item.type in HARD_TYPES):
                base += "-hard" if item.hard else "-easy"
        sid, n = base, 1
        while sid in self.ids:
            n += 1
            sid = f"{base}-{n}"
        self.ids.add(sid)
        session = Session(
            id=sid,
            type=item.type,
            minutes=minutes,
            load=load,
            hard=item.hard,
            description=(
                f"{item.race_distance} race"
                if item.type == "race"
                else _description(item.workout.title)
            ),
            distance=item.race_distance,
        )
        self.by_key[key] = session
        return session


def _description(title: str) -> str:
    text = " ".join(title.split())
    return text.replace("{", "(").replace("}", ")")[:200]


def _short(title: str) -> str:
    text = " ".join(title.split())
    return text if len(text) <= 50 else text[:47] + "..."
