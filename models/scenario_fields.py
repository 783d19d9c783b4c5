"""The scenario format's vocabulary and field types (models/scenario.py): weekdays,
distances, priorities and session types, the bounded numbers and dates fields are made
of, the frozen base model, and the error that names the field it belongs to."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictInt

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


def reject_bool(value: Any) -> Any:
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
