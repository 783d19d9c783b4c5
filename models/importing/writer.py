"""Writing an imported scenario as commented TOML: beside each rule, how it was derived.

The text is made by hand (the standard library reads TOML but does not write it); the
importer parses it back and checks that it loads to the same scenario.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from typing import Any

from models.importing.sessions import DaySession
from models.scenario import Session

# Constraint keys in the order the scenario format lists them.
CONSTRAINT_ORDER = (
    "hard_spacing_days",
    "max_hard_per_week",
    "weekly_load_max",
    "ramp_pct",
    "ramp_reference_weeks",
    "ramp_enabled",
    "deload_enabled",
    "deload_every",
    "deload_pct",
    "long_run_spike_pct",
    "long_run_spike_enabled",
    "taper",
    "taper_keep_intensity",
    "taper_shape_enabled",
    "taper_floor_pct",
    "taper_min_sessions_drop",
    "recovery_days",
    "quotas",
    "min_easy_pct",
    "acwr_max_pct",
    "max_monotony",
)
ATHLETE_ORDER = (
    "name",
    "chronic_load",
    "longest_recent_run_min",
    "recent_race",
    "availability",
    "max_sessions_per_week",
    "long_run_day",
)
SESSION_ORDER = ("id", "type", "minutes", "load", "hard", "level", "distance", "description")


def toml_value(value: Any) -> str:
    """One TOML value: strings, booleans, numbers, dates, inline tables and arrays."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, Mapping):
        inner = ", ".join(f"{_key(k)} = {toml_value(v)}" for k, v in value.items())
        return "{ " + inner + " }" if inner else "{}"
    if isinstance(value, Sequence):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    raise TypeError(f"no TOML for {type(value).__name__}")


def _key(key: str) -> str:
    return key if key.replace("_", "").replace("-", "").isalnum() else json.dumps(key)


def _line(key: str, value: Any, note: str | None) -> str:
    text = f"{_key(key)} = {toml_value(value)}"
    return f"{text}  # {note}" if note else text


def _lines(
    table: Mapping[str, Any], order: Sequence[str], notes: Mapping[str, str] | None = None
) -> list[str]:
    """The lines of the keys of `order` that the table holds, in that order, each with its
    note if any."""
    return [_line(key, table[key], (notes or {}).get(key)) for key in order if key in table]


def scenario_toml(
    doc: Mapping[str, Any],
    notes: Mapping[str, str],
    athlete_notes: Mapping[str, str],
    days: Sequence[DaySession],
    header: Sequence[str],
) -> str:
    """The scenario document as TOML, with each rule's derivation beside it."""
    out = [f"# {line}" if line else "#" for line in header]
    out.append("")
    for key in ("name", "start", "end"):
        out.append(_line(key, doc[key], None))
    out += ["", "[athlete]"]
    out += _lines(doc["athlete"], ATHLETE_ORDER, athlete_notes)
    for race in doc["races"]:
        out += ["", "[[races]]"]
        out += _lines(race, ("date", "distance", "priority", "name"))
    out += ["", "[constraints]"]
    constraints = doc["constraints"]
    out += _lines(constraints, CONSTRAINT_ORDER, notes)
    out += _lines(constraints, sorted(set(constraints) - set(CONSTRAINT_ORDER)), notes)
    for key in sorted(set(notes) - set(constraints)):
        out.append(f"# {key}: {notes[key]}")
    out += ["", "[catalog]", _line("include_default", False, "the book's own sessions only")]
    how = _how_by_session(days)
    for session in doc["catalog"]["sessions"]:
        out += ["", "[[catalog.sessions]]"]
        if how.get(session["id"]):
            out.append(f"# {how[session['id']]}")
        out += _lines(session, SESSION_ORDER)
    return "\n".join(out) + "\n"


def _how_by_session(days: Sequence[DaySession]) -> dict[str, str]:
    """How the first book day of each session got its minutes, and how many days use it."""
    first: dict[str, str] = {}
    count: dict[str, int] = {}
    for day in days:
        sid = day.session.id
        count[sid] = count.get(sid, 0) + 1
        first.setdefault(sid, day.how)
    return {sid: f"{text}; {count[sid]} day(s) of the book" for sid, text in first.items()}


def session_record(session: Session) -> dict[str, Any]:
    record = session.model_dump(mode="json", exclude_none=True)
    if session.type != "race":
        record.pop("distance", None)
    return record
