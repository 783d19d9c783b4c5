"""The built-in catalog data (models/data/catalog.toml) is complete and self-consistent."""

from __future__ import annotations

import itertools
import re
import tomllib
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest

from models.paces import (
    EFFORT_PHRASES,
    PACE_ZONES,
    ZONE_IF,
    derive_load,
    format_pace,
    placeholders,
    render_description,
    training_paces,
)
from models.scenario import DISTANCES, LADDER_FREE_TYPES, SESSION_TYPES, RecentRace, Session

CATALOG_PATH = Path(__file__).resolve().parent.parent / "models" / "data" / "catalog.toml"
RECORDS: list[dict[str, Any]] = tomllib.loads(CATALOG_PATH.read_text("utf-8"))["sessions"]
IDS = [r["id"] for r in RECORDS]
RECORD_ONLY = {"zones", "steps"}
PACES = training_paces(RecentRace(distance="5k", time="20:00"))


def by_id(session_id: str) -> dict[str, Any]:
    return next(r for r in RECORDS if r["id"] == session_id)


def zone_pairs(record: dict[str, Any]) -> list[tuple[int, str]]:
    return [(seg["minutes"], seg["zone"]) for seg in record["zones"]]


def test_catalog_has_at_least_44_sessions() -> None:
    assert len(RECORDS) >= 44


def test_ids_are_unique_and_kebab_case() -> None:
    assert [i for i, n in Counter(IDS).items() if n > 1] == []
    for session_id in IDS:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", session_id), session_id


def test_every_session_type_is_present() -> None:
    assert {r["type"] for r in RECORDS} == set(SESSION_TYPES)


def test_every_record_has_only_known_keys() -> None:
    required = {"id", "type", "minutes", "load", "hard", "level", "description", "zones", "steps"}
    for r in RECORDS:
        assert set(r) <= required | {"distance"}, r["id"]
        assert required <= set(r)


@pytest.mark.parametrize("record", RECORDS, ids=IDS)
def test_session_validates_as_model(record: dict[str, Any]) -> None:
    session = Session.model_validate({k: v for k, v in record.items() if k not in RECORD_ONLY})
    assert session.id == record["id"]
    assert session.description


@pytest.mark.parametrize("record", RECORDS, ids=IDS)
def test_zones_sum_to_minutes_and_use_known_zones(record: dict[str, Any]) -> None:
    assert sum(m for m, _ in zone_pairs(record)) == record["minutes"]
    for minutes, zone in zone_pairs(record):
        assert zone in ZONE_IF, (record["id"], zone)
        assert isinstance(minutes, int) and minutes > 0


@pytest.mark.parametrize("record", RECORDS, ids=IDS)
def test_load_is_derived_from_zones(record: dict[str, Any]) -> None:
    assert record["load"] == derive_load(zone_pairs(record))
    # And recomputed here from the rule, independently of derive_load.
    raw = 100 / 60 * sum(m * ZONE_IF[z] ** 2 for m, z in zone_pairs(record))
    assert record["load"] == round(raw)


def test_race_sessions_cover_every_distance_and_are_hard() -> None:
    races = [r for r in RECORDS if r["type"] == "race"]
    assert {r["distance"] for r in races} == set(DISTANCES)
    assert all(r["hard"] for r in races)
    assert all("distance" not in r for r in RECORDS if r["type"] != "race")


def test_longer_races_carry_more_load() -> None:
    load = {r["distance"]: r["load"] for r in RECORDS if r["type"] == "race"}
    assert load["5k"] < load["10k"] < load["half"] < load["marathon"]


def test_rest_is_empty() -> None:
    rests = [r for r in RECORDS if r["type"] == "rest"]
    assert rests
    for r in rests:
        assert (r["minutes"], r["load"], r["hard"], r["zones"]) == (0, 0, False, [])


def test_known_loads() -> None:
    # Hand-computed: 45 min easy = round(100/60 * 45 * 0.75^2) = round(42.1875) = 42.
    assert by_id("easy-45")["load"] == 42
    # 15 easy + 20 at 5K + 10 jog: 100/60 * (8.4375 + 21.632 + 3.6) = 56.115 -> 56.
    assert by_id("race-5k")["load"] == 56


HARD_TYPES = {
    "hills",
    "tempo",
    "threshold",
    "vo2max",
    "speed_endurance",
    "race_pace",
    "time_trial",
    "race",
}


@pytest.mark.parametrize("record", RECORDS, ids=IDS)
def test_hardness_follows_type(record: dict[str, Any]) -> None:
    assert record["hard"] is (record["type"] in HARD_TYPES)


@pytest.mark.parametrize("record", RECORDS, ids=IDS)
def test_non_long_sessions_fit_a_default_day(record: dict[str, Any]) -> None:
    if record["type"] not in {"long", "race"}:
        assert record["minutes"] <= 75, record["id"]


def test_ladders_start_at_zero_without_gaps() -> None:
    levels: dict[str, set[int]] = defaultdict(set)
    for r in RECORDS:
        levels[r["type"]].add(r["level"])
    for t in SESSION_TYPES:
        if t in LADDER_FREE_TYPES:
            assert levels[t] == {0}, t
        else:
            assert levels[t] == set(range(max(levels[t]) + 1)), (t, sorted(levels[t]))


def test_speed_endurance_ladder_follows_the_seeds() -> None:
    level = {r["id"]: r["level"] for r in RECORDS if r["type"] == "speed_endurance"}
    assert level["se-6x200"] == level["se-8x150"] == 0
    assert level["se-5x400"] == 1
    assert level["se-4x600"] == level["se-6x500"] == 2
    assert max(level.values()) >= 3


def test_long_runs_grow_with_level() -> None:
    plain = [r for r in RECORDS if r["type"] == "long" and re.fullmatch(r"long-\d+", r["id"])]
    # each level (rung) starts 10-15 min above the one below
    rung_start: dict[int, int] = {}
    for r in plain:
        rung_start[r["level"]] = min(r["minutes"], rung_start.get(r["level"], 10**6))
    assert sorted(rung_start) == list(range(len(rung_start)))
    starts = [rung_start[level] for level in sorted(rung_start)]
    steps = [b - a for a, b in itertools.pairwise(starts)]
    assert all(10 <= s <= 15 for s in steps), steps


def test_long_runs_climb_within_the_default_spike_rule() -> None:
    # long_run_spike_pct = 10: each plain long run is at most 10% longer than the
    # next shorter one, so the whole ladder can be climbed under the default rule
    minutes = sorted(
        r["minutes"] for r in RECORDS if r["type"] == "long" and re.fullmatch(r"long-\d+", r["id"])
    )
    for shorter, longer in itertools.pairwise(minutes):
        assert 100 * longer <= 110 * shorter, (shorter, longer)


@pytest.mark.parametrize("record", RECORDS, ids=IDS)
def test_descriptions_render_with_and_without_paces(record: dict[str, Any]) -> None:
    template = record["description"]
    names = placeholders(template)
    assert set(names) <= set(PACE_ZONES)
    with_paces = render_description(template, PACES)
    without = render_description(template, None)
    for text in (with_paces, without):
        assert "{" not in text and "}" not in text
    for name in names:
        assert format_pace(PACES[name]) in with_paces
        assert EFFORT_PHRASES[name] in without


def test_most_running_sessions_name_a_pace() -> None:
    running = [r for r in RECORDS if r["type"] not in {"rest", "cross", "hills"}]
    assert all(placeholders(r["description"]) for r in running)
