"""The block-shape rules of the checker (docs/rules.md) at their boundaries: wave
loading, the long-run build (step-backs, the peak window, the last days' cap), the
sharpening before an A race and long runs counted as hard for the spacing.

The catalog and the one-letter plans are test_check.py's (E easy 40 min load 40,
L long 90 min load 100, T tempo 50 min load 70 hard, X race 5k, R rest), with two
more: M a 150-minute long run and P a race-pace session."""

from __future__ import annotations

from typing import Any

from test_check import CATALOG, S, check, day, plan, scenario, where

from models.check import check_plan
from models.scenario import Scenario

SHAPE_CATALOG = [
    *CATALOG,
    S("M", "long", 150, 150),
    S("P", "race_pace", 45, 60, True),
    S("Z", "race", 240, 300, True, distance="marathon"),
]


WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def shape(days: int | None, only: tuple[str, ...], **kw: Any) -> Scenario:
    """test_check.py's scenario with the shape catalog and time for its longest runs."""
    athlete = {"availability": dict.fromkeys(WEEKDAYS, 300)}
    return scenario(days=days, only=only, sessions=SHAPE_CATALOG, athlete=athlete, **kw)


def week(load_e: int) -> str:
    """A week of `load_e` easy runs (40 load each) and rest."""
    return " ".join(["E"] * load_e + ["R"] * (7 - load_e))


# -- wave loading -------------------------------------------------------------------


def test_wave_four_equal_weeks_break_it_and_a_lighter_one_mends_it() -> None:
    scn = shape(28, ("wave_loading",))
    flat = " ".join([week(5)] * 4)  # 200 each
    assert where(check(scn, flat)) == [("plateau_max_weeks", None, 4)]
    # 100 x 160 <= 95 x 200: week 3 is lighter
    assert check(scn, " ".join([week(5), week(5), week(4), week(5)])) == []


def test_wave_boundary_is_the_share_of_the_highest_full_week() -> None:
    # no ceiling in force: the block's highest full week is the top. plateau_pct = 20:
    # a week at exactly 80% of it (160 of 200) is lighter, 200 of 240 (83%) is not
    scn = shape(28, ("wave_loading",), constraints={"plateau_pct": 20})
    assert check(scn, " ".join([week(5), week(5), week(4), week(5)])) == []
    assert where(check(scn, " ".join([week(6), week(6), week(5), week(6)]))) == [
        ("plateau_max_weeks", None, 4)
    ]
    # the top is the whole block's: a lighter window elsewhere does not move it
    ids = " ".join([week(6), week(5), week(5), week(5), week(5)])
    assert where(check(shape(35, ("wave_loading",)), ids)) == []  # 200 <= 95% of 240


def test_wave_reads_the_ceiling_when_one_is_in_force() -> None:
    # four weeks of 200: on a ceiling of 200 a plateau, on a ceiling of 211 every week
    # is lighter (100 x 200 <= 95 x 211), on 210 none is (20000 > 19950)
    flat = " ".join([week(5)] * 4)
    for ceiling, broken in ((200, True), (211, False), (210, True)):
        scn = shape(
            28, ("wave_loading", "weekly_load_max"), constraints={"weekly_load_max": ceiling}
        )
        assert where(check(scn, flat)) == ([("plateau_max_weeks", None, 4)] if broken else [])


def test_wave_judges_every_full_week() -> None:
    # a C race's week is judged: 200, 200, 200, then 210 with the race
    flat_to_the_race = " ".join([week(5)] * 3 + ["E E E R R R X"])
    races = [{"date": 27, "distance": "5k", "priority": "C"}]
    scn = shape(None, ("wave_loading",), races=races)
    assert where(check(scn, flat_to_the_race)) == [("plateau_max_weeks", None, 4)]
    # so is an A race's week and its taper: the plateau metric counts them too
    scn = shape(None, ("wave_loading",), races=[{**races[0], "priority": "A"}])
    assert where(check(scn, flat_to_the_race)) == [("plateau_max_weeks", None, 4)]
    # a partial week breaks a run: 27 days hold three full weeks only
    assert check(shape(27, ("wave_loading",)), " ".join([week(5)] * 3 + ["E E E R R R"])) == []
    # five weeks, windows 1-4 and 2-5: a light week 1 mends only the first
    scn = shape(35, ("wave_loading",), constraints={"plateau_max_weeks": 3})
    ids = " ".join([week(4)] + [week(5)] * 4)
    assert where(check(scn, ids)) == [("plateau_max_weeks", None, 5)]
    assert check(shape(35, ()), ids) == []  # switched off


# -- long-run build -----------------------------------------------------------------

STEP = {"long_run_peak_window": False, "long_run_final_cap": False, "long_run_repeat_max_weeks": 0}


def test_step_back_at_least_every_m_weeks() -> None:
    scn = shape(28, ("long_run_build",), constraints={**STEP, "long_run_step_back_every": 3})
    long_week = "L E E E E E E"
    assert where(check(scn, " ".join([long_week] * 4))) == [("long_run_step_back_every", None, 4)]
    # week 3's longest run is 40 min, shorter than week 2's 90
    assert check(scn, " ".join([long_week, long_week, week(6), long_week])) == []
    # equal is not a step back; a longer week is not either
    assert where(check(scn, " ".join([long_week, long_week, long_week, "M E E E E E E"]))) == [
        ("long_run_step_back_every", None, 4)
    ]
    # the first week of a window has no week before it in the window
    assert where(check(scn, " ".join([week(6), long_week, long_week, "M E E E E E E"]))) == [
        ("long_run_step_back_every", None, 4)
    ]


def test_step_back_every_zero_is_off() -> None:
    scn = shape(28, ("long_run_build",), constraints={**STEP, "long_run_step_back_every": 0})
    assert check(scn, " ".join(["L E E E E E E"] * 4)) == []


REPEAT = {
    "long_run_step_back_every": 0,
    "long_run_peak_window": False,
    "long_run_final_cap": False,
}


def test_repeat_at_most_k_weeks_with_the_same_longest_run() -> None:
    scn = shape(28, ("long_run_build",), constraints={**REPEAT, "long_run_repeat_max_weeks": 2})
    long_week, longer = "L E E E E E E", "M E E E E E E"
    # three weeks of a 90-minute longest run in a row, in weeks 1-3 and 2-4
    assert where(check(scn, " ".join([long_week] * 4))) == [
        ("long_run_repeat_max_weeks", None, 3),
        ("long_run_repeat_max_weeks", None, 4),
    ]
    # longer or shorter both break the run
    assert check(scn, " ".join([long_week, long_week, longer, long_week])) == []
    assert check(scn, " ".join([long_week, long_week, week(6), long_week])) == []
    # the longest run is the longest session but a race, of any type: easy weeks repeat
    assert where(check(scn, " ".join([week(6)] * 3 + [long_week]))) == [
        ("long_run_repeat_max_weeks", None, 3)
    ]
    # weeks that run nothing are no repeat
    assert check(scn, " ".join(["R R R R R R R"] * 3 + [long_week])) == []
    scn = shape(28, ("long_run_build",), constraints={**REPEAT, "long_run_repeat_max_weeks": 0})
    assert check(scn, " ".join([long_week] * 4)) == []


PEAK = {
    "long_run_step_back_every": 0,
    "long_run_repeat_max_weeks": 0,
    "long_run_final_cap": False,
    "long_run_peak_window": True,
}


def test_peak_window_before_a_marathon() -> None:
    # A marathon on day 42: the peak window is 3-5 weeks out, days 7..27
    race = [{"date": 42, "distance": "marathon", "priority": "A"}]
    scn = shape(None, ("long_run_build",), races=race, constraints=PEAK)
    base = ["E"] * 42 + ["Z"]
    ids = list(base)
    ids[20] = "M"  # the peak in the window
    ids[35] = "L"
    assert check(scn, ids) == []
    ids[6] = "M"  # as long as the peak, outside the window: allowed
    assert check(scn, ids) == []
    ids[20] = "L"  # now the window's longest is 90: day 6 is longer, day 35 as long
    assert where(check(scn, ids)) == [
        ("long_run_peak_window", day(6), 1),
        ("long_run_peak_window", day(35), 6),
    ]
    ids[35] = "E"
    ids[20] = "E"  # a window of easy runs: easy runs after it as long are no peak
    ids[6] = "E"
    assert check(scn, ids) == []
    ids[20] = "L"
    ids[28] = "M"  # 2 weeks out: too late
    assert where(check(scn, ids)) == [("long_run_peak_window", day(28), 5)]
    ids[20], ids[28] = "M", "M"  # as long as the peak after the window: too late as well
    assert where(check(scn, ids)) == [("long_run_peak_window", day(28), 5)]
    ids[28] = "L"  # shorter after it: the block's last longest run is in the window
    assert check(scn, ids) == []


def test_peak_window_not_judged_when_the_block_is_too_short() -> None:
    # 34 days to a marathon: the window (days -1..20) does not lie in the block
    race = [{"date": 34, "distance": "marathon", "priority": "A"}]
    scn = shape(None, ("long_run_build",), races=race, constraints=PEAK)
    ids = ["E"] * 34 + ["Z"]
    ids[30] = "M"
    assert check(scn, ids) == []
    scn = shape(None, ("long_run_build",), races=[{**race[0], "date": 35}], constraints=PEAK)
    assert where(check(scn, [*ids[:34], "E", "Z"])) == [("long_run_peak_window", day(30), 5)]


FINAL = {
    "long_run_step_back_every": 0,
    "long_run_repeat_max_weeks": 0,
    "long_run_peak_window": False,
}


def test_final_cap_per_distance() -> None:
    # marathon: nothing over 120 min in the 14 days before; L (90) is fine, M (150) not
    race = [{"date": 20, "distance": "marathon", "priority": "A"}]
    scn = shape(None, ("long_run_build",), races=race, constraints=FINAL)
    ids = ["E"] * 20 + ["Z"]
    ids[5], ids[6] = "M", "L"  # day 5 is 15 days out, before the stretch; day 6 in it
    assert check(scn, ids) == []
    ids[6] = "M"
    assert where(check(scn, ids)) == [("long_run_final_cap", day(6), 1)]
    # 5k: 60 min in the last 7 days; the 90-min L on day 13 breaks it, day 12 not
    race = [{"date": 20, "distance": "5k", "priority": "A"}]
    scn = shape(None, ("long_run_build",), races=race, constraints=FINAL)
    ids = ["E"] * 20 + ["X"]
    ids[12] = "L"
    assert check(scn, ids) == []
    ids[13] = "L"
    assert where(check(scn, ids)) == [("long_run_final_cap", day(13), 2)]
    # a B race has no final stretch
    scn = shape(
        None,
        ("long_run_build",),
        races=[{**race[0], "priority": "B"}],
        constraints=FINAL,
    )
    assert check(scn, ids) == []


# -- sharpening -----------------------------------------------------------------------


def test_sharpening_counts_quality_but_race_pace() -> None:
    race = [{"date": 14, "distance": "5k", "priority": "A"}]
    scn = shape(None, ("sharpening",), races=race)
    ids = ["E"] * 14 + ["X"]
    ids[3], ids[4], ids[6] = "T", "T", "P"  # day 3 is 11 days out
    ids[8] = "P"
    assert check(scn, ids) == []
    ids[12] = "T"  # a second tempo in the last 10 days
    assert where(check(scn, ids)) == [("sharpening_max_quality", day(4), 1)]
    scn = shape(None, ("sharpening",), races=race, constraints={"sharpening_max_quality": 2})
    assert check(scn, ids) == []
    scn = shape(None, ("sharpening",), races=race, constraints={"sharpening_days": 9})
    assert check(scn, ids) == []


# -- long runs as hard days -------------------------------------------------------------


def test_long_run_counts_as_hard_for_spacing_when_asked() -> None:
    ids = "T L T E E E E"
    assert check(shape(7, ("hard_spacing",)), ids) == []
    scn = shape(7, ("hard_spacing",), constraints={"long_run_is_hard_for_spacing": True})
    assert where(check(scn, ids)) == [
        ("hard_spacing_days", day(1), 1),
        ("hard_spacing_days", day(2), 1),
    ]
    # not for the weekly maximum of hard days
    scn = shape(
        7,
        ("max_hard_per_week",),
        constraints={"long_run_is_hard_for_spacing": True, "max_hard_per_week": 2},
    )
    assert check_plan(scn, plan(scn, ids)) == []


# -- the rules bound the structure metrics -------------------------------------------------


def test_wave_and_repeat_rules_hold_exactly_when_the_metrics_are_within_them() -> None:
    """On random plans, with and without a ceiling: no wave-loading violation exactly when
    the plateau metric is at most plateau_max_weeks (at the default plateau_pct, the
    metric's), and no repeat violation exactly when the run of equal longest runs is at
    most long_run_repeat_max_weeks. The importer and the credibility benchmark rely on
    it."""
    import random

    from models.quality.metrics import plan_metrics

    rng = random.Random(7)
    letters = ["E", "L", "M", "T", "R"]
    repeat_only = {**REPEAT}
    for trial in range(120):
        n, k = rng.randint(1, 3), rng.randint(1, 3)
        constraints: dict[str, Any] = {
            **repeat_only,
            "plateau_max_weeks": n,
            "long_run_repeat_max_weeks": k,
        }
        only: tuple[str, ...] = ("wave_loading", "long_run_build")
        if trial % 2:
            constraints["weekly_load_max"] = rng.choice([300, 400, 500])
            only = (*only, "weekly_load_max")
        scn = shape(42, only, constraints=constraints)
        # weeks drawn from a few patterns, so that equal weeks and plateaus come up
        patterns = [[rng.choice(letters) for _ in range(7)] for _ in range(3)]
        ids = [day for _ in range(6) for day in rng.choice(patterns)]
        found = {v.constraint for v in check(scn, ids)} - {"weekly_load_max"}
        structure = plan_metrics(scn, plan(scn, ids)).structure
        assert ("plateau_max_weeks" not in found) == (structure.plateau_weeks <= n), ids
        assert ("long_run_repeat_max_weeks" not in found) == (structure.same_long_run_weeks <= k), (
            ids
        )
