"""The training log: what the athlete actually did, one row per day, in CSV or JSON.

Columns (CSV header, or keys of each JSON object; JSON is a list of objects or
`{"days": [...]}`):

- `date` (required): `YYYY-MM-DD`, one row per date;
- `session`: a catalog id of the scenario, which gives `type`, `minutes`, `load` and
  `hard` when they are left out;
- `type` (required without `session`): a session type of the scenario format;
- `minutes` (required without `session`): whole minutes, 0..1440;
- `load`: the day's load on the catalog's scale;
- `rpe`: session RPE, 0..10 (Foster's CR-10 scale);
- `note`: free text.

Load, when the row gives none: the catalog session's load (scaled by minutes when the run
was cut short or extended), else from RPE and minutes on the catalog's own scale,
`round(100/60 x minutes x IF(rpe)^2)`, with the intensity factor of each RPE in
`RPE_IF` (RPE 3 is easy running, IF 0.75, so 45 min at RPE 3 is 42, as the catalog's
45 min easy). A row with neither a session, a load nor an RPE is an error.
A day is hard when its catalog session is, else when its type is a hard type or its RPE
is 7 or more.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from models.errors import InputError
from models.io import read_text
from models.scenario import MAX_LOAD, MAX_MINUTES, SESSION_TYPES, Session

COLUMNS = ("date", "session", "type", "minutes", "load", "rpe", "note")
REQUIRED = ("date",)
LOGGED_SESSION = "logged"  # the plan's `session` for a logged day without a catalog id

# Intensity factor of each whole RPE (CR-10); fractional RPEs are interpolated.
RPE_IF: tuple[float, ...] = (0.40, 0.55, 0.65, 0.75, 0.82, 0.85, 0.90, 0.95, 1.00, 1.05, 1.10)
HARD_TYPES = frozenset(
    {"hills", "tempo", "threshold", "vo2max", "speed_endurance", "race_pace", "time_trial", "race"}
)
HARD_RPE = 7.0


@dataclass(frozen=True)
class LogEntry:
    date: dt.date
    session: str | None
    type: str
    minutes: int
    load: int
    hard: bool
    rpe: float | None
    note: str

    @property
    def plan_session(self) -> str:
        return self.session or LOGGED_SESSION


def intensity_of_rpe(rpe: float) -> float:
    low = min(math.floor(rpe), len(RPE_IF) - 2)
    share = rpe - low
    return RPE_IF[low] + share * (RPE_IF[low + 1] - RPE_IF[low])


def load_from_rpe(rpe: float, minutes: int) -> int:
    return round(100 / 60 * minutes * intensity_of_rpe(rpe) ** 2)


# The session RPE each type is meant to feel like, warm-up and cool-down included.
INTENDED_RPE: dict[str, float] = {
    "recovery": 2,
    "easy": 3,
    "cross": 3,
    "long": 4,
    "strides": 4,
    "tempo": 6,
    "race_pace": 6,
    "hills": 7,
    "threshold": 7,
    "vo2max": 8,
    "speed_endurance": 8,
    "time_trial": 9,
    "race": 9,
}


def intended_rpe(session: Session) -> float | None:
    """The session RPE a prescribed session is meant to feel like (None for rest)."""
    return INTENDED_RPE.get(session.type)


def read_log(path: Path, catalog: Mapping[str, Session]) -> list[LogEntry]:
    """The log file's rows, validated against the scenario's catalog, sorted by date."""
    text = read_text(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows = csv_rows(text, str(path))
    elif suffix == ".json":
        rows = json_rows(text, str(path))
    else:
        raise InputError(
            f"unsupported log file type {suffix or '(none)'!r}; use .csv or .json", file=str(path)
        )
    entries = [entry(row, where, catalog, str(path)) for where, row in rows]
    seen: dict[dt.date, str] = {}
    for (where, _), e in zip(rows, entries, strict=True):
        if e.date in seen:
            raise InputError(
                f"date {e.date} is logged twice (also at {seen[e.date]}); one row per day",
                file=str(path),
                field=f"{where}.date",
            )
        seen[e.date] = where
    return sorted(entries, key=lambda e: e.date)


def csv_rows(text: str, file: str) -> list[tuple[str, dict[str, Any]]]:
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in reader.fieldnames or []]
    check_columns(header, file, "header")
    out = []
    for row in reader:
        line = f"line {reader.line_num}"
        if None in row:
            raise InputError("more cells than header columns", file=file, field=line)
        cleaned = {k.strip(): (v or "").strip() for k, v in row.items() if k is not None}
        out.append((line, {k: v for k, v in cleaned.items() if v != ""}))
    return out


def json_rows(text: str, file: str) -> list[tuple[str, dict[str, Any]]]:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg} (line {exc.lineno})", file=file) from None
    if isinstance(doc, dict) and set(doc) == {"days"}:
        doc = doc["days"]
    if not isinstance(doc, list):
        raise InputError('expected a list of days, or {"days": [...]}', file=file)
    out = []
    for i, row in enumerate(doc):
        if not isinstance(row, dict):
            raise InputError("each day must be an object", file=file, field=f"days[{i}]")
        check_columns(list(row), file, f"days[{i}]")
        out.append((f"days[{i}]", {k: v for k, v in row.items() if v is not None}))
    return out


def check_columns(names: Sequence[str], file: str, where: str) -> None:
    unknown = [n for n in names if n not in COLUMNS]
    if unknown:
        raise InputError(
            f"unknown column {unknown[0]!r}; the columns are {', '.join(COLUMNS)}",
            file=file,
            field=where,
        )
    if where == "header" and "date" not in names:
        raise InputError("the header has no 'date' column", file=file, field=where)


def entry(
    row: Mapping[str, Any], where: str, catalog: Mapping[str, Session], file: str
) -> LogEntry:
    def fail(name: str, message: str) -> InputError:
        return InputError(message, file=file, field=f"{where}.{name}")

    if "date" not in row:
        raise fail("date", "missing; every row needs its date (YYYY-MM-DD)")
    try:
        date = dt.date.fromisoformat(str(row["date"]))
    except ValueError:
        raise fail("date", f"{row['date']!r} is not a date (YYYY-MM-DD)") from None
    session = catalog.get(str(row["session"])) if "session" in row else None
    if "session" in row and session is None:
        raise fail("session", f"{row['session']!r} is not in the scenario's catalog")
    kind = str(row.get("type", session.type if session else ""))
    if not kind:
        raise fail("type", "missing; give the session type or a catalog session id")
    if kind not in SESSION_TYPES:
        raise fail("type", f"{kind!r} is not a session type; allowed: {', '.join(SESSION_TYPES)}")
    minutes = whole(row, "minutes", session.minutes if session else None, MAX_MINUTES, fail)
    rpe = number(row, "rpe", 0, 10, fail)
    load = whole(row, "load", None, MAX_LOAD, fail, required=False)
    if load is None:
        load = derived_load(session, minutes, rpe, kind)
        if load is None:
            raise fail("load", "cannot be derived: give a load, an rpe or a catalog session")
    hard = session.hard if session else (kind in HARD_TYPES or (rpe or 0) >= HARD_RPE)
    return LogEntry(
        date=date,
        session=session.id if session else None,
        type=kind,
        minutes=minutes,
        load=load,
        hard=hard,
        rpe=rpe,
        note=str(row.get("note", "")),
    )


def derived_load(session: Session | None, minutes: int, rpe: float | None, kind: str) -> int | None:
    if kind == "rest" or minutes == 0:
        return 0
    if session is not None and session.minutes > 0:
        return round(session.load * minutes / session.minutes)
    if rpe is not None:
        return load_from_rpe(rpe, minutes)
    return None


def _parsed(
    row: Mapping[str, Any], name: str, parse: Callable[[str], Any], what: str, fail: Any
) -> tuple[Any, Any]:
    """A row's value as given and, when it is text (a CSV cell), parsed: a JSON log gives
    numbers as numbers."""
    value = row[name]
    try:
        return value, parse(value) if isinstance(value, str) else value
    except ValueError:
        raise fail(name, f"{value!r} is not {what}") from None


def whole(
    row: Mapping[str, Any],
    name: str,
    default: int | None,
    top: int,
    fail: Any,
    required: bool = True,
) -> Any:
    if name not in row:
        if default is None and required:
            raise fail(name, "missing; give the minutes or a catalog session id")
        return default
    value, number = _parsed(row, name, int, "a whole number", fail)
    if isinstance(number, bool) or not isinstance(number, int) or not 0 <= number <= top:
        raise fail(name, f"{value!r} is not a whole number from 0 to {top}")
    return number


def number(row: Mapping[str, Any], name: str, low: float, high: float, fail: Any) -> float | None:
    if name not in row:
        return None
    value, parsed = _parsed(row, name, float, "a number", fail)
    if isinstance(parsed, bool) or not isinstance(parsed, int | float) or not math.isfinite(parsed):
        raise fail(name, f"{value!r} is not a number")
    if not low <= parsed <= high:
        raise fail(name, f"{value!r} is outside {low:g}..{high:g}")
    return float(parsed)
