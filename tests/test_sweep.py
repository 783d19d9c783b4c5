"""The sweep over the weeks of a long block (solver/sweep.py): windows of weeks
re-optimized one after another, every other day fixed to the best plan so far."""

from __future__ import annotations

import itertools

import pytest

import solver.solve as solve_module
from models.calendar import build_calendar
from models.catalog import resolve_catalog
from models.check import check_sessions
from models.io import load_scenario
from models.plan import SolveStatus
from solver.build import BuiltModel, build_model
from solver.decode import chosen_sessions
from solver.options import SolveOptions
from solver.search import objective_value, search
from solver.solve import SWEEP_MIN_TIME_LIMIT, SWEPT_BLOCK_WEEKS, find_first_plan
from solver.sweep import sweep_weeks, sweep_windows, window_model

from conftest import SCENARIOS

SCENARIO = SCENARIOS / "half-marathon.toml"


@pytest.fixture(scope="module")
def started() -> tuple[BuiltModel, list[int]]:
    scenario = load_scenario(SCENARIO)
    built = build_model(scenario, resolve_catalog(scenario))
    first = find_first_plan(built, SolveOptions(time_limit=30, workers=1))
    assert first.status.has_plan
    return built, first.solution


def session_ids(built: BuiltModel, solution: list[int]) -> list[str]:
    sessions = chosen_sessions(built.ctx, solution)
    assert check_sessions(built.ctx.scenario, sessions) == []
    return [s.id for s in sessions]


@pytest.mark.parametrize("weeks", range(1, 60))
def test_windows_cover_every_week_in_order_and_end_with_the_block(weeks: int) -> None:
    windows = sweep_windows(weeks, width=6, step=3)
    assert set().union(*windows) == set(range(weeks))
    assert windows[-1].stop == weeks
    assert all(len(w) == min(6, weeks) and w.start >= 0 for w in windows)
    starts = [w.start for w in windows]
    assert starts == sorted(set(starts))
    assert all(b - a <= 3 for a, b in itertools.pairwise(starts))


def test_a_window_changes_only_its_own_weeks(started: tuple[BuiltModel, list[int]]) -> None:
    built, start = started
    weeks = range(3, 6)
    free = {d for k in weeks for d in built.ctx.cal.weeks[k].day_range}
    result = search(window_model(built.model, built, start, free), 0, 2.0, 30.0, log=False)
    assert result.status.has_plan
    before, after = session_ids(built, start), session_ids(built, result.solution)
    outside = [d for d in range(len(before)) if d not in free]
    assert [after[d] for d in outside] == [before[d] for d in outside]
    assert result.objective is not None
    assert result.objective >= objective_value(built.model, start) - 1e-6


def test_the_sweep_keeps_the_rules_improves_and_repeats(
    started: tuple[BuiltModel, list[int]],
) -> None:
    built, start = started
    runs = [sweep_weeks(built, start, seed=0, work_limit=2.0, wall_limit=60.0) for _ in range(2)]
    first_objective = objective_value(built.model, start)
    for run in runs:
        assert run.status is SolveStatus.FEASIBLE and not run.hit_wall_clock
        assert run.objective is not None and run.objective > first_objective
        assert run.objective == pytest.approx(objective_value(built.model, run.solution))
        session_ids(built, run.solution)
    assert runs[0].solution == runs[1].solution


def test_a_block_over_eight_weeks_is_swept_then_optimized() -> None:
    """The half-marathon example (15 weeks), on two workers (sweeps and the
    search on threads of their own) and on one: the plan keeps every rule (conftest's
    checker), has the optimizing search's bound, ends the progress lines, and the same
    inputs give the same plan."""
    assert len(build_calendar(load_scenario(SCENARIO)).weeks) > SWEPT_BLOCK_WEEKS
    scenario = load_scenario(SCENARIO)
    plans, clocks = [], []
    for workers in (2, 2, 1):
        seen: list[tuple[float, float | None]] = []
        options = SolveOptions(
            time_limit=16,
            workers=workers,
            progress=lambda o, b, _, seen=seen: seen.append((o, b)),  # type: ignore[misc]
        )
        plan = solve_module.solve_scenario(scenario, options)
        assert plan.status.has_plan and plan.objective is not None
        clocks.append(plan.solver["stopped_by_wall_clock"])
        assert plan.bound is not None or clocks[-1]  # the wall clock can end a presolve
        assert plan.objective <= (plan.bound or plan.objective) + 1e-6
        assert any(b is None for _, b in seen), "the sweep reported no better plan"
        objectives = [o for o, _ in seen]
        assert objectives == sorted(set(objectives))
        assert plan.objective == pytest.approx(objectives[-1])
        plans.append([d.session for d in plan.days])
    if not any(clocks):  # the plan repeats when the work budgets, not the clock, end it
        assert plans[0] == plans[1]


def test_a_short_time_limit_skips_the_sweep() -> None:
    """Under SWEEP_MIN_TIME_LIMIT the search beside the second sweep could not finish
    its presolve: the solve searches as for a short block and reports a bound."""
    seen: list[float | None] = []
    plan = solve_module.solve_scenario(
        load_scenario(SCENARIO),
        SolveOptions(time_limit=SWEEP_MIN_TIME_LIMIT / 2, progress=lambda o, b, _: seen.append(b)),
    )
    assert plan.status.has_plan and plan.bound is not None
    assert None not in seen  # no sweep reported a plan without a bound


@pytest.mark.parametrize(("workers", "cuts"), [(2, True), (3, False)])
def test_the_bound_search_of_a_long_block_keeps_cuts_only_on_one_worker(
    monkeypatch: pytest.MonkeyPatch, workers: int, cuts: bool
) -> None:
    """Beside the second sweep, a single-thread search stops on its budget whatever
    its cut loop costs; an interleaved one over LONG_BLOCK_WEEKS runs without cuts."""
    seen: list[bool] = []
    optimize = solve_module.optimize

    def spy(*args: object, **kwargs: object) -> object:
        seen.append(bool(kwargs["cuts"]))
        return optimize(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(solve_module, "optimize", spy)
    monkeypatch.setattr(solve_module, "LONG_BLOCK_WEEKS", 10)  # the 15-week example is long
    plan = solve_module.solve_scenario(
        load_scenario(SCENARIO), SolveOptions(time_limit=SWEEP_MIN_TIME_LIMIT, workers=workers)
    )
    assert plan.status.has_plan
    # Three threads on a busy two-core machine can reach the wall clock before the
    # search's presolve ends, and then there is no bound to report.
    assert plan.bound is not None or plan.solver["stopped_by_wall_clock"]
    assert seen == [cuts]
