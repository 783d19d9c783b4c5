"""Scenario format v1: one athlete, one block, one race calendar, one constraint set.

The models are frozen and forbid unknown keys, so a typo is an error, never a
silently ignored setting. Tables with defaults (availability, start_levels,
taper, recovery_days, weight, penalties) merge key by key over their defaults.

The format's vocabulary and field types are in models/scenario_fields.py, the
`constraints` table in models/constraint_set.py and the re-planning history in
models/scenario_history.py; what they define is importable from here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Annotated, TypeVar

from pydantic import (
    AfterValidator,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    field_validator,
    model_validator,
)

from models.constraint_set import (
    DEFAULT_RECOVERY_DAYS,
    DEFAULT_TAPER,
    ConstraintSet,
    Quota,
    Taper,
)
from models.scenario_fields import (
    DISTANCES,
    LADDER_FREE_TYPES,
    MAX_BLOCK_DAYS,
    MAX_LOAD,
    MAX_MINUTES,
    PRIORITIES,
    RACE_DISTANCE_KM,
    SESSION_TYPES,
    WEEKDAYS,
    Coefficient,
    Date,
    Distance,
    FieldError,
    Frozen,
    Load,
    Minutes,
    NonNegInt,
    Pct,
    Pct100,
    Priority,
    RecentDistance,
    SessionType,
    Weekday,
    parse_race_time,
    reject_bool,
)
from models.scenario_history import History, HistoryDay, LoadCap, PlannedDay, check_history

__all__ = [
    "DEFAULT_PENALTY_WEIGHTS",
    "DEFAULT_RECOVERY_DAYS",
    "DEFAULT_TAPER",
    "DISTANCES",
    "LADDER_FREE_TYPES",
    "MAX_BLOCK_DAYS",
    "MAX_LOAD",
    "MAX_MINUTES",
    "PENALTY_NAMES",
    "PRIORITIES",
    "RACE_DISTANCE_KM",
    "SESSION_TYPES",
    "WEEKDAYS",
    "Athlete",
    "CatalogSpec",
    "Coefficient",
    "ConstraintSet",
    "Date",
    "Distance",
    "FieldError",
    "Frozen",
    "History",
    "HistoryDay",
    "Load",
    "LoadCap",
    "Minutes",
    "NonNegInt",
    "Objective",
    "Pct",
    "Pct100",
    "Pin",
    "PlannedDay",
    "Priority",
    "Quota",
    "Race",
    "RecentDistance",
    "RecentRace",
    "Scenario",
    "Session",
    "SessionType",
    "Taper",
    "Weekday",
    "parse_race_time",
]


class RecentRace(Frozen):
    distance: RecentDistance
    time: StrictStr

    @field_validator("time")
    @classmethod
    def _time_format(cls, v: str) -> str:
        parse_race_time(v)
        return v

    @property
    def seconds(self) -> int:
        return parse_race_time(self.time)


# Minutes a weekday the scenario leaves out of `availability` has (the format's default).
DEFAULT_AVAILABILITY = 120


class Athlete(Frozen):
    name: StrictStr = "athlete"
    chronic_load: Annotated[StrictInt, Field(ge=0, le=7 * MAX_LOAD)]
    longest_recent_run_min: Minutes
    recent_race: RecentRace | None = None
    availability: dict[Weekday, Minutes] = Field(default_factory=dict, validate_default=True)
    blocked: list[Date] = Field(default_factory=list)
    max_sessions_per_week: Annotated[StrictInt, Field(ge=1, le=7)] = 6
    start_levels: dict[SessionType, Annotated[StrictInt, Field(ge=0, le=100)]] = Field(
        default_factory=dict
    )
    long_run_day: Weekday | None = None

    @field_validator("availability", mode="after")
    @classmethod
    def _merge_availability(cls, v: dict[str, int]) -> dict[str, int]:
        return {day: v.get(day, DEFAULT_AVAILABILITY) for day in WEEKDAYS}

    @field_validator("blocked", mode="after")
    @classmethod
    def _unique_blocked(cls, v: list[dt.date]) -> list[dt.date]:
        return sorted(set(v))

    def level_start(self, session_type: str) -> int:
        return self.start_levels.get(session_type, 0)  # type: ignore[call-overload]


class Race(Frozen):
    date: Date
    distance: Distance
    priority: Priority = "A"
    name: StrictStr | None = None

    @property
    def label(self) -> str:
        return self.name or f"{self.distance} {self.date.isoformat()}"


PENALTY_NAMES: tuple[str, ...] = (
    "long_run_day",
    "repeat_session",
    "emphasis_rotation",
    "load_smoothness",
    "race_specificity",
    "plan_changes",
    "plateau_weeks",
)
DEFAULT_PENALTY_WEIGHTS: dict[str, float] = {
    "long_run_day": 5.0,
    "repeat_session": 2.0,
    "emphasis_rotation": 3.0,
    "load_smoothness": 0.02,
    "race_specificity": 5.0,
    "plan_changes": 1.0,
    # Off by default: the wave rule breaks plateaus; this weight makes the objective
    # itself prefer waves where a scenario asks for it (docs/rules.md).
    "plateau_weeks": 0.0,
}


def _penalty_name(name: str) -> str:
    if name not in PENALTY_NAMES:
        raise ValueError(f"unknown penalty {name!r}; known: {', '.join(PENALTY_NAMES)}")
    return name


class Objective(Frozen):
    k1: Coefficient = 1.0
    k2: Coefficient = 2.0
    tau1: Annotated[float, Field(gt=0, le=1000, allow_inf_nan=False)] = 42.0
    tau2: Annotated[float, Field(gt=0, le=1000, allow_inf_nan=False)] = 7.0
    weight: dict[Priority, Coefficient] = Field(default_factory=dict, validate_default=True)
    soft_penalties: StrictBool = True
    penalties: dict[
        Annotated[str, AfterValidator(_penalty_name)],
        Annotated[float, Field(ge=0, le=1e6, allow_inf_nan=False)],
    ] = Field(default_factory=dict, validate_default=True)
    rotation_weeks: Annotated[StrictInt, Field(ge=1, le=12)] = 3
    specificity_weeks: Annotated[StrictInt, Field(ge=1, le=12)] = 4

    _bool_guard = field_validator("k1", "k2", "tau1", "tau2", mode="before")(reject_bool)

    @field_validator("weight", mode="after")
    @classmethod
    def _merge_weight(cls, v: dict[str, float]) -> dict[str, float]:
        defaults = {"A": 1.0, "B": 0.3, "C": 0.1}
        return {p: v.get(p, defaults[p]) for p in PRIORITIES}

    @field_validator("penalties", mode="after")
    @classmethod
    def _merge_penalties(cls, v: dict[str, float]) -> dict[str, float]:
        return {n: v.get(n, DEFAULT_PENALTY_WEIGHTS[n]) for n in PENALTY_NAMES}


class Session(Frozen):
    id: Annotated[StrictStr, Field(min_length=1, max_length=80)]
    type: SessionType
    minutes: Minutes
    load: Load
    hard: StrictBool
    level: Annotated[StrictInt, Field(ge=0, le=100)] = 0
    description: StrictStr = ""
    distance: Distance | None = None

    @model_validator(mode="after")
    def _race_fields(self) -> Session:
        if self.type == "race":
            if self.distance is None:
                raise FieldError(
                    "distance", "a race session needs a distance (5k, 10k, half or marathon)"
                )
            if not self.hard:
                raise FieldError("hard", "a race session must have hard = true")
        elif self.distance is not None:
            raise FieldError("distance", "only race sessions have a distance")
        from models.paces import render_description

        try:
            render_description(self.description, None)
        except ValueError as exc:
            raise FieldError("description", str(exc)) from None
        return self


class CatalogSpec(Frozen):
    include_default: StrictBool = True
    sessions: list[Session] = Field(default_factory=list)

    @field_validator("sessions", mode="after")
    @classmethod
    def _unique_ids(cls, v: list[Session]) -> list[Session]:
        seen: set[str] = set()
        for i, s in enumerate(v):
            if s.id in seen:
                raise FieldError(f"[{i}].id", f"session id {s.id!r} appears more than once")
            seen.add(s.id)
        return v


class Pin(Frozen):
    """A day the coach fixes before solving ("long run on Saturday the 14th"): one catalog
    session (`session`), or any session of one type (`type`). Every rule stays in force
    on a pinned day, so a pin that breaks one makes the block infeasible instead of
    quietly waiving the rule; the conflict then names `pins`. Race days are fixed by the
    race calendar, so a pin is never of a race. That the session exists (and is not a
    race) needs the catalog and is checked with it (`models.catalog.validate_pins`)."""

    date: Date
    session: Annotated[StrictStr, Field(min_length=1, max_length=80)] | None = None
    type: SessionType | None = None

    @model_validator(mode="after")
    def _one_target(self) -> Pin:
        if self.session is not None and self.type is not None:
            raise FieldError("type", "a pin gives a session or a type, not both")
        if self.session is None and self.type is None:
            raise FieldError("session", "a pin needs a session (a catalog id) or a type")
        if self.type == "race":
            raise FieldError(
                "type", "race days are fixed by the race calendar; a pin cannot be a race"
            )
        return self

    def allows(self, session: Session) -> bool:
        """Whether a day holding `session` keeps the pin."""
        if self.session is not None:
            return session.id == self.session
        return session.type == self.type

    @property
    def target(self) -> str:
        """What the day is pinned to, in a coach's words: `long-150` or `any long session`."""
        return self.session if self.session is not None else f"any {self.type} session"


# What `Scenario._dated` reads the dates of.
_Dated = TypeVar("_Dated", Race, Pin)


class Scenario(Frozen):
    name: Annotated[StrictStr, Field(min_length=1)]
    start: Date
    end: Date | None = None
    athlete: Athlete
    races: list[Race] = Field(default_factory=list)
    constraints: ConstraintSet = Field(default_factory=ConstraintSet)
    objective: Objective = Field(default_factory=Objective)
    catalog: CatalogSpec = Field(default_factory=CatalogSpec)
    history: History | None = None
    pins: list[Pin] = Field(default_factory=list)

    @model_validator(mode="after")
    def _calendar(self) -> Scenario:
        if not self.races and self.end is None:
            raise FieldError("end", "a block needs at least one race or an explicit end")
        end = self.end if self.end is not None else max(r.date for r in self.races)
        if end < self.start:
            raise FieldError("end", f"end {end} is before start {self.start}")
        n_days = (end - self.start).days + 1
        if n_days > MAX_BLOCK_DAYS:
            raise FieldError(
                "end", f"the block has {n_days} days; at most {MAX_BLOCK_DAYS} are allowed"
            )
        blocked = set(self.athlete.blocked)
        for where, race in self._dated("races", self.races, end):
            if race.date in blocked:
                raise FieldError(where, f"race date {race.date} is one of athlete.blocked")
        object.__setattr__(self, "end", end)
        object.__setattr__(self, "races", sorted(self.races, key=lambda r: r.date))
        if self.history is not None:
            check_history(self.history, self.start, end)
        self._check_pins(end)
        return self

    def _check_pins(self, end: dt.date) -> None:
        """What a pin's date allows; what its session allows needs the catalog."""
        races = {race.date: race for race in self.races}
        blocked = set(self.athlete.blocked)
        for where, pin in self._dated("pins", self.pins, end):
            if pin.date in races:
                raise FieldError(
                    where,
                    f"{pin.date} is the day of the race {races[pin.date].label}; race days "
                    "are fixed by the race calendar",
                )
            if pin.date in blocked and pin.type is not None and pin.type != "rest":
                raise FieldError(
                    where, f"{pin.date} is one of athlete.blocked: only rest can be pinned there"
                )

    def _dated(self, key: str, entries: list[_Dated], end: dt.date) -> Iterator[tuple[str, _Dated]]:
        """Each entry of the `key` list (races or pins) with the field path of its date, once
        that date is known to lie in the block and to be the list's only one on that day."""
        noun = key.removesuffix("s")
        seen: dict[dt.date, int] = {}
        for i, entry in enumerate(entries):
            where = f"{key}[{i}].date"
            if not self.start <= entry.date <= end:
                raise FieldError(
                    where, f"{noun} date {entry.date} lies outside the block {self.start}..{end}"
                )
            if entry.date in seen:
                raise FieldError(
                    where, f"two {key} on {entry.date} ({key}[{seen[entry.date]}] is on it too)"
                )
            seen[entry.date] = i
            yield where, entry

    def pin_on(self, date: dt.date) -> Pin | None:
        """The pin of a date, if any."""
        return next((pin for pin in self.pins if pin.date == date), None)

    @property
    def last_day(self) -> dt.date:
        assert self.end is not None
        return self.end
