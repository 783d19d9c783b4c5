"""The benchmark set (benchmarks/cases.py, benchmarks/generator.py) stays fixed, valid
and wide: a case is a pure function of its seed and band, every case is a valid
scenario, the two splits share no seed or name, together they cover the families they
are meant to (lengths, race counts, training days, rule sets, distances, priorities),
and the committed case files are exactly what the generator writes, so that a change
to the generator cannot move the set without the files, and the tests, saying so."""

from __future__ import annotations

import datetime as dt
import random
import tomllib
from collections import Counter
from itertools import pairwise
from pathlib import Path

import pytest

from benchmarks.cases import (
    BENCHMARK_CASES,
    CASES_PER_BAND,
    EVALUATION,
    TUNING,
    Case,
    by_name,
    generated_cases,
)
from benchmarks.generator import (
    AGGRESSIVE,
    BANDS,
    CONSERVATIVE,
    RULE_SETS,
    case_text,
    expected_files,
    generate,
    stale_files,
    to_toml,
)
from models.calendar import build_calendar
from models.io import load_scenario, parse_document, validate_scenario
from models.scenario import DISTANCES, PRIORITIES, Scenario

ALL_CASES = TUNING + EVALUATION


@pytest.fixture(scope="module")
def scenarios() -> dict[str, Scenario]:
    """Every case of both splits, read from its committed file."""
    return {c.name: load_scenario(c.path) for c in ALL_CASES}


@pytest.fixture(scope="module")
def documents() -> dict[str, dict]:
    return {c.name: generate(c.seed, c.band) for c in generated_cases() if c.seed is not None}


def full_weeks(s: Scenario) -> int:
    return sum(w.full for w in build_calendar(s).weeks)


def training_days(s: Scenario) -> int:
    return sum(1 for minutes in s.athlete.availability.values() if minutes > 0)


# ---------------------------------------------------------------------------
# Determinism
# ---------------------------------------------------------------------------


def test_the_same_seed_and_band_give_the_same_document() -> None:
    first = generate(1234, "mid")
    random.seed(99)  # the generator keeps no global state: the module's draws do not matter
    random.random()
    generate(77, "long")
    assert generate(1234, "mid") == first
    assert case_text(1234, "mid") == case_text(1234, "mid")


def test_another_seed_or_band_gives_another_document() -> None:
    assert generate(1234, "mid") != generate(1235, "mid")
    assert generate(1234, "mid") != generate(1234, "short")


def test_an_unknown_band_is_refused() -> None:
    with pytest.raises(ValueError, match="band"):
        generate(1, "medium")


def test_the_toml_reads_back_as_the_document(documents: dict[str, dict]) -> None:
    for name, doc in documents.items():
        assert tomllib.loads(to_toml(doc)) == doc, name


# ---------------------------------------------------------------------------
# Validity
# ---------------------------------------------------------------------------


def test_every_generated_document_validates(documents: dict[str, dict]) -> None:
    for name, doc in documents.items():
        validate_scenario(doc, file=name)


def test_every_case_file_of_both_splits_validates(scenarios: dict[str, Scenario]) -> None:
    assert set(scenarios) == {c.name for c in ALL_CASES}


def test_races_avoid_blocked_days_the_start_and_each_other(
    scenarios: dict[str, Scenario],
) -> None:
    for c in generated_cases():
        s = scenarios[c.name]
        dates = [r.date for r in s.races]
        assert dates == sorted(dates), c.name
        assert not set(dates) & set(s.athlete.blocked), c.name
        assert s.start not in dates, c.name
        assert all(b - a >= dt.timedelta(days=14) for a, b in pairwise(dates)), c.name
        # the block ends on its last race, or a few days after it
        assert dt.timedelta(0) <= s.last_day - dates[-1] <= dt.timedelta(days=3), c.name


def test_marathons_only_after_a_build_long_enough(scenarios: dict[str, Scenario]) -> None:
    for c in generated_cases():
        s = scenarios[c.name]
        for race in s.races:
            if race.distance == "marathon":
                assert (race.date - s.start).days >= 7 * 16 - 1, c.name


def test_sessions_per_week_fit_the_training_days(scenarios: dict[str, Scenario]) -> None:
    for c in generated_cases():
        s = scenarios[c.name]
        assert 3 <= training_days(s) <= 7, c.name
        assert training_days(s) - 1 <= s.athlete.max_sessions_per_week <= training_days(s)
        assert s.athlete.longest_recent_run_min <= max(s.athlete.availability.values())


# ---------------------------------------------------------------------------
# The splits
# ---------------------------------------------------------------------------


def test_the_splits_are_disjoint_in_seeds_names_and_files() -> None:
    tune_seeds = {c.seed for c in TUNING if c.generated}
    eval_seeds = {c.seed for c in EVALUATION}
    assert tune_seeds and eval_seeds
    assert not tune_seeds & eval_seeds
    assert not {c.name for c in TUNING} & {c.name for c in EVALUATION}
    assert len({c.path for c in ALL_CASES}) == len(ALL_CASES)
    assert all(c.generated for c in EVALUATION)


def test_each_split_holds_eight_generated_cases_per_band() -> None:
    for split in (TUNING, EVALUATION):
        per_band = Counter(c.band for c in split if c.generated)
        assert per_band == dict.fromkeys(BANDS, CASES_PER_BAND)
    assert len(TUNING) == 6 + 3 * CASES_PER_BAND
    assert {c.path.parent.name for c in BENCHMARK_CASES} == {"scenarios"}
    assert all(c.split == "tune" for c in BENCHMARK_CASES)


def test_every_case_lies_in_its_band(scenarios: dict[str, Scenario]) -> None:
    for c in ALL_CASES:
        lo, hi = BANDS[c.band]
        assert lo <= full_weeks(scenarios[c.name]) <= hi, c.name


def test_by_name_finds_cases_and_refuses_unknown_ones() -> None:
    assert [c.name for c in by_name(["eval-mid-02"], "eval")] == ["eval-mid-02"]
    assert by_name(None, "tune") == TUNING
    with pytest.raises(KeyError):
        by_name(["eval-mid-02"], "tune")


# ---------------------------------------------------------------------------
# Coverage of the families, across both splits
# ---------------------------------------------------------------------------


def test_lengths_span_six_to_fifty_two_weeks(scenarios: dict[str, Scenario]) -> None:
    weeks = {full_weeks(scenarios[c.name]) for c in generated_cases()}
    assert min(weeks) == 6
    assert max(weeks) == 52
    assert len(weeks) >= 30  # spread over the range, not piled at its ends


def test_race_counts_one_to_eight_and_scaled_with_the_band(
    scenarios: dict[str, Scenario],
) -> None:
    counts = {len(scenarios[c.name].races) for c in generated_cases()}
    assert counts >= set(range(1, 9))
    limits = {"short": (1, 3), "mid": (2, 5), "long": (3, 8)}
    for c in generated_cases():
        lo, hi = limits[c.band]
        assert lo <= len(scenarios[c.name].races) <= hi, c.name


def test_athletes_train_three_to_seven_days(scenarios: dict[str, Scenario]) -> None:
    days = {training_days(scenarios[c.name]) for c in generated_cases()}
    assert days == {3, 4, 5, 6, 7}


def test_every_band_of_every_split_holds_every_rule_set() -> None:
    for split in (TUNING, EVALUATION):
        for band in BANDS:
            held = {c.rule_set for c in split if c.generated and c.band == band}
            assert held == set(RULE_SETS), (band, held)


def test_every_distance_and_priority_is_raced(scenarios: dict[str, Scenario]) -> None:
    races = [r for c in generated_cases() for r in scenarios[c.name].races]
    assert {r.distance for r in races} == set(DISTANCES)
    assert {r.priority for r in races} == set(PRIORITIES)
    # the last race is usually the A goal
    goals = [scenarios[c.name].races[-1].priority for c in generated_cases()]
    assert goals.count("A") > len(goals) / 2


def test_the_optional_athlete_fields_occur(documents: dict[str, dict]) -> None:
    athletes = [d["athlete"] for d in documents.values()]
    for key in ("recent_race", "long_run_day", "start_levels", "blocked"):
        assert 0 < sum(key in a for a in athletes) < len(athletes), key
    assert max(len(a.get("blocked", [])) for a in athletes) == 3


# ---------------------------------------------------------------------------
# The rule sets
# ---------------------------------------------------------------------------


def case_of(name: str) -> Case:
    return by_name([name])[0]


def test_each_rule_set_sets_what_it_says(documents: dict[str, dict]) -> None:
    for name, doc in documents.items():
        rules = case_of(name).rule_set
        cons = doc.get("constraints")
        if rules == "defaults":
            assert cons is None and "objective" not in doc, name
        elif rules == "contract":
            assert cons == {"taper_shape_enabled": False}, name
            assert doc["objective"] == {"soft_penalties": False}, name
        elif rules == "conservative":
            assert cons == CONSERVATIVE and "objective" not in doc, name
        elif rules == "aggressive":
            assert cons == AGGRESSIVE and "objective" not in doc, name
        else:
            assert rules == "coach"
            assert cons is not None, name
            assert cons["max_monotony"] == 2.0, name
            assert cons["weekly_load_max"] >= 1.3 * doc["athlete"]["chronic_load"], name
            threshold = [q for q in cons["quotas"] if q["type"] == "threshold"]
            assert threshold and threshold[0]["min"] == 1, name
            assert [q.get("max") for q in cons["quotas"] if q["type"] == "long"] == [1], name


def test_the_conservative_and_aggressive_sets_match_the_constraint_set_files() -> None:
    root = Path(__file__).resolve().parent.parent / "benchmarks" / "constraint-sets"
    for fixed, file in ((CONSERVATIVE, "conservative.toml"), (AGGRESSIVE, "aggressive.toml")):
        on_file = parse_document(root / file)
        assert {k: fixed[k] for k in on_file} == on_file


# ---------------------------------------------------------------------------
# The committed files
# ---------------------------------------------------------------------------


def test_the_committed_files_are_the_generators_output() -> None:
    expected = expected_files()
    assert set(expected) == {c.path for c in generated_cases()}
    for path, text in expected.items():
        assert path.exists(), f"missing {path.name}: python benchmarks/generator.py --write"
        assert path.read_text() == text, (
            f"{path.name} differs from the generator: python benchmarks/generator.py --write"
        )
    assert stale_files(expected) == []


def test_each_file_says_it_is_generated_and_how_to_regenerate() -> None:
    for c in generated_cases():
        header = c.path.read_text().splitlines()[0]
        assert header.startswith("# Generated"), c.name
        assert f"seed {c.seed}" in header and f"band {c.band}" in header, c.name
        assert f"rule set {c.rule_set}" in header, c.name
        assert "python benchmarks/generator.py --write" in header, c.name
