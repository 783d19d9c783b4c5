"""One tiny solve per block-shape rule (docs/rules.md), each optimum worked out by hand,
and the plateau penalty's modelled value against models/penalties.py.

The catalog is conftest's (rest, easy 30 min load 10, hard threshold 40 min load 50,
a 5K race) plus the sessions a rule needs; with the flat objective the optimum is the
largest total load the rule allows. Every solve is checked by models/check/ (see
conftest)."""

from __future__ import annotations

import random
from typing import Any

import pytest
from ortools.sat.python import cp_model

from models.calendar import build_calendar
from models.catalog import resolve_catalog
from models.penalties import penalty_values
from models.plan import SolveStatus, assemble_plan, plain_objective
from models.scenario import PENALTY_NAMES, Scenario
from solver.build import build_model

from conftest import TINY_CATALOG, day, sessions_of, tiny, total_load

LONG_90 = {"id": "long-90", "type": "long", "minutes": 90, "load": 40, "hard": False}
LONG_120 = {"id": "long-120", "type": "long", "minutes": 120, "load": 50, "hard": False}
RACE_PACE = {"id": "rp", "type": "race_pace", "minutes": 40, "load": 45, "hard": True}
ROOMY = {"availability": dict.fromkeys(("mon", "tue", "wed", "thu", "fri", "sat", "sun"), 200)}


def week_loads(plan: Any) -> list[int]:
    return [w.load for w in plan.weeks]


# -- wave loading ---------------------------------------------------------------------


def test_wave_loading_needs_a_lighter_week_in_every_four(optimal: Any) -> None:
    # a ceiling of 200 a week (4 hard days); five build weeks hold two windows of four,
    # and one week at most 95% of 200 = 190 (3 hard, 4 easy) in weeks 2-4 serves both
    wave = {"weekly_load_max": 200, "wave_loading_enabled": True}
    plan = optimal(tiny(days=35, constraints=wave))
    loads = week_loads(plan)
    assert sum(loads) == 4 * 200 + 190
    assert loads.count(190) == 1 and loads.index(190) in (1, 2, 3)
    off = optimal(tiny(days=35, constraints={**wave, "wave_loading_enabled": False}))
    assert week_loads(off) == [200] * 5
    # three weeks in a row are allowed
    assert week_loads(optimal(tiny(days=21, constraints=wave))) == [200] * 3


def test_wave_loading_without_a_ceiling_reads_the_highest_full_week(optimal: Any) -> None:
    # no ceiling: four weeks of a hard session (50) every day (350) need one at most 95%
    # of the highest week, 332: six hard days and an easy one (310)
    plan = optimal(tiny(days=28, constraints={"wave_loading_enabled": True}))
    assert sorted(week_loads(plan)) == [310, 350, 350, 350]
    # the same weeks judged against a ceiling of 400 are all lighter (350 <= 380)
    ceiling = {
        "wave_loading_enabled": True,
        "weekly_load_max_enabled": True,
        "weekly_load_max": 400,
    }
    assert week_loads(optimal(tiny(days=28, constraints=ceiling))) == [350] * 4


# -- long-run build -------------------------------------------------------------------

STEP = {
    "long_run_build_enabled": True,
    "long_run_repeat_max_weeks": 0,
    "long_run_peak_window": False,
    "long_run_final_cap": False,
}


def test_step_back_every_two_weeks(optimal: Any) -> None:
    # a long run (40) every day beats everything; a week without one has easy runs (70).
    # Every three build weeks need a step back in their second or third week: week 3 of
    # four serves both windows
    constraints = {**STEP, "long_run_step_back_every": 2}
    scenario = tiny(days=28, constraints=constraints, sessions=[*TINY_CATALOG[:2], LONG_90])
    plan = optimal(scenario)
    assert week_loads(plan) == [280, 280, 70, 280]


REPEAT_CATALOG = [*TINY_CATALOG[:2], LONG_90, LONG_120]


@pytest.mark.parametrize(
    ("weeks", "most", "loads"),
    [
        (3, 1, [[350, 280, 350]]),  # the longest run changes every week: 120, 90, 120
        (4, 2, [[350, 350, 280, 350], [350, 280, 350, 350]]),  # one 90 breaks both windows
        (3, 0, [[350, 350, 350]]),  # off
    ],
)
def test_repeat_of_the_longest_run(
    optimal: Any, weeks: int, most: int, loads: list[list[int]]
) -> None:
    # long-120 (50) every day beats everything; a week whose longest run is not 120 min
    # is best at long-90 (40) every day
    constraints = {
        **STEP,
        "long_run_step_back_every": 0,
        "long_run_repeat_max_weeks": most,
    }
    plan = optimal(tiny(days=7 * weeks, constraints=constraints, sessions=REPEAT_CATALOG))
    assert week_loads(plan) in loads


PEAK = {
    "long_run_build_enabled": True,
    "long_run_repeat_max_weeks": 0,
    "long_run_step_back_every": 0,
    "long_run_peak_window": True,
    "long_run_final_cap": False,
}
PEAK_CATALOG = [*TINY_CATALOG[:2], TINY_CATALOG[3], LONG_90, LONG_120]


def test_peak_window_bounds_the_runs_outside_it(optimal: Any) -> None:
    # A 5K on day 35: its peak window is 2-4 weeks out, days 7..27, all blocked but day
    # 20, pinned to the 90-minute run. No run outside it may be longer, and no long run
    # after it as long: long-90 (40) on the 7 free days before it instead of long-120
    # (50), easy runs (10) on the 7 after it
    blocked = [day(d) for d in range(7, 28) if d != 20]
    race = [{"date": day(35), "distance": "5k", "priority": "A"}]

    def scenario(constraints: dict[str, Any]) -> Scenario:
        return tiny(
            constraints=constraints,
            athlete={**ROOMY, "blocked": blocked},
            sessions=PEAK_CATALOG,
            races=race,
            pins=[{"date": day(20), "session": "long-90"}],
        )

    plan = optimal(scenario(PEAK))
    assert total_load(plan) == 7 * 40 + 7 * 10 + 40 + 60
    assert "long-120" not in sessions_of(plan)
    assert sessions_of(plan)[28:35] == ["easy"] * 7
    off = optimal(scenario({**PEAK, "long_run_build_enabled": False}))
    assert total_load(off) == 14 * 50 + 40 + 60


def test_peak_window_is_not_judged_in_a_block_too_short_for_it(optimal: Any) -> None:
    # A 5K on day 27: the window would start on day -1, so nothing constrains the runs
    race = [{"date": day(27), "distance": "5k", "priority": "A"}]
    scenario = tiny(constraints=PEAK, athlete=ROOMY, sessions=PEAK_CATALOG, races=race)
    assert total_load(optimal(scenario)) == 27 * 50 + 60


def test_final_cap_before_a_5k(optimal: Any) -> None:
    # nothing over 60 min in the 7 days before a 5K: the long run (40) on days 0-6, then
    # the hard session (50)
    constraints = {
        "long_run_build_enabled": True,
        "long_run_step_back_every": 0,
        "long_run_repeat_max_weeks": 0,
    }
    race = [{"date": day(14), "distance": "5k", "priority": "A"}]
    catalog = [*TINY_CATALOG[:2], LONG_90, TINY_CATALOG[3]]
    plan = optimal(tiny(constraints=constraints, athlete=ROOMY, sessions=catalog, races=race))
    assert sessions_of(plan) == ["long-90"] * 7 + ["easy"] * 7 + ["race-5k"]


# -- heavy days -------------------------------------------------------------------------


def test_sharpening_leaves_one_quality_session_and_race_pace(optimal: Any) -> None:
    # 10 days before a 5K (days 4..13): one threshold (50), race pace (45) on the rest
    race = [{"date": day(14), "distance": "5k", "priority": "A"}]
    plan = optimal(
        tiny(
            constraints={"sharpening_enabled": True},
            sessions=[*TINY_CATALOG, RACE_PACE],
            races=race,
        )
    )
    assert total_load(plan) == 4 * 50 + 50 + 9 * 45 + 60
    assert sessions_of(plan)[4:14].count("hard") == 1


def test_long_run_counts_as_hard_for_spacing(optimal: Any) -> None:
    catalog = [*TINY_CATALOG[:3], {**LONG_90, "load": 45}]
    spacing = {"hard_spacing_enabled": True, "hard_spacing_days": 1}
    # hard and long runs alternate
    plan = optimal(tiny(constraints=spacing, athlete=ROOMY, sessions=catalog))
    assert total_load(plan) == 4 * 50 + 3 * 45
    spacing["long_run_is_hard_for_spacing"] = True
    plan = optimal(tiny(constraints=spacing, athlete=ROOMY, sessions=catalog))
    assert total_load(plan) == 4 * 50 + 3 * 10


# -- the plateau penalty ---------------------------------------------------------------

ONLY_PLATEAU = {name: 0.0 for name in PENALTY_NAMES} | {"plateau_weeks": 100.0}


def test_plateau_penalty_prefers_a_wave(optimal: Any) -> None:
    # five weeks at the ceiling (200) are two windows of four flat weeks (cost 200); a
    # week of 180 in the middle (below 95% of the ceiling, and 10% under the week before)
    # costs 20 of load and no penalty
    objective = {"soft_penalties": True, "penalties": ONLY_PLATEAU}
    scenario = tiny(days=35, constraints={"weekly_load_max": 200}, objective=objective)
    plan = optimal(scenario)
    loads = week_loads(plan)
    assert sorted(loads) == [180, 200, 200, 200, 200] and loads.index(180) in (1, 2, 3)
    penalty = next(p for p in plan.penalties if p.name == "plateau_weeks")
    assert (penalty.weight, penalty.value) == (100.0, 0.0)
    assert plan.objective == pytest.approx(plain_objective(scenario, plan.days), rel=1e-6)
    # without its weight the plateau is paid: reported, not modelled
    plan = optimal(tiny(days=35, constraints={"weekly_load_max": 200}))
    assert next(p for p in plan.penalties if p.name == "plateau_weeks").value == 2.0


def modelled_plateau(scenario: Scenario, ids: list[str]) -> int:
    """The solver's plateau penalty of a plan fixed day by day."""
    sessions = resolve_catalog(scenario)
    built = build_model(scenario, sessions)
    index = {s.id: i for i, s in enumerate(sessions)}
    for d, sid in enumerate(ids):
        built.model.add(built.ctx.x[d][index[sid]] == 1)
    term = next(t for t in built.ctx.penalties if t.name == "plateau_weeks")
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    assert solver.solve(built.model) == cp_model.OPTIMAL
    return int(solver.value(term.expr))


@pytest.mark.parametrize("ceiling", [None, 150])
def test_plateau_penalty_model_equals_its_definition(ceiling: int | None) -> None:
    """Random plans of seven weeks fixed in the model: the modelled penalty is
    models/penalties.py's value. A C race in week 5 makes it no build week, another
    ends the block; windows of three weeks (plateau_max_weeks = 2) and 10% nearness."""
    objective = {"soft_penalties": True, "penalties": ONLY_PLATEAU}
    constraints: dict[str, Any] = {"plateau_pct": 10, "plateau_max_weeks": 2}
    if ceiling is not None:
        constraints["weekly_load_max"] = ceiling
    races = [
        {"date": day(31), "distance": "5k", "priority": "C"},
        {"date": day(48), "distance": "5k", "priority": "C"},
    ]
    scenario = tiny(constraints=constraints, objective=objective, races=races)
    cal = build_calendar(scenario)
    # weeks of 150, 140, 120 and 100 load, never over the ceiling
    weeks = [
        ["hard"] * 3 + ["rest"] * 4,
        ["hard"] * 2 + ["easy"] * 4 + ["rest"],
        ["hard"] * 2 + ["easy"] * 2 + ["rest"] * 3,
        ["hard"] * 2 + ["rest"] * 5,
    ]
    by_id = {s.id: s for s in resolve_catalog(scenario)}
    rng = random.Random(3)
    seen = set()
    for _ in range(30):
        # the race weeks easy (120 with the race), the others drawn
        ids = [
            sid for w in range(7) for sid in (["easy"] * 7 if w in (4, 6) else rng.choice(weeks))
        ]
        for d in cal.race_days:
            ids[d] = "race-5k"
        plan = assemble_plan(scenario, [by_id[i] for i in ids], status=SolveStatus.FEASIBLE)
        value = penalty_values(scenario, cal, plan.days)["plateau_weeks"]
        assert modelled_plateau(scenario, ids) == value
        seen.add(value)
    assert len(seen) > 1  # plans with a plateau and without


# -- switched off, the rules leave no trace ----------------------------------------------

SHAPE_OFF = {
    "wave_loading_enabled": False,
    "long_run_build_enabled": False,
    "sharpening_enabled": False,
    "long_run_is_hard_for_spacing": False,
}


@pytest.mark.parametrize("name", ["half-marathon.toml", "marathon-with-tuneups.toml"])
def test_with_the_shape_switches_off_the_model_is_the_one_without_the_rules(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The plans of before the rules existed stay the plans: the model of a shipped
    example with the switches off (and the plateau penalty at weight 0) is, variable for
    variable, the one built with the three shape families taken out."""
    from pathlib import Path

    from models.io import load_scenario, validate_scenario
    from solver import build
    from solver.constraints import long_run_build, sharpening, wave

    scenario = load_scenario(Path(__file__).parent.parent / "scenarios" / name)
    raw = scenario.model_dump(mode="json", exclude_none=True)
    raw["constraints"].update(SHAPE_OFF)
    raw["objective"]["penalties"]["plateau_weeks"] = 0.0
    off = validate_scenario(raw)
    sessions = resolve_catalog(off)
    with_rules = build_model(off, sessions).model.proto
    on = build_model(scenario, resolve_catalog(scenario)).model.proto
    shape_families = (wave.add, long_run_build.add, sharpening.add)
    rest = tuple(f for f in build.FAMILIES if f not in shape_families)
    assert len(rest) == len(build.FAMILIES) - 3
    monkeypatch.setattr(build, "FAMILIES", rest)
    without = build_model(off, sessions).model.proto
    assert str(with_rules) == str(without)
    # and on (the example's defaults), they add to it
    assert len(on.constraints) > len(without.constraints)
