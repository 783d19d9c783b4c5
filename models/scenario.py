"""Scenario format v1: one athlete, one block, one race calendar, one constraint set.

The models are frozen and forbid unknown keys, so a typo is an error, never a
silently ignored setting. Tables with defaults (availability, start_levels,
taper, recovery_days, weight, penalties) merge key by key over their defaults.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    field_validator,
    model_validator,
)

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

Distance = Literal["5k", "10k", "half", "marathon"]
DISTANCES: tuple[Distance, ...] = ("5k", "10k", "half", "marathon")
RACE_DISTANCE_KM: dict[str, float] = {
    "1500m": 1.5,
    "mile": 1.609344,
    "3k": 3.0,
    "5k": 5.0,
    "10k": 10.0,
    "15k": 15.0,
    "half": 21.0975,
    "marathon": 42.195,
}
RecentDistance = Literal["1500m", "mile", "3k", "5k", "10k", "15k", "half", "marathon"]

Priority = Literal["A", "B", "C"]
PRIORITIES: tuple[Priority, ...] = ("A", "B", "C")

SessionType = Literal[
    "rest",
    "recovery",
    "easy",
    "long",
    "strides",
    "hills",
    "tempo",
    "threshold",
    "vo2max",
    "speed_endurance",
    "race_pace",
    "time_trial",
    "cross",
    "race",
]
SESSION_TYPES: tuple[str, ...] = SessionType.__args__  # type: ignore[attr-defined]
LADDER_FREE_TYPES = frozenset({"rest", "race"})

MAX_BLOCK_DAYS = 371
MAX_MINUTES = 1440
MAX_LOAD = 2_000  # per session; a marathon race is about 300


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _date_input(value: Any) -> Any:
    """A date is a TOML date or a `YYYY-MM-DD` string: never a number, never a time."""
    if isinstance(value, dt.datetime):
        raise ValueError("expected a date (YYYY-MM-DD), not a date and time")
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"expected a date (YYYY-MM-DD), not {type(value).__name__}")
    if not _ISO_DATE.match(value.strip()):
        raise ValueError(f"expected a date as YYYY-MM-DD, got {value!r}")
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a calendar date: {exc}") from None


Date = Annotated[dt.date, BeforeValidator(_date_input)]
NonNegInt = Annotated[StrictInt, Field(ge=0)]
Pct = Annotated[StrictInt, Field(ge=0, le=1000)]
Pct100 = Annotated[StrictInt, Field(ge=0, le=100)]
Minutes = Annotated[StrictInt, Field(ge=0, le=MAX_MINUTES)]
Load = Annotated[StrictInt, Field(ge=0, le=MAX_LOAD)]
# Banister gains and race weights: large enough for any fitted model, small enough that
# the scaled integer objective stays far from overflowing.
Coefficient = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]


class FieldError(ValueError):
    """A validation error that knows the field path it belongs to, relative to its model."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", strict=False)


def _reject_bool(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("expected a number, not true/false")
    return value


_TIME_RE = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{2})$")


def parse_race_time(text: str) -> int:
    """`MM:SS` or `H:MM:SS` to seconds."""
    m = _TIME_RE.match(text.strip())
    if not m:
        raise ValueError(f"time {text!r} is not MM:SS or H:MM:SS")
    hours, minutes, seconds = int(m.group(1) or 0), int(m.group(2)), int(m.group(3))
    if seconds >= 60 or (m.group(1) is not None and minutes >= 60):
        raise ValueError(f"time {text!r} has minutes or seconds of 60 or more")
    total = hours * 3600 + minutes * 60 + seconds
    if total <= 0:
        raise ValueError(f"time {text!r} must be longer than zero")
    return total


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
        return {day: v.get(day, 120) for day in WEEKDAYS}

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


class Taper(Frozen):
    days: Annotated[StrictInt, Field(ge=0, le=MAX_BLOCK_DAYS)]
    cut_pct: Pct100


DEFAULT_TAPER: dict[str, Taper] = {
    "A": Taper(days=14, cut_pct=40),
    "B": Taper(days=5, cut_pct=20),
    "C": Taper(days=0, cut_pct=0),
}
DEFAULT_RECOVERY_DAYS: dict[str, int] = {"A": 7, "B": 3, "C": 1}


class Quota(Frozen):
    type: SessionType
    min: Annotated[StrictInt, Field(ge=0, le=7)] = 0
    max: Annotated[StrictInt, Field(ge=0, le=7)] | None = None

    @model_validator(mode="after")
    def _min_le_max(self) -> Quota:
        if self.max is not None and self.min > self.max:
            raise FieldError("min", f"min ({self.min}) is greater than max ({self.max})")
        return self


class ConstraintSet(Frozen):
    hard_spacing_days: Annotated[StrictInt, Field(ge=0, le=30)] = 1
    max_hard_per_week: Annotated[StrictInt, Field(ge=0, le=7)] = 3
    weekly_load_max: Annotated[StrictInt, Field(ge=0, le=7 * MAX_LOAD)] | None = None
    ramp_pct: Pct = 10
    ramp_reference_weeks: Annotated[StrictInt, Field(ge=1, le=53)] = 4
    deload_every: Annotated[StrictInt, Field(ge=0, le=53)] = 4
    deload_pct: Pct100 = 20
    long_run_spike_pct: Pct = 10
    taper: dict[Priority, Taper] = Field(default_factory=dict, validate_default=True)
    taper_keep_intensity: StrictBool = True
    recovery_days: dict[Priority, Annotated[StrictInt, Field(ge=0, le=MAX_BLOCK_DAYS)]] = Field(
        default_factory=dict, validate_default=True
    )
    quotas: list[Quota] = Field(default_factory=list)
    min_easy_pct: Pct100 = 60
    acwr_max_pct: Pct | None = None
    max_monotony: Annotated[float, Field(gt=0, le=100, allow_inf_nan=False)] | None = None
    # Taper shape (docs/rules.md): frequency kept, load falling week by week, and a floor.
    taper_min_sessions_drop: Annotated[StrictInt, Field(ge=0, le=7)] = 1
    taper_floor_pct: Pct100 = 40
    # Re-planning (models/history/replan.py): a lower load ceiling after signs of fatigue.
    fatigue_cut_pct: Pct100 = 10

    hard_spacing_enabled: StrictBool = True
    max_hard_per_week_enabled: StrictBool = True
    weekly_load_max_enabled: StrictBool = True
    ramp_enabled: StrictBool = True
    deload_enabled: StrictBool = True
    long_run_spike_enabled: StrictBool = True
    taper_enabled: StrictBool = True
    recovery_days_enabled: StrictBool = True
    quotas_enabled: StrictBool = True
    min_easy_enabled: StrictBool = True
    progression_enabled: StrictBool = True
    acwr_max_enabled: StrictBool = True
    max_monotony_enabled: StrictBool = True
    taper_shape_enabled: StrictBool = True
    fatigue_enabled: StrictBool = True

    _bool_guard = field_validator("max_monotony", mode="before")(_reject_bool)

    @field_validator("taper", mode="after")
    @classmethod
    def _merge_taper(cls, v: dict[str, Taper]) -> dict[str, Taper]:
        return {p: v.get(p, DEFAULT_TAPER[p]) for p in PRIORITIES}

    @field_validator("recovery_days", mode="after")
    @classmethod
    def _merge_recovery(cls, v: dict[str, int]) -> dict[str, int]:
        return {p: v.get(p, DEFAULT_RECOVERY_DAYS[p]) for p in PRIORITIES}

    # Effective switches: a rule whose value is "none" is off whatever its key says.
    @property
    def weekly_load_max_on(self) -> bool:
        return self.weekly_load_max_enabled and self.weekly_load_max is not None

    @property
    def acwr_on(self) -> bool:
        return self.acwr_max_enabled and self.acwr_max_pct is not None

    @property
    def monotony_on(self) -> bool:
        return self.max_monotony_enabled and self.max_monotony is not None

    @property
    def deload_on(self) -> bool:
        return self.deload_enabled and self.deload_every > 0

    @property
    def keep_intensity_on(self) -> bool:
        return self.taper_enabled and self.taper_keep_intensity

    @property
    def taper_shape_on(self) -> bool:
        """`taper_enabled = false` switches the taper shape off too, as it does
        `taper_keep_intensity`."""
        return self.taper_enabled and self.taper_shape_enabled

    def as_effective_dict(self) -> dict[str, Any]:
        """Every key with its value, as the plan's `constraints` reports it."""
        return self.model_dump(mode="json")


PENALTY_NAMES: tuple[str, ...] = (
    "long_run_day",
    "repeat_session",
    "emphasis_rotation",
    "load_smoothness",
    "race_specificity",
    "plan_changes",
)
DEFAULT_PENALTY_WEIGHTS: dict[str, float] = {
    "long_run_day": 5.0,
    "repeat_session": 2.0,
    "emphasis_rotation": 3.0,
    "load_smoothness": 0.02,
    "race_specificity": 5.0,
    "plan_changes": 1.0,
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

    _bool_guard = field_validator("k1", "k2", "tau1", "tau2", mode="before")(_reject_bool)

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


class HistoryDay(Frozen):
    """A day already lived: what the training log says was done."""

    date: Date
    session: Annotated[StrictStr, Field(min_length=1, max_length=80)]
    type: SessionType
    minutes: Minutes
    load: Load
    hard: StrictBool
    level: Annotated[StrictInt, Field(ge=0, le=100)] = 0
    distance: Distance | None = None
    note: StrictStr = ""


class PlannedDay(Frozen):
    date: Date
    session: Annotated[StrictStr, Field(min_length=1, max_length=80)]


class LoadCap(Frozen):
    week: Annotated[StrictInt, Field(ge=1, le=MAX_BLOCK_DAYS)]
    load: Annotated[StrictInt, Field(ge=0, le=7 * MAX_LOAD)]
    reason: StrictStr = ""


class History(Frozen):
    """The part of the block already lived, for re-planning (README, "Re-planning").

    Days before `until` are fixed to `days` (a day not listed was a rest day), and no
    rule is enforced on an instance that reads only such days. `planned` is the plan
    being revised, whose days the `plan_changes` penalty prefers to keep; `load_caps`
    are lower weekly ceilings set after signs of fatigue.
    """

    until: Date
    days: list[HistoryDay] = Field(default_factory=list)
    planned: list[PlannedDay] = Field(default_factory=list)
    load_caps: list[LoadCap] = Field(default_factory=list)


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
        seen: dict[dt.date, int] = {}
        blocked = set(self.athlete.blocked)
        for i, race in enumerate(self.races):
            where = f"races[{i}].date"
            if not self.start <= race.date <= end:
                raise FieldError(
                    where, f"race date {race.date} lies outside the block {self.start}..{end}"
                )
            if race.date in seen:
                raise FieldError(
                    where, f"two races on {race.date} (races[{seen[race.date]}] is on it too)"
                )
            if race.date in blocked:
                raise FieldError(where, f"race date {race.date} is one of athlete.blocked")
            seen[race.date] = i
        object.__setattr__(self, "end", end)
        object.__setattr__(self, "races", sorted(self.races, key=lambda r: r.date))
        if self.history is not None:
            self._check_history(end)
        self._check_pins(end)
        return self

    def _check_pins(self, end: dt.date) -> None:
        """What a pin's date allows; what its session allows needs the catalog."""
        races = {race.date: race for race in self.races}
        blocked = set(self.athlete.blocked)
        seen: dict[dt.date, int] = {}
        for i, pin in enumerate(self.pins):
            where = f"pins[{i}].date"
            if not self.start <= pin.date <= end:
                raise FieldError(
                    where, f"pin date {pin.date} lies outside the block {self.start}..{end}"
                )
            if pin.date in seen:
                raise FieldError(
                    where, f"two pins on {pin.date} (pins[{seen[pin.date]}] is on it too)"
                )
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
            seen[pin.date] = i

    def pin_on(self, date: dt.date) -> Pin | None:
        """The pin of a date, if any."""
        return next((pin for pin in self.pins if pin.date == date), None)

    def _check_history(self, end: dt.date) -> None:
        history = self.history
        assert history is not None
        if not self.start <= history.until <= end + dt.timedelta(days=1):
            raise FieldError(
                "history.until", f"{history.until} lies outside the block {self.start}..{end}"
            )
        seen: set[dt.date] = set()
        for i, day in enumerate(history.days):
            if not self.start <= day.date < history.until:
                raise FieldError(
                    f"history.days[{i}].date",
                    f"{day.date} is not a day of the block before history.until {history.until}",
                )
            if day.date in seen:
                raise FieldError(f"history.days[{i}].date", f"{day.date} is listed twice")
            seen.add(day.date)
        for i, planned in enumerate(history.planned):
            if not history.until <= planned.date <= end:
                raise FieldError(
                    f"history.planned[{i}].date",
                    f"{planned.date} is not a day of the block from history.until {history.until}",
                )
        n_weeks = ((end - self.start).days + 7) // 7
        for i, cap in enumerate(history.load_caps):
            if cap.week > n_weeks:
                raise FieldError(
                    f"history.load_caps[{i}].week", f"week {cap.week}; the block has {n_weeks}"
                )

    @property
    def last_day(self) -> dt.date:
        assert self.end is not None
        return self.end
