"""Batches sharing one --out folder, and batches killed with SIGKILL: no row lost, none
written twice or by half, no job solved by two batches at once, and a rerun finishes.

Each batch runs as its own process (its solves in its worker processes), so every plan
it wrote is checked here with models/check.py."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from batch_support import (
    SCENARIO,
    assert_exports_match,
    assert_plans_check,
    batch_args,
    child_env,
    db_rows,
    make_inputs,
)
from conftest import ROOT


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    folder = make_inputs(tmp_path)
    (folder / "scenarios" / "broken.toml").unlink()
    return folder


def start(args: list[str]) -> subprocess.Popen[str]:
    """A batch in its own process group, so that a kill reaches its pool too."""
    return subprocess.Popen(
        [sys.executable, str(ROOT / "cli.py"), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=child_env(),
        cwd=ROOT,
        start_new_session=True,
    )


def test_two_batches_at_once_into_one_folder_keep_every_row_once(
    inputs: Path, tmp_path: Path
) -> None:
    """One batch under the strict set, one under both: the strict jobs are wanted by both
    and must be solved by one of them only; every job's row is there exactly once."""
    out = tmp_path / "out"
    common = ["--out", str(out), "--time-limit", "20", "--workers", "1", "--jobs", "1"]
    scenarios = str(inputs / "scenarios")
    strict, loose = str(inputs / "strict.toml"), str(inputs / "loose.toml")
    first = start(["batch", scenarios, "--constraints", strict, *common, "--json"])
    second = start(
        ["batch", scenarios, "--constraints", strict, "--constraints", loose, *common, "--json"]
    )
    docs = []
    for process in (first, second):
        stdout, stderr = process.communicate(timeout=240)
        assert process.returncode == 0, stderr
        assert "Traceback" not in stderr
        docs.append(json.loads(stdout))
    rows = assert_plans_check(out)
    assert sorted(rows) == ["a--loose", "a--strict", "b--loose", "b--strict"]
    assert assert_exports_match(out) == rows
    csv_jobs = [line.split(",")[0] for line in (out / "results.csv").read_text().splitlines()]
    assert csv_jobs == ["job", *sorted(rows)]
    # No job solved twice: the runs add up to the jobs, each batch reports all of its own.
    assert docs[0]["run"] + docs[1]["run"] == 4
    assert docs[0]["run"] + docs[0]["skipped"] + docs[0]["elsewhere"] == 2
    assert docs[1]["run"] + docs[1]["skipped"] + docs[1]["elsewhere"] == 4
    assert {r["job"] for r in docs[1]["results"]} == set(rows)
    assert all(r["status"] in ("OPTIMAL", "FEASIBLE") for r in docs[0]["results"])


def kill_after(args: list[str], out: Path, rows: int) -> None:
    """Start the batch and SIGKILL it (and its pool) once the table has `rows` rows, at a
    random moment up to 0.3 s later (in the next job's plan, row or export, or between)."""
    process = start(args)
    deadline = time.monotonic() + 180
    try:
        while len(db_rows(out)) < rows:
            assert process.poll() is None, process.communicate()[1]
            assert time.monotonic() < deadline, "the batch wrote too few rows"
            time.sleep(0.05)
        time.sleep(random.uniform(0, 0.3))
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate(timeout=60)


def test_sigkill_at_any_point_loses_no_finished_job(inputs: Path, tmp_path: Path) -> None:
    (inputs / "scenarios" / "c.toml").write_text(
        SCENARIO.format(name="three-weeks-5k", race="2027-03-21", distance="5k")
    )
    out = tmp_path / "out"
    args = batch_args(inputs, out, "--jobs", "1")
    seen: dict[str, str] = {}
    for target in (0, 1, 3):
        kill_after(args, out, target)
        rows = assert_plans_check(out)  # every row whole, with its plan, valid
        assert len(rows) >= target
        for key, fingerprint in seen.items():  # a finished job is never lost or redone
            assert rows[key]["fingerprint"] == fingerprint
        seen = {key: row["fingerprint"] for key, row in rows.items()}
    rerun = subprocess.run(
        [sys.executable, str(ROOT / "cli.py"), *args],
        capture_output=True,
        text=True,
        timeout=240,
        env=child_env(),
        cwd=ROOT,
    )
    assert rerun.returncode == 0, rerun.stderr
    assert f"{6 - len(seen)} run, {len(seen)} already done" in rerun.stderr
    rows = assert_plans_check(out)
    assert len(rows) == 6 and assert_exports_match(out) == rows
    # A plan left by a kill between its file and its row was solved again and replaced.
    assert sorted(p.stem for p in (out / "plans").glob("*.json")) == sorted(rows)
    assert not list(out.glob(".results.jsonl.*.tmp")) and not list(out.glob(".results.csv.*.tmp"))
