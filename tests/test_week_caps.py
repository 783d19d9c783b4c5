"""Week-load caps (solver/week_caps.py): each week's load bounded by the most the
constraints confined to that week allow, found in the model and proved by CP-SAT."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

import solver.portfolio as portfolio
import solver.solve as solve_module
from models.catalog import resolve_catalog
from models.check import check_sessions
from models.io import load_scenario
from solver.build import BuiltModel, build_model
from solver.first_plan import find_first_plan
from solver.objective import OBJECTIVE_SCALE
from solver.options import SolveOptions
from solver.search import hint_solution, search
from solver.week_caps import add_week_load_caps, variables_of, week_load_caps, week_owners

from conftest import SCENARIOS, solve_checked, tiny

HALF = SCENARIOS / "half-marathon.toml"


@pytest.fixture(scope="module")
def half() -> BuiltModel:
    scenario = load_scenario(HALF)
    return build_model(scenario, resolve_catalog(scenario))


def week_rules_only() -> dict[str, object]:
    return {
        "max_monotony": 1.3,
        "max_hard_per_week_enabled": True,
        "max_hard_per_week": 2,
        "min_easy_enabled": True,
        "min_easy_pct": 40,
    }


def test_a_one_week_cap_is_the_most_load_the_checker_accepts() -> None:
    """With only rules confined to the week, the cap is the week's true maximum,
    found here by trying every week the tiny catalog allows against the checker."""
    scenario = tiny(constraints=week_rules_only())
    sessions = resolve_catalog(scenario)
    built = build_model(scenario, sessions)
    caps = week_load_caps(built.ctx)
    best = max(
        sum(s.load for s in week)
        for week in itertools.product(
            [s for s in sessions if s.type != "race"], repeat=built.ctx.cal.n_days
        )
        if not check_sessions(scenario, list(week))
    )
    assert caps.caps == [best]
    # the rules do bind: without them seven hard days would hold 350
    assert best < built.ctx.week_load_upper[0]


def test_the_week_problem_holds_the_monotony_square_and_the_week_load(half: BuiltModel) -> None:
    ctx = half.ctx
    proto = ctx.model.proto
    owner = week_owners(ctx, [variables_of(c) for c in proto.constraints])
    assert [owner[v.index] for v in ctx.week_load] == list(range(len(ctx.cal.weeks)))
    loads = {v.index for v in ctx.week_load}
    # the monotony rule's square of a week's load (other products, the soft
    # penalty for a session repeated the next day, may span two weeks)
    squares = [
        c for c in proto.constraints if c.has_int_prod() and set(c.int_prod.exprs[0].vars) <= loads
    ]
    assert len(squares) == sum(w.full for w in ctx.cal.weeks)
    for c in squares:
        weeks = {owner[v] for v in variables_of(c) or []}
        assert len(weeks) == 1 and -1 not in weeks


def test_caps_do_not_depend_on_the_worker_count_and_cut_below_the_days_maxima() -> None:
    scenario = load_scenario(HALF)
    found = []
    for workers in (1, 2):
        built = build_model(scenario, resolve_catalog(scenario))
        found.append(week_load_caps(built.ctx, workers=workers).caps)
        uppers = built.ctx.week_load_upper
    assert found[0] == found[1]
    capped = [c for c in found[0] if c is not None]
    assert len(capped) >= len(found[0]) // 2
    assert all(c < u for c, u in zip(found[0], uppers, strict=True) if c is not None)


def test_no_plan_of_the_uncapped_model_beats_a_cap(half: BuiltModel) -> None:
    """Maximize a week's load in the full model, without caps: every plan the search
    finds stays within the cap."""
    caps = week_load_caps(half.ctx).caps
    first = find_first_plan(half, seed=0, work=10.0, wall=60.0)
    for week in (5,):
        model = half.model.clone()
        hint_solution(model, first.solution)
        model.maximize(model.get_int_var_from_proto_index(half.ctx.week_load[week].index))
        result = search(model, 0, 3.0, 60.0)
        assert result.status.has_plan
        load = result.solution[half.ctx.week_load[week].index]
        cap = caps[week]
        assert cap is None or load <= cap, (week, load, cap)


def test_a_swept_solve_caps_its_weeks_and_its_plan_keeps_them() -> None:
    scenario = load_scenario(HALF)
    plan = solve_checked(scenario, time_limit=10.0, workers=1)
    assert plan.status.has_plan
    assert plan.solver["week_caps_seconds"] > 0
    built = build_model(scenario, resolve_catalog(scenario))
    caps = week_load_caps(built.ctx).caps
    for week, cap in zip(built.ctx.cal.weeks, caps, strict=True):
        load = sum(plan.days[d].load for d in week.day_range)
        assert cap is None or load <= cap


def test_added_caps_bind_a_copy_and_leave_the_model_alone(half: BuiltModel) -> None:
    caps = week_load_caps(half.ctx)
    week = next(k for k, cap in enumerate(caps.caps) if cap is not None)
    copy = half.model.clone()
    add_week_load_caps(copy, half.ctx, caps)
    added = len(copy.proto.constraints) - len(half.model.proto.constraints)
    assert added == sum(cap is not None for cap in caps.caps)
    load = half.ctx.week_load[week].index
    copy.clear_hints()
    copy.maximize(copy.get_int_var_from_proto_index(load))
    # from scratch (no hint), the block-shape rules make a first plan take more work
    result = search(copy, 0, 8.0, 60.0)
    assert result.status.has_plan
    cap = caps.caps[week]
    assert cap is not None
    assert result.solution[load] <= cap
    assert result.bound is not None and result.bound * OBJECTIVE_SCALE <= cap


class StopAtFirstPlan(Exception):
    pass


def test_every_search_of_a_solve_has_the_caps(monkeypatch: pytest.MonkeyPatch) -> None:
    """The caps are cuts of the model, added before the first plan: every search of the
    solve sees them. The half marathon has weeks whose caps bind."""
    scenario = load_scenario(HALF)
    plain = len(build_model(scenario, resolve_catalog(scenario)).model.proto.constraints)
    seen: list[int] = []

    def spy(built: BuiltModel, *args: Any, **kwargs: Any) -> None:
        seen.append(len(built.model.proto.constraints))
        raise StopAtFirstPlan

    monkeypatch.setattr(portfolio, "find_first_plan", spy)
    with pytest.raises(StopAtFirstPlan):
        solve_module.solve_scenario(scenario, SolveOptions(time_limit=10, workers=1))
    assert seen[0] > plain


def test_weeks_alike_share_one_problem() -> None:
    """A season repeats its weeks: each distinct week problem is solved once."""
    scenario = load_scenario(SCENARIOS.parent / "benchmarks" / "scenarios" / "52w-season.toml")
    built = build_model(scenario, resolve_catalog(scenario))
    caps = week_load_caps(built.ctx)
    assert len(caps.caps) == 52
    assert caps.distinct < 52
