"""The session catalog: the built-in sessions (data in `data/catalog.toml`) and the
scenario's own additions or replacements."""

from __future__ import annotations

import difflib
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


def session_document(session: Session) -> dict[str, Any]:
    """A session in the scenario format's shape (`distance` for race sessions only)."""
    exclude = None if session.type == "race" else {"distance"}
    return session.model_dump(mode="json", exclude=exclude)


def resolve_catalog(scenario: Scenario) -> tuple[Session, ...]:
    """The sessions the scenario may use, in a stable order (built-in first).

    Raises InputError when the catalog has no rest session, lacks a race session
    for a distance on the race calendar, or does not hold a pinned session.
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
    validate_pins(scenario, by_id)
    return sessions


def validate_pins(scenario: Scenario, by_id: dict[str, Session]) -> None:
    """Each pinned session is in the catalog, is not a race (race days belong to the race
    calendar) and, on a blocked day, is a rest session. The scenario model checks what
    needs no catalog (dates, types)."""
    blocked = set(scenario.athlete.blocked)
    for i, pin in enumerate(scenario.pins):
        if pin.session is None:
            continue
        session = by_id.get(pin.session)
        if session is None:
            raise InputError(
                unknown_session_message(pin.session, scenario, list(by_id)),
                field=f"pins[{i}].session",
            )
        if session.type == "race":
            raise InputError(
                f"{pin.session!r} is a race session; race days are fixed by the race "
                "calendar, and no other day holds a race",
                field=f"pins[{i}].session",
            )
        if pin.date in blocked and session.type != "rest":
            raise InputError(
                f"{pin.date} is one of athlete.blocked: only rest can be pinned there, "
                f"not {pin.session!r} ({session.type})",
                field=f"pins[{i}].date",
            )


def unknown_session_message(
    sid: str, scenario: Scenario, ids: list[str], extra: tuple[str, ...] = ()
) -> str:
    """`'long-15' is not a session of the catalog; did you mean 'long-150'?`: the closest
    ids (and `extra` names, such as session types) suggested, as for unknown keys."""
    short = sid if len(sid) <= 40 else sid[:37] + "..."
    message = f"{short!r} is not a session of the catalog"
    if extra:
        message += " nor a session type"
    close = difflib.get_close_matches(sid, [*ids, *extra], n=3, cutoff=0.6)
    if close:
        quoted = [repr(c) for c in close]
        either = ", ".join(quoted[:-1]) + " or " + quoted[-1] if len(quoted) > 1 else quoted[0]
        message += f"; did you mean {either}?"
    if scenario.catalog.include_default:
        message += " (`speedblock catalog` lists the built-in ones)"
    return message
