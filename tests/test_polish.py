"""The second round of a block that is not swept (solver/solve.py, POLISH_SHARE): from
the first round's best plan, a bound search with the weeks' load caps beside the
interleaved search hinted with that plan."""

from __future__ import annotations

from typing import Any

import pytest

import solver.solve as solve_module
from models.calendar import build_calendar
from models.io import load_scenario
from models.plan import SolveStatus
from solver.build import BuiltModel
from solver.options import SolveOptions
from solver.search import SearchResult
from solver.solve import POLISH_MIN_WORK, POLISH_SHARE, SWEPT_BLOCK_WEEKS, polishes

from conftest import SCENARIOS, solve_checked, tiny

SHORT = SCENARIOS / "return-to-speed.toml"  # 7 weeks: not swept
POLISHED_FROM = POLISH_MIN_WORK / POLISH_SHARE / SolveOptions(time_limit=1).thread_work_limit


@pytest.mark.parametrize(
    ("time_limit", "long_block", "expected"),
    [(POLISHED_FROM, False, True), (POLISHED_FROM * 0.9, False, False), (60, True, False)],
)
def test_only_a_budget_that_lets_the_second_round_presolve_gets_one(
    time_limit: float, long_block: bool, expected: bool
) -> None:
    assert polishes(SolveOptions(time_limit=time_limit), long_block) is expected


@pytest.mark.parametrize("time_limit", [POLISHED_FROM * 0.5, POLISHED_FROM])
def test_the_first_round_leaves_the_second_its_share_of_the_budget(
    monkeypatch: pytest.MonkeyPatch, time_limit: float
) -> None:
    budgets: list[float | None] = []
    optimize = solve_module.optimize

    def spy(*args: Any, **kwargs: Any) -> SearchResult:
        budgets.append(kwargs.get("work_limit"))
        return optimize(*args, **kwargs)

    monkeypatch.setattr(solve_module, "optimize", spy)
    options = SolveOptions(time_limit=time_limit, workers=2)
    plan = solve_checked(tiny(days=14), time_limit=time_limit, workers=2)
    assert plan.status.has_plan
    if time_limit < POLISHED_FROM:
        assert budgets == [None]  # the whole budget
    else:
        assert budgets[0] == pytest.approx((1 - POLISH_SHARE) * options.work_limit)


def test_the_second_round_keeps_the_better_plan_and_the_tighter_bound(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    scenario = load_scenario(SHORT)
    assert len(build_calendar(scenario).weeks) <= SWEPT_BLOCK_WEEKS
    rounds: list[tuple[SearchResult, SearchResult]] = []
    polish = solve_module.polish_and_bound

    def spy(
        built: BuiltModel, best: SearchResult, options: SolveOptions, started: float
    ) -> tuple[SearchResult, float]:
        first_round = SearchResult(**vars(best))  # the second round re-hints, not mutates
        result = polish(built, best, options, started)
        rounds.append((first_round, result[0]))
        return result

    monkeypatch.setattr(solve_module, "polish_and_bound", spy)
    plan = solve_checked(scenario, time_limit=POLISHED_FROM, workers=2)
    assert len(rounds) == 1, "the first round proved the plan optimal: pick a harder block"
    first_round, second_round = rounds[0]
    assert plan.status is SolveStatus.FEASIBLE
    assert plan.objective == pytest.approx(second_round.objective)
    assert first_round.objective is not None and first_round.bound is not None
    assert plan.objective is not None and plan.bound is not None
    assert plan.objective >= first_round.objective - 1e-6
    assert plan.objective <= plan.bound + 1e-6
    assert plan.solver["week_caps_seconds"] > 0
    if not plan.solver["stopped_by_wall_clock"]:
        # the capped bound search proves what the interleaved search could not
        assert plan.bound < first_round.bound - 1e-3
