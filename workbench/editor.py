"""The scenario editor: the fields a coach edits, their defaults, and edits applied to a
scenario file without losing what the form does not show.

The form sends every field as text, keyed by its path in the scenario format
(`athlete.chronic_load`, `races[1].date`, `constraints.ramp_pct`); an empty text means
"the default". The edits go into the file's own document, everything else in it (the
catalog, the objective, quotas, comments) stays as it was, and the result is validated
by the same code as `speedblock solve`, so an error carries the same text and the same
field path, shown next to its input. TOML is edited with tomlkit, which keeps the
file's comments and layout; YAML with ruamel's round trip; JSON is rewritten indented.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from models.errors import InputError
from models.io import validate_scenario
from models.plan_document import parse_date
from models.scenario import (
    DEFAULT_AVAILABILITY,
    DISTANCES,
    PRIORITIES,
    WEEKDAYS,
    Athlete,
    ConstraintSet,
    Scenario,
)

_RACE_KEY = re.compile(r"^races\[(\d+)\]\.(date|distance|priority|name)$")
MAX_RACES = 60


@dataclass(frozen=True)
class Field:
    path: str  # in the scenario format, dotted
    label: str
    kind: str  # text, int, float, date, dates, choice
    default: Any = None
    choices: tuple[str, ...] = ()
    required: bool = False


def _rule_default(key: str) -> Any:
    return ConstraintSet.model_fields[key].default


BLOCK_FIELDS = (
    Field("name", "Scenario name", "text", required=True),
    Field("start", "First day", "date", required=True),
    Field("end", "Last day", "date", "the last race"),
)
ATHLETE_FIELDS = (
    Field("athlete.name", "Athlete", "text", Athlete.model_fields["name"].default),
    Field("athlete.chronic_load", "Chronic load (a week)", "int", required=True),
    Field("athlete.longest_recent_run_min", "Longest recent run (min)", "int", required=True),
    Field("athlete.recent_race.distance", "Recent race distance", "choice", None, DISTANCES),
    Field("athlete.recent_race.time", "Recent race time", "text"),
    Field("athlete.long_run_day", "Long-run day", "choice", None, WEEKDAYS),
    Field(
        "athlete.max_sessions_per_week",
        "Sessions a week at most",
        "int",
        Athlete.model_fields["max_sessions_per_week"].default,
    ),
    Field("athlete.blocked", "Blocked dates", "dates", "none"),
)
AVAILABILITY_FIELDS = tuple(
    Field(f"athlete.availability.{day}", day.capitalize(), "int", DEFAULT_AVAILABILITY)
    for day in WEEKDAYS
)
RULE_FIELDS = tuple(
    Field(f"constraints.{key}", label, kind, _rule_default(key))
    for key, label, kind in (
        ("hard_spacing_days", "Easy days between hard days", "int"),
        ("max_hard_per_week", "Hard days a week at most", "int"),
        ("weekly_load_max", "Weekly load ceiling", "int"),
        ("ramp_pct", "Ramp (%)", "int"),
        ("ramp_reference_weeks", "Ramp reference (weeks)", "int"),
        ("deload_every", "Deload every (weeks)", "int"),
        ("deload_pct", "Deload cut (%)", "int"),
        ("long_run_spike_pct", "Long-run spike (%)", "int"),
        ("min_easy_pct", "Easy share (%)", "int"),
        ("acwr_max_pct", "ACWR at most (%)", "int"),
        ("max_monotony", "Monotony at most", "float"),
    )
)
RACE_FIELDS = (
    Field("date", "Date", "date", required=True),
    Field("distance", "Distance", "choice", None, DISTANCES, required=True),
    Field("priority", "Priority", "choice", "A", PRIORITIES),
    Field("name", "Name", "text"),
)
FIELDS = {f.path: f for f in (*BLOCK_FIELDS, *ATHLETE_FIELDS, *AVAILABILITY_FIELDS, *RULE_FIELDS)}


def form_values(raw: Mapping[str, Any]) -> dict[str, Any]:
    """The form's text for each field of a scenario document ("" where it is left out)."""
    values: dict[str, Any] = {path: _show(_get(raw, path)) for path in FIELDS}
    races = raw.get("races") if isinstance(raw.get("races"), list) else []
    for i, race in enumerate(races or []):
        for f in RACE_FIELDS:
            values[f"races[{i}].{f.path}"] = _show(
                race.get(f.path) if isinstance(race, dict) else None
            )
    values["races"] = len(races or [])
    return values


def apply_edits(raw: dict[str, Any], edits: Mapping[str, Any], file: str | None) -> dict[str, Any]:
    """The document with the form's edits: each field set, or removed when empty, and
    the races replaced by the form's. Raises InputError for text that is not of its
    field's kind (every such field at once)."""
    doc = json.loads(json.dumps(raw, default=_json_default))
    errors: list[InputError] = []
    for path, text in edits.items():
        if path in FIELDS:
            try:
                _set(doc, path, parse_value(FIELDS[path], text))
            except ValueError as exc:
                errors.append(InputError(str(exc), file=file, field=path))
    races: dict[int, dict[str, Any]] = {}
    for key, text in edits.items():
        match = _RACE_KEY.match(key)
        if not match:
            continue
        index, name = int(match.group(1)), match.group(2)
        if index >= MAX_RACES:
            errors.append(InputError(f"at most {MAX_RACES} races", file=file, field=key))
            continue
        field = next(f for f in RACE_FIELDS if f.path == name)
        try:
            value = parse_value(field, text)
        except ValueError as exc:
            errors.append(InputError(str(exc), file=file, field=key))
            continue
        race = races.setdefault(index, {})
        if value is not None:
            race[name] = value
    if any(_RACE_KEY.match(k) for k in edits) or edits.get("races") == 0:
        doc["races"] = [races[i] for i in sorted(races)]
    if errors:
        raise InputError.of(errors)
    return doc


def validate_edited(doc: dict[str, Any], file: str | None) -> Scenario:
    """The edited document as a scenario: the command line's validation and messages."""
    return validate_scenario(json.loads(json.dumps(doc, default=_json_default)), file=file)


def parse_value(field: Field, text: Any) -> Any:
    """The value of a field's text; None for an empty text (the default)."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    if not isinstance(text, str):
        text = str(text)
    text = text.strip()
    if field.kind == "int":
        if not re.fullmatch(r"-?\d{1,9}", text):
            raise ValueError(f"{text!r} is not a whole number")
        return int(text)
    if field.kind == "float":
        try:
            return float(text)
        except ValueError:
            raise ValueError(f"{text!r} is not a number") from None
    if field.kind == "date":
        return _date(text)
    if field.kind == "dates":
        return [_date(part) for part in re.split(r"[\s,]+", text) if part]
    if field.kind == "choice" and text not in field.choices:
        raise ValueError(f"{text!r} is not one of {', '.join(field.choices)}")
    return text


def save_text(original: str, suffix: str, doc: Mapping[str, Any]) -> str:
    """The file's new text: the edited document in the file's own format, keeping what
    the editor does not touch (comments and layout, for TOML and YAML)."""
    if suffix == ".toml":
        return _toml_text(original, doc)
    if suffix in (".yaml", ".yml"):
        return _yaml_text(original, doc)
    return json.dumps(doc, indent=2, default=_json_default) + "\n"


def _toml_text(original: str, doc: Mapping[str, Any]) -> str:
    import tomlkit

    target = tomlkit.parse(original) if original.strip() else tomlkit.document()
    _merge_into(target, _with_dates(doc))
    return tomlkit.dumps(target)


def _yaml_text(original: str, doc: Mapping[str, Any]) -> str:
    import io

    from ruamel.yaml import YAML

    yaml = YAML()
    target = yaml.load(original) if original.strip() else None
    if not isinstance(target, dict):
        target = {}
    _merge_into(target, _with_dates(doc))
    out = io.StringIO()
    yaml.dump(target, out)
    return out.getvalue()


def _merge_into(target: Any, doc: Mapping[str, Any]) -> None:
    """Make `target` (a tomlkit or ruamel mapping) hold `doc`, keeping the objects (and
    their comments) of the tables that stay."""
    for key in [k for k in list(target.keys()) if k not in doc]:
        del target[key]
    for key, value in doc.items():
        current = target.get(key) if key in target else None
        if isinstance(value, Mapping) and hasattr(current, "keys") and not isinstance(current, str):
            _merge_into(current, value)
        elif current != value:
            target[key] = value


def _with_dates(value: Any) -> Any:
    """ISO date strings as dates, so TOML and YAML write native dates."""
    if isinstance(value, Mapping):
        return {k: _with_dates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_with_dates(v) for v in value]
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def _date(text: str) -> str:
    date = parse_date(text)
    if date is None:
        raise ValueError(f"{text!r} is not a date YYYY-MM-DD")
    return date.isoformat()


def _get(doc: Mapping[str, Any], path: str) -> Any:
    node: Any = doc
    for part in path.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    return node


def _set(doc: dict[str, Any], path: str, value: Any) -> None:
    parts = path.split(".")
    node = doc
    for part in parts[:-1]:
        child = node.get(part)
        if not isinstance(child, dict):
            if value is None:
                return
            child = node[part] = {}
        node = child
    if value is None:
        node.pop(parts[-1], None)
        if len(parts) > 1 and not node:
            _set(doc, ".".join(parts[:-1]), None)
    else:
        node[parts[-1]] = value


def _show(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(_show(v) for v in value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


def default_text(field: Field) -> str:
    """What the form shows beside a field left empty."""
    if field.required:
        return "required"
    if field.default is None:
        return "none"
    return _show(field.default)


def suffix_of(path: Path) -> str:
    return path.suffix.lower()
