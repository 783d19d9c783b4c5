"""Properties of every solve: random valid scenarios either give a plan the checker
accepts, whose objective matches the plain-Python objective, or are INFEASIBLE with
named conflicts; the same seed and worker count give the same plan."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.catalog import builtin_sessions
from models.io import load_scenario, validate_scenario
from models.plan import SolveStatus, plain_objective
from models.rules.registry import switches
from models.scenario import DISTANCES, Scenario
from solver.options import SolveOptions

from conftest import SCENARIOS, START, solve_checked

# Rules whose value is drawn below decide their own switches.
RANDOM_SWITCHES = [
    key
    for key in switches()
    if key
    not in (
        "max_hard_per_week_enabled",
        "weekly_load_max_enabled",
        "acwr_max_enabled",
        "max_monotony_enabled",
    )
]
BUILTIN_IDS = sorted(s.id for s in builtin_sessions() if s.type not in ("rest", "race"))


@st.composite
def scenarios(draw: st.DrawFn) -> dict[str, Any]:
    n_days = draw(st.integers(7, 28))
    race_days = draw(st.lists(st.integers(0, n_days - 1), max_size=2, unique=True))
    races = [
        {
            "date": START + dt.timedelta(days=d),
            "distance": draw(st.sampled_from(DISTANCES)),
            "priority": draw(st.sampled_from("ABC")),
        }
        for d in race_days
    ]
    keep = draw(st.lists(st.sampled_from(BUILTIN_IDS), min_size=3, max_size=12, unique=True))
    sessions = [
        s.model_dump(exclude_none=True)
        for s in builtin_sessions()
        if s.id in keep or s.type in ("rest", "race")
    ]
    switches = {key: draw(st.booleans()) for key in RANDOM_SWITCHES}
    types = sorted({s["type"] for s in sessions if s["type"] != "race"})
    quota_type = draw(st.sampled_from(types))
    quota_min = draw(st.integers(0, 2))
    constraints: dict[str, Any] = {
        **switches,
        "hard_spacing_days": draw(st.integers(0, 2)),
        "max_hard_per_week": draw(st.integers(0, 4)),
        "ramp_pct": draw(st.sampled_from([0, 5, 10, 30])),
        "ramp_reference_weeks": draw(st.integers(1, 4)),
        "deload_every": draw(st.integers(0, 3)),
        "min_easy_pct": draw(st.sampled_from([0, 60, 80])),
        "quotas": [
            {"type": quota_type, "min": quota_min, "max": quota_min + draw(st.integers(0, 2))}
        ],
        "taper": {"A": {"days": draw(st.integers(0, 10)), "cut_pct": draw(st.integers(0, 60))}},
    }
    if draw(st.booleans()):
        constraints["weekly_load_max"] = draw(st.integers(50, 600))
    if draw(st.booleans()):
        constraints["acwr_max_pct"] = draw(st.integers(100, 200))
    if draw(st.booleans()):
        constraints["max_monotony"] = draw(st.sampled_from([1.5, 2.0, 2.5]))
    raw: dict[str, Any] = {
        "name": "random",
        "start": START,
        "end": START + dt.timedelta(days=n_days - 1),
        "athlete": {
            "chronic_load": draw(st.integers(0, 500)),
            "longest_recent_run_min": draw(st.integers(0, 150)),
            "max_sessions_per_week": draw(st.integers(1, 7)),
            "availability": {"fri": draw(st.sampled_from([0, 45, 120]))},
        },
        "races": races,
        "constraints": constraints,
        "objective": {"soft_penalties": draw(st.booleans())},
        "catalog": {"include_default": False, "sessions": sessions},
    }
    return raw


@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(scenarios())
def test_random_scenarios_give_checked_plans_or_infeasible(raw: dict[str, Any]) -> None:
    scenario = validate_scenario(raw)
    plan = solve_checked(scenario, time_limit=20.0)  # runs the checker on any plan
    assert plan.status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE, SolveStatus.INFEASIBLE)
    if plan.status is SolveStatus.INFEASIBLE:
        assert plan.conflicts, "an infeasible plan names its conflicts"
        assert plan.days == []
    else:
        assert plan.objective is not None
        assert abs(plan.objective - plain_objective(scenario, plan.days)) <= 1e-3 * max(
            1.0, abs(plan.objective)
        )


def four_week_block() -> Scenario:
    return validate_scenario(
        {
            "name": "four weeks to a 5K",
            "start": START,
            "athlete": {"chronic_load": 300, "longest_recent_run_min": 70, "long_run_day": "sun"},
            "races": [{"date": START + dt.timedelta(days=27), "distance": "5k"}],
            "constraints": {"quotas": [{"type": "long", "max": 1}]},
        }
    )


@pytest.mark.parametrize("workers", [1, 2])
def test_same_seed_and_workers_give_the_same_plan(workers: int) -> None:
    scenario = four_week_block()
    options = SolveOptions(time_limit=12.0, workers=workers, seed=7)
    first = solve_checked(scenario, time_limit=options.time_limit, workers=workers, seed=7)
    second = solve_checked(scenario, time_limit=options.time_limit, workers=workers, seed=7)
    assert first.status.has_plan
    # the work budget, never the wall clock, ended both searches
    assert not first.solver["stopped_by_wall_clock"]
    assert not second.solver["stopped_by_wall_clock"]
    assert [d.session for d in first.days] == [d.session for d in second.days]
    assert first.objective == second.objective


def test_time_limit_keeps_the_best_plan_found() -> None:
    scenario = load_scenario(SCENARIOS / "10k-with-tuneup.toml")
    plan = solve_checked(scenario, time_limit=8.0, workers=1)
    assert plan.status in (SolveStatus.FEASIBLE, SolveStatus.OPTIMAL)
    if plan.status is SolveStatus.FEASIBLE:
        assert "time limit" in plan.message
        assert plan.gap is not None and plan.gap >= 0
        assert plan.bound is not None and plan.objective is not None
        assert plan.bound >= plan.objective - 1e-6
