"""Classifying a book plan's workouts: a session type and hardness for every title.

The order of precedence, for each workout:

1. the `--map` file: a table whose keys are pieces of titles and whose values are a
   session type, or `{type, hard, distance}` (`distance` for races: 5k, 10k, half,
   marathon); a key matches every title that contains it, ignoring case, and the
   longest matching key wins;
2. a CSV row's own `type` (and `hard`) column;
3. the keyword rules of `RULES` below, first match wins, on the title (all its lines);
4. calendar-hack's `tags` (`Rest`, `Easy Run`, `Run`, `Long Run`, `Cross Train`,
   `Race`, `Speedwork`, `Hills`).

A workout that none of these classify is listed with its week and day, and the import
stops (exit 2) until a `--map` file classifies it. An empty title is a rest day, and so
is a choice of rest ("Rest or easy run") that gives no distance.
Hardness is the type's (`HARD_TYPES`) unless the map or the CSV says otherwise.

A race takes its distance from the map, else from its title (`5K`, `10 km`, `half
marathon`, `marathon`, `8-15K tune-up`), else from its distance; a distance the
scenario format has no race for (8K, 15K, 10 miles) becomes the nearest of 5K, 10K,
half and marathon, on a log scale.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from models.errors import InputError
from models.history.training_log import HARD_TYPES
from models.importing.book import BookPlan, BookWorkout
from models.io import parse_document
from models.scenario import DISTANCES, RACE_DISTANCE_KM, SESSION_TYPES


@dataclass(frozen=True)
class Rule:
    """One keyword rule: the regular expression (matched ignoring case unless
    `case_sensitive`), the session type it gives and the rule's name for docs/import.md."""

    name: str
    pattern: str
    type: str
    case_sensitive: bool = False
    marathon_pace: bool = False  # the quality portion is at marathon pace, whatever the goal

    def matches(self, title: str) -> bool:
        flags = 0 if self.case_sensitive else re.IGNORECASE
        return re.search(self.pattern, title, flags) is not None


# First match wins: the more specific rules come first ("Gen-aerobic + speed" before
# "General aerobic" and "Speed", "Lactate threshold" before "half marathon pace" and
# races, "Marathon-pace run" and "race pace" before races).
RULES: tuple[Rule, ...] = (
    Rule("Race pace, Dress rehearsal", r"race[- ]pace|dress rehearsal", "race_pace"),
    Rule("Lactate threshold", r"lactate[- ]threshold|threshold|cruise", "threshold"),
    Rule("LT", r"\bLT\b", "threshold", case_sensitive=True),
    Rule(
        "Marathon-pace run, MP",
        r"(?<!half )(?<!half-)marathon[- ]pace|\bMP\b|goal pace",
        "race_pace",
        marathon_pace=True,
    ),
    Rule(
        "races and tune-ups",
        r"\brace\b|\btune-?up\b|\bparkrun\b|^\s*(half[- ])?marathon\s*(\([^)]*\))?\s*$"
        r"|^\s*\d+(\.\d+)?\s*k\s*$",
        "race",
    ),
    Rule("Med-long run", r"med(ium)?[- ]long", "long"),
    Rule("Gen-aerobic + speed, strides", r"aerobic\s*\+\s*speed|\bstrides\b", "strides"),
    Rule("General aerobic", r"general[- ]aerobic|gen[- ]aerobic|\baerobic\b", "easy"),
    Rule("Recovery", r"recovery|very easy|shake-?out", "recovery"),
    Rule("Tempo", r"\btempo\b", "tempo"),
    Rule("Hill repeats", r"hill (repeats|reps|sprints)|\d+\s*[x×]\s*hills?|^\s*hills?\b", "hills"),
    Rule("VO2max, intervals, fartlek", r"vo2|v\.o\.2|interval|fartlek|\brepeats?\b", "vo2max"),
    Rule("Speed", r"\bspeed\b|\bsprints?\b", "speed_endurance"),
    Rule("Time trial", r"time[- ]trial|\bTT\b", "time_trial"),
    Rule("Endurance, Long run", r"\bendurance\b|\blong\b", "long"),
    Rule("Cross-training", r"cross|\bbike\b|cycl|\bswim|elliptical|aqua|pool", "cross"),
    Rule("Pace run", r"(?<!easy )\bpace\b", "race_pace"),
    Rule(
        "Easy, run, a bare distance",
        r"\beasy\b|\bjog\b|\brun\b|\bregular\b|^\s*\d+(\.\d+)?(-\d+(\.\d+)?)?\s*(mi|km)?\s*$",
        "easy",
    ),
    Rule("Rest, off, strength", r"\brest\b|\boff\b|stretch|strength|yoga|\bwalk", "rest"),
)

# "Rest or easy run", "Easy run OR day off": without a distance the book leaves the day free.
_CHOICE_OF_REST = re.compile(r"^\s*(rest|off|day off)\s+or\b|\bor\s+(rest|day off|off)\b")

TAG_TYPES: dict[str, str] = {
    "Rest": "rest",
    "Easy Run": "easy",
    "Run": "easy",
    "Long Run": "long",
    "Cross Train": "cross",
    "Race": "race",
    "Speedwork": "vo2max",
    "Hills": "hills",
}


@dataclass(frozen=True)
class Classified:
    """A workout with its session type, hardness and, for a race, its distance.
    `source` says what classified it (`map 'fartlek'`, `rule Tempo`, `csv type`, `tag`)."""

    workout: BookWorkout
    type: str
    hard: bool
    source: str
    race_distance: str | None = None
    marathon_pace: bool = False


@dataclass(frozen=True)
class MapEntry:
    key: str
    type: str
    hard: bool | None
    distance: str | None


def read_map(path: Path) -> tuple[MapEntry, ...]:
    """The --map file: title pieces to a session type, or to `{type, hard, distance}`."""
    file = str(path)
    doc = parse_document(path)
    entries = []
    for key, value in doc.items():
        field = str(key)
        if not str(key).strip():
            raise InputError("a key must be a piece of a title, not empty", file=file)
        table: Mapping[str, Any] = {"type": value} if isinstance(value, str) else value
        if not isinstance(table, Mapping):
            raise InputError(
                "must be a session type or a table {type, hard, distance}", file=file, field=field
            )
        extra = set(table) - {"type", "hard", "distance"}
        if extra:
            raise InputError(
                f"unknown key {sorted(extra)[0]!r} (allowed: type, hard, distance)",
                file=file,
                field=field,
            )
        kind = table.get("type")
        if kind not in SESSION_TYPES:
            raise InputError(
                f"{kind!r} is not a session type; known: {', '.join(SESSION_TYPES)}",
                file=file,
                field=f"{field}.type",
            )
        hard = table.get("hard")
        if hard is not None and not isinstance(hard, bool):
            raise InputError("must be true or false", file=file, field=f"{field}.hard")
        distance = table.get("distance")
        if distance is not None and (kind != "race" or distance not in DISTANCES):
            raise InputError(
                f"a race's distance is one of {', '.join(DISTANCES)}; only races have one",
                file=file,
                field=f"{field}.distance",
            )
        entries.append(MapEntry(str(key).strip().lower(), str(kind), hard, distance))
    return tuple(entries)


def classify_plan(book: BookPlan, mapping: Sequence[MapEntry] = ()) -> list[Classified]:
    """Every workout of the book classified, or an InputError listing those that are not."""
    out: list[Classified] = []
    unknown: list[BookWorkout] = []
    for workout in book.workouts:
        found = classify(workout, mapping)
        if found is None:
            unknown.append(workout)
        else:
            out.append(found)
    if unknown:
        shown = [f"{book.describe_day(w)} {_short(w.title)!r}" for w in unknown[:8]]
        more = f" and {len(unknown) - 8} more" if len(unknown) > 8 else ""
        raise InputError(
            f"{len(unknown)} workout title{'s' if len(unknown) > 1 else ''} match no keyword "
            f"rule: {'; '.join(shown)}{more}. Give them a type with --map FILE "
            "(docs/import.md)",
            file=book.file,
            field=f"{unknown[0].where}.title",
        )
    for item in out:
        if item.type == "race" and item.race_distance is None:
            raise InputError(
                f"{book.describe_day(item.workout)} {_short(item.workout.title)!r} is a race "
                "without a distance: name 5K, 10K, half or marathon in its title, give it a "
                "distance, or map it with a distance",
                file=book.file,
                field=f"{item.workout.where}.title",
            )
    return out


def classify(workout: BookWorkout, mapping: Sequence[MapEntry] = ()) -> Classified | None:
    title = " ".join(workout.title.split())
    if not title and workout.session_type is None:
        return Classified(workout, "rest", False, "empty title")
    lowered = title.lower()
    if workout.km is None and workout.minutes is None and _CHOICE_OF_REST.search(lowered):
        return Classified(workout, "rest", False, "a choice of rest, without a distance")
    hits = [m for m in mapping if m.key in lowered]
    if hits:
        entry = max(hits, key=lambda m: len(m.key))
        return _classified(workout, entry.type, entry.hard, f"map {entry.key!r}", entry.distance)
    if workout.session_type is not None:
        return _classified(workout, workout.session_type, workout.hard, "csv type")
    for rule in RULES:
        if rule.matches(title):
            return _classified(
                workout, rule.type, workout.hard, f"rule {rule.name}", None, rule.marathon_pace
            )
    for tag in workout.tags:
        if tag in TAG_TYPES:
            return _classified(workout, TAG_TYPES[tag], workout.hard, f"tag {tag}")
    return None


def _classified(
    workout: BookWorkout,
    kind: str,
    hard: bool | None,
    source: str,
    distance: str | None = None,
    marathon_pace: bool = False,
) -> Classified:
    if kind == "race":
        distance = distance or race_distance(workout)
        hard = True
    return Classified(
        workout=workout,
        type=kind,
        hard=(kind in HARD_TYPES) if hard is None else hard,
        source=source,
        race_distance=distance,
        marathon_pace=marathon_pace,
    )


def race_distance(workout: BookWorkout) -> str | None:
    """The race distance of the scenario format a race workout is nearest to."""
    title = workout.title.lower()
    if re.search(r"half[- ]?marathon|\bhalf\b|13\.1|21\.1", title):
        return "half"
    if re.search(r"\bmarathon\b|26\.2|42\.2", title):
        return "marathon"
    match = re.search(r"(\d+(?:\.\d+)?)\s*(?:-\s*(\d+(?:\.\d+)?))?\s*-?\s*(k|km)\b", title)
    if match:
        low = float(match.group(1))
        high = float(match.group(2) or low)
        return nearest_distance((low + high) / 2)
    match = re.search(r"(\d+(?:\.\d+)?)\s*(?:mile|mi)\b", title)
    if match and "race" in title:
        return nearest_distance(float(match.group(1)) * 1.609344)
    if workout.km:
        return nearest_distance(workout.km)
    return None


def nearest_distance(km: float) -> str | None:
    if km <= 0:
        return None
    return min(DISTANCES, key=lambda d: abs(math.log(km / RACE_DISTANCE_KM[d])))


def _short(title: str) -> str:
    text = " ".join(title.split())
    return text if len(text) <= 50 else text[:47] + "..."
