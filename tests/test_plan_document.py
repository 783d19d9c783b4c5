"""One plan reader, one date rule: every reader of a plan refuses the same dates.

Python's `date.fromisoformat` takes `20270104`; the plan format does not. The checker
reports such a day under `days`, the metrics read it as a missing day (rest), and the
report and the exports refuse the plan with an input error (exit 2) that names the file
and the field."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from cli import cli
from models.check import check_plan
from models.errors import InputError
from models.io import load_scenario
from models.outputs.export import export_plan
from models.outputs.report import render_report
from models.plan_document import day_date, parse_date, read_plan_file
from models.quality.metrics import plan_metrics
from models.scenario import Scenario

from conftest import cli_runner, easy_week

BASIC = "20270104"  # what fromisoformat takes and the rule refuses


@pytest.fixture
def scenario(week_file: Path) -> Scenario:
    return load_scenario(week_file)


def write_plan(tmp_path: Path, plan: dict[str, Any]) -> Path:
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan))
    return path


def run(*args: str | Path) -> Result:
    return cli_runner().invoke(cli, [str(a) for a in args])


@pytest.mark.parametrize(
    "value",
    [
        BASIC,
        "2027-W01-1",
        "2027-1-4",
        "2027-01-04T00:00",
        " 2027-01-04",
        "2027-02-30",
        "",
        20270104,
    ],
)
def test_the_date_rule_refuses(value: Any) -> None:
    assert parse_date(value) is None


def test_the_date_rule_takes_a_real_day() -> None:
    assert parse_date("2027-01-04") == dt.date(2027, 1, 4)
    assert parse_date(dt.date(2027, 1, 4)) == dt.date(2027, 1, 4)
    assert parse_date(dt.datetime(2027, 1, 4, 6)) is None


def test_a_day_without_a_date_string_is_left_to_the_reader() -> None:
    assert day_date({"session": "rest"}, 0) is None
    assert day_date({"date": 5}, 0) is None
    with pytest.raises(InputError) as info:
        day_date({"date": BASIC}, 3)
    assert info.value.field == "days[3].date"
    assert BASIC in info.value.message and "YYYY-MM-DD" in info.value.message


def test_read_plan_file_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_text("[1, 2]")
    with pytest.raises(InputError) as info:
        read_plan_file(path)
    assert info.value.file == str(path) and "not list" in info.value.message
    path.write_text('{"days": [}')
    with pytest.raises(InputError) as info:
        read_plan_file(path)
    assert info.value.file == str(path) and "not valid JSON" in info.value.message


def test_the_checker_refuses_the_basic_date(scenario: Scenario) -> None:
    assert check_plan(scenario, easy_week(scenario)) == []
    violations = check_plan(scenario, easy_week(scenario, BASIC))
    assert [v.constraint for v in violations] == ["days", "days"]
    assert f'days[0] date "{BASIC}" is not a date (YYYY-MM-DD)' in violations[0].detail
    assert "2027-01-04 is missing" in violations[1].detail


def test_the_metrics_read_the_basic_date_as_a_missing_day(scenario: Scenario) -> None:
    good, bad = easy_week(scenario), easy_week(scenario, BASIC)
    missing = easy_week(scenario)
    del missing["days"][0]
    assert plan_metrics(scenario, good).total_load == 4 * 38
    assert plan_metrics(scenario, bad) == plan_metrics(scenario, missing)
    assert plan_metrics(scenario, bad).total_load == 3 * 38


def test_report_and_export_refuse_the_basic_date(scenario: Scenario, tmp_path: Path) -> None:
    good, bad = easy_week(scenario), easy_week(scenario, BASIC)
    render_report(scenario, good)
    export_plan(good, scenario, "csv", tmp_path / "good.csv")
    for read in (
        lambda: render_report(scenario, bad),
        lambda: export_plan(bad, scenario, "csv", tmp_path / "bad.csv"),
    ):
        with pytest.raises(InputError) as info:
            read()
        assert info.value.field == "days[0].date"
    assert not (tmp_path / "bad.csv").exists()


def test_every_command_refuses_the_basic_date(week_file: Path, tmp_path: Path) -> None:
    """check (with or without metrics) finds a violation (exit 5); report and export
    refuse the file (exit 2), naming it and the field."""
    scenario = load_scenario(week_file)
    for first_date, check_exit, other_exit in ((None, 0, 0), (BASIC, 5, 2)):
        plan = write_plan(tmp_path, easy_week(scenario, first_date))
        for args in (("check", week_file, plan), ("check", week_file, plan, "--metrics")):
            checked = run(*args)
            assert checked.exit_code == check_exit, checked.output
            assert (f'days[0] date "{BASIC}" is not a date' in checked.output) == bool(check_exit)
        commands = {
            "report": ("report", plan, "--scenario", week_file, "-o", tmp_path / "r.html"),
            "export": (
                "export", plan, "--scenario", week_file, "--format", "csv",
                "-o", tmp_path / "p.csv",
            ),
        }  # fmt: skip
        for name, command in commands.items():
            result = run(*command)
            assert result.exit_code == other_exit, (name, result.output)
            if other_exit:
                assert f"error: {plan}: days[0].date: '{BASIC}' is not a date" in result.stderr
