"""--gap stops a search early but honestly; progress reports each better plan."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

import solver.solve as solve_module
from cli import cli
from console.views import ProgressLines
from models.io import load_scenario
from models.plan import SolveStatus
from solver.options import SolveOptions
from solver.portfolio import best_of, closed, within_gap
from solver.search import SearchResult

from conftest import SCENARIOS


def result(
    objective: float | None,
    bound: float | None,
    status: SolveStatus,
    work: float = 0.0,
    hit_wall_clock: bool = False,
) -> SearchResult:
    return SearchResult(0, status, objective, bound, (), 0.0, work, hit_wall_clock)


def test_a_search_within_its_gap_limit_is_not_called_proven() -> None:
    assert closed(result(100.0, 100.0, SolveStatus.OPTIMAL))
    assert not closed(result(100.0, 100.5, SolveStatus.OPTIMAL))
    assert within_gap(result(100.0, 104.0, SolveStatus.FEASIBLE), 0.05)
    assert not within_gap(result(100.0, 106.0, SolveStatus.FEASIBLE), 0.05)


def test_the_best_plan_keeps_the_tightest_bound_any_search_proved() -> None:
    first = result(90.0, None, SolveStatus.FEASIBLE, work=1.0)
    found = best_of(
        first,
        [
            result(95.0, 120.0, SolveStatus.FEASIBLE, work=2.0),
            result(93.0, 101.0, SolveStatus.FEASIBLE, work=3.0, hit_wall_clock=True),
            # a search stopped before its presolve ended reports a bound below the plans
            result(None, 10.0, SolveStatus.UNKNOWN, work=0.5),
        ],
    )
    assert (found.objective, found.bound) == (95.0, 101.0)
    assert found.status is SolveStatus.FEASIBLE
    assert found.work == pytest.approx(6.5) and found.hit_wall_clock


def test_a_plan_that_meets_the_bound_is_optimal() -> None:
    found = best_of(
        result(100.0, None, SolveStatus.FEASIBLE), [result(80.0, 100.0, SolveStatus.FEASIBLE)]
    )
    assert found.status is SolveStatus.OPTIMAL and found.objective == 100.0


def test_progress_reports_better_plans_and_ends_on_the_plan() -> None:
    scenario = load_scenario(SCENARIOS / "return-to-speed.toml")
    seen: list[tuple[float, float | None, float]] = []
    options = SolveOptions(
        time_limit=20, workers=2, progress=lambda o, b, s: seen.append((o, b, s))
    )
    plan = solve_module.solve_scenario(scenario, options)
    assert plan.status.has_plan and seen
    objectives = [o for o, _, _ in seen]
    assert objectives == sorted(objectives) and len(set(objectives)) == len(objectives)
    assert objectives[-1] == pytest.approx(plan.objective)
    assert all(b is None or b >= o - 1e-6 for o, b, _ in seen)  # never below its plan
    assert [s for _, _, s in seen] == sorted(s for _, _, s in seen)


def test_a_gap_limit_reports_the_true_bound() -> None:
    scenario = load_scenario(SCENARIOS / "return-to-speed.toml")
    plan = solve_module.solve_scenario(scenario, SolveOptions(time_limit=20, workers=1, gap=0.5))
    assert plan.status.has_plan and plan.gap is not None and plan.bound is not None
    if plan.status is SolveStatus.OPTIMAL:
        assert plan.gap == 0.0
    else:
        assert plan.gap <= 0.5 + 1e-9 and plan.solver["stopped_by_gap"] is True
        assert "requested gap" in plan.message
    assert plan.solver["gap_limit"] == 0.5


def test_progress_lines_are_throttled(capsys: pytest.CaptureFixture[str]) -> None:
    lines = ProgressLines()
    for seconds in (0.5, 1.2, 1.5, 2.4, 2.5):
        lines(100.0, 110.0, seconds)
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2  # 0.5 is too early; 1.5 and 2.5 come too soon after a line
    assert "objective 100.00" in err[0] and "gap 10.00%" in err[0]


def test_gap_out_of_range_is_a_usage_error() -> None:
    result = CliRunner().invoke(
        cli, ["solve", str(SCENARIOS / "return-to-speed.toml"), "--gap", "1.5"]
    )
    assert result.exit_code == 2
    assert "--gap" in result.stderr
