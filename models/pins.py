"""Pinned days given on the command line, and the plan a re-solve starts from.

A coach fixes a day and solves again; the rest of the block is planned around it.
`speedblock solve --pin DATE=SESSION_OR_TYPE` adds a pin to the scenario's own
`pins` (a date pinned in both takes the command line's value), and
`--warm-start PLAN` gives the solver the plan before the change, one session id a
day, so the first plan found keeps as much of it as the pins allow.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any

from models.catalog import resolve_catalog, unknown_session_message
from models.errors import InputError
from models.history.replan import plan_sessions
from models.io import validate_scenario
from models.scenario import SESSION_TYPES, Scenario

PIN_OPTION = "--pin"
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_INDEX = re.compile(r"^pins\[(\d+)\]")


def parse_pin(text: str, scenario: Scenario) -> dict[str, Any]:
    """`2027-03-13=long-150` as a pin table: a catalog id is tried first, then a type."""
    date_text, sep, value = text.partition("=")
    date_text, value = date_text.strip(), value.strip()
    if not sep or not date_text or not value:
        raise InputError(
            f"{text!r} is not DATE=SESSION_OR_TYPE (e.g. 2027-03-13=long-150)", field=PIN_OPTION
        )
    date = None
    if _ISO_DATE.match(date_text):
        with contextlib.suppress(ValueError):
            date = dt.date.fromisoformat(date_text)
    if date is None:
        raise InputError(f"{text!r}: {date_text!r} is not a date (YYYY-MM-DD)", field=PIN_OPTION)
    ids = [s.id for s in resolve_catalog(scenario)]
    if value in ids:
        return {"date": date.isoformat(), "session": value}
    if value in SESSION_TYPES:
        return {"date": date.isoformat(), "type": value}
    message = unknown_session_message(value, scenario, ids, SESSION_TYPES)
    raise InputError(f"{text!r}: {message}", field=PIN_OPTION)


def with_pins(scenario: Scenario, texts: Sequence[str]) -> Scenario:
    """The scenario with the command line's pins added to its own, validated as a whole;
    an error in a command-line pin names `--pin` and the pin as written."""
    if not texts:
        return scenario
    added = [parse_pin(text, scenario) for text in texts]
    dates: dict[str, str] = {}
    for text, pin in zip(texts, added, strict=True):
        if pin["date"] in dates:
            raise InputError(
                f"{text!r}: {pin['date']} is pinned twice on the command line "
                f"(also by {dates[pin['date']]!r})",
                field=PIN_OPTION,
            )
        dates[pin["date"]] = text
    raw = scenario.model_dump(mode="json", exclude_none=True)
    kept = [pin for pin in raw.get("pins", []) if pin["date"] not in dates]
    raw["pins"] = [*kept, *added]
    try:
        return validate_scenario(raw)
    except InputError as exc:
        index = _INDEX.match(exc.field or "")
        if index is None or int(index.group(1)) < len(kept):
            raise
        text = texts[int(index.group(1)) - len(kept)]
        raise InputError(f"{text!r}: {exc.message}", field=PIN_OPTION) from None


def warm_start_days(scenario: Scenario, plan: Mapping[str, Any]) -> list[str] | None:
    """One session id per block day, in order, from a plan JSON: a day the plan does not
    hold counts as rest. None when no day of the plan lies in the block."""
    by_date = plan_sessions(plan)
    n_days = (scenario.last_day - scenario.start).days + 1
    dates = [scenario.start + dt.timedelta(days=d) for d in range(n_days)]
    if not any(date in by_date for date in dates):
        return None
    rest = next(s.id for s in resolve_catalog(scenario) if s.type == "rest")
    return [by_date.get(date, rest) for date in dates]
