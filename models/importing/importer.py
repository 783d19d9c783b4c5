"""`speedblock import`: a book plan into a scenario whose catalog is the book's sessions and
whose rules are its envelope, and the book itself as a plan of that scenario.

Steps, nothing written until all succeed: read the book (readers), classify every
workout (classify), make its sessions (sessions), make the athlete and the races, derive
the envelope (envelope), validate the scenario, check the book against it (it must
pass: the envelope is derived with the checker's own rules), and write the TOML text
(writer), parsed back to make sure it loads to the same scenario.

Races: the last race of the book is its goal, priority A; every earlier race is a
tune-up, priority B. A plan with no race is an error.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from models.check import check_plan
from models.errors import InputError
from models.importing.athlete import derive_athlete
from models.importing.book import BookPlan
from models.importing.classify import Classified, classify_plan, read_map
from models.importing.envelope import Envelope, derive_envelope
from models.importing.readers import read_book
from models.importing.sessions import DaySession, build_sessions
from models.importing.writer import scenario_toml, session_record
from models.io import (
    parse_document,
    unknown_key_message,
    validate_scenario,
    validation_to_input_error,
)
from models.plan import SolveStatus, assemble_plan, plain_objective
from models.scenario import Athlete, RecentRace, Scenario

ATHLETE_FILE_KEYS = ("name", "recent_race", "chronic_load", "longest_recent_run_min")


@dataclass(frozen=True)
class ImportOptions:
    start: dt.date
    units: str | None = None
    athlete_file: Path | None = None
    map_file: Path | None = None
    acwr: bool = False
    monotony: bool = False
    quotas: bool = False
    name: str | None = None


@dataclass(frozen=True)
class ImportResult:
    book: BookPlan
    classified: tuple[Classified, ...]
    days: tuple[DaySession, ...]
    envelope: Envelope
    scenario: Scenario
    scenario_text: str
    book_plan: dict[str, Any]


def read_athlete_file(path: Path) -> dict[str, Any]:
    """The athlete file (--paces): `recent_race = {distance, time}`, and optionally `name`,
    `chronic_load` and `longest_recent_run_min`, in TOML, YAML or JSON."""
    file = str(path)
    doc = parse_document(path)
    if "athlete" in doc and isinstance(doc["athlete"], dict) and len(doc) == 1:
        doc = doc["athlete"]
    unknown = [
        InputError(unknown_key_message(key, ATHLETE_FILE_KEYS), file=file, field=key)
        for key in doc
        if key not in ATHLETE_FILE_KEYS
    ]
    if unknown:
        raise InputError.of(unknown)
    probe = {"chronic_load": 0, "longest_recent_run_min": 0, **doc}
    try:
        Athlete.model_validate(probe)
    except ValidationError as exc:
        raise validation_to_input_error(exc, Athlete, file=file) from None
    return dict(doc)


def import_plan(path: Path, options: ImportOptions) -> ImportResult:
    book = read_book(path, options.start, options.units)
    mapping = read_map(options.map_file) if options.map_file is not None else ()
    classified = tuple(classify_plan(book, mapping))
    races = [c for c in classified if c.type == "race"]
    if not races:
        raise InputError(
            "the plan has no race: its goal race must be a workout titled as a race "
            "(e.g. '10K race', 'Marathon'), or mapped to type race with --map",
            file=book.file,
            field="schedule",
        )
    given = read_athlete_file(options.athlete_file) if options.athlete_file else {}
    recent = RecentRace.model_validate(given["recent_race"]) if "recent_race" in given else None
    goal = races[-1]
    assert goal.race_distance is not None
    days = tuple(build_sessions(book, classified, recent, goal.race_distance))
    sessions = [d.session for d in days]
    race_days = {c.workout.day for c in races}
    athlete, athlete_notes = derive_athlete(book.start.weekday(), sessions, race_days, given)
    athlete.setdefault("name", "athlete")

    name = options.name or book.name
    doc: dict[str, Any] = {
        "name": name,
        "start": book.start,
        "end": book.date(book.n_days - 1),
        "athlete": athlete,
        "races": [
            {
                "date": book.date(c.workout.day),
                "distance": c.race_distance,
                "priority": "A" if c is goal else "B",
                "name": " ".join(c.workout.title.split())[:80] or f"{c.race_distance} race",
            }
            for c in races
        ],
        "catalog": {
            "include_default": False,
            "sessions": [session_record(s) for s in _unique(sessions)],
        },
    }
    base = validate_scenario(doc, file=book.file)
    envelope = derive_envelope(
        base,
        sessions,
        acwr=options.acwr,
        monotony_limit=options.monotony,
        quotas=options.quotas,
    )
    doc["constraints"] = envelope.constraints
    scenario = validate_scenario(doc, file=book.file)
    plan = assemble_plan(scenario, sessions, status=SolveStatus.FEASIBLE)
    plan_doc = plan.to_json_dict()
    violations = check_plan(scenario, plan_doc)
    if violations:  # the envelope is derived with the checker's rules: a bug if reached
        raise AssertionError(f"the book breaks its own envelope: {violations[0].detail}")
    plan_doc["objective"] = round(plain_objective(scenario, plan.days), 6)
    plan_doc["message"] = f"the book plan {Path(book.file).name}, imported by speedblock import"
    plan_doc["solver"] = {"generator": "import", "source": Path(book.file).name}
    text = scenario_toml(doc, envelope.notes, athlete_notes, days, _header(book, recent))
    if validate_scenario(tomllib.loads(text)) != scenario:
        raise AssertionError("the written scenario does not load back to the same scenario")
    return ImportResult(book, classified, days, envelope, scenario, text, plan_doc)


def _unique(sessions: list[Any]) -> list[Any]:
    seen: dict[str, Any] = {}
    for s in sessions:
        seen.setdefault(s.id, s)
    rest = [s for s in seen.values() if s.type == "rest"]
    return rest + sorted(
        (s for s in seen.values() if s.type != "rest"), key=lambda s: (s.type, s.minutes, s.id)
    )


def _header(book: BookPlan, recent: RecentRace | None) -> list[str]:
    weeks = (book.n_days + 6) // 7
    paces = (
        f"paces from a {recent.distance} in {recent.time}"
        if recent
        else "paces of the default athlete (a 22:00 5K; give yours with --paces)"
    )
    return [
        f"Imported by `speedblock import` from {Path(book.file).name}: {weeks} weeks from "
        f"{book.start.isoformat()}, distances in {book.units}, {paces}.",
        "The catalog is the book's own sessions (minutes from distance at those paces, loads",
        "from the catalog's rTSS-like formula). Each rule is the tightest value the book plan",
        "still meets; the comment beside it says how it was derived (docs/import.md).",
    ]
