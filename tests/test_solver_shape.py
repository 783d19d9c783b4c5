"""One tiny solve per block-shape rule (docs/rules.md), each optimum worked out by hand.

The catalog is conftest's (rest, easy 30 min load 10, hard threshold 40 min load 50,
a 5K race) plus the sessions a rule needs; with the flat objective the optimum is the
largest total load the rule allows. Every solve is checked by models/check/ (see
conftest)."""

from __future__ import annotations

from typing import Any

from models.scenario import Scenario

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


# -- long-run build -------------------------------------------------------------------

STEP = {"long_run_build_enabled": True, "long_run_peak_window": False, "long_run_final_cap": False}


def test_step_back_every_two_weeks(optimal: Any) -> None:
    # a long run (40) every day beats everything; a week without one has easy runs (70).
    # Every three build weeks need a step back in their second or third week: week 3 of
    # four serves both windows
    constraints = {**STEP, "long_run_step_back_every": 2}
    scenario = tiny(days=28, constraints=constraints, sessions=[*TINY_CATALOG[:2], LONG_90])
    plan = optimal(scenario)
    assert week_loads(plan) == [280, 280, 70, 280]


PEAK = {
    "long_run_build_enabled": True,
    "long_run_step_back_every": 0,
    "long_run_peak_window": True,
    "long_run_final_cap": False,
}
PEAK_CATALOG = [*TINY_CATALOG[:2], TINY_CATALOG[3], LONG_90, LONG_120]


def test_peak_window_bounds_the_runs_outside_it(optimal: Any) -> None:
    # A 5K on day 35: its peak window is 2-4 weeks out, days 7..27, all blocked but day
    # 20, pinned to the 90-minute run. No run outside it may be longer: long-90 (40)
    # on the 14 free days instead of long-120 (50)
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
    assert total_load(plan) == 14 * 40 + 40 + 60
    assert "long-120" not in sessions_of(plan)
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
    constraints = {"long_run_build_enabled": True, "long_run_step_back_every": 0}
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
