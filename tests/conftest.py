"""Shared helpers: tiny scenarios with a hand-made catalog, and a solve that is always
followed by the independent checker."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from models.catalog import resolve_catalog
from models.check import check_plan, plan_days
from models.io import validate_scenario
from models.plan import Plan, SolveStatus
from models.rules.registry import switches_on_by_default
from models.scenario import Scenario
from solver.options import SolveOptions
from solver.solve import solve_scenario

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
START = dt.date(2027, 1, 4)  # a Monday

# Every rule off; each test switches on the family it is about.
ALL_OFF = {switch: False for switch in switches_on_by_default()}

# With k2 = 0 and a very long tau1 every day's load is worth almost exactly 1, a
# little more the closer it is to race day: the optimum is the largest total load.
FLAT_OBJECTIVE = {"k1": 1.0, "k2": 0.0, "tau1": 1000.0, "tau2": 7.0, "soft_penalties": False}

TINY_CATALOG = [
    {"id": "rest", "type": "rest", "minutes": 0, "load": 0, "hard": False},
    {"id": "easy", "type": "easy", "minutes": 30, "load": 10, "hard": False},
    {"id": "hard", "type": "threshold", "minutes": 40, "load": 50, "hard": True},
    {"id": "race-5k", "type": "race", "minutes": 45, "load": 60, "hard": True, "distance": "5k"},
]


def day(n: int) -> dt.date:
    return START + dt.timedelta(days=n)


def tiny(
    *,
    days: int = 7,
    constraints: dict[str, Any] | None = None,
    athlete: dict[str, Any] | None = None,
    sessions: list[dict[str, Any]] | None = None,
    races: list[dict[str, Any]] | None = None,
    objective: dict[str, Any] | None = None,
    pins: list[dict[str, Any]] | None = None,
) -> Scenario:
    raw: dict[str, Any] = {
        "name": "tiny",
        "start": START,
        "athlete": {
            "chronic_load": 1000,
            "longest_recent_run_min": 200,
            "max_sessions_per_week": 7,
            **(athlete or {}),
        },
        "constraints": {**ALL_OFF, **(constraints or {})},
        "objective": {**FLAT_OBJECTIVE, **(objective or {})},
        "catalog": {
            "include_default": False,
            "sessions": copy.deepcopy(sessions if sessions is not None else TINY_CATALOG),
        },
        "races": races or [],
        "pins": pins or [],
    }
    if not races:
        raw["end"] = day(days - 1)
    return validate_scenario(raw)


def solve_checked(
    scenario: Scenario, *, time_limit: float = 20.0, workers: int = 1, seed: int = 0
) -> Plan:
    """Solve, and assert the checker finds nothing wrong with any plan returned."""
    plan = solve_scenario(scenario, SolveOptions(time_limit=time_limit, workers=workers, seed=seed))
    if plan.status.has_plan:
        violations = check_plan(scenario, plan.to_json_dict())
        assert violations == [], violations
        assert len(plan.days) == (scenario.last_day - scenario.start).days + 1
    return plan


def total_load(plan: Plan) -> int:
    return sum(d.load for d in plan.days)


def sessions_of(plan: Plan) -> list[str]:
    return [d.session for d in plan.days]


@pytest.fixture(autouse=True)
def every_plan_is_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run the independent checker on every plan any test gets from the solver,
    including the solves the command line makes."""
    import solver.solve as solve_module

    real = solve_module.solve_scenario

    def checked(
        scenario: Scenario, options: SolveOptions | None = None, warm_start: Any = None
    ) -> Plan:
        plan = real(scenario, options, warm_start)
        if plan.status.has_plan:
            assert check_plan(scenario, plan.to_json_dict()) == []
        return plan

    monkeypatch.setattr(solve_module, "solve_scenario", checked)


@pytest.fixture
def optimal() -> Any:
    def run(scenario: Scenario) -> Plan:
        plan = solve_checked(scenario)
        assert plan.status is SolveStatus.OPTIMAL, plan.message
        return plan

    return run


def cli_runner() -> CliRunner:
    """A runner that keeps stdout and stderr apart (click 8.1 needs mix_stderr=False)."""
    try:
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:
        return CliRunner()


# A week of easy runs and rest under the default catalog (the plan readers' tests).
WEEK_SCENARIO = """\
name = "one-week"
start = 2027-01-04
end = 2027-01-10

[athlete]
chronic_load = 300
longest_recent_run_min = 70
"""


@pytest.fixture
def week_file(tmp_path: Path) -> Path:
    path = tmp_path / "week.toml"
    path.write_text(WEEK_SCENARIO)
    return path


def easy_week(scenario: Scenario, first_date: str | None = None) -> dict[str, Any]:
    """A valid week of rest and easy runs; the first day's date replaced when given."""
    catalog = {s.id: s for s in resolve_catalog(scenario)}
    rest, easy = catalog["rest"], catalog["easy-40"]
    days = plan_days(scenario.start, [easy, rest, easy, rest, easy, rest, easy])
    if first_date is not None:
        days[0]["date"] = first_date
    return {"status": "FEASIBLE", "days": days}
