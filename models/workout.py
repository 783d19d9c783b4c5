"""Structured workouts: a session as warm-up, repeats of work and recovery, and
cool-down, each step with a target. Every export (calendar, watch, intervals.icu,
tables) is made from this one model, so they never disagree.

Steps
-----
A built-in session's steps are its `steps` in data/catalog.toml. A session the
scenario adds, or a built-in id it replaces, has none and gets one derived step
of its minutes (`DERIVED_ZONE`). A race session is one step, the race distance at
race pace. Rest, and any other session of 0 minutes, has no workout.

A repeat runs all its steps every time, the last recovery included, as watches
and intervals.icu do.

Targets
-------
- A pace zone (recovery .. mile, models/paces.py) with the athlete's paces known:
  a pace range around the zone's pace, +-2% for race paces and threshold, +-5%
  for steady, easy and recovery (4:00/km gives 3:55-4:05/km).
- A pace zone without paces: a heart-rate zone of five (`HR_ZONE`): recovery 1,
  easy 2, steady and marathon 3, half and threshold 4, 10k and faster 5.
- `cross`: heart-rate zone 2 whatever the paces.
- Jog recoveries, strides and steps run by effort (hill reps): no target (open),
  named by effort only.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from models.catalog import builtin_records, builtin_sessions
from models.paces import EFFORT_PHRASES, PACE_ZONES, ZONE_IF
from models.scenario import RACE_DISTANCE_KM, Session

StepKind = Literal["warmup", "work", "recovery", "cooldown"]
STEP_KINDS: tuple[str, ...] = ("warmup", "work", "recovery", "cooldown")

# Half-width of a pace target, as a fraction of the zone's pace.
PACE_BAND: dict[str, float] = {
    z: 0.05 if z in ("recovery", "easy", "steady") else 0.02 for z in PACE_ZONES
}

HR_ZONE: dict[str, int] = {
    "recovery": 1,
    "easy": 2,
    "steady": 3,
    "marathon": 3,
    "half": 4,
    "threshold": 4,
    "10k": 5,
    "5k": 5,
    "3k": 5,
    "mile": 5,
    "cross": 2,
}

ZONE_NAMES: dict[str, str] = {
    "recovery": "recovery",
    "easy": "easy",
    "steady": "steady",
    "marathon": "marathon pace",
    "half": "half-marathon pace",
    "threshold": "threshold",
    "10k": "10K pace",
    "5k": "5K pace",
    "3k": "3K pace",
    "mile": "mile pace",
    "strides": "strides",
    "jog": "easy jog",
    "cross": "cross-training",
}

EFFORTS: dict[str, str] = {
    **EFFORT_PHRASES,
    "strides": "strides, quick and relaxed",
    "jog": "easy jog",
    "cross": "easy cross-training",
}

TYPE_LABELS: dict[str, str] = {
    "recovery": "Recovery run",
    "easy": "Easy run",
    "long": "Long run",
    "strides": "Easy run + strides",
    "hills": "Hills",
    "tempo": "Tempo",
    "threshold": "Threshold",
    "vo2max": "VO2max",
    "speed_endurance": "Speed endurance",
    "race_pace": "Race pace",
    "time_trial": "Time trial",
    "cross": "Cross-training",
    "race": "Race",
}

# The zone of the one derived step of a session without steps. Hard types and
# strides are run by effort: a whole session at its work pace would be wrong.
DERIVED_ZONE: dict[str, str] = {
    "recovery": "recovery",
    "easy": "easy",
    "long": "easy",
    "cross": "cross",
    "strides": "easy",
    "hills": "5k",
    "tempo": "half",
    "threshold": "threshold",
    "vo2max": "5k",
    "speed_endurance": "3k",
    "race_pace": "10k",
    "time_trial": "5k",
}
_DERIVED_STEADY = frozenset({"recovery", "easy", "long", "cross"})

RACE_NAMES: dict[str, str] = {
    "5k": "5K",
    "10k": "10K",
    "half": "half marathon",
    "marathon": "marathon",
}
MILE_M = 1609.344


@dataclass(frozen=True)
class Target:
    """What a step asks for: a pace range, else a heart-rate zone, else nothing (open)."""

    zone: str
    pace: tuple[float, float] | None = None  # fastest, slowest: seconds per km
    hr_zone: int | None = None

    @property
    def kind(self) -> Literal["pace", "hr", "open"]:
        if self.pace is not None:
            return "pace"
        return "hr" if self.hr_zone is not None else "open"

    @property
    def name(self) -> str:
        return ZONE_NAMES[self.zone]

    @property
    def effort(self) -> str:
        return EFFORTS[self.zone]


def make_target(zone: str, paces: Mapping[str, float] | None, by_effort: bool = False) -> Target:
    if zone not in ZONE_IF:
        raise ValueError(f"unknown zone {zone!r}; known: {', '.join(ZONE_IF)}")
    if by_effort or zone not in HR_ZONE:
        return Target(zone)
    if zone in PACE_ZONES and paces is not None and zone in paces:
        band = PACE_BAND[zone]
        return Target(zone, pace=(paces[zone] * (1 - band), paces[zone] * (1 + band)))
    return Target(zone, hr_zone=HR_ZONE[zone])


@dataclass(frozen=True)
class Step:
    """One step: a time (`seconds`) or a distance (`meters`) at a target."""

    kind: StepKind
    target: Target
    seconds: int | None = None
    meters: float | None = None
    cue: str = ""

    def __post_init__(self) -> None:
        if self.kind not in STEP_KINDS:
            raise ValueError(f"unknown step kind {self.kind!r}; known: {', '.join(STEP_KINDS)}")
        if (self.seconds is None) == (self.meters is None):
            raise ValueError("a step has either a time or a distance, not both or neither")
        amount = self.seconds if self.seconds is not None else self.meters
        assert amount is not None
        if amount <= 0:
            raise ValueError(f"a step's time or distance must be above zero, got {amount}")

    @property
    def zone(self) -> str:
        return self.target.zone


@dataclass(frozen=True)
class Repeat:
    """`count` times through `steps` (no repeat inside a repeat)."""

    count: int
    steps: tuple[Step, ...]

    def __post_init__(self) -> None:
        if self.count < 1:
            raise ValueError(f"a repeat count must be at least 1, got {self.count}")
        if not self.steps:
            raise ValueError("a repeat needs at least one step")


Item = Step | Repeat


@dataclass(frozen=True)
class Workout:
    session_id: str
    name: str
    type: str
    steps: tuple[Item, ...]

    @property
    def is_run(self) -> bool:
        return self.type != "cross"

    def flat(self) -> tuple[Step, ...]:
        """Every step in the order it is run, repeats expanded."""
        out: list[Step] = []
        for item in self.steps:
            out.extend(item.steps * item.count if isinstance(item, Repeat) else (item,))
        return tuple(out)


def step_seconds(step: Step, paces: Mapping[str, float]) -> float:
    """A step's time; a distance at the pace of its zone (ValueError if the zone has none)."""
    if step.seconds is not None:
        return float(step.seconds)
    assert step.meters is not None
    if step.zone not in paces:
        raise ValueError(f"zone {step.zone!r} has no pace to turn {step.meters} m into time")
    return step.meters / 1000 * paces[step.zone]


def workout_seconds(workout: Workout, paces: Mapping[str, float]) -> float:
    return sum(step_seconds(s, paces) for s in workout.flat())


# ---------------------------------------------------------------- building workouts


def workout_for(session: Session, paces: Mapping[str, float] | None) -> Workout | None:
    """The workout of a session, or None for rest (and any non-race session of 0 minutes)."""
    if session.type == "rest" or (session.minutes == 0 and session.type != "race"):
        return None
    builtin = _builtin_steps().get(session.id)
    if builtin is not None and builtin[0] == session:
        items = parse_steps(builtin[1], paces)
    elif session.type == "race":
        assert session.distance is not None
        meters = RACE_DISTANCE_KM[session.distance] * 1000
        items = (Step("work", make_target(session.distance, paces), meters=meters),)
    else:
        steady = session.type in _DERIVED_STEADY
        target = make_target(DERIVED_ZONE[session.type], paces, by_effort=not steady)
        cue = "" if steady else "as described"
        items = (Step("work", target, seconds=session.minutes * 60, cue=cue),)
    if not items:
        return None
    return Workout(session.id, workout_name(session, items), session.type, items)


@functools.cache
def _builtin_steps() -> dict[str, tuple[Session, list[dict[str, Any]]]]:
    return {
        s.id: (s, rec["steps"])
        for s, rec in zip(builtin_sessions(), builtin_records(), strict=True)
        if "steps" in rec
    }


_STEP_KEYS = {"kind", "zone", "minutes", "seconds", "meters", "cue", "by_effort"}


def parse_steps(
    raw: Sequence[Mapping[str, Any]], paces: Mapping[str, float] | None
) -> tuple[Item, ...]:
    """Steps from their catalog form (see data/catalog.toml); ValueError if malformed."""
    items: list[Item] = []
    for entry in raw:
        if "repeat" in entry:
            if set(entry) != {"repeat", "steps"}:
                raise ValueError(f"a repeat holds `repeat` and `steps` only, got {sorted(entry)}")
            inner = parse_steps(entry["steps"], paces)
            if any(isinstance(s, Repeat) for s in inner):
                raise ValueError("a repeat cannot hold another repeat")
            items.append(
                Repeat(int(entry["repeat"]), tuple(s for s in inner if isinstance(s, Step)))
            )
        else:
            items.append(_parse_step(entry, paces))
    return tuple(items)


def _parse_step(entry: Mapping[str, Any], paces: Mapping[str, float] | None) -> Step:
    unknown = set(entry) - _STEP_KEYS
    if unknown:
        raise ValueError(f"unknown step keys {sorted(unknown)}; known: {sorted(_STEP_KEYS)}")
    given = [k for k in ("minutes", "seconds", "meters") if k in entry]
    if len(given) != 1:
        raise ValueError(f"a step gives one of minutes, seconds or meters, got {given or 'none'}")
    target = make_target(entry["zone"], paces, by_effort=bool(entry.get("by_effort", False)))
    kind = entry["kind"]
    cue = str(entry.get("cue", ""))
    if "meters" in entry:
        return Step(kind, target, meters=float(entry["meters"]), cue=cue)
    seconds = entry["minutes"] * 60 if "minutes" in entry else entry["seconds"]
    return Step(kind, target, seconds=int(seconds), cue=cue)


# ---------------------------------------------------------------- names


def format_amount(step: Step) -> str:
    """`45 min`, `90 s`, `1 min 15 s`, `400 m`, `1 mile`, `5 km`, `21.1 km`."""
    if step.seconds is not None:
        minutes, seconds = divmod(step.seconds, 60)
        if not minutes:
            return f"{seconds} s"
        return f"{minutes} min {seconds} s" if seconds else f"{minutes} min"
    assert step.meters is not None
    if abs(step.meters - MILE_M) < 1:
        return "1 mile"
    if step.meters < 1000:
        return f"{step.meters:g} m"
    km = step.meters / 1000
    return f"{km:g} km" if km == round(km) else f"{km:.1f} km"


def workout_name(session: Session, items: Sequence[Item]) -> str:
    """`Easy run 45 min`, `Speed endurance: 5 x 400 m @ 3K`, `Race: 10K`."""
    label = TYPE_LABELS[session.type]
    if session.type == "race" and session.distance is not None:
        return f"{label}: {RACE_NAMES[session.distance]}"
    if len(items) == 1 and isinstance(items[0], Step):
        return f"{label} {format_amount(items[0])}"
    main = [i for i in items if not (isinstance(i, Step) and i.kind in ("warmup", "cooldown"))]
    return f"{label}: {' + '.join(_item_name(i) for i in main)}"


_SHORT = {
    "marathon": "@ MP",
    "half": "@ HMP",
    "threshold": "@ threshold",
    "10k": "@ 10K",
    "5k": "@ 5K",
    "3k": "@ 3K",
    "mile": "@ mile",
}


def _step_name(step: Step) -> str:
    if step.cue and step.kind == "work" and step.target.kind == "open":
        return f"{format_amount(step)} {step.cue}"
    return f"{format_amount(step)} {_SHORT.get(step.zone, step.zone)}"


def _item_name(item: Item) -> str:
    if isinstance(item, Step):
        return _step_name(item)
    work = [s for s in item.steps if s.kind == "work"] or list(item.steps)
    inner = " + ".join(_step_name(s) for s in work)
    return f"{item.count} x {inner}" if len(work) == 1 else f"{item.count} x ({inner})"
