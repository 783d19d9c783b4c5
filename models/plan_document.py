"""The plan document: a plan JSON file and the dates of its days, under one date rule.

Every reader of a plan (the checker, the metrics, the report, the exports, the
re-plan's old plan) takes a day's date from here, so all of them accept and refuse
the same dates. A date is a string `YYYY-MM-DD` naming a real day: `2027-01-04`.
Python's `date.fromisoformat` alone also takes `20270104` and `2027-W01-1`; those are
refused.

What a reader does with a refused date is its own: the checker reports it as a
violation of `days` (it never raises on a malformed plan), the metrics count the day
as rest (as they count a missing day), and the report and the exports raise an
InputError naming the field, `days[i].date`, beside the file the command names.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from models.errors import InputError
from models.io import read_text

DATE_RULE = "YYYY-MM-DD"
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def parse_date(value: Any) -> dt.date | None:
    """The date a plan day's `date` value names, or None when it names none under the
    rule (a date object, not a datetime, is taken as it is)."""
    if isinstance(value, dt.datetime):
        return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def day_date(entry: Mapping[Any, Any], index: int) -> dt.date | None:
    """The date of `days[index]`; None when the entry holds no date string (a lenient
    reader skips such a day); InputError for a string that breaks the date rule."""
    value = entry.get("date")
    if not isinstance(value, str):
        return None
    date = parse_date(value)
    if date is None:
        raise InputError(f"{value!r} is not a date ({DATE_RULE})", field=f"days[{index}].date")
    return date


def read_plan_file(path: str | os.PathLike[str]) -> dict[str, Any]:
    """The plan file as a JSON object, or an InputError naming it."""
    name = str(path)
    text = read_text(Path(path))
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"the plan is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})",
            file=name,
        ) from None
    if not isinstance(doc, dict):
        raise InputError(f"the plan must be a JSON object, not {type(doc).__name__}", file=name)
    return doc
