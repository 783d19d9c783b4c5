"""One tiny solve per constraint family, each optimum worked out by hand.

The catalog is rest (0 load), easy (30 min, load 10) and hard (threshold, 40 min,
load 50); with the flat objective the optimum is the largest total load the
family allows. Every solve is checked by models/check/ (see conftest).
"""

from __future__ import annotations

from typing import Any

import pytest

from models.catalog import resolve_catalog
from models.plan import SolveStatus, plain_objective
from solver.explain import explain_infeasible

from conftest import TINY_CATALOG, day, sessions_of, solve_checked, tiny, total_load


def test_no_rules_every_day_hard(optimal: Any) -> None:
    # 7 days x 50
    assert total_load(optimal(tiny())) == 350


def test_hard_spacing_one_day(optimal: Any) -> None:
    # hard on days 0, 2, 4, 6 and easy between: 4 x 50 + 3 x 10
    plan = optimal(tiny(constraints={"hard_spacing_enabled": True, "hard_spacing_days": 1}))
    assert total_load(plan) == 230
    assert sessions_of(plan) == ["hard", "easy"] * 3 + ["hard"]


def test_hard_spacing_two_days(optimal: Any) -> None:
    # hard on days 0, 3, 6: 3 x 50 + 4 x 10
    plan = optimal(tiny(constraints={"hard_spacing_enabled": True, "hard_spacing_days": 2}))
    assert total_load(plan) == 190


def test_max_hard_per_week(optimal: Any) -> None:
    # two weeks, 2 hard days each: 2 x (2 x 50 + 5 x 10)
    plan = optimal(tiny(days=14, constraints={"max_hard_per_week_enabled": True}))
    assert total_load(plan) == 2 * (3 * 50 + 4 * 10)  # default max_hard_per_week = 3
    plan = optimal(
        tiny(days=14, constraints={"max_hard_per_week_enabled": True, "max_hard_per_week": 2})
    )
    assert total_load(plan) == 2 * (2 * 50 + 5 * 10)


def test_weekly_load_max(optimal: Any) -> None:
    # load <= 125 per week: the best multiple of 10 within is 120
    plan = optimal(tiny(days=14, constraints={"weekly_load_max": 125}))
    assert [w.load for w in plan.weeks] == [120, 120]


def test_weekly_load_max_switched_off(optimal: Any) -> None:
    plan = optimal(tiny(constraints={"weekly_load_max": 125, "weekly_load_max_enabled": False}))
    assert total_load(plan) == 350


def test_ramp_from_chronic_load(optimal: Any) -> None:
    # chronic 100, 10%: week 1 <= 110, week 2 <= 1.1 x 110 = 121 -> 120,
    # week 3 <= 1.1 x 120 = 132 -> 130
    plan = optimal(tiny(days=21, athlete={"chronic_load": 100}, constraints={"ramp_enabled": True}))
    assert [w.load for w in plan.weeks] == [110, 120, 130]


def test_ramp_reference_is_the_highest_recent_week(optimal: Any) -> None:
    # a 2-week partial last week is not ramp-limited; with N = 1 the chain is the same
    plan = optimal(
        tiny(
            days=16,
            athlete={"chronic_load": 100},
            constraints={"ramp_enabled": True, "ramp_reference_weeks": 1, "ramp_pct": 20},
        )
    )
    # week 1 <= 120, week 2 <= 144 -> 140, week 3 (2 days, partial) unconstrained: 2 x 50
    assert [w.load for w in plan.weeks] == [120, 140, 100]


def test_deload_week(optimal: Any) -> None:
    # week 1 <= 110; week 2 is a deload: <= 0.8 x max(110, 100) = 88 -> 80;
    # week 3 <= 1.1 x max(110, 80, 100) = 121 -> 120
    plan = optimal(
        tiny(
            days=21,
            athlete={"chronic_load": 100},
            constraints={"ramp_enabled": True, "deload_enabled": True, "deload_every": 2},
        )
    )
    assert [w.load for w in plan.weeks] == [110, 80, 120]


LONG_CATALOG = [
    {"id": "rest", "type": "rest", "minutes": 0, "load": 0, "hard": False},
    {"id": "run-60", "type": "long", "minutes": 60, "load": 60, "hard": False},
    {"id": "run-66", "type": "long", "minutes": 66, "load": 66, "hard": False},
    {"id": "run-80", "type": "long", "minutes": 80, "load": 80, "hard": False},
]


def test_long_run_spike(optimal: Any) -> None:
    # longest recent 60 min: 66 <= 1.1 x 60 is allowed, 80 never is (66 x 1.1 = 72.6)
    plan = optimal(
        tiny(
            athlete={"longest_recent_run_min": 60},
            sessions=LONG_CATALOG,
            constraints={"long_run_spike_enabled": True},
        )
    )
    assert sessions_of(plan) == ["run-66"] * 7


def test_long_run_spike_grows_step_by_step(optimal: Any) -> None:
    # with 35%: 60 -> 80 is 33% more, allowed from day 0
    plan = optimal(
        tiny(
            athlete={"longest_recent_run_min": 60},
            sessions=LONG_CATALOG,
            constraints={"long_run_spike_enabled": True, "long_run_spike_pct": 35},
        )
    )
    assert sessions_of(plan) == ["run-80"] * 7


RUN_CATALOG = [
    {"id": "rest", "type": "rest", "minutes": 0, "load": 0, "hard": False},
    {"id": "run", "type": "easy", "minutes": 30, "load": 10, "hard": False},
    {"id": "race-5k", "type": "race", "minutes": 45, "load": 60, "hard": True, "distance": "5k"},
]


def test_taper_cuts_average_load(optimal: Any) -> None:
    # Race on day 14, taper 7 days, cut 50%, chronic 70 (10 a day before the block).
    # Reference = days -21..6: 21 x 10 + 7 runs x 10 = 280 -> 10 a day; the window
    # 7..13 may average at most 5 a day: 35 -> 3 runs. Days 0..6 all run.
    plan = optimal(
        tiny(
            sessions=RUN_CATALOG,
            athlete={"chronic_load": 70},
            races=[{"date": day(14), "distance": "5k", "priority": "A"}],
            constraints={
                "taper_enabled": True,
                "taper_keep_intensity": False,
                "taper": {"A": {"days": 7, "cut_pct": 50}},
            },
        )
    )
    loads = [d.load for d in plan.days]
    assert sum(loads[:7]) == 70
    assert sum(loads[7:14]) == 30
    assert plan.days[14].session == "race-5k"


def test_taper_keeps_intensity(optimal: Any) -> None:
    # Same taper with a hard session on offer: the window must hold at least 1 hard
    # day (floor(7/7)); the hard session (50) alone exceeds the 35 budget, so the
    # taper keeps one hard day and nothing else in it.
    sessions = [
        *RUN_CATALOG,
        {"id": "sharp", "type": "vo2max", "minutes": 30, "load": 30, "hard": True},
    ]
    plan = optimal(
        tiny(
            sessions=sessions,
            athlete={"chronic_load": 70},
            races=[{"date": day(14), "distance": "5k", "priority": "A"}],
            constraints={"taper_enabled": True, "taper": {"A": {"days": 7, "cut_pct": 50}}},
        )
    )
    window = plan.days[7:14]
    assert sum(d.hard for d in window) >= 1
    # reference is 10 a day (days 0..6 at most 30 each, and all of them count)
    assert sum(d.load for d in window) * 28 * 7 * 100 <= 50 * 7 * (
        7 * sum(d.load for d in plan.days[:7]) + 70 * 21
    )


def test_recovery_days_after_a_race(optimal: Any) -> None:
    # C race on day 0 with 3 recovery days, A race on day 7: days 1-3 easy (10),
    # days 4-6 hard (50). Day 0 is the race (60).
    plan = optimal(
        tiny(
            races=[
                {"date": day(0), "distance": "5k", "priority": "C"},
                {"date": day(7), "distance": "5k", "priority": "A"},
            ],
            constraints={"recovery_days_enabled": True, "recovery_days": {"C": 3, "A": 0}},
        )
    )
    assert sessions_of(plan)[:8] == ["race-5k", *["easy"] * 3, *["hard"] * 3, "race-5k"]


def test_quota_max_and_min(optimal: Any) -> None:
    # at most 1 threshold a week: 50 + 6 x 10
    plan = optimal(
        tiny(constraints={"quotas_enabled": True, "quotas": [{"type": "threshold", "max": 1}]})
    )
    assert total_load(plan) == 110
    # at least 2 rest days: 5 hard days
    plan = optimal(
        tiny(constraints={"quotas_enabled": True, "quotas": [{"type": "rest", "min": 2}]})
    )
    assert total_load(plan) == 250


def test_quota_min_not_in_partial_week(optimal: Any) -> None:
    # 10 days: the partial week 2 (3 days) needs no rest day
    plan = optimal(
        tiny(days=10, constraints={"quotas_enabled": True, "quotas": [{"type": "rest", "min": 2}]})
    )
    assert [w.load for w in plan.weeks] == [250, 150]


def test_min_easy_pct(optimal: Any) -> None:
    # 60%: 3000 e >= 1800 e + 2400 h  ->  e >= 2h; with h + e <= 7: h = 2, e = 5
    plan = optimal(tiny(constraints={"min_easy_enabled": True}))
    assert total_load(plan) == 2 * 50 + 5 * 10


LADDER_CATALOG = [
    {"id": "rest", "type": "rest", "minutes": 0, "load": 0, "hard": False},
    {"id": "easy", "type": "easy", "minutes": 30, "load": 10, "hard": False},
    {"id": "v0", "type": "vo2max", "minutes": 40, "load": 20, "hard": True, "level": 0},
    {"id": "v1", "type": "vo2max", "minutes": 40, "load": 30, "hard": True, "level": 1},
    {"id": "v2", "type": "vo2max", "minutes": 40, "load": 40, "hard": True, "level": 2},
    {"id": "v3", "type": "vo2max", "minutes": 40, "load": 50, "hard": True, "level": 3},
]


def test_progression_one_rung_a_week(optimal: Any) -> None:
    # one hard day a week: level 1 in week 1, 2 in week 2, 3 in week 3
    plan = optimal(
        tiny(
            days=21,
            sessions=LADDER_CATALOG,
            constraints={
                "progression_enabled": True,
                "max_hard_per_week_enabled": True,
                "max_hard_per_week": 1,
            },
        )
    )
    hard = [d.session for d in plan.days if d.hard]
    assert hard == ["v1", "v2", "v3"]


def test_progression_start_levels(optimal: Any) -> None:
    plan = optimal(
        tiny(
            days=7,
            sessions=LADDER_CATALOG,
            athlete={"start_levels": {"vo2max": 2}},
            constraints={
                "progression_enabled": True,
                "max_hard_per_week_enabled": True,
                "max_hard_per_week": 1,
            },
        )
    )
    assert [d.session for d in plan.days if d.hard] == ["v3"]


def test_acwr(optimal: Any) -> None:
    # chronic 70 = 10 a day before the block. Day 0 with 130%:
    # 400 (7 L0 + 6 x 70) <= 130 (7 L0 + 27 x 70)  ->  L0 <= 41.1: not the hard session
    plan = optimal(tiny(athlete={"chronic_load": 70}, constraints={"acwr_max_pct": 130}))
    assert plan.days[0].load <= 41
    unconstrained = optimal(tiny(athlete={"chronic_load": 70}))
    assert total_load(plan) < total_load(unconstrained)


def test_monotony(optimal: Any) -> None:
    # n equal runs in a week: monotony = sqrt(n / (7 - n)) <= 2  ->  n <= 5
    plan = optimal(tiny(sessions=RUN_CATALOG, constraints={"max_monotony": 2.0}))
    assert total_load(plan) == 50
    plan = optimal(
        tiny(sessions=RUN_CATALOG, constraints={"max_monotony": 2.0, "max_monotony_enabled": False})
    )
    assert total_load(plan) == 70


def test_max_sessions_per_week(optimal: Any) -> None:
    plan = optimal(tiny(athlete={"max_sessions_per_week": 3}))
    assert total_load(plan) == 150
    assert sessions_of(plan).count("rest") == 4


def test_availability_and_blocked(optimal: Any) -> None:
    # Monday 0 minutes (rest), Tuesday 35 (easy only), Wednesday blocked
    plan = optimal(tiny(athlete={"availability": {"mon": 0, "tue": 35}, "blocked": [day(2)]}))
    assert sessions_of(plan)[:3] == ["rest", "easy", "rest"]
    assert total_load(plan) == 10 + 4 * 50


def test_race_days_hold_their_race(optimal: Any) -> None:
    plan = optimal(tiny(races=[{"date": day(3), "distance": "5k"}]))
    assert [d.type == "race" for d in plan.days] == [False, False, False, True]


def test_infeasible_names_the_conflicting_rules() -> None:
    # 3 threshold sessions a week wanted, at most 2 hard days allowed
    scenario = tiny(
        constraints={
            "quotas_enabled": True,
            "quotas": [{"type": "threshold", "min": 3}],
            "max_hard_per_week_enabled": True,
            "max_hard_per_week": 2,
            "min_easy_enabled": True,
        }
    )
    plan = solve_checked(scenario)
    assert plan.status is SolveStatus.INFEASIBLE
    assert plan.days == []
    assert sorted(c.constraint for c in plan.conflicts) == ["max_hard_per_week", "quotas"]


def shape_block(**constraints: Any) -> Any:
    # chronic 70 = 10 a day before the block; A race on day 21 with a 14-day taper at a
    # 0% cut: taper weeks 7..13 and 14..20; the reference is days -21..6, 7 of them in
    # the block.
    return tiny(
        sessions=RUN_CATALOG,
        athlete={"chronic_load": 70},
        races=[{"date": day(21), "distance": "5k", "priority": "A"}],
        constraints={
            "taper_enabled": True,
            "taper_shape_enabled": True,
            "taper_keep_intensity": False,
            "taper": {"A": {"days": 14, "cut_pct": 0}},
            **constraints,
        },
    )


def week_loads(plan: Any) -> list[int]:
    return [sum(d.load for d in plan.days[i : i + 7]) for i in (0, 7, 14)]


def test_taper_shape_frequency_and_fall(optimal: Any) -> None:
    # Days 0..6 hold s runs: 7 x the reference load is 7 x 10s + 21 x 70. The first taper
    # week must average less than the reference (load < (70s + 1470) / 28, so at most 60
    # for s = 6 or 7), the second less than the first (at most 50), and each keeps all
    # but `drop` of the s sessions a week.
    # drop 2, s = 7: 5 sessions (50) in the last week, 6 (60) before: 70 + 60 + 50.
    plan = optimal(shape_block(taper_min_sessions_drop=2))
    assert week_loads(plan) == [70, 60, 50]
    # drop 1: s = 7 would need 6 sessions (60) in the last week, above the first taper
    # week's 60; s = 6 needs 5 (50): 60 + 60 + 50.
    plan = optimal(shape_block(taper_min_sessions_drop=1))
    assert week_loads(plan) == [60, 60, 50]


def test_taper_shape_floor_against_a_fatigue_only_objective(optimal: Any) -> None:
    # k1 = 0: every load costs, so the optimum rests wherever it can. The reference is
    # 10 a day before the block and 0 in it: 1470 / 196 = 7.5 a day. The floor (40%)
    # wants >= 21 in the last taper week (30, three runs); the fall then wants more in
    # the first taper week: 40. No frequency rule binds (no session before the taper).
    plan = optimal(
        tiny(
            sessions=RUN_CATALOG,
            athlete={"chronic_load": 70},
            races=[{"date": day(21), "distance": "5k", "priority": "A"}],
            constraints={
                "taper_enabled": True,
                "taper_shape_enabled": True,
                "taper_keep_intensity": False,
                "taper": {"A": {"days": 14, "cut_pct": 0}},
            },
            objective={"k1": 0.0, "k2": 1.0},
        )
    )
    assert week_loads(plan) == [0, 40, 30]
    # switched off: nothing at all before the race
    plan = optimal(
        tiny(
            sessions=RUN_CATALOG,
            athlete={"chronic_load": 70},
            races=[{"date": day(21), "distance": "5k", "priority": "A"}],
            constraints={"taper_enabled": True, "taper_keep_intensity": False},
            objective={"k1": 0.0, "k2": 1.0},
        )
    )
    assert week_loads(plan) == [0, 0, 0]


SPECIFIC_CATALOG = [
    {"id": "rest", "type": "rest", "minutes": 0, "load": 0, "hard": False},
    {"id": "se", "type": "speed_endurance", "minutes": 40, "load": 50, "hard": True},
    {"id": "thr", "type": "threshold", "minutes": 40, "load": 60, "hard": True},
    {"id": "race-5k", "type": "race", "minutes": 45, "load": 60, "hard": True, "distance": "5k"},
]


def specific_block(weight: float, soft: bool = True) -> Any:
    # A 5K A race on day 14: its specific weeks are days 0..6 and 7..13 (the two of the
    # default four that lie in the block).
    return tiny(
        sessions=SPECIFIC_CATALOG,
        races=[{"date": day(14), "distance": "5k", "priority": "A"}],
        objective={
            "soft_penalties": soft,
            "penalties": {
                "long_run_day": 0.0,
                "repeat_session": 0.0,
                "emphasis_rotation": 0.0,
                "load_smoothness": 0.0,
                "race_specificity": weight,
            },
        },
    )


def test_race_specificity(optimal: Any) -> None:
    # Threshold (60) outweighs speed endurance (50), but before a 5K each week costs
    # max(0, 1 + threshold - speed endurance) x 100: 3 threshold + 4 speed endurance
    # (380, cost 0) beats 4 + 3 (390, cost 200) and 7 threshold (420, cost 800).
    scenario = specific_block(100.0)
    plan = optimal(scenario)
    for week in (plan.days[0:7], plan.days[7:14]):
        assert sorted(d.session for d in week) == ["se"] * 4 + ["thr"] * 3
    penalty = next(p for p in plan.penalties if p.name == "race_specificity")
    assert (penalty.weight, penalty.value, penalty.cost) == (100.0, 0.0, 0.0)
    assert plan.objective == pytest.approx(plain_objective(scenario, plan.days), rel=1e-6)
    # Without its weight, threshold every day: each week then costs 1 + 7 = 8, 16 in all
    scenario = specific_block(0.0)
    plan = optimal(scenario)
    assert sessions_of(plan)[:14] == ["thr"] * 14
    assert next(p for p in plan.penalties if p.name == "race_specificity").value == 16.0
    assert plan.objective == pytest.approx(plain_objective(scenario, plan.days), rel=1e-6)


def test_race_specificity_off_with_soft_penalties_off(optimal: Any) -> None:
    # soft_penalties = false: exactly the weighted Banister sum, the penalty still reported
    scenario = specific_block(100.0, soft=False)
    plan = optimal(scenario)
    assert sessions_of(plan)[:14] == ["thr"] * 14
    penalty = next(p for p in plan.penalties if p.name == "race_specificity")
    assert (penalty.weight, penalty.value) == (0.0, 16.0)
    perf_sum = sum(r.perf for r in plan.races)  # one A race, weight 1
    assert plan.objective == pytest.approx(perf_sum, rel=1e-6)


def test_taper_shape_conflicts_are_named() -> None:
    # A race on day 14 with a 14-day taper: its reference lies before the block (70 a
    # week). A 100% floor wants >= 70 in the second taper week, the fall wants more in
    # the first, and a week of runs holds at most 70 (a race session elsewhere would
    # allow more, so the conflict may name race days too).
    scenario = tiny(
        sessions=RUN_CATALOG,
        athlete={"chronic_load": 70},
        races=[{"date": day(14), "distance": "5k", "priority": "A"}],
        constraints={
            "taper_enabled": True,
            "taper_shape_enabled": True,
            "taper_keep_intensity": False,
            "taper": {"A": {"days": 14, "cut_pct": 0}},
            "taper_floor_pct": 100,
        },
    )
    conflicts = explain_infeasible(scenario, resolve_catalog(scenario), 20)
    hints = {c.constraint: c.hint for c in conflicts}
    # at 71%: >= 49.7 (50) in the last week and 60 before it; at 72% the last needs 60
    assert hints["taper_floor_pct"] == "taper_floor_pct: 100 -> 71 makes the block feasible"
    assert hints["taper_shape_enabled"] == (
        "taper_shape_enabled: True -> False makes the block feasible"
    )
    assert all(c.detail and c.date is not None for c in conflicts)


def test_pin_changes_the_optimum(optimal: Any) -> None:
    # Hard spacing alone: hard on days 0, 2, 4, 6 (230). With day 1 pinned to the hard
    # session, days 0 and 2 are easy and two more hard days fit in 3..6: 3 x 50 + 4 x 10.
    rules = {"hard_spacing_enabled": True}
    assert total_load(optimal(tiny(constraints=rules))) == 230
    plan = optimal(tiny(constraints=rules, pins=[{"date": day(1), "session": "hard"}]))
    assert total_load(plan) == 190
    assert sessions_of(plan)[:3] == ["easy", "hard", "easy"]


def test_pin_by_type(optimal: Any) -> None:
    # no rules: every day hard (50), but day 6 is pinned to any easy session
    plan = optimal(tiny(pins=[{"date": day(6), "type": "easy"}]))
    assert sessions_of(plan) == ["hard"] * 6 + ["easy"]


def test_pin_that_breaks_availability_names_both_and_suggests_a_session() -> None:
    # Monday has 30 minutes; the pinned threshold session lasts 40, a shorter one 30.
    sessions = [
        *TINY_CATALOG,
        {"id": "hard-30", "type": "threshold", "minutes": 30, "load": 40, "hard": True},
    ]
    scenario = tiny(
        sessions=sessions,
        athlete={"availability": {"mon": 30}},
        pins=[{"date": day(0), "session": "hard"}],
    )
    plan = solve_checked(scenario)
    assert plan.status is SolveStatus.INFEASIBLE
    assert sorted(c.constraint for c in plan.conflicts) == ["availability", "pins"]
    pin = next(c for c in plan.conflicts if c.constraint == "pins")
    assert pin.detail == "the pin of 2027-01-04 to hard"
    assert pin.date == day(0)
    assert pin.hint == (
        "pin 2027-01-04 to hard-30 instead of hard, or unpin it, to make the block feasible"
    )


def test_pin_on_a_recovery_day_is_infeasible_with_recovery_days() -> None:
    scenario = tiny(
        races=[
            {"date": day(0), "distance": "5k", "priority": "C"},
            {"date": day(7), "distance": "5k", "priority": "A"},
        ],
        constraints={"recovery_days_enabled": True, "recovery_days": {"C": 3, "A": 0}},
        pins=[{"date": day(2), "type": "threshold"}],
    )
    conflicts = explain_infeasible(scenario, resolve_catalog(scenario), 20)
    assert sorted(c.constraint for c in conflicts) == ["pins", "recovery_days"]
    pin = next(c for c in conflicts if c.constraint == "pins")
    assert pin.detail == "the pin of 2027-01-06 to any threshold session"
    assert pin.hint is not None
    assert pin.hint.startswith("unpin 2027-01-06 to make the block feasible")


def test_two_pins_in_one_conflict_each_get_their_own_hint() -> None:
    scenario = tiny(
        constraints={"hard_spacing_enabled": True},
        pins=[{"date": day(3), "session": "hard"}, {"date": day(4), "session": "hard"}],
    )
    conflicts = explain_infeasible(scenario, resolve_catalog(scenario), 20)
    assert sorted(c.constraint for c in conflicts) == ["hard_spacing_days", "pins", "pins"]
    hints = [c.hint for c in conflicts if c.constraint == "pins"]
    assert hints[0] is not None and hints[0].startswith("unpin 2027-01-07 ")
    assert hints[1] is not None and hints[1].startswith("unpin 2027-01-08 ")
