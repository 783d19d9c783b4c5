"""Reading a book plan: calendar-hack's format (YAML or JSON) and a plain CSV.

calendar-hack (https://github.com/nanreh/calendar-hack) plans are a table with `units`
(`mi` or `km`) and a `schedule`: a list of weeks, each with exactly seven `workouts`.
A workout has a `title`, an optional `description`, an optional `distance` (a number,
or a range `[low, high]`) and optional `tags`. Day 1 of week 1 is the block's first
day, so the plan's days follow each other from `--start`. Titles carry distances as
placeholders, `{6}`, `{6:9.7}` (miles:km) or `{5-6:8-10}`; they are written out in the
plan's units.

The CSV has a header row and one row per training day (a day without a row is a rest
day): `title`, and either `date` (YYYY-MM-DD) or `week` (1-based, counted from
`--start`) with `weekday` (mon..sun); then `distance` (a number or a range `5-6`, in
`--units`) or `minutes`; optionally `type` (a session type), `hard` (true/false) and
`description`.

Every problem is an InputError naming the file and the field (or line and column).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from models.errors import InputError
from models.importing.book import KM_PER_MILE, UNITS, BookPlan, BookWorkout
from models.io import parse_document, read_text
from models.scenario import SESSION_TYPES, WEEKDAYS

MAX_KM = 200.0  # one workout; an ultra is the longest anyone plans
MAX_WEEKS = 53
CSV_COLUMNS = ("week", "weekday", "date", "title", "distance", "minutes", "type", "hard")
CSV_OPTIONAL = ("description",)
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_RANGE_TEXT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(?:-|–|to)\s*(\d+(?:\.\d+)?)\s*$")
_TRUE = {"true", "yes", "y", "1", "hard"}
_FALSE = {"false", "no", "n", "0", "easy", ""}


def read_book(path: Path, start: dt.date, units: str | None) -> BookPlan:
    """The book plan of a calendar-hack file (.yaml, .yml, .json) or a CSV file (.csv)."""
    if path.suffix.lower() == ".csv":
        return read_csv_plan(path, start, units)
    if path.suffix.lower() not in (".yaml", ".yml", ".json"):
        raise InputError(
            f"unsupported plan file type {path.suffix or '(none)'!r}; use calendar-hack's "
            ".yaml/.yml/.json or .csv",
            file=str(path),
        )
    return read_calendar_hack(path, start, units)


# ---------------------------------------------------------------- calendar-hack


def read_calendar_hack(path: Path, start: dt.date, units: str | None) -> BookPlan:
    file = str(path)
    doc = parse_document(path)
    plan_units = _plan_units(doc.get("units"), units, file)
    schedule = doc.get("schedule")
    if not isinstance(schedule, list) or not schedule:
        raise InputError("is required: a non-empty list of weeks", file=file, field="schedule")
    if len(schedule) > MAX_WEEKS:
        raise InputError(
            f"{len(schedule)} weeks; at most {MAX_WEEKS} fit in one block",
            file=file,
            field="schedule",
        )
    workouts: list[BookWorkout] = []
    for w, week in enumerate(schedule):
        where_week = f"schedule[{w}]"
        if not isinstance(week, Mapping):
            raise InputError("a week must be a table with `workouts`", file=file, field=where_week)
        days = week.get("workouts")
        if not isinstance(days, list) or len(days) != 7:
            count = len(days) if isinstance(days, list) else "no"
            raise InputError(
                f"a week holds exactly 7 workouts, one a day; this one has {count}",
                file=file,
                field=f"{where_week}.workouts",
            )
        for d, item in enumerate(days):
            where = f"{where_week}.workouts[{d}]"
            workouts.append(_workout(item, 7 * w + d, where, plan_units, file))
    name = doc.get("id") if isinstance(doc.get("id"), str) else path.stem
    return BookPlan(
        name=str(name),
        file=file,
        units=plan_units,
        start=start,
        n_days=7 * len(schedule),
        workouts=tuple(workouts),
    )


def _plan_units(in_file: Any, option: str | None, file: str) -> str:
    if in_file is None:
        if option is None:
            raise InputError(
                "the plan gives no units; say mi or km with --units", file=file, field="units"
            )
        return option
    if in_file not in UNITS:
        raise InputError(f"{in_file!r} is not mi or km", file=file, field="units")
    if option is not None and option != in_file:
        raise InputError(
            f"the plan says its distances are in {in_file}, --units says {option}",
            file=file,
            field="units",
        )
    return str(in_file)


def _workout(item: Any, day: int, where: str, units: str, file: str) -> BookWorkout:
    if not isinstance(item, Mapping):
        raise InputError("a workout must be a table with a title", file=file, field=where)
    title = item.get("title")
    if not isinstance(title, str):
        raise InputError(
            "is required: the workout's title (text)", file=file, field=f"{where}.title"
        )
    description = item.get("description", "")
    if not isinstance(description, str):
        raise InputError("must be text", file=file, field=f"{where}.description")
    tags = item.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise InputError("must be a list of tag names", file=file, field=f"{where}.tags")
    distance = None
    if item.get("distance") is not None:
        distance = parse_distance(item["distance"], units, file, f"{where}.distance")
    return BookWorkout(
        day=day,
        where=where,
        title=render_placeholders(title, units, file, f"{where}.title"),
        description=render_placeholders(description, units, file, f"{where}.description"),
        distance_km=distance,
        tags=tuple(tags),
    )


def render_placeholders(text: str, units: str, file: str, field: str) -> str:
    """calendar-hack's distance placeholders written out in the plan's units: `{6}` and
    `{6:9.7}` become `6 mi` in a miles plan, `{5-6:8-10}` becomes `5-6 mi`."""

    def fill(match: re.Match[str]) -> str:
        body = match.group(1).strip()
        first = body.split(":")[0].strip()
        if not re.fullmatch(r"\d+(?:\.\d+)?(?:-\d+(?:\.\d+)?)?", first):
            raise InputError(
                f"placeholder {match.group(0)!r} is not a distance such as {{6}}, {{6:9.7}} "
                "or {5-6:8-10}",
                file=file,
                field=field,
            )
        return f"{first} {units}"

    rendered = _PLACEHOLDER.sub(fill, text)
    return rendered.replace("{", "(").replace("}", ")")


def parse_distance(value: Any, units: str, file: str, field: str) -> tuple[float, float]:
    """A distance in the plan's units as (low, high) kilometres: a number, a range
    `[low, high]` (or `[x]`), or in a CSV the text `5-6`."""
    if isinstance(value, str):
        text = value.strip()
        match = _RANGE_TEXT.match(text)
        if match:
            value = [float(match.group(1)), float(match.group(2))]
        else:
            try:
                value = float(text)
            except ValueError:
                raise InputError(
                    f"{value!r} is not a distance: give a number such as 8 or a range such as 5-6",
                    file=file,
                    field=field,
                ) from None
    if isinstance(value, list):
        if not 1 <= len(value) <= 2 or not all(_is_number(v) for v in value):
            raise InputError(
                f"{_show(value)} is not a range: a range is [low, high], two numbers",
                file=file,
                field=field,
            )
        low, high = float(value[0]), float(value[-1])
    elif _is_number(value):
        low = high = float(value)
    else:
        raise InputError(
            f"{_show(value)} is not a distance: give a number or a range [low, high]",
            file=file,
            field=field,
        )
    if low < 0 or high < low:
        raise InputError(
            f"{_show(value)} is not a range: low and high are at least 0, low <= high",
            file=file,
            field=field,
        )
    factor = KM_PER_MILE if units == "mi" else 1.0
    if high * factor > MAX_KM:
        raise InputError(
            f"{_show(value)} {units} is longer than one workout can be ({MAX_KM:g} km)",
            file=file,
            field=field,
        )
    return (low * factor, high * factor)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


# ---------------------------------------------------------------- CSV


def read_csv_plan(path: Path, start: dt.date, units: str | None) -> BookPlan:
    file = str(path)
    text = read_text(path)
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    unknown = [h for h in header if h not in CSV_COLUMNS + CSV_OPTIONAL]
    if unknown:
        raise InputError(
            f"unknown column {unknown[0]!r}; the columns are "
            f"{', '.join(CSV_COLUMNS + CSV_OPTIONAL)}",
            file=file,
            field="header",
        )
    if "title" not in header:
        raise InputError("the header has no `title` column", file=file, field="header")
    if "date" not in header and not {"week", "weekday"} <= set(header):
        raise InputError(
            "the header needs a `date` column, or `week` and `weekday`", file=file, field="header"
        )
    if "distance" in header and units is None:
        raise InputError(
            "the CSV gives distances; say whether they are mi or km with --units",
            file=file,
            field="--units",
        )
    reader.fieldnames = header
    by_day: dict[int, BookWorkout] = {}
    for number, row in enumerate(reader, start=2):
        cells = {k: (v or "").strip() for k, v in row.items() if k is not None}
        if not any(cells.values()):
            continue
        workout = _csv_workout(cells, number, start, units or "km", file)
        if workout.day in by_day:
            raise InputError(
                f"day {workout.day + 1} of the block is also on {by_day[workout.day].where}; "
                "one row per day",
                file=file,
                field=f"line {number}",
            )
        by_day[workout.day] = workout
    if not by_day:
        raise InputError("holds no workout rows", file=file)
    n_days = max(by_day) + 1
    if n_days > 7 * MAX_WEEKS:
        raise InputError(
            f"the plan spans {n_days} days; at most {7 * MAX_WEEKS} fit in one block", file=file
        )
    return BookPlan(
        name=path.stem,
        file=file,
        units=units or "km",
        start=start,
        n_days=n_days,
        workouts=tuple(by_day[d] for d in sorted(by_day)),
    )


def _csv_workout(
    cells: Mapping[str, str], number: int, start: dt.date, units: str, file: str
) -> BookWorkout:
    where = f"line {number}"

    def field(column: str) -> str:
        return f"{where}, column {column}"

    day = _csv_day(cells, number, start, file)
    title = cells.get("title", "")
    if not title:
        raise InputError("is empty; every row needs a title", file=file, field=field("title"))
    distance = None
    if cells.get("distance"):
        distance = parse_distance(cells["distance"], units, file, field("distance"))
    minutes = None
    if cells.get("minutes"):
        try:
            minutes = float(cells["minutes"])
        except ValueError:
            minutes = -1.0
        if not (math.isfinite(minutes) and 0 <= minutes <= 1440):
            raise InputError(
                f"{cells['minutes']!r} is not a number of minutes (0..1440)",
                file=file,
                field=field("minutes"),
            )
    session_type = cells.get("type") or None
    if session_type is not None and session_type not in SESSION_TYPES:
        raise InputError(
            f"{session_type!r} is not a session type; known: {', '.join(SESSION_TYPES)}",
            file=file,
            field=field("type"),
        )
    hard = None
    if cells.get("hard"):
        flag = cells["hard"].lower()
        if flag not in _TRUE | _FALSE:
            raise InputError(
                f"{cells['hard']!r} is not true or false", file=file, field=field("hard")
            )
        hard = flag in _TRUE
    return BookWorkout(
        day=day,
        where=where,
        title=title,
        description=cells.get("description", ""),
        distance_km=distance,
        minutes=minutes,
        session_type=session_type,
        hard=hard,
    )


def _csv_day(cells: Mapping[str, str], number: int, start: dt.date, file: str) -> int:
    where = f"line {number}"
    week: int | None = None
    if cells.get("week"):
        try:
            week = int(cells["week"])
        except ValueError:
            week = 0
        if not 1 <= week <= MAX_WEEKS:
            raise InputError(
                f"{cells['week']!r} is not a week number (1..{MAX_WEEKS})",
                file=file,
                field=f"{where}, column week",
            )
    if cells.get("date"):
        text = cells["date"]
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                raise ValueError
            date = dt.date.fromisoformat(text)
        except ValueError:
            raise InputError(
                f"{text!r} is not a date (YYYY-MM-DD)", file=file, field=f"{where}, column date"
            ) from None
        day = (date - start).days
        if day < 0:
            raise InputError(
                f"{date} is before --start {start}", file=file, field=f"{where}, column date"
            )
        if week is not None and week != day // 7 + 1:
            raise InputError(
                f"{date} lies in week {day // 7 + 1} from --start {start}, not week {week}",
                file=file,
                field=f"{where}, column week",
            )
        return day
    weekday = cells.get("weekday", "").lower()[:3]
    if week is None or weekday not in WEEKDAYS:
        column = "week" if week is None else "weekday"
        raise InputError(
            "needs a date, or a week and a weekday (mon..sun)",
            file=file,
            field=f"{where}, column {column}",
        )
    offset = (WEEKDAYS.index(weekday) - start.weekday()) % 7
    return 7 * (week - 1) + offset
