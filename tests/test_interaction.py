"""The interaction benchmark's questions (benchmarks/interaction.py): which day a coach
pins, the training log a re-plan reads, and how a short solve is judged against the
best known plan. No solver runs here."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from benchmarks.cases import by_name
from benchmarks.interaction import TARGET, pin_for, row, write_log
from models.calendar import build_calendar
from models.catalog import resolve_catalog
from models.io import load_scenario, parse_document

CASE = by_name(["tune-short-07"])[0]  # 16 weeks, so it has a middle worth re-planning from


def rest_plan(n_days: int, start: dt.date) -> dict[str, Any]:
    return {
        "days": [
            {"date": (start + dt.timedelta(days=d)).isoformat(), "session": "rest", "type": "rest"}
            for d in range(n_days)
        ]
    }


def test_the_pin_is_a_long_run_on_a_free_long_run_day_of_the_second_half() -> None:
    scenario = load_scenario(CASE.path)
    cal = build_calendar(scenario)
    pin = pin_for(rest_plan(cal.n_days, scenario.start), parse_document(CASE.path))
    assert pin is not None
    date_text, what = pin.split("=")
    assert what == "long"
    day = (dt.date.fromisoformat(date_text) - scenario.start).days
    assert day >= cal.n_days // 2
    assert cal.weekday(day) == (scenario.athlete.long_run_day or "sat")  # a rest plan: first try
    busy = set(cal.race_days) | cal.taper_days | cal.recovery_days | cal.blocked_days
    assert day not in busy
    longest_fit = [
        s
        for s in resolve_catalog(scenario)
        if s.type == "long" and s.minutes <= scenario.athlete.availability[cal.weekday(day)]
    ]
    assert longest_fit


def test_the_pin_is_a_day_without_a_long_run_in_the_plan() -> None:
    scenario = load_scenario(CASE.path)
    cal = build_calendar(scenario)
    plan = rest_plan(cal.n_days, scenario.start)
    first = pin_for(plan, parse_document(CASE.path))
    assert first is not None
    day = (dt.date.fromisoformat(first.split("=")[0]) - scenario.start).days
    plan["days"][day].update(session="long-90", type="long")
    second = pin_for(plan, parse_document(CASE.path))
    assert second is not None and second != first
    assert dt.date.fromisoformat(second.split("=")[0]) > dt.date.fromisoformat(first.split("=")[0])


def test_when_every_long_run_day_holds_one_the_pin_moves_to_another_weekday() -> None:
    scenario = load_scenario(CASE.path)
    cal = build_calendar(scenario)
    plan = rest_plan(cal.n_days, scenario.start)
    usual = scenario.athlete.long_run_day or "sat"
    for d in range(cal.n_days):
        if cal.weekday(d) == usual:
            plan["days"][d].update(session="long-90", type="long")
    pin = pin_for(plan, parse_document(CASE.path))
    assert pin is not None
    day = (dt.date.fromisoformat(pin.split("=")[0]) - scenario.start).days
    assert cal.weekday(day) != usual and plan["days"][day]["type"] != "long"


def test_the_log_misses_a_week_and_ends_with_a_hard_week_before_the_middle(
    tmp_path: Path,
) -> None:
    start = dt.date(2027, 1, 4)
    plan = rest_plan(16 * 7, start)
    for day in plan["days"][::2]:
        day.update(session="easy-45", type="easy")
    log = tmp_path / "log.csv"
    today = write_log(plan, log)
    assert today == (start + dt.timedelta(weeks=7)).isoformat()  # week 8 of 16
    rows = [line.split(",") for line in log.read_text().splitlines()[1:]]
    weeks = {((dt.date.fromisoformat(r[0]) - start).days // 7) + 1 for r in rows}
    assert weeks == {1, 2, 3, 4, 5, 7}  # week 6 missed, nothing from week 8 on
    week7 = [r for r in rows if (dt.date.fromisoformat(r[0]) - start).days // 7 == 6]
    assert week7 and all(r[2] == "9" for r in week7 if r[1] != "rest")
    assert all(r[2] == "" for r in week7 if r[1] == "rest")
    assert all(r[2] == "" for r in rows if (dt.date.fromisoformat(r[0]) - start).days < 35)


def test_a_short_solve_is_judged_against_the_best_of_every_solve(tmp_path: Path) -> None:
    short = {"status": "FEASIBLE", "objective": 99.5, "solver": {}}
    judged = row("pin", CASE, short, 2.0, [{"objective": 100.0}, None], tmp_path)
    assert judged["best_known"] == 100.0
    assert abs(judged["below_best"] - 0.005) < 1e-12
    assert judged["met"] is (TARGET >= 0.005)
    # a plan without the scenario it was solved for cannot be checked: never valid
    assert judged["valid"] is False
    missing = row("re-plan", CASE, None, 3.0, [{"objective": 100.0}], tmp_path)
    assert missing["status"] == "ERROR" and not missing["met"]
