"""The workbench's API through FastAPI's test client: the editor, solving with progress
and Cancel, manual edits checked at once, re-optimizing around pins, downloads, two
plans side by side, and the workspace's walls. Every plan a solve returns is checked
here with the independent checker (the solves run in a child process, out of reach of
conftest's own check)."""

from __future__ import annotations

import io
import json
import os
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("tomlkit")

from fastapi.testclient import TestClient

from models.check import check_plan
from models.io import load_scenario
from workbench.app import create_app
from workbench.workspace import Workspace

from conftest import cli_runner

NAME = "three-weeks.toml"
SCENARIO = """\
# Three weeks to a 5K: the workbench tests' block.
name = "three-weeks"
start = 2027-01-04            # a Monday

[athlete]
name = "tester"
chronic_load = 300            # the last four weeks' average
longest_recent_run_min = 70
recent_race = { distance = "5k", time = "21:00" }
availability = { mon = 60, tue = 75, wed = 60, thu = 75, fri = 0, sat = 90, sun = 90 }

[[races]]
date = 2027-01-24
distance = "5k"
priority = "A"
name = "Park 5K"

[constraints]
taper = { A = { days = 7, cut_pct = 20 } }
"""
TIME_LIMIT = 4


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    (tmp_path / NAME).write_text(SCENARIO)
    return tmp_path


@pytest.fixture
def client(workspace: Path) -> Any:
    with TestClient(create_app(Workspace.open(workspace), time_limit=TIME_LIMIT)) as c:
        yield c


def wait(client: TestClient, name: str = NAME, timeout: float = 120) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get("/api/job", params={"name": name}).json()
        if job["state"] != "running":
            return job
        time.sleep(0.2)
    raise AssertionError("the solve did not end")


def solved(client: TestClient, workspace: Path, **body: Any) -> dict[str, Any]:
    """Solve (or re-optimize) and return the stored plan, checked by the checker."""
    answer = client.post("/api/solve", json={"name": NAME, "time_limit": TIME_LIMIT, **body})
    assert answer.status_code == 200, answer.text
    job = wait(client)
    assert job["state"] == "done", job
    assert job["status"] in ("OPTIMAL", "FEASIBLE"), job
    assert job["improvements"] >= 1 and job["progress"]["objective"] is not None
    plan = json.loads((workspace / "three-weeks.plan.json").read_text())
    scenario = load_scenario(workspace / NAME)
    pins = plan_pins(plan)
    assert check_plan(scenario, plan) == []
    for date, session in pins.items():
        assert next(d for d in plan["days"] if d["date"] == date)["session"] == session
    return plan


def plan_pins(plan: dict[str, Any]) -> dict[str, str]:
    by_date = {d["date"]: d["session"] for d in plan["days"]}
    return {date: by_date[date] for date in plan.get("workbench", {}).get("pinned", [])}


def errors_of(answer: Any) -> list[dict[str, Any]]:
    return answer.json()["errors"]


# ---------------------------------------------------------------- the workspace's walls


@pytest.mark.parametrize(
    "name",
    ["../outside.toml", "/etc/passwd", "sub/../../outside.toml", "..", "a\x00b.toml"],
)
def test_names_outside_the_workspace_are_refused(client: TestClient, name: str) -> None:
    for answer in (
        client.get("/api/scenario", params={"name": name}),
        client.get("/api/download", params={"name": name, "format": "json"}),
        client.put("/api/scenario", json={"name": name, "values": {}}),
        client.post("/api/plan/edit", json={"name": name, "sessions": [], "pinned": []}),
        client.post("/api/solve", json={"name": name}),
    ):
        assert answer.status_code == 400, answer.text
        assert "Traceback" not in answer.text
        assert answer.json()["error"]["file"] == name


def test_a_symlink_out_of_the_workspace_is_refused(client: TestClient, workspace: Path) -> None:
    outside = workspace.parent / "outside-scenario.toml"
    outside.write_text(SCENARIO)
    (workspace / "link.toml").symlink_to(outside)
    answer = client.get("/api/scenario", params={"name": "link.toml"})
    assert answer.status_code == 400
    assert "outside the workspace" in answer.json()["error"]["message"]
    assert "link.toml" not in client.get("/api/scenarios").json()["scenarios"]


def test_the_index_lists_scenarios_but_not_plans(client: TestClient, workspace: Path) -> None:
    (workspace / "three-weeks.plan.json").write_text("{}")
    (workspace / "log.json").write_text("[]")
    assert client.get("/api/scenarios").json()["scenarios"] == [NAME]
    page = client.get("/")
    assert page.status_code == 200 and 'href="/plan?scenario=three-weeks.toml"' in page.text


def test_a_request_body_over_the_limit_is_refused(client: TestClient) -> None:
    answer = client.post(
        "/api/plan/edit", content=b"x" * 1_000_001, headers={"content-type": "application/json"}
    )
    assert answer.status_code == 413
    assert answer.json()["error"]["field"] == "body"


def test_an_internal_error_is_one_line_not_a_traceback(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import workbench.service as service

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(service.Service, "scenario_form", broken)
    app = create_app(Workspace.open(workspace))
    with TestClient(app, raise_server_exceptions=False) as client:
        answer = client.get("/api/scenario", params={"name": NAME})
    assert answer.status_code == 500
    assert answer.json()["error"]["message"] == "internal error: RuntimeError: disk on fire"
    assert "Traceback" not in answer.text


# ---------------------------------------------------------------------- the editor


def test_the_form_shows_each_value_and_its_default(client: TestClient) -> None:
    form = client.get("/api/scenario", params={"name": NAME}).json()
    values = form["values"]
    assert values["athlete.chronic_load"] == "300"
    assert values["athlete.availability.fri"] == "0"
    assert values["races"] == 1 and values["races[0].date"] == "2027-01-24"
    assert values["constraints.ramp_pct"] == ""  # left to its default
    fields = {f["path"]: f for s in form["sections"] for f in s["fields"]}
    assert fields["constraints.ramp_pct"]["default"] == "10"
    assert fields["constraints.hard_spacing_days"]["default"] == "1"
    assert fields["athlete.availability.mon"]["default"] == "120"
    assert form["errors"] == []


def test_errors_carry_the_command_lines_text(client: TestClient, workspace: Path) -> None:
    broken = workspace / "broken.toml"
    broken.write_text(SCENARIO.replace("chronic_load = 300", "chronic_lode = 300"))
    form = client.get("/api/scenario", params={"name": "broken.toml"}).json()
    result = cli_runner().invoke(
        __import__("cli").cli, ["check", str(broken), str(broken)], catch_exceptions=False
    )
    assert result.exit_code == 2
    cli_lines = [line.removeprefix("error: ") for line in result.stderr.splitlines()]
    shown = [e["line"].replace("broken.toml", str(broken), 1) for e in form["errors"]]
    assert shown == cli_lines
    assert form["errors"][0]["field"] == "athlete.chronic_lode"
    assert "chronic_load" in form["errors"][0]["message"]


def test_validation_puts_each_error_on_its_field(client: TestClient) -> None:
    values = client.get("/api/scenario", params={"name": NAME}).json()["values"]
    values.update(
        {
            "athlete.chronic_load": "lots",
            "races[0].date": "2027-02-30",
            "constraints.ramp_pct": "-5",
        }
    )
    errors = client.post("/api/scenario/validate", json={"name": NAME, "values": values})
    fields = {e["field"] for e in errors.json()["errors"]}
    assert {"athlete.chronic_load", "races[0].date"} <= fields
    values.update({"athlete.chronic_load": "300", "races[0].date": "2027-01-24"})
    errors = client.post("/api/scenario/validate", json={"name": NAME, "values": values})
    assert [e["field"] for e in errors.json()["errors"]] == ["constraints.ramp_pct"]


def test_saving_changes_only_what_was_edited(client: TestClient, workspace: Path) -> None:
    values = client.get("/api/scenario", params={"name": NAME}).json()["values"]
    values["races[0].date"] = "2027-01-23"
    values["constraints.ramp_pct"] = "8"
    values["athlete.availability.fri"] = ""  # back to the default
    answer = client.put("/api/scenario", json={"name": NAME, "values": values})
    assert answer.status_code == 200, answer.text
    text = (workspace / NAME).read_text()
    assert "# Three weeks to a 5K" in text and "# the last four weeks' average" in text
    assert "date = 2027-01-23" in text and "ramp_pct = 8" in text and "fri" not in text
    scenario = load_scenario(workspace / NAME)
    assert scenario.races[0].date.isoformat() == "2027-01-23"
    assert scenario.constraints.ramp_pct == 8
    assert not [p for p in workspace.iterdir() if p.name.endswith(".tmp")]


def test_an_invalid_form_writes_nothing(client: TestClient, workspace: Path) -> None:
    before = (workspace / NAME).read_bytes()
    values = {"athlete.chronic_load": "-3", "races[0].date": "2027-01-24"}
    answer = client.put("/api/scenario", json={"name": NAME, "values": values})
    assert answer.status_code == 400
    assert errors_of(answer)[0]["field"] == "athlete.chronic_load"
    assert (workspace / NAME).read_bytes() == before


def test_a_save_that_fails_leaves_the_file_whole(
    client: TestClient, workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = (workspace / NAME).read_bytes()

    def crash(*args: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    values = client.get("/api/scenario", params={"name": NAME}).json()["values"]
    values["constraints.ramp_pct"] = "7"
    answer = client.put("/api/scenario", json={"name": NAME, "values": values})
    assert answer.status_code == 400 and "No space left" in answer.json()["error"]["message"]
    assert (workspace / NAME).read_bytes() == before
    assert sorted(p.name for p in workspace.iterdir()) == [NAME]


def test_yaml_and_json_scenarios_are_saved_in_their_own_format(
    client: TestClient, workspace: Path
) -> None:
    doc = load_scenario(workspace / NAME).model_dump(mode="json", exclude_none=True)
    (workspace / "j.json").write_text(json.dumps(doc))
    (workspace / "y.yaml").write_text("# a comment kept\n" + _yaml(doc))
    for name in ("j.json", "y.yaml"):
        values = client.get("/api/scenario", params={"name": name}).json()["values"]
        values["athlete.chronic_load"] = "310"
        assert client.put("/api/scenario", json={"name": name, "values": values}).status_code == 200
        assert load_scenario(workspace / name).athlete.chronic_load == 310
    assert (workspace / "y.yaml").read_text().startswith("# a comment kept")


def _yaml(doc: dict[str, Any]) -> str:
    from ruamel.yaml import YAML

    out = io.StringIO()
    YAML().dump(doc, out)
    return out.getvalue()


# ------------------------------------------------------------- solving and editing


def test_solve_shows_progress_and_keeps_a_checked_plan(client: TestClient, workspace: Path) -> None:
    plan = solved(client, workspace)
    view = client.get("/api/plan", params={"name": NAME}).json()
    assert view["violations"] == [] and view["pinned"] == []
    assert len(view["plan"]["days"]) == 21 and view["race_days"] == ["2027-01-24"]
    assert view["plan"]["days"] == plan["days"]
    assert view["metrics"]["total_load"] == sum(d["load"] for d in plan["days"])
    assert 0 < view["metrics"]["easy_share"] <= 1


def test_a_second_solve_of_one_plan_is_refused_and_cancel_stops_it(
    client: TestClient, workspace: Path
) -> None:
    first = client.post("/api/solve", json={"name": NAME, "time_limit": 60})
    assert first.status_code == 200
    second = client.post("/api/solve", json={"name": NAME, "time_limit": 60})
    assert second.status_code == 409
    assert "already being solved" in second.json()["error"]["message"]
    process = client.app.state.jobs.get(NAME).process  # type: ignore[attr-defined]
    answer = client.post("/api/cancel", json={"name": NAME})
    assert answer.status_code == 200 and answer.json()["state"] == "cancelled"
    assert process.poll() is not None  # the search's process is gone
    assert not (workspace / "three-weeks.plan.json").exists()
    assert client.post("/api/cancel", json={"name": NAME}).status_code == 409


def test_an_edit_is_checked_at_once_and_undo_restores(client: TestClient, workspace: Path) -> None:
    plan = solved(client, workspace)
    sessions = [d["session"] for d in plan["days"]]
    scenario = load_scenario(workspace / NAME)
    hard = [i for i, d in enumerate(plan["days"]) if d["hard"] and d["type"] != "race"]
    assert hard, "the plan has no hard day to move"
    # A hard session on the day after a hard day breaks the spacing rule.
    i = hard[0]
    date = plan["days"][i + 1]["date"]
    options = client.get("/api/day", params={"name": NAME, "date": date}).json()["sessions"]
    assert all(o["type"] != "race" for o in options)
    edited = list(sessions)
    edited[i + 1] = sessions[i]
    view = client.post(
        "/api/plan/edit", json={"name": NAME, "sessions": edited, "pinned": [date]}
    ).json()
    stored = json.loads((workspace / "three-weeks.plan.json").read_text())
    assert [v for v in view["violations"]] == [v.as_dict() for v in check_plan(scenario, stored)]
    assert any(v["constraint"] == "hard_spacing_days" for v in view["violations"])
    assert view["pinned"] == [date]
    back = client.post(
        "/api/plan/edit", json={"name": NAME, "sessions": sessions, "pinned": []}
    ).json()
    assert back["violations"] == [] and back["pinned"] == []


def test_race_days_are_not_editable(client: TestClient, workspace: Path) -> None:
    solved(client, workspace)
    answer = client.get("/api/day", params={"name": NAME, "date": "2027-01-24"})
    assert answer.status_code == 400 and "race day" in answer.json()["error"]["message"]


def test_reoptimizing_keeps_the_pins_and_lists_the_changed_days(
    client: TestClient, workspace: Path
) -> None:
    plan = solved(client, workspace)
    sessions = [d["session"] for d in plan["days"]]
    date = plan["days"][2]["date"]
    options = client.get("/api/day", params={"name": NAME, "date": date}).json()["sessions"]
    choice = next(o["id"] for o in options if o["type"] == "easy" and o["id"] != sessions[2])
    sessions[2] = choice
    client.post("/api/plan/edit", json={"name": NAME, "sessions": sessions, "pinned": [date]})
    after = solved(client, workspace, reoptimize=True)
    assert after["days"][2]["session"] == choice
    changes = after["workbench_changes"]
    moved = {d["date"] for d in changes["days"]}
    assert moved == {
        d["date"] for d, s in zip(after["days"], sessions, strict=True) if d["session"] != s
    }
    assert isinstance(changes["weighted_perf_change"], float)
    assert after["scenario_document"]["name"] == "three-weeks"
    assert "history" not in after["scenario_document"]


def test_pins_no_plan_can_keep_show_the_conflicts(client: TestClient, workspace: Path) -> None:
    plan = solved(client, workspace)
    sessions = [d["session"] for d in plan["days"]]
    quality = next(d["session"] for d in plan["days"] if d["hard"] and d["type"] != "race")
    # Hard sessions on three days in a row, all pinned: the spacing rule cannot hold.
    for i in (7, 8, 9):
        sessions[i] = quality
    pinned = [plan["days"][i]["date"] for i in (7, 8, 9)]
    client.post("/api/plan/edit", json={"name": NAME, "sessions": sessions, "pinned": pinned})
    kept = (workspace / "three-weeks.plan.json").read_text()
    client.post("/api/solve", json={"name": NAME, "time_limit": TIME_LIMIT, "reoptimize": True})
    job = wait(client)
    assert job["status"] == "INFEASIBLE"
    rules = {c["constraint"] for c in job["conflicts"]}
    assert "pins" in rules or "hard_spacing_days" in rules
    assert (workspace / "three-weeks.plan.json").read_text() == kept  # the edits stay


# ----------------------------------------------------------- downloads and comparing


def test_every_download_is_the_exports_own(client: TestClient, workspace: Path) -> None:
    solved(client, workspace)
    ics = client.get("/api/download", params={"name": NAME, "format": "ics"})
    assert ics.status_code == 200 and ics.headers["content-type"].startswith("text/calendar")
    import icalendar

    events = [c for c in icalendar.Calendar.from_ical(ics.content).walk() if c.name == "VEVENT"]
    assert any("Park 5K" in str(e.get("summary")) for e in events)
    fit = client.get("/api/download", params={"name": NAME, "format": "fit"})
    names = zipfile.ZipFile(io.BytesIO(fit.content)).namelist()
    assert names and all(n.endswith(".fit") for n in names)
    report = client.get("/api/download", params={"name": NAME, "format": "report"})
    assert report.text.startswith("<!DOCTYPE html>") or report.text.startswith("<!doctype html>")
    for fmt in ("json", "md", "csv", "intervals"):
        answer = client.get("/api/download", params={"name": NAME, "format": fmt})
        assert answer.status_code == 200 and answer.content
        assert "attachment" in answer.headers["content-disposition"]
    assert client.get("/api/download", params={"name": NAME, "format": "pdf"}).status_code == 400
    chart = client.get("/api/chart", params={"name": NAME, "kind": "fitness"})
    assert chart.content.startswith(b"\x89PNG")


def test_two_plans_side_by_side(client: TestClient, workspace: Path) -> None:
    plan = solved(client, workspace)
    copy = client.post("/api/plan/copy", json={"name": NAME}).json()["copy"]
    assert copy == "three-weeks-1.plan.json"
    sessions = [d["session"] for d in plan["days"]]
    sessions[0] = "rest"
    client.post("/api/plan/edit", json={"name": NAME, "sessions": sessions, "pinned": []})
    files = client.get("/api/plans", params={"name": NAME}).json()["plans"]
    assert files == ["three-weeks.plan.json", copy]
    both = client.get(
        "/api/compare", params={"name": NAME, "first": files[0], "second": files[1]}
    ).json()
    first, second = both["plans"]
    assert [p["name"] for p in both["plans"]] == files
    assert sum(first["weekly_load_by_type"][0].values()) <= sum(
        second["weekly_load_by_type"][0].values()
    )
    assert len(first["races"]) == 1


def test_serve_refuses_a_workspace_that_is_not_a_folder(tmp_path: Path) -> None:
    from cli import cli

    result = cli_runner().invoke(cli, ["serve", str(tmp_path / "missing")])
    assert result.exit_code == 2
    assert "is not a folder" in result.stderr and "Traceback" not in result.stderr


def test_only_loopback_addresses_count_as_local() -> None:
    from workbench.server import is_loopback

    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.10")
