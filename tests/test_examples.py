"""The example scenarios in scenarios/: every file loads, every top-level example
solves to a plan that the independent checker accepts, and the YAML and JSON
variants say exactly what their TOML original says."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from models.catalog import resolve_catalog
from models.check import check_plan
from models.io import load_scenario
from models.plan import SolveStatus, plain_objective
from solver.options import SolveOptions
from solver.solve import solve_scenario

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
SUFFIXES = (".toml", ".yaml", ".yml", ".json")

# scenarios/replan/ holds a plan and a training log, scenarios/imports/ book plans to
# import (tests/test_import.py): neither holds scenarios
REPLAN = SCENARIOS / "replan"
IMPORTS = SCENARIOS / "imports"
ALL_FILES = sorted(
    p
    for p in SCENARIOS.rglob("*")
    if p.is_file() and p.suffix in SUFFIXES and REPLAN not in p.parents and IMPORTS not in p.parents
)
TOP_LEVEL = sorted(p for p in SCENARIOS.glob("*.toml") if p.is_file())
VARIANTS = sorted(
    p for p in (SCENARIOS / "formats").glob("*") if p.is_file() and p.suffix in SUFFIXES
)

# Over SWEEP_MIN_TIME_LIMIT, so the examples over eight weeks take the swept path.
OPTIONS = SolveOptions(time_limit=12, workers=2, seed=0)


def rel(path: Path) -> str:
    return path.relative_to(SCENARIOS).as_posix()


def test_examples_are_there() -> None:
    assert len(TOP_LEVEL) >= 6
    assert VARIANTS


@pytest.mark.parametrize("path", ALL_FILES, ids=rel)
def test_example_loads(path: Path) -> None:
    scenario = load_scenario(path)
    assert scenario.name
    assert scenario.races or scenario.end is not None


@pytest.mark.parametrize("path", TOP_LEVEL, ids=rel)
def test_example_solves_and_checks(path: Path) -> None:
    scenario = load_scenario(path)
    plan = solve_scenario(scenario, OPTIONS)
    assert plan.status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE), plan.message

    # every day of the block, in order, exactly once
    n_days = (scenario.last_day - scenario.start).days + 1
    assert [d.date for d in plan.days] == [
        scenario.start + dt.timedelta(days=i) for i in range(n_days)
    ]

    assert check_plan(scenario, plan.to_json_dict()) == []

    # each race day holds a race session of the race's distance
    distance_of = {s.id: s.distance for s in resolve_catalog(scenario) if s.type == "race"}
    by_date = {d.date: d for d in plan.days}
    for race in scenario.races:
        day = by_date[race.date]
        assert day.type == "race", (race.label, day.session)
        assert distance_of[day.session] == race.distance, (race.label, day.session)

    # the reported objective is the plan's own objective, up to the solver's scaling
    assert plan.objective is not None
    plain = plain_objective(scenario, plan.days)
    assert plan.objective == pytest.approx(plain, rel=1e-3), (plan.objective, plain)


@pytest.mark.parametrize("path", VARIANTS, ids=rel)
def test_format_variant_matches_toml(path: Path) -> None:
    original = SCENARIOS / f"{path.stem}.toml"
    assert original.is_file(), f"{rel(path)} has no TOML original at {rel(original)}"
    assert load_scenario(path) == load_scenario(original)


def test_the_replan_example_replans() -> None:
    import json

    from models.history.training_log import read_log
    from solver.replan import default_today, replan

    scenario = load_scenario(SCENARIOS / "half-marathon.toml")
    plan = json.loads((REPLAN / "half-marathon-plan.json").read_text())
    log = read_log(REPLAN / "half-marathon-log.csv", {s.id: s for s in resolve_catalog(scenario)})
    today = default_today(log, scenario)
    result = replan(scenario, plan, log, today, SolveOptions(time_limit=8, workers=2))
    assert result.plan.status.has_plan
    assert check_plan(result.scenario, result.plan.to_json_dict()) == []
    assert result.fatigue is not None  # week 7 felt much harder than meant
    lived = {d.date: d for d in result.plan.days if d.date < today}
    assert sum(d.load for d in lived.values() if (d.date - scenario.start).days // 7 == 4) == 0
