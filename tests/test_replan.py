"""Re-planning from a training log: lived days fixed, rules across the boundary kept,
the old plan preferred, the log's own broken rules reported, and the diff exact."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cli import cli
from models.check import check_plan
from models.errors import InputError
from models.history.training_log import LogEntry
from models.io import validate_scenario
from models.scenario import Scenario
from solver import solve as solve_module
from solver.options import SolveOptions
from solver.replan import replan

from conftest import day, tiny

# Only the stability term among the soft penalties, so the optimum is easy to reason about.
ONLY_STABILITY = {
    "soft_penalties": True,
    "penalties": {
        "long_run_day": 0,
        "repeat_session": 0,
        "emphasis_rotation": 0,
        "load_smoothness": 0,
        "race_specificity": 0,
        "plan_changes": 1,
    },
}
OPTIONS = SolveOptions(time_limit=20, workers=1)


def three_weeks(**constraints: Any) -> Scenario:
    return tiny(
        days=21,
        constraints={
            "hard_spacing_enabled": True,
            "max_hard_per_week_enabled": True,
            "ramp_enabled": True,
            **constraints,
        },
        athlete={"chronic_load": 200},
        objective=ONLY_STABILITY,
    )


def solved(scenario: Scenario) -> dict[str, Any]:
    plan = solve_module.solve_scenario(scenario, OPTIONS)
    assert plan.status.value == "OPTIMAL"
    return plan.to_json_dict()


def log_of(plan: dict[str, Any], days: range, **changes: Any) -> list[LogEntry]:
    out = []
    for d in days:
        entry = plan["days"][d]
        fields = {
            "date": dt.date.fromisoformat(entry["date"]),
            "session": entry["session"],
            "type": entry["type"],
            "minutes": entry["minutes"],
            "load": entry["load"],
            "hard": entry["hard"],
            "rpe": None,
            "note": "",
        }
        fields.update(changes.get(str(d), {}))
        out.append(LogEntry(**fields))
    return out


def test_a_log_equal_to_the_plan_gives_the_same_plan() -> None:
    scenario = three_weeks()
    plan = solved(scenario)
    result = replan(scenario, plan, log_of(plan, range(10)), day(10), OPTIONS)
    assert result.plan.status.value == "OPTIMAL"
    assert [d.session for d in result.plan.days] == [d["session"] for d in plan["days"]]
    assert result.changes == [] and result.lived_violations == []


def test_a_missed_week_shifts_load_and_keeps_every_rule() -> None:
    scenario = three_weeks(ramp_pct=10)
    plan = solved(scenario)
    missed = {
        str(d): {"session": None, "type": "rest", "minutes": 0, "load": 0, "hard": False}
        for d in range(7, 14)
    }
    log = log_of(plan, range(14), **missed)
    result = replan(scenario, plan, log, day(14), OPTIONS)
    assert result.plan.status.has_plan
    new = result.plan.to_json_dict()
    assert check_plan(result.scenario, new) == []
    old_week3 = sum(d["load"] for d in plan["days"][14:21])
    new_week3 = sum(d["load"] for d in new["days"][14:21])
    # week 3's ramp now looks back at a missed week 2: the reference is weeks 1-2 and the
    # chronic load, so it cannot climb as planned
    assert new_week3 < old_week3
    assert all(d["load"] == 0 for d in new["days"][7:14])
    changed = {c.date for c in result.changes}
    assert changed == {
        dt.date.fromisoformat(n["date"])
        for n, o in zip(new["days"][14:], plan["days"][14:], strict=True)
        if n["session"] != o["session"]
    }
    # seven planned sessions missed in the last seven days: a fatigue signal too
    assert result.fatigue is not None and "missed" in result.fatigue.reason
    assert changed and all("missed" in c.reason for c in result.changes)


def test_a_rule_broken_in_the_log_is_reported_and_the_future_still_planned() -> None:
    scenario = three_weeks()
    plan = solved(scenario)
    # two hard days back to back before today: the spacing rule, broken by the log alone
    hard = {"session": "hard", "type": "threshold", "minutes": 40, "load": 50, "hard": True}
    log = log_of(plan, range(10), **{"5": hard, "6": hard})
    result = replan(scenario, plan, log, day(10), OPTIONS)
    assert result.plan.status.has_plan
    broken = {(v.constraint, v.date) for v in result.lived_violations}
    assert ("hard_spacing_days", day(6)) in broken
    assert all(v.read_until is not None and v.read_until < 10 for v in result.lived_violations)
    assert check_plan(result.scenario, result.plan.to_json_dict()) == []


def test_spacing_holds_across_the_boundary() -> None:
    scenario = three_weeks()
    plan = solved(scenario)
    hard = {"session": "hard", "type": "threshold", "minutes": 40, "load": 50, "hard": True}
    result = replan(scenario, plan, log_of(plan, range(10), **{"9": hard}), day(10), OPTIONS)
    assert result.plan.days[10].hard is False  # the day after a logged hard day


def test_logged_days_appear_as_they_happened() -> None:
    scenario = three_weeks()
    plan = solved(scenario)
    odd = {"session": None, "type": "cross", "minutes": 50, "load": 33, "hard": False}
    result = replan(scenario, plan, log_of(plan, range(5), **{"3": odd}), day(5), OPTIONS)
    logged = result.plan.days[3]
    assert (logged.session, logged.type, logged.minutes, logged.load) == ("logged", "cross", 50, 33)


def test_history_the_rules_cannot_absorb_is_explained() -> None:
    scenario = three_weeks(weekly_load_max=200, ramp_enabled=False)
    plan = solved(scenario)
    heavy = {"session": None, "type": "threshold", "minutes": 120, "load": 150, "hard": True}
    # Monday and Wednesday of week 2 logged at 300 in all: week 2 cannot stay under 200
    log = log_of(plan, range(10), **{"7": heavy, "9": heavy})
    result = replan(scenario, plan, log, day(10), OPTIONS)
    assert result.plan.status.value == "INFEASIBLE"
    keys = {c.constraint for c in result.plan.conflicts}
    assert "weekly_load_max" in keys
    hints = [c.hint for c in result.plan.conflicts if c.constraint == "weekly_load_max"]
    assert hints and hints[0] is not None and "weekly_load_max: 200 -> 3" in hints[0]


def test_fatigue_signals_cap_the_next_week() -> None:
    scenario = three_weeks(ramp_pct=50)
    plan = solved(scenario)
    tired = {str(d): {"rpe": 9.0} for d in range(7) if plan["days"][d]["type"] == "easy"}
    assert len(tired) >= 3
    result = replan(scenario, plan, log_of(plan, range(7), **tired), day(7), OPTIONS)
    assert result.fatigue is not None and result.fatigue.week == 2
    week1 = sum(d["load"] for d in plan["days"][:7])
    # the reference is the highest of week 1 and the chronic load (weeks before the block)
    assert result.fatigue.cap == max(week1, 200) * 90 // 100
    new = result.plan.to_json_dict()
    assert sum(d["load"] for d in new["days"][7:14]) <= result.fatigue.cap
    off = three_weeks(ramp_pct=50, fatigue_enabled=False)
    assert replan(off, plan, log_of(plan, range(7), **tired), day(7), OPTIONS).fatigue is None


def test_history_fields_are_validated() -> None:
    raw = three_weeks().model_dump(mode="json", exclude_none=True)
    raw["history"] = {"until": day(30).isoformat()}
    with pytest.raises(InputError) as info:
        validate_scenario(raw)
    assert info.value.field == "history.until"
    raw["history"] = {
        "until": day(5).isoformat(),
        "days": [
            {
                "date": day(6).isoformat(),
                "session": "logged",
                "type": "easy",
                "minutes": 30,
                "load": 10,
                "hard": False,
            }
        ],
    }
    with pytest.raises(InputError) as info:
        validate_scenario(raw)
    assert info.value.field == "history.days[0].date"


def write_inputs(tmp_path: Path) -> tuple[Path, Path, Path]:
    scenario = three_weeks()
    scenario_file = tmp_path / "s.json"
    scenario_file.write_text(json.dumps(scenario.model_dump(mode="json", exclude_none=True)))
    plan = solved(scenario)
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(json.dumps(plan))
    log_file = tmp_path / "log.csv"
    rows = ["date,session"] + [f"{d['date']},{d['session']}" for d in plan["days"][:7]]
    log_file.write_text("\n".join(rows) + "\n")
    return scenario_file, plan_file, log_file


def test_replan_command(tmp_path: Path) -> None:
    scenario_file, plan_file, log_file = write_inputs(tmp_path)
    out = tmp_path / "new.json"
    args = ["replan", str(scenario_file), "--plan", str(plan_file), "--log", str(log_file)]
    result = CliRunner().invoke(cli, [*args, "--time-limit", "20", "-o", str(out), "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["replan"]["today"] == day(7).isoformat()  # the day after the last logged day
    assert doc["replan"]["logged_days"] == 7 and doc["replan"]["changes"] == []
    assert json.loads(out.read_text())["days"] == doc["days"]
    text = CliRunner().invoke(cli, [*args, "--time-limit", "20", "--today", day(8).isoformat()])
    assert text.exit_code == 0, text.output
    assert "re-plan from 2027-01-12" in text.stdout


@pytest.mark.parametrize(
    ("extra", "needle"),
    [
        (["--today", "2027-01-05"], "on or after --today"),
        (["--today", "soon"], "not a date"),
        (["--today", "2026-01-01"], "outside the block"),
    ],
)
def test_replan_bad_input_exits_2(tmp_path: Path, extra: list[str], needle: str) -> None:
    scenario_file, plan_file, log_file = write_inputs(tmp_path)
    args = ["replan", str(scenario_file), "--plan", str(plan_file), "--log", str(log_file)]
    result = CliRunner().invoke(cli, [*args, *extra])
    assert result.exit_code == 2
    assert needle in result.stderr and "Traceback" not in result.output


def test_a_bad_log_row_exits_2(tmp_path: Path) -> None:
    scenario_file, plan_file, log_file = write_inputs(tmp_path)
    log_file.write_text("date,session\n2027-01-04,nope\n")
    result = CliRunner().invoke(
        cli, ["replan", str(scenario_file), "--plan", str(plan_file), "--log", str(log_file)]
    )
    assert result.exit_code == 2
    assert "line 2.session" in result.stderr and str(log_file) in result.stderr
