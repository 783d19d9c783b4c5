"""The command line of plan-format.md: commands, --json output, -o files, exit codes."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from cli import cli

ROOT = Path(__file__).resolve().parent.parent

PLAN_FIELDS = {
    "format",
    "scenario",
    "status",
    "objective",
    "bound",
    "gap",
    "solve_seconds",
    "start",
    "end",
    "days",
    "weeks",
    "races",
    "constraints",
    "penalties",
    "conflicts",
}
DAY_FIELDS = {"date", "session", "type", "minutes", "load", "hard", "level", "description"}

CATALOG = """
[catalog]
include_default = false

[[catalog.sessions]]
id = "rest"
type = "rest"
minutes = 0
load = 0
hard = false

[[catalog.sessions]]
id = "easy-30"
type = "easy"
minutes = 30
load = 28
hard = false
description = "30 min easy at {easy}"

[[catalog.sessions]]
id = "easy-45"
type = "easy"
minutes = 45
load = 42
hard = false
description = "45 min easy at {easy}"

[[catalog.sessions]]
id = "tempo-40"
type = "tempo"
minutes = 40
load = 55
hard = true
description = "20 min at {threshold} inside 40 min"

[[catalog.sessions]]
id = "race-5k"
type = "race"
minutes = 30
load = 50
hard = true
distance = "5k"
description = "5K race"
"""

# Two weeks ending with an A race on Sunday 2027-01-17; a blocked Wednesday.
TINY = (
    """
name = "tiny"
start = 2027-01-04

[athlete]
chronic_load = 250
longest_recent_run_min = 60
recent_race = { distance = "5k", time = "20:00" }
availability = { fri = 0 }
blocked = [2027-01-06]

[[races]]
date = 2027-01-17
distance = "5k"
name = "Park 5K"

[constraints]
taper = { A = { days = 5, cut_pct = 20 } }
"""
    + CATALOG
)

# One full week without a race: at least 3 tempo days but at most 2 hard days.
INFEASIBLE = (
    """
name = "impossible"
start = 2027-01-04
end = 2027-01-10

[athlete]
chronic_load = 250
longest_recent_run_min = 60

[constraints]
max_hard_per_week = 2
quotas = [{ type = "tempo", min = 3 }]
"""
    + CATALOG
)


def runner() -> CliRunner:
    """A runner that keeps stdout and stderr apart (click 8.1 needs mix_stderr=False)."""
    try:
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:
        return CliRunner()


def run(*args: str | Path) -> Result:
    return runner().invoke(cli, [str(a) for a in args])


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.toml"
    path.write_text(TINY)
    return path


@pytest.fixture
def infeasible(tmp_path: Path) -> Path:
    path = tmp_path / "impossible.toml"
    path.write_text(INFEASIBLE)
    return path


@pytest.fixture
def solved(tiny: Path, tmp_path: Path) -> tuple[Result, Path]:
    out = tmp_path / "plan.json"
    return run("solve", tiny, "--json", "-o", out, "--time-limit", "20"), out


# ---------------------------------------------------------------- solve


def test_solve_json_has_every_plan_field(solved: tuple[Result, Path]) -> None:
    result, _ = solved
    assert result.exit_code == 0, result.stderr
    plan = json.loads(result.stdout)
    assert set(plan) >= PLAN_FIELDS
    assert plan["format"] == "speedblock.plan/1"
    assert plan["scenario"] == "tiny"
    assert plan["status"] in ("OPTIMAL", "FEASIBLE")
    assert isinstance(plan["objective"], float)
    assert plan["gap"] >= 0
    assert plan["conflicts"] == []
    assert plan["constraints"]["taper"]["A"] == {"days": 5, "cut_pct": 20}
    assert plan["constraints"]["ramp_pct"] == 10


def test_solve_json_days_cover_every_date(solved: tuple[Result, Path]) -> None:
    plan = json.loads(solved[0].stdout)
    dates = [day["date"] for day in plan["days"]]
    start = dt.date(2027, 1, 4)
    assert dates == [(start + dt.timedelta(days=i)).isoformat() for i in range(14)]
    assert all(set(day) == DAY_FIELDS for day in plan["days"])
    by_date = {day["date"]: day for day in plan["days"]}
    assert by_date["2027-01-17"]["session"] == "race-5k"
    assert by_date["2027-01-06"]["session"] == "rest"  # blocked
    assert by_date["2027-01-08"]["session"] == "rest"  # fri = 0
    assert [w["index"] for w in plan["weeks"]] == [1, 2]
    assert sum(w["load"] for w in plan["weeks"]) == sum(d["load"] for d in plan["days"])
    assert [r["date"] for r in plan["races"]] == ["2027-01-17"]


def test_solve_json_status_line_on_stderr_only(solved: tuple[Result, Path]) -> None:
    result, _ = solved
    assert result.stderr.strip().count("\n") == 0
    assert result.stderr.startswith(json.loads(result.stdout)["status"])


def test_solve_output_file_holds_the_same_json(solved: tuple[Result, Path]) -> None:
    result, out = solved
    assert json.loads(out.read_text()) == json.loads(result.stdout)
    assert [p.name for p in out.parent.iterdir() if p.name.startswith(".")] == []


def test_solve_human_output_is_a_calendar_and_summary(tiny: Path) -> None:
    result = run("solve", tiny)
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("Week 1  2027-01-04  load ")
    assert "Week 2  2027-01-11" in out
    assert "Sun 01-17  race-5k" in out and "RACE" in out and "Park 5K (A)" in out
    assert "Wed 01-06  rest  (blocked)" in out
    assert "status      OPTIMAL" in out
    assert "perf" in out
    assert all(len(line) <= 100 for line in out.splitlines())
    assert "\x1b" not in out


def test_solve_same_seed_same_plan(tiny: Path) -> None:
    first = json.loads(run("solve", tiny, "--json", "--seed", "3").stdout)
    second = json.loads(run("solve", tiny, "--json", "--seed", "3").stdout)
    assert first["days"] == second["days"]


def test_solve_with_constraints_file(tiny: Path, tmp_path: Path) -> None:
    constraints = tmp_path / "c.yaml"
    constraints.write_text("ramp_pct: 15\ntaper:\n  B: {days: 2, cut_pct: 10}\n")
    plan = json.loads(run("solve", tiny, "--constraints", constraints, "--json").stdout)
    assert plan["constraints"]["ramp_pct"] == 15
    assert plan["constraints"]["taper"]["A"] == {"days": 5, "cut_pct": 20}
    assert plan["constraints"]["taper"]["B"] == {"days": 2, "cut_pct": 10}


def test_solve_pin_replaces_the_file_pin_of_its_date(tiny: Path, tmp_path: Path) -> None:
    pinned = tmp_path / "pinned.toml"
    pinned.write_text(TINY + '\n[[pins]]\ndate = 2027-01-05\nsession = "easy-30"\n')
    out = tmp_path / "plan.json"
    # "tempo" is no session id of the catalog, so it pins the type
    pins = ["--pin", "2027-01-05=tempo", "--pin", "2027-01-07=easy-45"]
    result = run("solve", pinned, *pins, "--json", "-o", out, "--time-limit", "20")
    assert result.exit_code == 0, result.stderr
    plan = json.loads(result.stdout)
    by_date = {day["date"]: day for day in plan["days"]}
    assert by_date["2027-01-05"]["type"] == "tempo"
    assert by_date["2027-01-07"]["session"] == "easy-45"
    assert plan["scenario_document"]["pins"] == [
        {"date": "2027-01-05", "type": "tempo"},
        {"date": "2027-01-07", "session": "easy-45"},
    ]
    # the plan keeps the pins it was solved with, not the file's own
    assert run("check", pinned, out).exit_code == 5
    report = json.loads(run("check", pinned, out, "--json").stdout)
    assert [(v["constraint"], v["date"]) for v in report["violations"]] == [("pins", "2027-01-05")]


@pytest.mark.parametrize(
    ("pin", "words"),
    [
        ("2027-01-05", "not DATE=SESSION_OR_TYPE"),
        ("2027-02-30=easy-30", "not a date"),
        ("2027-01-05=easy-3", "did you mean 'easy-30'"),
        ("2027-01-06=easy-30", "only rest can be pinned"),  # blocked
        ("2027-01-17=easy-30", "race calendar"),  # race day
        ("2027-01-05=race-5k", "race session"),
        ("2027-01-05=race", "race calendar"),
        ("2027-03-01=rest", "outside the block"),
    ],
)
def test_solve_pin_errors_exit_2_naming_the_option(tiny: Path, pin: str, words: str) -> None:
    result = run("solve", tiny, "--pin", pin, "--json")
    assert result.exit_code == 2, result.stderr
    error = json.loads(result.stdout)["error"]
    assert error["field"] == "--pin"
    assert error["file"] is None
    assert pin in error["message"] and words in error["message"]
    assert result.stderr.startswith("error: --pin: ")


def test_solve_pin_twice_on_the_command_line_is_exit_2(tiny: Path) -> None:
    result = run("solve", tiny, "--pin", "2027-01-05=rest", "--pin", "2027-01-05=easy-30")
    assert result.exit_code == 2
    assert "pinned twice" in result.stderr


def test_solve_and_explain_name_a_pin_that_breaks_a_rule(tiny: Path, tmp_path: Path) -> None:
    # Friday 2027-01-08 has no availability
    result = run("solve", tiny, "--pin", "2027-01-08=easy-30", "--json", "--time-limit", "20")
    assert result.exit_code == 3
    conflicts = json.loads(result.stdout)["conflicts"]
    assert sorted(c["constraint"] for c in conflicts) == ["availability", "pins"]
    assert "the pin of 2027-01-08 to easy-30" in [c["detail"] for c in conflicts]
    assert "conflicting: " in result.stderr and "pins" in result.stderr
    pinned = tmp_path / "pinned.toml"
    pinned.write_text(TINY + '\n[[pins]]\ndate = 2027-01-08\nsession = "easy-30"\n')
    explained = run("explain", pinned, "--time-limit", "20")
    assert explained.exit_code == 3
    assert "pins: the pin of 2027-01-08 to easy-30" in explained.stdout
    assert "unpin 2027-01-08" in explained.stdout


def test_solve_warm_start_gives_one_session_a_day(
    tiny: Path, solved: tuple[Result, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import solver.solve

    _, plan_path = solved
    plan = json.loads(plan_path.read_text())
    sessions = [day["session"] for day in plan["days"]]
    plan["days"] = [day for day in plan["days"] if day["date"] != "2027-01-09"]
    warm = tmp_path / "warm.json"
    warm.write_text(json.dumps(plan))
    seen: list[Any] = []
    checked = solver.solve.solve_scenario

    def recording(scenario: Any, options: Any = None, warm_start: Any = None) -> Any:
        seen.append(warm_start)
        return checked(scenario, options, warm_start)

    monkeypatch.setattr(solver.solve, "solve_scenario", recording)
    result = run("solve", tiny, "--warm-start", warm, "--pin", "2027-01-09=rest", "--json")
    assert result.exit_code == 0, result.stderr
    assert seen == [[*sessions[:5], "rest", *sessions[6:]]]
    assert len(seen[0]) == 14
    # a plan with no day in the block is not used, and said so
    warm.write_text(json.dumps({"days": [{"date": "2030-01-01", "session": "rest"}]}))
    result = run("solve", tiny, "--warm-start", warm, "--time-limit", "20")
    assert result.exit_code == 0
    assert "not used" in result.stderr
    assert seen[-1] is None


@pytest.mark.parametrize("content", [None, "[1, 2]", "{not json"])
def test_solve_unreadable_warm_start_is_exit_2(
    tiny: Path, tmp_path: Path, content: str | None
) -> None:
    warm = tmp_path / "warm.json"
    if content is not None:
        warm.write_text(content)
    result = run("solve", tiny, "--warm-start", warm, "--json")
    assert result.exit_code == 2
    error = json.loads(result.stdout)["error"]
    assert error["field"] == "--warm-start"
    assert error["file"] == str(warm)


def test_infeasible_exits_3_with_conflicts(infeasible: Path, tmp_path: Path) -> None:
    out = tmp_path / "plan.json"
    result = run("solve", infeasible, "--json", "-o", out)
    assert result.exit_code == 3
    plan = json.loads(result.stdout)
    assert plan["status"] == "INFEASIBLE"
    assert plan["days"] == []
    assert plan["objective"] is None
    assert plan["conflicts"]
    assert all(set(c) >= {"constraint", "detail"} for c in plan["conflicts"])
    assert json.loads(out.read_text()) == plan
    assert "INFEASIBLE" in result.stderr


def test_infeasible_human_output_names_the_conflicts(infeasible: Path) -> None:
    result = run("solve", infeasible)
    assert result.exit_code == 3
    keys = {
        c["constraint"] for c in json.loads(run("solve", infeasible, "--json").stdout)["conflicts"]
    }
    assert "status      INFEASIBLE" in result.stdout
    for key in keys:
        assert f"  - {key}: " in result.stdout
    assert "infeasible" in result.stderr


def test_bad_input_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(TINY.replace("chronic_load = 250", "chronic_load = -1"))
    out = tmp_path / "plan.json"
    result = run("solve", bad, "--json", "-o", out)
    assert result.exit_code == 2
    assert json.loads(result.stdout) == {
        "error": {
            "file": str(bad),
            "field": "athlete.chronic_load",
            "message": json.loads(result.stdout)["error"]["message"],
        }
    }
    assert "greater than or equal to 0" in json.loads(result.stdout)["error"]["message"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.toml"]


def test_existing_output_is_kept_on_bad_input(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("not = [toml")
    out = tmp_path / "plan.json"
    out.write_text('{"old": true}')
    assert run("solve", bad, "-o", out).exit_code == 2
    assert out.read_text() == '{"old": true}'


@pytest.mark.parametrize("where", ["missing-folder/plan.json", "."])
def test_unwritable_output_is_exit_2_before_solving(
    tiny: Path, tmp_path: Path, where: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import solver.solve

    def boom(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("must not solve")

    monkeypatch.setattr(solver.solve, "solve_scenario", boom)
    result = run("solve", tiny, "-o", tmp_path / where)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {tmp_path / where}: -o: ")


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--time-limit", "0"], "--time-limit"),
        (["--workers", "0"], "--workers"),
        (["--format", "xml"], "--format"),
    ],
)
def test_usage_errors_exit_2(tiny: Path, args: list[str], field: str) -> None:
    plain = run("solve", tiny, *args)
    assert plain.exit_code == 2
    assert plain.stdout == ""
    assert field in plain.stderr
    as_json = run("solve", tiny, *args, "--json")
    assert as_json.exit_code == 2
    assert json.loads(as_json.stdout)["error"]["field"] == field


def test_unknown_command_exits_2() -> None:
    assert run("slove").exit_code == 2


# ---------------------------------------------------------------- outcomes without a real solve


def _fake_outcome(monkeypatch: pytest.MonkeyPatch, tiny: Path, **update: Any) -> None:
    import solver.solve
    from models.io import load_scenario

    real = solver.solve.solve_scenario(load_scenario(tiny))
    fake = real.model_copy(update=update)
    monkeypatch.setattr(
        solver.solve, "solve_scenario", lambda scenario, options, warm_start=None: fake
    )


def test_feasible_warns_that_time_ran_out(monkeypatch: pytest.MonkeyPatch, tiny: Path) -> None:
    from models.plan import SolveStatus

    _fake_outcome(monkeypatch, tiny, status=SolveStatus.FEASIBLE, gap=0.0123)
    result = run("solve", tiny, "--time-limit", "7")
    assert result.exit_code == 0
    assert "time limit of 7 s ran out" in result.stderr
    assert "best plan found" in result.stderr
    assert "1.23%" in result.stderr
    assert "Week 1" in result.stdout
    as_json = run("solve", tiny, "--json", "--time-limit", "7")
    assert as_json.exit_code == 0
    assert json.loads(as_json.stdout)["status"] == "FEASIBLE"
    assert "FEASIBLE" in as_json.stderr and "best plan found" in as_json.stderr


def test_unknown_exits_4(monkeypatch: pytest.MonkeyPatch, tiny: Path, tmp_path: Path) -> None:
    from models.plan import SolveStatus

    _fake_outcome(monkeypatch, tiny, status=SolveStatus.UNKNOWN, days=[], weeks=[], objective=None)
    out = tmp_path / "plan.json"
    result = run("solve", tiny, "--time-limit", "5", "-o", out)
    assert result.exit_code == 4
    assert "no plan found" in result.stderr
    assert "status      UNKNOWN" in result.stdout
    assert json.loads(out.read_text())["status"] == "UNKNOWN"
    as_json = run("solve", tiny, "--json")
    assert as_json.exit_code == 4
    assert json.loads(as_json.stdout)["days"] == []


def test_model_invalid_exits_1(monkeypatch: pytest.MonkeyPatch, tiny: Path) -> None:
    from models.plan import SolveStatus

    _fake_outcome(monkeypatch, tiny, status=SolveStatus.MODEL_INVALID, days=[], message="bad")
    result = run("solve", tiny, "--json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["status"] == "MODEL_INVALID"


def test_internal_error_exits_1_without_traceback(
    monkeypatch: pytest.MonkeyPatch, tiny: Path
) -> None:
    import solver.solve

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("kaputt")

    monkeypatch.setattr(solver.solve, "solve_scenario", broken)
    monkeypatch.delenv("SPEEDBLOCK_DEBUG", raising=False)
    result = run("solve", tiny)
    assert result.exit_code == 1
    assert "internal error: RuntimeError: kaputt" in result.stderr
    assert "Traceback" not in result.stderr
    as_json = run("solve", tiny, "--json")
    assert as_json.exit_code == 1
    assert "kaputt" in json.loads(as_json.stdout)["error"]["message"]
    monkeypatch.setenv("SPEEDBLOCK_DEBUG", "1")
    debug = run("solve", tiny)
    assert debug.exit_code == 1
    assert "Traceback" in debug.stderr


# ---------------------------------------------------------------- check


def test_check_solved_plan_is_valid(tiny: Path, solved: tuple[Result, Path]) -> None:
    _, plan = solved
    result = run("check", tiny, plan, "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"valid": True, "violations": []}
    human = run("check", tiny, plan)
    assert human.exit_code == 0
    assert human.stdout.startswith("valid: no violation of ")


def _edit(plan_path: Path, date: str, **fields: Any) -> dict[str, Any]:
    plan = json.loads(plan_path.read_text())
    for day in plan["days"]:
        if day["date"] == date:
            day.update(fields)
    plan_path.write_text(json.dumps(plan))
    return plan


def test_check_edited_plan_reports_the_violation(tiny: Path, solved: tuple[Result, Path]) -> None:
    _, plan = solved
    tempo = {"session": "tempo-40", "type": "tempo", "minutes": 40, "load": 55, "hard": True}
    _edit(plan, "2027-01-16", **tempo)  # the day before the race: back-to-back hard days
    result = run("check", tiny, plan, "--json")
    assert result.exit_code == 5
    doc = json.loads(result.stdout)
    assert set(doc) == {"valid", "violations"}
    assert doc["valid"] is False
    assert "hard_spacing_days" in {v["constraint"] for v in doc["violations"]}
    for v in doc["violations"]:
        assert set(v) == {"constraint", "date", "week", "detail"}
    human = run("check", tiny, plan)
    assert human.exit_code == 5
    assert "week 2 / 2027-01-1" in human.stdout
    assert "hard_spacing_days: " in human.stdout
    assert len(human.stdout.splitlines()) == len(doc["violations"])


def test_check_blocked_day_violation(tiny: Path, solved: tuple[Result, Path]) -> None:
    _, plan = solved
    easy = {"session": "easy-30", "type": "easy", "minutes": 30, "load": 28, "hard": False}
    _edit(plan, "2027-01-06", **easy)
    doc = json.loads(run("check", tiny, plan, "--json").stdout)
    blocked = [v for v in doc["violations"] if v["constraint"] == "blocked"]
    assert blocked and blocked[0]["date"] == "2027-01-06" and blocked[0]["week"] == 1


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("this is not json", "not valid JSON"),
        ("[1, 2, 3]", "JSON object"),
        ('{"days": [', "not valid JSON"),
        ("", "empty"),
    ],
)
def test_check_unreadable_plan_exits_2(
    tiny: Path, tmp_path: Path, content: str, words: str
) -> None:
    plan = tmp_path / "plan.json"
    plan.write_text(content)
    result = run("check", tiny, plan)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {plan}: ")
    assert words in result.stderr
    assert "Traceback" not in result.stderr
    as_json = run("check", tiny, plan, "--json")
    assert as_json.exit_code == 2
    assert json.loads(as_json.stdout)["error"]["file"] == str(plan)


@pytest.mark.parametrize("kind", ["missing", "directory", "binary"])
def test_check_plan_file_problems_exit_2(tiny: Path, tmp_path: Path, kind: str) -> None:
    plan = tmp_path / "plan.json"
    if kind == "directory":
        plan.mkdir()
    elif kind == "binary":
        plan.write_bytes(b"\x89PNG\x00\x00\x01")
    result = run("check", tiny, plan)
    assert result.exit_code == 2
    assert str(plan) in result.stderr


def test_check_readable_but_wrong_plan_is_exit_5(tiny: Path, tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    plan.write_text("{}")
    result = run("check", tiny, plan, "--json")
    assert result.exit_code == 5
    assert "days" in {v["constraint"] for v in json.loads(result.stdout)["violations"]}


# ---------------------------------------------------------------- catalog and schema


def test_catalog_json() -> None:
    result = run("catalog", "--json")
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert set(doc) == {"sessions"}
    sessions = doc["sessions"]
    assert len(sessions) >= 40
    base = {"id", "type", "minutes", "load", "hard", "level", "description"}
    for s in sessions:
        assert set(s) == (base | {"distance"} if s["type"] == "race" else base)
    assert len({s["id"] for s in sessions}) == len(sessions)
    assert any(s["type"] == "rest" for s in sessions)
    assert {s["distance"] for s in sessions if s["type"] == "race"} >= {"5k", "10k"}


def test_catalog_table() -> None:
    result = run("catalog")
    assert result.exit_code == 0
    for word in ("rest", "speed_endurance", "threshold", "race", "level"):
        assert word in result.stdout


def test_schema_is_json_schema_of_the_scenario() -> None:
    result = run("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert schema["title"]
    props = set(schema["properties"])
    assert {"name", "start", "athlete", "races", "constraints", "objective", "catalog"} <= props
    assert "pins" in props
    assert {"date", "session", "type"} <= set(schema["$defs"]["Pin"]["properties"])
    assert set(schema["required"]) >= {"name", "start", "athlete"}


# ---------------------------------------------------------------- the real process


def _subprocess(*args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("SPEEDBLOCK_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "cli", *map(str, args)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_process_json_stdout_is_one_document_even_with_the_search_log(tiny: Path) -> None:
    proc = _subprocess("solve", tiny, "--json", "--log")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["status"] == "OPTIMAL"
    assert len(proc.stderr.splitlines()) > 5  # CP-SAT's log went to stderr


def test_process_bad_input_has_no_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\nstart = 2027-01-04\n')
    proc = _subprocess("solve", bad)
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"error: {bad}: athlete: ")
    assert "Traceback" not in proc.stderr
    assert proc.stdout == ""


def test_output_file_gets_the_usual_permissions(solved: tuple[Result, Path]) -> None:
    _, out = solved
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask


# ---------------------------------------------------------------- the calendar text


def test_calendar_lines_fit_100_columns_and_mark_days(tiny: Path) -> None:
    from models.io import load_scenario
    from models.outputs.terminal import render_calendar
    from models.plan import Plan, PlanDay, SolveStatus

    scenario = load_scenario(tiny)
    start = dt.date(2027, 1, 4)
    days = [
        PlanDay(
            date=start + dt.timedelta(days=i),
            session="a-very-long-session-identifier-indeed" if i % 2 else "rest",
            type="tempo" if i % 2 else "rest",
            minutes=40 if i % 2 else 0,
            load=12345 if i % 2 else 0,
            hard=bool(i % 2),
            level=0,
            description="word " * 60 if i % 2 else "",
        )
        for i in range(14)
    ]
    plan = Plan(
        scenario="tiny", status=SolveStatus.OPTIMAL, start=start, end=days[-1].date, days=days
    )
    text = render_calendar(plan, scenario)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 100
    assert sum(line.startswith("Week ") for line in lines) == 2
    assert "Wed 01-06  rest  (blocked)" in text
    assert "Tue 01-12  rest  (taper)" in text
    assert "Sun 01-17  a-very-long-ses...   40 min" in text  # cut, and marked as the race day
    assert "RACE" in text and "Park 5K (A)" in text
    assert "  H  " in text
    no_plan = plan.model_copy(update={"days": [], "status": SolveStatus.INFEASIBLE})
    assert "INFEASIBLE" in render_calendar(no_plan)
