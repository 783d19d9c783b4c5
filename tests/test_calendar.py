"""The calendar facts of a block (models/calendar.py): weeks, taper windows, recovery days."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from models.calendar import build_calendar
from models.io import validate_scenario
from models.scenario import Scenario

START = dt.date(2027, 1, 6)  # a Wednesday: weeks are counted from start, not from Monday

SESSIONS = [
    {"id": "rest", "type": "rest", "minutes": 0, "load": 0, "hard": False},
    {"id": "easy", "type": "easy", "minutes": 40, "load": 40, "hard": False},
    {"id": "r5", "type": "race", "minutes": 30, "load": 90, "hard": True, "distance": "5k"},
]


def day(i: int) -> dt.date:
    return START + dt.timedelta(days=i)


def scenario(
    *, n_days: int | None = None, races: Sequence[tuple[int, str]] = (), **extra: Any
) -> Scenario:
    raw: dict[str, Any] = {
        "name": "cal",
        "start": START.isoformat(),
        "athlete": {"chronic_load": 300, "longest_recent_run_min": 90},
        "races": [{"date": day(d).isoformat(), "distance": "5k", "priority": p} for d, p in races],
        "catalog": {"include_default": False, "sessions": SESSIONS},
        **extra,
    }
    if n_days is not None:
        raw["end"] = day(n_days - 1).isoformat()
    return validate_scenario(raw)


def test_weeks_with_a_partial_last_week() -> None:
    # 17 days: 7 + 7 + 3
    cal = build_calendar(scenario(n_days=17))
    assert cal.n_days == 17
    assert [(w.index, w.first, w.days, w.full) for w in cal.weeks] == [
        (1, 0, 7, True),
        (2, 7, 7, True),
        (3, 14, 3, False),
    ]
    assert list(cal.weeks[2].day_range) == [14, 15, 16]
    assert cal.week_of(6).index == 1 and cal.week_of(7).index == 2 and cal.week_of(16).index == 3
    assert cal.weekday(0) == "wed" and cal.weekday(5) == "mon"
    assert cal.date(16) == day(16) and cal.day_index(day(16)) == 16


def test_weeks_exact_multiple_and_single_day() -> None:
    cal = build_calendar(scenario(n_days=14))
    assert [(w.days, w.full) for w in cal.weeks] == [(7, True), (7, True)]
    one = build_calendar(scenario(n_days=1))
    assert [(w.index, w.first, w.days, w.full) for w in one.weeks] == [(1, 0, 1, False)]


def test_end_defaults_to_the_last_race() -> None:
    # race on day 9: 10 days, the race week is partial
    cal = build_calendar(scenario(races=[(9, "C")]))
    assert cal.n_days == 10
    assert [w.days for w in cal.weeks] == [7, 3]
    assert cal.race_days[9].date == day(9)


def test_taper_window_reaching_before_start() -> None:
    # A race on day 3, default A taper 14 days: window [3 - 14, 2] = [-11, 2]
    cal = build_calendar(scenario(races=[(3, "A")]))
    (w,) = cal.taper_windows
    assert (w.race_day, w.days, w.cut_pct, w.first) == (3, 14, 40, -11)
    assert list(w.in_block) == [0, 1, 2]
    assert w.reference == range(-39, -11)
    assert len(w.reference) == 28
    assert cal.taper_days == frozenset({0, 1, 2})


def test_taper_window_inside_the_block_and_race_on_start() -> None:
    # B race on day 20: window days 15..19, reference 28 days -13..14
    cal = build_calendar(scenario(races=[(0, "A"), (20, "B")]))
    (w,) = cal.taper_windows  # the race on start has no taper window
    assert w.race.priority == "B"
    assert list(w.in_block) == [15, 16, 17, 18, 19]
    assert w.reference == range(-13, 15)
    assert cal.taper_days == frozenset(range(15, 20))


def test_taper_days_defined_even_with_taper_disabled() -> None:
    cal = build_calendar(scenario(races=[(20, "B")], constraints={"taper_enabled": False}))
    assert cal.taper_days == frozenset(range(15, 20))


def test_zero_day_taper_has_no_window() -> None:
    cal = build_calendar(scenario(races=[(20, "C")]))
    assert cal.taper_windows == () and cal.taper_days == frozenset()


def test_recovery_days_clipped_at_end() -> None:
    # A race on day 10 with 7 recovery days (11..17), but the block ends on day 12
    cal = build_calendar(scenario(n_days=13, races=[(10, "A")]))
    assert cal.recovery_days == frozenset({11, 12})
    # a race on the last day has none
    last = build_calendar(scenario(races=[(10, "A")]))
    assert last.recovery_days == frozenset()


def test_recovery_days_custom_counts() -> None:
    cal = build_calendar(
        scenario(
            n_days=30,
            races=[(5, "C"), (20, "B")],
            constraints={"recovery_days": {"C": 2, "B": 0}},
        )
    )
    assert cal.recovery_days == frozenset({6, 7})


def test_blocked_days_outside_the_block_are_ignored() -> None:
    cal = build_calendar(
        scenario(
            n_days=10,
            athlete={
                "chronic_load": 300,
                "longest_recent_run_min": 90,
                "blocked": [day(-3).isoformat(), day(4).isoformat(), day(40).isoformat()],
            },
        )
    )
    assert cal.blocked_days == frozenset({4})


def test_rule_weeks() -> None:
    # 36 days: weeks 1-5 full, week 6 = day 35 alone.
    # C race on day 8 (week 2), 1 recovery day: day 9 (week 2).
    # B race on day 30 (week 5): taper days 25..29 (weeks 4 and 5), recovery 31..33 (week 5).
    cal = build_calendar(scenario(n_days=36, races=[(8, "C"), (30, "B")]))
    _w1, w2, w3, w4, w5, w6 = cal.weeks
    assert not cal.holds_race(w3) and not cal.holds_taper(w3) and not cal.holds_recovery(w3)
    assert not w6.full
    assert cal.holds_race(w2) and cal.holds_recovery(w2) and not cal.holds_taper(w2)
    assert cal.holds_taper(w4) and cal.holds_taper(w5) and cal.holds_race(w5)
    # deload every 1: weeks 1 and 3 (full, no race, no taper day)
    assert [w.index for w in cal.weeks if cal.is_deload_week(w, 1)] == [1, 3]
    assert [w.index for w in cal.weeks if cal.is_deload_week(w, 3)] == [3]
    assert not any(cal.is_deload_week(w, 0) for w in cal.weeks)
    assert [w.index for w in cal.weeks if cal.is_quota_min_week(w)] == [1, 3]
    assert [w.index for w in cal.weeks if cal.is_min_easy_week(w)] == [1, 3]


def test_recovery_week_is_a_min_easy_week_but_not_a_quota_min_week() -> None:
    # C race on day 6 (week 1) with 1 recovery day: day 7 lies in week 2
    cal = build_calendar(scenario(n_days=14, races=[(6, "C")]))
    w1, w2 = cal.weeks
    assert cal.holds_recovery(w2) and not cal.holds_race(w2)
    assert cal.is_min_easy_week(w2) and not cal.is_quota_min_week(w2)
    assert not cal.is_min_easy_week(w1)
