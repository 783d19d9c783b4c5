"""`speedblock export`, `report` and `solve --format` on the command line: the plan file
alone is enough (it carries its scenario), and every bad input exits 2 without a trace."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from cli import cli
from console import streams
from models.outputs.export import EXPORT_FORMATS

SCENARIO = """\
name = "two-weeks-5k"
start = 2027-03-01

[athlete]
chronic_load = 300
longest_recent_run_min = 70
recent_race = { distance = "5k", time = "20:10" }

[[races]]
date = 2027-03-14
distance = "5k"
"""


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


@pytest.fixture(scope="module")
def solved(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("solved")
    scenario = folder / "s.toml"
    scenario.write_text(SCENARIO)
    plan = folder / "plan.json"
    result = run("solve", str(scenario), "--time-limit", "20", "--workers", "1", "-o", str(plan))
    assert result.exit_code == 0, result.output
    return scenario, plan


def test_the_cli_knows_every_export_format() -> None:
    assert streams.EXPORT_FORMATS == EXPORT_FORMATS


def test_the_plan_carries_its_scenario(solved: tuple[Path, Path]) -> None:
    _, plan = solved
    doc = json.loads(plan.read_text())
    assert doc["scenario_document"]["name"] == "two-weeks-5k"
    assert doc["scenario_document"]["athlete"]["chronic_load"] == 300


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_export_every_format_from_the_plan_alone(
    solved: tuple[Path, Path], tmp_path: Path, fmt: str
) -> None:
    _, plan = solved
    out = tmp_path / f"out.{fmt}"
    result = run("export", str(plan), "--format", fmt, "-o", str(out))
    assert result.exit_code == 0, result.output
    days = json.loads(plan.read_text())["days"]
    training_days = sum(d["session"] != "rest" for d in days)
    if fmt == "fit":
        assert len(list(out.glob("*.fit"))) == training_days
    elif fmt == "intervals":
        assert len(list(out.glob("*.txt"))) == training_days
        assert (out / "intervals.csv").is_file()
    else:
        assert out.is_file() and out.stat().st_size > 0
    if fmt == "ics":
        assert out.read_text().count("BEGIN:VEVENT") == training_days


def test_export_with_an_explicit_scenario_gives_the_same_file(
    solved: tuple[Path, Path], tmp_path: Path
) -> None:
    scenario, plan = solved
    a, b = tmp_path / "a.ics", tmp_path / "b.ics"
    assert run("export", str(plan), "--format", "ics", "-o", str(a)).exit_code == 0
    explicit = run(
        "export", str(plan), "--scenario", str(scenario), "--format", "ics", "-o", str(b)
    )
    assert explicit.exit_code == 0
    assert a.read_bytes() == b.read_bytes()


def test_solve_format_writes_the_export(solved: tuple[Path, Path], tmp_path: Path) -> None:
    scenario, plan = solved
    out = tmp_path / "plan.md"
    result = run(
        "solve",
        str(scenario),
        "--time-limit",
        "20",
        "--workers",
        "1",
        "--format",
        "md",
        "-o",
        str(out),
    )
    assert result.exit_code == 0, result.output
    exported = tmp_path / "from-plan.md"
    assert run("export", str(plan), "--format", "md", "-o", str(exported)).exit_code == 0
    assert out.read_text() == exported.read_text()


def test_report_from_the_plan_alone(solved: tuple[Path, Path], tmp_path: Path) -> None:
    _, plan = solved
    out = tmp_path / "report.html"
    result = run("report", str(plan), "-o", str(out))
    assert result.exit_code == 0, result.output
    html = out.read_text()
    assert html.startswith("<!DOCTYPE html>") or html.lower().startswith("<!doctype html>")
    assert "two-weeks-5k" in html and "data:image/png;base64," in html


def test_bad_export_and_report_input_exit_2(solved: tuple[Path, Path], tmp_path: Path) -> None:
    scenario, plan = solved
    hand_written = tmp_path / "hand.json"
    doc = json.loads(plan.read_text())
    del doc["scenario_document"]
    hand_written.write_text(json.dumps(doc))
    infeasible = tmp_path / "infeasible.json"
    infeasible.write_text(json.dumps({**json.loads(plan.read_text()), "days": []}))
    cases = [
        (
            ["export", str(hand_written), "--format", "ics", "-o", str(tmp_path / "x.ics")],
            "--scenario FILE",
        ),
        (["report", str(hand_written), "-o", str(tmp_path / "x.html")], "scenario_document"),
        (
            [
                "export",
                str(plan),
                "--constraints",
                str(scenario),
                "--format",
                "md",
                "-o",
                str(tmp_path / "x.md"),
            ],
            "needs --scenario",
        ),
        (["export", str(infeasible), "--format", "ics", "-o", str(tmp_path / "x.ics")], "days"),
        (["report", str(infeasible), "-o", str(tmp_path / "x.html")], "days"),
        (
            ["export", str(plan), "--format", "ics", "-o", str(tmp_path / "no" / "x.ics")],
            "does not exist",
        ),
        (["export", str(plan), "--format", "fit", "-o", str(plan)], "not a folder"),
        (["export", str(plan), "--format", "pdf", "-o", str(tmp_path / "x.pdf")], "pdf"),
    ]
    for args, needle in cases:
        result = run(*args)
        assert result.exit_code == 2, (args, result.output)
        assert needle in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.output
    assert not (tmp_path / "x.ics").exists() and not (tmp_path / "x.html").exists()
