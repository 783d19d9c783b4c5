"""What the batch tests share: tiny scenario files, the batch command line run in a
child process, and the check of every plan a batch wrote (the solves run in worker
processes, out of reach of conftest's autouse checker)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from models.check import check_plan
from models.io import load_scenario
from models.results.db import DB_NAME, ResultsDB
from models.results.table import COLUMNS, STATUSES_WITH_PLAN, read_rows

from conftest import ROOT

SCENARIO = """\
name = "{name}"
start = 2027-03-01

[athlete]
chronic_load = 300
longest_recent_run_min = 70

[[races]]
date = {race}
distance = "{distance}"
"""
BROKEN = SCENARIO.replace("chronic_load = 300", "chronic_load = -5")


def cli_run(*args: str, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "cli.py"), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=child_env(),
        cwd=ROOT,
    )


def child_env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def make_inputs(tmp_path: Path) -> Path:
    """Two valid scenarios, one invalid, and two constraint sets."""
    folder = tmp_path / "in"
    (folder / "scenarios").mkdir(parents=True)
    (folder / "scenarios" / "a.toml").write_text(
        SCENARIO.format(name="two-weeks-5k", race="2027-03-14", distance="5k")
    )
    (folder / "scenarios" / "b.toml").write_text(
        SCENARIO.format(name="ten-days-10k", race="2027-03-10", distance="10k")
    )
    (folder / "scenarios" / "broken.toml").write_text(
        BROKEN.format(name="broken", race="2027-03-14", distance="10k")
    )
    (folder / "scenarios" / "notes.txt").write_text("not a scenario")
    (folder / "strict.toml").write_text("ramp_pct = 5\nmax_hard_per_week = 2\n")
    (folder / "loose.toml").write_text("ramp_pct = 20\n")
    return folder


def batch_args(inputs: Path, out: Path, *extra: str) -> list[str]:
    return [
        "batch",
        str(inputs / "scenarios"),
        "--constraints",
        str(inputs / "strict.toml"),
        "--constraints",
        str(inputs / "loose.toml"),
        "--out",
        str(out),
        "--time-limit",
        "20",
        "--workers",
        "1",
        *extra,
    ]


def assert_plans_check(out: Path) -> dict[str, dict[str, Any]]:
    """The rows of the folder's database: each whole, and each plan it names on disk and
    valid under its scenario and constraint set."""
    rows = db_rows(out)
    for key, row in rows.items():
        assert key == row["job"] and set(COLUMNS) <= set(row), key
        assert row["status"] and row["fingerprint"], key
        if row["status"] in STATUSES_WITH_PLAN:
            plan = json.loads((out / row["plan_file"]).read_text())
            assert plan["status"] == row["status"], key
            scenario = load_scenario(row["scenario_file"], row["constraints_file"])
            assert check_plan(scenario, plan) == [], key
    return rows


def db_rows(out: Path) -> dict[str, dict[str, Any]]:
    """The rows of a batch folder's database (none yet: empty)."""
    if not (out / DB_NAME).exists():
        return {}
    with ResultsDB.open_read(out / DB_NAME) as db:
        return db.rows()


def assert_exports_match(out: Path) -> dict[str, dict[str, Any]]:
    """results.jsonl holds exactly the database's rows, each once, in job order."""
    rows = db_rows(out)
    lines = (out / "results.jsonl").read_text().splitlines()
    assert [json.loads(line)["job"] for line in lines] == sorted(rows)
    assert json.dumps(read_rows(out), sort_keys=True, default=str) == json.dumps(
        rows, sort_keys=True, default=str
    )
    with ResultsDB.open_read(out / DB_NAME) as db:
        assert db.claims() == []
    return rows
