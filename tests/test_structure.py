"""The block's shape metrics (models/quality/structure.py) on hand-made plans whose
answers are worked out by hand, and their place in the metrics, results and report."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from models.io import validate_scenario
from models.quality.metrics import plan_metrics
from models.scenario import Scenario

START = dt.date(2027, 1, 4)  # a Monday
WEEKS = 6
RACE_DAY = WEEKS * 7 - 1  # the last day of week 6, a Sunday


def scenario(ceiling: int | None = 700) -> Scenario:
    raw: dict[str, Any] = {
        "name": "shape",
        "start": START.isoformat(),
        "athlete": {"chronic_load": 400, "longest_recent_run_min": 90},
        "races": [{"date": (START + dt.timedelta(days=RACE_DAY)).isoformat(), "distance": "10k"}],
    }
    if ceiling is not None:
        raw["constraints"] = {"weekly_load_max": ceiling}
    return validate_scenario(raw)


def day(
    i: int, load: int, *, type: str = "easy", minutes: int = 40, hard: bool = False
) -> dict[str, Any]:
    return {
        "date": (START + dt.timedelta(days=i)).isoformat(),
        "session": f"{type}-{minutes}",
        "type": type,
        "minutes": minutes,
        "load": load,
        "hard": hard,
    }


def plan(
    week_loads: list[int], long_runs: list[int], extra: dict[int, dict[str, Any]] | None = None
) -> dict[str, Any]:
    """Each week: its long run on Sunday (minutes, load = minutes), the rest of the
    load on Monday as an easy run, other days rest; `extra` replaces days by index."""
    days = []
    for w in range(WEEKS):
        for d in range(7):
            i = 7 * w + d
            if i == RACE_DAY:
                days.append(day(i, 60, type="race", minutes=45, hard=True))
            elif d == 6 and long_runs[w]:
                days.append(day(i, long_runs[w], type="long", minutes=long_runs[w]))
            elif d == 0:
                days.append(day(i, week_loads[w] - (long_runs[w] if w < WEEKS - 1 else 60)))
            else:
                days.append(day(i, 0, type="rest", minutes=0))
    for i, entry in (extra or {}).items():
        days[i] = entry
    return {"days": days}


def test_a_plateau_counts_the_weeks_within_five_percent_of_the_ceiling() -> None:
    # 700 is the ceiling: 666 is on the plateau, 665 (exactly 95%) is not.
    found = plan_metrics(scenario(), plan([600, 700, 666, 690, 665, 300], [90] * 6))
    assert found.structure.plateau_weeks == 3
    assert found.summary()["plateau_weeks"] == 3


def test_without_a_ceiling_the_plans_own_highest_week_is_the_reference() -> None:
    found = plan_metrics(scenario(None), plan([500, 600, 580, 400, 600, 300], [90] * 6))
    assert found.structure.plateau_weeks == 2  # 600, 580 (96.7%); then 400 breaks it


def test_identical_long_runs_in_a_row() -> None:
    long_runs = [90, 100, 100, 100, 95, 0]
    found = plan_metrics(scenario(), plan([500] * 6, long_runs))
    assert found.structure.same_long_run_weeks == 3


def test_the_peak_and_the_last_long_run_counted_back_from_the_goal_race() -> None:
    # The longest (120) comes twice: the later one, in week 4 (day 27), counts.
    long_runs = [90, 120, 100, 120, 80, 0]
    found = plan_metrics(scenario(), plan([500] * 6, long_runs)).structure
    assert found.peak_long_run_days_out == RACE_DAY - 27
    assert found.last_long_run_days_out == RACE_DAY - 34  # week 5's Sunday


def test_quality_sessions_of_the_last_ten_days_and_the_last_two_weeks() -> None:
    extra = {
        RACE_DAY - 10: day(RACE_DAY - 10, 70, type="threshold", minutes=50, hard=True),
        RACE_DAY - 11: day(RACE_DAY - 11, 70, type="threshold", minutes=50, hard=True),
        RACE_DAY - 3: day(RACE_DAY - 3, 50, type="vo2max", minutes=40, hard=True),
    }
    found = plan_metrics(scenario(), plan([500] * 6, [90] * 6, extra)).structure
    assert found.quality_last_days == 2  # day R-11 lies outside the ten days
    days = plan([500] * 6, [90] * 6, extra)["days"]
    last = sum(d["load"] for d in days[RACE_DAY - 7 : RACE_DAY])
    before = sum(d["load"] for d in days[RACE_DAY - 14 : RACE_DAY - 7])
    assert found.last_weeks_load_ratio == last / before


def test_a_plan_without_races_has_no_distances() -> None:
    raw = scenario().model_dump(mode="json", exclude_none=True)
    raw["races"], raw["end"] = [], (START + dt.timedelta(days=RACE_DAY)).isoformat()
    found = plan_metrics(validate_scenario(raw), plan([500] * 6, [90] * 6)).structure
    assert found.peak_long_run_days_out is None and found.quality_last_days is None
    assert found.last_weeks_load_ratio is None


def test_the_report_shows_the_shape() -> None:
    from models.outputs.report import render_report

    page = render_report(scenario(), plan([600, 700, 666, 690, 665, 300], [90] * 6))
    assert re.search(r"Longest plateau near the ceiling \(weeks\)</t[dh]>\s*<td>3</td>", page)


def test_check_metrics_prints_and_writes_the_shape(tmp_path: Any) -> None:
    import json

    from cli import cli

    from conftest import cli_runner

    scenario_file = tmp_path / "shape.json"
    scenario_file.write_text(json.dumps(scenario().model_dump(mode="json", exclude_none=True)))
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(json.dumps(plan([600, 700, 666, 690, 665, 300], [90] * 6)))
    text = cli_runner().invoke(cli, ["check", str(scenario_file), str(plan_file), "--metrics"])
    assert "longest plateau near the ceiling (weeks) 3" in text.stdout + text.stderr
    as_json = cli_runner().invoke(
        cli, ["check", str(scenario_file), str(plan_file), "--metrics", "--json"]
    )
    assert json.loads(as_json.stdout)["metrics"]["plateau_weeks"] == 3


def test_the_reports_rules_table_lists_the_shape_rules() -> None:
    from models.outputs.report import render_report

    page = render_report(scenario(), plan([600, 700, 666, 690, 665, 300], [90] * 6))
    titles = ("Wave loading", "Long-run step-backs", "Long-run variety", "Last long runs")
    for title in (*titles, "Sharpening"):
        assert re.search(rf"<td>{title}<br>", page), title
    assert "at most 3 full weeks in a row within 5% of the ceiling" in page
    assert "the same longest run at most 2 full weeks in a row" in page
