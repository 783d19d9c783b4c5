"""Conflict explanation: the infeasible examples name exactly their conflicting rules,
each reported set is minimal, relaxation hints are the smallest change that works
(checked by solving on both sides of it), and `explain` on a feasible block
measures what each rule costs."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from ortools.sat.python import cp_model

from cli import cli
from models.catalog import resolve_catalog
from models.io import load_scenario
from models.plan import SolveStatus
from models.scenario import Scenario
from solver.binding import explain_scenario
from solver.build import build_model
from solver.context import Where
from solver.explain import explain_infeasible, minimal_core
from solver.options import SolveOptions
from solver.relax import is_feasible

from conftest import SCENARIOS, tiny

INFEASIBLE = SCENARIOS / "infeasible"

# example -> the conflicting keys, each with the week it is reported in
EXPECTED = {
    "three-threshold-two-hard-days.toml": [("max_hard_per_week", 1), ("quotas", 1)],
    "quotas-outgrow-the-ramp.toml": [("quotas", 1), ("ramp_pct", 1)],
    "back-to-back-races.toml": [("hard_spacing_days", 4), ("races", 4), ("races", 4)],
    "two-days-a-week-full-structure.toml": [
        ("max_sessions_per_week", 1),
        ("quotas", 1),
        ("quotas", 1),
        ("quotas", 1),
    ],
}


def test_every_infeasible_example_is_tested() -> None:
    assert sorted(p.name for p in INFEASIBLE.glob("*.toml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_infeasible_example_names_exactly_its_conflicts(name: str) -> None:
    scenario = load_scenario(INFEASIBLE / name)
    conflicts = explain_infeasible(scenario, resolve_catalog(scenario), 60, hints=False)
    assert sorted((c.constraint, c.week) for c in conflicts) == EXPECTED[name]
    assert all(c.detail for c in conflicts)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_reported_conflicts_are_minimal(name: str) -> None:
    """Dropping any one reported rule instance makes the rest satisfiable."""
    scenario = load_scenario(INFEASIBLE / name)
    sessions = resolve_catalog(scenario)
    core = minimal_core(scenario, sessions, time.monotonic() + 60)
    assert core
    built = build_model(scenario, sessions, guarded=True, with_objective=False)
    guards = built.ctx.guards

    def status_with(keys: list[tuple[str, Where]]) -> cp_model.CpSolverStatus:
        built.model.clear_assumptions()
        built.model.add_assumptions([guards[k] for k in keys])
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.max_time_in_seconds = 30
        return solver.solve(built.model)

    assert status_with(core) == cp_model.INFEASIBLE
    for key in core:
        rest = [k for k in core if k != key]
        assert status_with(rest) in (cp_model.OPTIMAL, cp_model.FEASIBLE), key


def _variant(scenario: Scenario, apply: object) -> Scenario:
    raw = scenario.model_dump()
    apply(raw)  # type: ignore[operator]
    return Scenario.model_validate(raw)


def test_hints_are_the_smallest_change_that_works() -> None:
    scenario = load_scenario(INFEASIBLE / "quotas-outgrow-the-ramp.toml")
    conflicts = explain_infeasible(scenario, resolve_catalog(scenario), 60)
    ramp = next(c for c in conflicts if c.constraint == "ramp_pct")
    assert ramp.hint is not None
    match = re.search(r"ramp_pct: 10 -> (\d+)", ramp.hint)
    assert match, ramp.hint
    value = int(match.group(1))

    def with_ramp(pct: int) -> Scenario:
        return _variant(scenario, lambda raw: raw["constraints"].update(ramp_pct=pct))

    deadline = time.monotonic() + 60
    assert is_feasible(with_ramp(value), deadline) is True
    assert is_feasible(with_ramp(value - 1), deadline) is False


def test_hints_for_the_quota_and_hard_day_conflict() -> None:
    scenario = load_scenario(INFEASIBLE / "three-threshold-two-hard-days.toml")
    hints = {
        c.constraint: c.hint for c in explain_infeasible(scenario, resolve_catalog(scenario), 60)
    }
    assert hints["max_hard_per_week"] == "max_hard_per_week: 2 -> 3 makes the block feasible"
    assert hints["quotas"] == "quotas[0] (threshold) min: 3 -> 2 makes the block feasible"


def test_infeasible_solve_reports_the_conflicts_in_plan_json(tmp_path: Path) -> None:
    out = tmp_path / "plan.json"
    result = CliRunner().invoke(
        cli,
        ["solve", str(INFEASIBLE / "three-threshold-two-hard-days.toml"), "--json", "-o", str(out)],
    )
    assert result.exit_code == 3
    plan = json.loads(result.stdout)
    assert plan["status"] == "INFEASIBLE"
    assert sorted(c["constraint"] for c in plan["conflicts"]) == ["max_hard_per_week", "quotas"]
    assert "max_hard_per_week" in plan["message"] and "quotas" in plan["message"]
    assert json.loads(out.read_text()) == plan


def test_explain_command_on_an_infeasible_example() -> None:
    result = CliRunner().invoke(
        cli, ["explain", str(INFEASIBLE / "back-to-back-races.toml"), "--time-limit", "60"]
    )
    assert result.exit_code == 3
    assert "- hard_spacing_days: at most one hard day in the 2 days from Sat 2027-03-27" in (
        result.stdout
    )
    assert "relax: hard_spacing_days: 1 -> 0" in result.stdout


def binding_block() -> Scenario:
    # Two flat-objective weeks: the ceiling of 125 a week binds (each week could
    # hold 7 x 50 = 350 without it), while 7 hard days a week allowed binds nothing.
    return tiny(
        days=14,
        constraints={
            "weekly_load_max": 125,
            "max_hard_per_week_enabled": True,
            "max_hard_per_week": 7,
        },
    )


def test_explain_feasible_lists_binding_rules_with_their_cost() -> None:
    report = explain_scenario(binding_block(), SolveOptions(time_limit=20, workers=1))
    assert report.status is SolveStatus.OPTIMAL
    costs = {b.constraint: b.cost for b in report.binding}
    assert set(costs) == {"weekly_load_max", "max_hard_per_week"}
    # without the ceiling: 2 x 350 instead of 2 x 120, each unit worth a little under 1
    assert costs["weekly_load_max"] == pytest.approx(460, rel=0.02)
    assert costs["max_hard_per_week"] == pytest.approx(0, abs=1e-6)
    assert report.binding[0].constraint == "weekly_load_max"


def test_explain_command_json_on_a_feasible_block(tmp_path: Path) -> None:
    path = tmp_path / "block.json"
    path.write_text(binding_block().model_dump_json())
    result = CliRunner().invoke(cli, ["explain", str(path), "--json", "--time-limit", "20"])
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["status"] == "OPTIMAL"
    assert report["conflicts"] == []
    assert report["binding"][0]["constraint"] == "weekly_load_max"
    assert all(b["cost"] >= -1e-9 for b in report["binding"])


def test_explain_on_a_feasible_example_costs_every_rule_in_force() -> None:
    example = load_scenario(SCENARIOS / "return-to-speed.toml")
    # monotony makes every re-solve slower to a first plan, and is not what this is about
    rules = example.constraints.model_copy(update={"max_monotony_enabled": False})
    scenario = example.model_copy(update={"constraints": rules})
    report = explain_scenario(scenario, SolveOptions(time_limit=20, workers=2))
    assert report.status.has_plan
    assert report.objective is not None
    keys = {b.constraint for b in report.binding}
    assert {"ramp_pct", "quotas", "min_easy_pct", "progression_enabled"} <= keys
    # the plan under all rules starts every re-solve: no rule has a negative cost
    assert all(b.cost is not None and b.cost >= -1e-6 for b in report.binding)
    assert max(b.cost or 0.0 for b in report.binding) > 0
    costs = [b.cost for b in report.binding if b.cost is not None]  # all, as asserted
    assert costs == sorted(costs, reverse=True)
