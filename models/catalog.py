"""The session catalog: the built-in sessions (data in `data/catalog.toml`) and the
scenario's own additions or replacements."""

from __future__ import annotations

import functools
import tomllib
from importlib import resources
from typing import Any

from models.errors import InputError
from models.scenario import Scenario, Session

# Keys of a catalog record that are data about the session, not Session fields.
RECORD_ONLY_KEYS = frozenset({"zones", "steps"})


@functools.cache
def builtin_records() -> tuple[dict[str, Any], ...]:
    """The built-in catalog's raw records, including each session's `zones` and `steps`."""
    text = resources.files("models").joinpath("data/catalog.toml").read_text("utf-8")
    return tuple(tomllib.loads(text)["sessions"])


@functools.cache
def builtin_sessions() -> tuple[Session, ...]:
    return tuple(
        Session.model_validate({k: v for k, v in rec.items() if k not in RECORD_ONLY_KEYS})
        for rec in builtin_records()
    )


def resolve_catalog(scenario: Scenario) -> tuple[Session, ...]:
    """The sessions the scenario may use, in a stable order (built-in first).

    Raises InputError when the catalog has no rest session or lacks a race
    session for a distance on the race calendar.
    """
    spec = scenario.catalog
    by_id: dict[str, Session] = {}
    if spec.include_default:
        by_id.update((s.id, s) for s in builtin_sessions())
    for s in spec.sessions:
        by_id[s.id] = s
    sessions = tuple(by_id.values())
    if not any(s.type == "rest" for s in sessions):
        raise InputError(
            "the catalog has no session of type 'rest'; every block needs one",
            field="catalog.sessions",
        )
    have = {s.distance for s in sessions if s.type == "race"}
    for i, race in enumerate(scenario.races):
        if race.distance not in have:
            raise InputError(
                f"races[{i}] is a {race.distance} race but the catalog has no race session "
                f"with distance {race.distance!r}",
                field="catalog.sessions",
            )
    return sessions
