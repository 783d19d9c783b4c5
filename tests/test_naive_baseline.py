"""The benchmark's straightforward baseline model (benchmarks/naive_model.py) and the
project's tuned model agree: on small cases, with the soft penalties off and on, both
prove optimality with the same objective, and both plans pass the checker; and the
baseline's objective of any fixed plan is the project's objective of that plan.
Timings are never asserted here; benchmarks/evaluate.py measures the two side by side."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

import pytest

from benchmarks.naive_model import solve_naive
from models.calendar import build_calendar
from models.catalog import resolve_catalog
from models.check import check_sessions
from models.io import validate_scenario
from models.penalties import penalty_values
from models.performance import day_coefficients
from models.plan import Plan, SolveStatus, assemble_plan, plain_objective
from models.scenario import History, Scenario, Session
from solver.objective import OBJECTIVE_SCALE

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


PENALTY_CATALOG = [
    {"id": "rest", "type": "rest", "minutes": 0, "load": 0, "hard": False},
    {"id": "easy-30", "type": "easy", "minutes": 30, "load": 28, "hard": False},
    {"id": "easy-50", "type": "easy", "minutes": 50, "load": 45, "hard": False},
    {"id": "long-90", "type": "long", "minutes": 90, "load": 80, "hard": False},
    {"id": "vo2-5x3", "type": "vo2max", "minutes": 50, "load": 84, "hard": True},
    {"id": "se-6x400", "type": "speed_endurance", "minutes": 45, "load": 58, "hard": True},
    {"id": "thr-3x10", "type": "threshold", "minutes": 55, "load": 70, "hard": True},
    {"id": "tempo-25", "type": "tempo", "minutes": 50, "load": 60, "hard": True},
    {"id": "race-10k", "type": "race", "minutes": 50, "load": 75, "hard": True, "distance": "10k"},
]


def soft_penalties() -> Scenario:
    """Three weeks to an A 10K with the default penalty weights, where every penalty is
    paid at the optimum: the long run does not fit on the preferred Sunday (40 min
    there), Mondays only fit the short easy run, so it follows the Sunday one, a blocked
    Sunday makes the week loads uneven, VO2max work is worth more than the 10K-specific
    threshold work, and the emphasis rotates every week."""
    return tiny(
        constraints={
            "hard_spacing_enabled": True,
            "max_hard_per_week_enabled": True,
            "max_hard_per_week": 3,
            "quotas_enabled": True,
            "quotas": [{"type": "long", "max": 1}],
        },
        athlete={
            "long_run_day": "sun",
            "availability": {"sun": 40, "mon": 30},
            "blocked": [day(13)],
        },
        sessions=PENALTY_CATALOG,
        races=[{"date": day(21), "distance": "10k", "priority": "A"}],
        objective={"soft_penalties": True, "rotation_weeks": 1, "specificity_weeks": 3},
    )


def block_shape() -> Scenario:
    """Six weeks to an A 5K (five build weeks before a one-week taper): wave loading, the
    long-run build, sharpening, long runs hard for the spacing, and the plateau
    penalty."""
    catalog = [
        {"id": "rest", "type": "rest", "minutes": 0, "load": 0, "hard": False},
        {"id": "easy", "type": "easy", "minutes": 30, "load": 10, "hard": False},
        {"id": "thr", "type": "threshold", "minutes": 40, "load": 50, "hard": True},
        {"id": "rp", "type": "race_pace", "minutes": 40, "load": 45, "hard": True},
        {"id": "long-70", "type": "long", "minutes": 70, "load": 35, "hard": False},
        {"id": "long-100", "type": "long", "minutes": 100, "load": 45, "hard": False},
        {
            "id": "race-5k",
            "type": "race",
            "minutes": 45,
            "load": 60,
            "hard": True,
            "distance": "5k",
        },
    ]
    return tiny(
        constraints={
            "weekly_load_max": 250,
            "taper": {"A": {"days": 7, "cut_pct": 0}},
            "wave_loading_enabled": True,
            "plateau_max_weeks": 2,
            "long_run_build_enabled": True,
            "long_run_step_back_every": 2,
            "sharpening_enabled": True,
            "hard_spacing_enabled": True,
            "long_run_is_hard_for_spacing": True,
        },
        athlete={"availability": dict.fromkeys(("sat", "sun"), 120)},
        sessions=catalog,
        races=[{"date": day(41), "distance": "5k", "priority": "A"}],
        objective={"soft_penalties": True, "penalties": {"plateau_weeks": 20.0}},
    )


CASES = {
    "spacing-load-monotony": spacing_load_monotony,
    "race-and-taper": race_and_taper,
    "ladder": ladder,
    "real-catalog": real_catalog,
    "soft-penalties": soft_penalties,
    "block-shape": block_shape,
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

    # the tuned plan, fixed in the baseline, has the objective the tuned model reported
    by_id = {s.id: s for s in resolve_catalog(scenario)}
    fixed = solve_naive(
        scenario, time_limit=5.0, workers=1, fixed=[by_id[d.session] for d in tuned.days]
    )
    assert fixed.status == "OPTIMAL" and fixed.objective is not None
    assert fixed.objective == pytest.approx(tuned.objective, abs=1e-9)


def test_soft_penalties_are_paid_at_the_optimum() -> None:
    """The soft-penalty case tests the penalties only if its optimum pays them: the
    baseline's penalty values are the plan's (models/penalties.py), most of them
    positive."""
    scenario = soft_penalties()
    naive = solve_naive(scenario, time_limit=20.0, workers=1)
    assert naive.sessions is not None and naive.penalties is not None
    plan = assemble_plan(scenario, naive.sessions, status=SolveStatus.OPTIMAL)
    reported = {
        p.name: p.value for p in plan.penalties if p.name != "plan_changes" and p.weight > 0
    }
    assert naive.penalties == reported
    assert sum(value > 0 for value in naive.penalties.values()) >= 4, naive.penalties


def scaled_objective(scenario: Scenario, sessions: Sequence[Session]) -> int:
    """A plan's objective in the solver's scaled integers: each day's load term and each
    penalty weight multiplied by OBJECTIVE_SCALE and rounded (solver/objective.py)."""
    cal = build_calendar(scenario)
    coef = day_coefficients(scenario, cal)
    total = sum(round(OBJECTIVE_SCALE * s.load * coef[d]) for d, s in enumerate(sessions))
    days = assemble_plan(scenario, sessions, status=SolveStatus.FEASIBLE).days
    weights = scenario.objective.penalties
    for name, value in penalty_values(scenario, cal, days).items():
        total -= round(OBJECTIVE_SCALE * weights[name]) * int(value)
    return total


def penalty_plan_scenario(weights: dict[str, float]) -> Scenario:
    """24 days (three full weeks and three days) with the default Banister objective, an
    A 10K on day 20 (two whole specific chunks inside the block, the third clipped off)
    and a B and a C 5K on the last two days (no specificity for them, and the same race
    session twice, which is no repeat), the emphasis rotating every two weeks, and no
    hard rule, so that any plan with the races in place is valid."""
    catalog = [
        *PENALTY_CATALOG,
        {"id": "hills-8x60", "type": "hills", "minutes": 45, "load": 55, "hard": True},
        {"id": "rp-5x1k", "type": "race_pace", "minutes": 50, "load": 66, "hard": True},
        {
            "id": "race-5k",
            "type": "race",
            "minutes": 45,
            "load": 60,
            "hard": True,
            "distance": "5k",
        },
    ]
    return tiny(
        athlete={"long_run_day": "sat"},
        sessions=catalog,
        races=[
            {"date": day(20), "distance": "10k", "priority": "A"},
            {"date": day(22), "distance": "5k", "priority": "B"},
            {"date": day(23), "distance": "5k", "priority": "C"},
        ],
        objective={
            "k1": 1.0,
            "k2": 2.0,
            "tau1": 42.0,
            "tau2": 7.0,
            "soft_penalties": True,
            "rotation_weeks": 2,
            "specificity_weeks": 3,
            "penalties": weights,
        },
    )


def random_plan(scenario: Scenario, rng: random.Random) -> list[Session]:
    """The race sessions on the race days; elsewhere a session drawn from a few, so that
    repeats, long runs and quality sessions of every kind come up."""
    catalog = resolve_catalog(scenario)
    races = {race.date: race.distance for race in scenario.races}
    pool = rng.sample([s for s in catalog if s.type != "race"], 5)
    plan = []
    for d in range((scenario.last_day - scenario.start).days + 1):
        distance = races.get(day(d))
        if distance is None:
            plan.append(rng.choice(pool))
        else:
            plan.append(next(s for s in catalog if s.type == "race" and s.distance == distance))
    return plan


@pytest.mark.parametrize(
    "weights",
    [
        {},  # the defaults
        {"long_run_day": 0.0, "load_smoothness": 0.0, "repeat_session": 1.23457},
    ],
    ids=["default-weights", "zero-and-unrounded-weights"],
)
def test_naive_objective_of_a_fixed_plan_is_the_plans_objective(weights: dict[str, float]) -> None:
    scenario = penalty_plan_scenario(weights)
    rng = random.Random(7)
    modelled = {
        name
        for name, weight in scenario.objective.penalties.items()
        if weight > 0 and name != "plan_changes"
    }
    paid: set[str] = set()
    for _ in range(6):
        sessions = random_plan(scenario, rng)
        assert check_sessions(scenario, sessions) == []
        plan = assemble_plan(scenario, sessions, status=SolveStatus.FEASIBLE)
        fixed = solve_naive(scenario, time_limit=5.0, workers=1, fixed=sessions)
        assert fixed.status == "OPTIMAL" and fixed.objective is not None
        assert fixed.penalties is not None
        # each modelled penalty has the value the plan reports (models/penalties.py)
        reported = {p.name: p.value for p in plan.penalties}
        assert fixed.penalties == {name: reported[name] for name in modelled}
        paid |= {name for name, value in fixed.penalties.items() if value > 0}
        # the objective is the solver's scaled integer objective of the plan, and the
        # plan's objective in floating point within the rounding
        assert round(fixed.objective * OBJECTIVE_SCALE) == scaled_objective(scenario, sessions)
        assert fixed.objective == pytest.approx(plain_objective(scenario, plan.days), abs=1e-3)
    assert paid == modelled  # every modelled penalty was paid by some plan


def test_naive_model_refuses_history() -> None:
    scenario = tiny(days=7, objective={"soft_penalties": True})
    replan = scenario.model_copy(update={"history": History(until=day(2))})
    with pytest.raises(ValueError, match="history"):
        solve_naive(replan, time_limit=1.0, workers=1)


def test_the_block_shape_case_binds_its_rules() -> None:
    """The block-shape case tests the new rules only if they bind: its optimum without
    them breaks wave loading, the step-backs, the repeat of the longest run, the last
    days' cap and the spacing of long runs, and pays the plateau penalty."""
    scenario = block_shape()
    constraints = scenario.constraints.model_copy(
        update={
            "wave_loading_enabled": False,
            "long_run_build_enabled": False,
            "sharpening_enabled": False,
            "long_run_is_hard_for_spacing": False,
        }
    )
    weights = {**scenario.objective.penalties, "plateau_weeks": 0.0}
    free = scenario.model_copy(
        update={
            "constraints": constraints,
            "objective": scenario.objective.model_copy(update={"penalties": weights}),
        }
    )
    plan = solve_checked(free)
    broken = {v.constraint for v in check_sessions(scenario, by_ids(scenario, plan))}
    assert broken == {
        "hard_spacing_days",
        "long_run_final_cap",
        "long_run_repeat_max_weeks",
        "long_run_step_back_every",
        "plateau_max_weeks",
    }
    assert next(p.value for p in plan.penalties if p.name == "plateau_weeks") > 0


def by_ids(scenario: Scenario, plan: Plan) -> list[Session]:
    catalog = {s.id: s for s in resolve_catalog(scenario)}
    return [catalog[d.session] for d in plan.days]
