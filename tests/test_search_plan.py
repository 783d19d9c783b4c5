"""The search plan is data (solver/strategy.py), the same for every block, and the solve
follows it: the bound search beside the plans when there are workers to spare, after
them on one worker, and an infeasible block explained within the same time limit."""

from __future__ import annotations

from typing import Any

import pytest

import solver.portfolio as portfolio
import solver.solve as solve_module
from models.io import load_scenario
from models.plan import SolveStatus
from solver.options import SolveOptions
from solver.strategy import DEFAULT_PLAN, search_plan

from conftest import SCENARIOS, solve_checked, tiny


def test_every_block_gets_the_same_plan() -> None:
    plan = search_plan()
    assert plan is DEFAULT_PLAN
    assert 0 < plan.caps_share < 1 and 0 < plan.first_share <= 1
    assert plan.rounds >= 1 and plan.steps
    assert sum(step.share for step in plan.steps) == pytest.approx(1.0)
    assert {step.kind for step in plan.steps} <= {"neighbourhoods", "descent"}


@pytest.mark.parametrize(("workers", "lanes"), [(1, (0, 1)), (2, (1, 1)), (4, (1, 3))])
def test_the_bound_search_gets_a_thread_when_there_is_one_to_spare(
    workers: int, lanes: tuple[int, int]
) -> None:
    assert DEFAULT_PLAN.lanes(workers) == lanes


@pytest.mark.parametrize("workers", [1, 2])
def test_the_steps_run_in_order_and_the_bound_search_once(
    monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    """The rounds run the plan's steps in order, each on a positive share of the budget
    (a step an earlier one's overrun left with nothing is skipped), and the bound search
    runs once, on its share."""
    steps: list[tuple[str, float]] = []
    real_step = portfolio.run_step

    def spy_step(
        windows: Any, step: Any, best: Any, options: Any, budget: Any, work: float, *args: Any
    ) -> Any:
        steps.append((step.kind, work))
        return real_step(windows, step, best, options, budget, work, *args)

    bounds: list[float] = []
    real_run = portfolio.BoundLane.run

    def spy_bound(self: Any, seed: int, work: float, *args: Any) -> Any:
        bounds.append(work)
        return real_run(self, seed, work, *args)

    monkeypatch.setattr(portfolio, "run_step", spy_step)
    monkeypatch.setattr(portfolio.BoundLane, "run", spy_bound)
    scenario = load_scenario(SCENARIOS / "return-to-speed.toml")
    options = SolveOptions(time_limit=8, workers=workers)
    plan = solve_checked(scenario, time_limit=8, workers=workers)
    assert plan.status.has_plan
    kinds = [kind for kind, _ in steps]
    per_round = [step.kind for step in DEFAULT_PLAN.steps]
    assert kinds[: len(per_round)] == per_round  # the first round runs every step
    assert len(kinds) <= DEFAULT_PLAN.rounds * len(per_round)
    assert all(work > 0 for _, work in steps)
    assert len(bounds) == 1
    total = options.work_limit * (1 - DEFAULT_PLAN.caps_share)
    assert bounds[0] == pytest.approx(total / 2 if workers == 2 else total * 0.3)


def test_an_infeasible_block_is_explained_within_the_time_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Explaining gets what is left of the solve's own limit, not a fresh one."""
    limits: list[float] = []
    real = solve_module.explain_infeasible

    def spy(scenario: Any, sessions: Any, time_limit: float = 20.0, **kwargs: Any) -> Any:
        limits.append(time_limit)
        return real(scenario, sessions, time_limit=time_limit, **kwargs)

    monkeypatch.setattr(solve_module, "explain_infeasible", spy)
    scenario = tiny(
        constraints={"weekly_load_max": 5},
        athlete={"max_sessions_per_week": 7},
        sessions=[
            {"id": "rest", "type": "rest", "minutes": 0, "load": 0, "hard": False},
            {"id": "easy", "type": "easy", "minutes": 30, "load": 10, "hard": False},
        ],
        pins=[{"date": "2027-01-05", "session": "easy"}],
    )
    plan = solve_checked(scenario, time_limit=6.0, workers=2)
    assert plan.status is SolveStatus.INFEASIBLE and plan.conflicts
    assert len(limits) == 1 and 0 < limits[0] < 6.0
