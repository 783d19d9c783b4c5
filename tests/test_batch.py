"""`speedblock batch`: the cross product of scenarios and constraint sets, results that are
never lost, resume, Ctrl-C, and the same plans from a real local Dask cluster.

The solves run in worker processes, out of reach of conftest's autouse checker, so every
test here runs models/check/ on every plan the batch wrote."""

from __future__ import annotations

import csv
import json
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from models.results.table import COLUMNS, RESULTS_CSV
from solver.batch import BatchSettings, Job, discover_scenarios, pending, plan_jobs, unique_names
from solver.batch import load_constraint_sets as load_sets

from batch_support import (
    assert_exports_match,
    assert_plans_check,
    batch_args,
    child_env,
    cli_run,
    db_rows,
    make_inputs,
)
from conftest import ROOT


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    return make_inputs(tmp_path)


def test_batch_solves_the_cross_product_and_resumes(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = cli_run(*batch_args(inputs, out, "--jobs", "2"))
    # The invalid scenario is recorded as failed and the batch goes on: exit 2 at the end.
    assert first.returncode == 2, first.stderr
    assert "Traceback" not in first.stderr
    rows = assert_plans_check(out)
    assert assert_exports_match(out) == rows
    assert sorted(rows) == [
        "a--loose",
        "a--strict",
        "b--loose",
        "b--strict",
        "broken--loose",
        "broken--strict",
    ]
    broken = rows["broken--strict"]
    assert broken["status"] == "FAILED"
    assert "broken.toml" in broken["error"] and "athlete.chronic_load" in broken["error"]
    for key in ("a--loose", "a--strict", "b--loose", "b--strict"):
        assert rows[key]["status"] in ("OPTIMAL", "FEASIBLE")
        assert rows[key]["a_race_perf"] is not None and rows[key]["max_acwr"] is not None
        assert (out / "plans" / f"{key}.json").is_file()
    with (out / RESULTS_CSV).open() as fh:
        table = list(csv.DictReader(fh))
    assert [r["job"] for r in table] == sorted(rows)
    assert tuple(table[0]) == COLUMNS
    assert rows["a--strict"]["constraints_file"].endswith("strict.toml")

    stamps = {p.name: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    second = cli_run(*batch_args(inputs, out, "--jobs", "2"))
    assert second.returncode == 2
    assert "0 run, 6 already done" in second.stderr
    assert stamps == {p.name: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}

    # Changing one input redoes exactly the jobs that read it.
    (inputs / "loose.toml").write_text("ramp_pct = 25\n")
    third = cli_run(*batch_args(inputs, out, "--jobs", "2", "--retry-failed", "--json"))
    assert "4 run, 2 already done" in third.stderr
    assert db_rows(out)["a--loose"]["fingerprint"] != rows["a--loose"]["fingerprint"]
    assert db_rows(out)["a--strict"]["fingerprint"] == rows["a--strict"]["fingerprint"]

    doc = json.loads(third.stdout)
    assert doc["run"] == 4 and doc["skipped"] == 2
    assert {r["job"] for r in doc["results"]} == set(rows)


def test_bad_batch_input_stops_before_anything_is_written(inputs: Path, tmp_path: Path) -> None:
    (inputs / "typo.toml").write_text("ramp_pc = 5\n")
    out = tmp_path / "out"
    result = cli_run(
        "batch",
        str(inputs / "scenarios"),
        "--constraints",
        str(inputs / "typo.toml"),
        "--out",
        str(out),
    )
    assert result.returncode == 2
    assert "typo.toml" in result.stderr and "ramp_pc" in result.stderr
    assert not out.exists()
    missing = cli_run("batch", str(inputs / "nowhere"), "--out", str(out))
    assert missing.returncode == 2 and "not found" in missing.stderr
    empty = inputs / "empty"
    empty.mkdir()
    nothing = cli_run("batch", str(empty), "--out", str(out))
    assert nothing.returncode == 2 and "holds no scenario file" in nothing.stderr


def test_interrupt_keeps_finished_results_and_rerun_completes(inputs: Path, tmp_path: Path) -> None:
    (inputs / "scenarios" / "broken.toml").unlink()
    shutil.copy(inputs / "scenarios" / "a.toml", inputs / "scenarios" / "c.toml")
    out = tmp_path / "out"
    args = batch_args(inputs, out, "--jobs", "2")
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "cli.py"), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=child_env(),
        cwd=ROOT,
        # A suite started in the background inherits SIGINT ignored, and so would the
        # batch: give it the default, as a terminal's Ctrl-C finds it.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 180
    while not db_rows(out) and time.monotonic() < deadline:
        time.sleep(0.2)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "interrupted" in stderr and "Traceback" not in stderr
    kept = assert_plans_check(out)
    assert 1 <= len(kept) < 6
    assert not list(out.rglob("*.tmp"))

    rerun = cli_run(*args)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{6 - len(kept)} run, {len(kept)} already done" in rerun.stderr
    assert len(assert_plans_check(out)) == 6


def test_pending_skips_done_jobs_only(tmp_path: Path) -> None:
    settings = BatchSettings(time_limit=1, workers=1, seed=0)
    (tmp_path / "a.toml").write_text("x")
    jobs = plan_jobs([tmp_path / "a.toml"], load_sets([]), settings)
    (job,) = jobs
    assert isinstance(job, Job) and job.key == "a--scenario"
    rows = {job.key: {"fingerprint": job.fingerprint, "status": "OPTIMAL"}}
    assert pending(jobs, rows, tmp_path, settings) == jobs  # no plan file on disk
    (tmp_path / "plans").mkdir()
    (tmp_path / job.plan_name).write_text("{}")
    assert pending(jobs, rows, tmp_path, settings) == []
    other_seed = BatchSettings(time_limit=1, workers=1, seed=1)
    assert plan_jobs([tmp_path / "a.toml"], load_sets([]), other_seed)[0].fingerprint != (
        job.fingerprint
    )
    failed = {job.key: {"fingerprint": job.fingerprint, "status": "FAILED"}}
    assert pending(jobs, failed, tmp_path, settings) == []
    retry = BatchSettings(time_limit=1, workers=1, seed=0, retry_failed=True)
    assert pending(jobs, failed, tmp_path, retry) == jobs
    force = BatchSettings(time_limit=1, workers=1, seed=0, force=True)
    assert pending(jobs, rows, tmp_path, force) == jobs


def test_names_stay_unique_and_folders_are_searched(tmp_path: Path) -> None:
    assert unique_names(["x", "y"], [Path("a/x.toml"), Path("a/y.toml")]) == ["x", "y"]
    names = unique_names(["x", "x"], [Path("a/x.toml"), Path("b/x.json")])
    assert len(set(names)) == 2 and names[0].endswith("x-toml")
    (tmp_path / "sub").mkdir()
    (tmp_path / "one.toml").write_text("x")
    (tmp_path / "sub" / "two.yaml").write_text("x")
    assert [p.name for p in discover_scenarios([str(tmp_path)])] == ["one.toml"]
    found = discover_scenarios([str(tmp_path), str(tmp_path / "one.toml")], recursive=True)
    assert sorted(p.name for p in found) == ["one.toml", "two.yaml"]


# ---------------------------------------------------------------- Dask


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def dask_cluster(tmp_path: Path) -> Iterator[str]:
    """A real Dask scheduler and two single-threaded worker processes on loopback."""
    pytest.importorskip("distributed")
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    common = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "env": child_env()}
    scheduler = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "distributed.cli.dask_scheduler",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-dashboard",
        ],
        **common,  # type: ignore[call-overload]
    )
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "distributed.cli.dask_worker",
            address,
            "--nworkers",
            "2",
            "--nthreads",
            "1",
            "--no-dashboard",
            "--local-directory",
            str(tmp_path / "dask"),
        ],
        **common,  # type: ignore[call-overload]
    )
    try:
        wait_for_workers(address, 2)
        yield address
    finally:
        for process in (worker, scheduler):
            process.terminate()
        for process in (worker, scheduler):
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def wait_for_workers(address: str, count: int) -> None:
    from distributed import Client

    deadline = time.monotonic() + 60
    while True:
        try:
            with Client(address, timeout="5s") as client:
                client.wait_for_workers(count, timeout=60)
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def test_a_dask_cluster_gives_the_same_plans_as_the_process_pool(
    inputs: Path, tmp_path: Path, dask_cluster: str
) -> None:
    (inputs / "scenarios" / "broken.toml").unlink()
    pool_out, dask_out = tmp_path / "pool", tmp_path / "dask"
    pool = cli_run(*batch_args(inputs, pool_out, "--jobs", "2"))
    assert pool.returncode == 0, pool.stderr
    remote = cli_run(*batch_args(inputs, dask_out, "--scheduler", dask_cluster))
    assert remote.returncode == 0, remote.stderr
    assert "Dask cluster" in remote.stderr
    pool_rows, dask_rows = assert_plans_check(pool_out), assert_plans_check(dask_out)
    assert sorted(pool_rows) == sorted(dask_rows) and len(pool_rows) == 4
    for key, row in pool_rows.items():
        assert dask_rows[key]["objective"] == row["objective"]
        pool_plan = json.loads((pool_out / row["plan_file"]).read_text())
        dask_plan = json.loads((dask_out / dask_rows[key]["plan_file"]).read_text())
        assert dask_plan["days"] == pool_plan["days"], key
    # The client alone wrote the table, through the same database, and left no claim.
    assert assert_exports_match(dask_out) == dask_rows
    # A Dask batch resuming into the pool's folder sees every job the pool finished.
    again = cli_run(*batch_args(inputs, pool_out, "--scheduler", dask_cluster))
    assert again.returncode == 0, again.stderr
    assert "0 run, 4 already done" in again.stderr


def test_unreachable_scheduler_is_a_usage_error(inputs: Path, tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    address = f"tcp://127.0.0.1:{free_port()}"
    result = cli_run(
        "batch", str(inputs / "scenarios"), "--out", str(tmp_path / "o"), "--scheduler", address
    )
    assert result.returncode == 2
    assert "cannot reach the Dask scheduler" in result.stderr
