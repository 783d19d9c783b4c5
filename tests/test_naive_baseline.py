"""The benchmark's straightforward baseline model (benchmarks/naive_model.py) and the
project's tuned model agree: on small cases both prove optimality with the same
objective, and both plans pass the checker. Timings are never asserted here; they are
measured in benchmarks/speed.py."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from benchmarks.naive_model import solve_naive
from models.check import check_sessions
from models.io import validate_scenario
from models.plan import SolveStatus
from models.scenario import Scenario

from conftest import START, day, solve_checked, tiny

LADDER_CATALOG = [
    {"id": "rest", "type": "rest", "minutes": 0, "load": 0, "hard": False},
    {"id": "easy-30", "type": "easy", "minutes": 30, "load": 28, "hard": False},
    {"id": "easy-60", "type": "easy", "minutes": 60, "load": 56, "hard": False},
    {"id": "thr-0", "type": "threshold", "minutes": 40, "load": 45, "hard": True, "level": 0},
    {"id": "thr-1", "type": "threshold", "minutes": 45, "load": 60, "hard": True, "level": 1},
    {"id": "thr-2", "type": "threshold", "minutes": 50, "load": 75, "hard": True, "level": 2},
    {"id": "thr-3", "type": "threshold", "minutes": 55, "load": 90, "hard": True, "level": 3},
]


def spacing_load_monotony() -> Scenario:
    """Two weeks: hard spacing, hard days a week, ramp, deload, Foster monotony."""
    return tiny(
        days=14,
        constraints={
            "hard_spacing_enabled": True,
            "max_hard_per_week_enabled": True,
            "max_hard_per_week": 2,
            "ramp_enabled": True,
            "deload_enabled": True,
            "deload_every": 2,
            "max_monotony": 0.6,
        },
        athlete={"chronic_load": 120},
    )


def race_and_taper() -> Scenario:
    """Three weeks to an A 5K with the Banister objective: taper (cut, intensity, shape),
    recovery days, long-run spike and the acute:chronic ratio."""
    return tiny(
        days=21,
        constraints={
            "taper_enabled": True,
            "taper_shape_enabled": True,
            "recovery_days_enabled": True,
            "long_run_spike_enabled": True,
            "acwr_max_pct": 105,
            "hard_spacing_enabled": True,
        },
        athlete={"chronic_load": 200, "longest_recent_run_min": 40},
        races=[
            {"date": day(14), "distance": "5k", "priority": "A"},
            {"date": day(20), "distance": "5k", "priority": "C"},
        ],
        objective={"k2": 2.0, "tau1": 42.0},
    )


def ladder() -> Scenario:
    """Three weeks of a threshold ladder: progression, quotas and min easy."""
    return tiny(
        days=21,
        constraints={
            "progression_enabled": True,
            "quotas_enabled": True,
            "quotas": [{"type": "threshold", "min": 1, "max": 1}, {"type": "easy", "min": 3}],
            "min_easy_enabled": True,
            "min_easy_pct": 75,
            "hard_spacing_enabled": True,
        },
        athlete={"max_sessions_per_week": 5, "availability": {"mon": 0, "sat": 50}},
        sessions=LADDER_CATALOG,
    )


def real_catalog() -> Scenario:
    """Two weeks with the built-in catalog and every default rule, ending on a C 5K."""
    start = START
    return validate_scenario(
        {
            "name": "two-weeks",
            "start": start,
            "athlete": {
                "chronic_load": 300,
                "longest_recent_run_min": 75,
                "availability": {"fri": 0, "sun": 90, "sat": 60, "wed": 60},
            },
            "races": [{"date": start + dt.timedelta(days=13), "distance": "5k", "priority": "C"}],
            "constraints": {"max_monotony": 2.0},
            "objective": {"soft_penalties": False},
        }
    )


CASES = {
    "spacing-load-monotony": spacing_load_monotony,
    "race-and-taper": race_and_taper,
    "ladder": ladder,
    "real-catalog": real_catalog,
}


@pytest.mark.parametrize("name", list(CASES))
def test_naive_and_tuned_reach_the_same_optimum(name: str) -> None:
    scenario = CASES[name]()
    naive = solve_naive(scenario, time_limit=20.0, workers=1)
    assert naive.status == "OPTIMAL", naive.status
    assert naive.sessions is not None
    assert check_sessions(scenario, naive.sessions) == []

    tuned = solve_checked(scenario, time_limit=20.0)
    assert tuned.status is SolveStatus.OPTIMAL, tuned.message
    assert tuned.objective is not None and naive.objective is not None
    assert tuned.objective == pytest.approx(naive.objective, rel=1e-6, abs=1e-6)


def test_naive_model_refuses_soft_penalties() -> None:
    raw: dict[str, Any] = {"soft_penalties": True}
    scenario = tiny(objective=raw)
    with pytest.raises(ValueError, match="soft_penalties"):
        solve_naive(scenario, time_limit=1.0, workers=1)
