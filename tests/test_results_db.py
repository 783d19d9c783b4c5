"""The results database: rows kept exactly, exports, older folders imported, schema
migration, foreign or corrupt files left untouched, claims and dead processes, write
failures as exit 2, and the `results` command's filters and sort."""

from __future__ import annotations

import concurrent.futures as cf
import errno
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import models.results.db as rdb
import models.results.schema as schema
from cli import cli
from models.errors import InputError
from models.results.claims import Claim, Claimant, is_live, process_started
from models.results.db import BUSY, CLAIMED, DB_NAME, DONE, ResultsDB, read_results
from models.results.table import RESULTS_CSV, RESULTS_JSONL, complete, read_rows, write_rows
from solver.batch import BatchSettings, load_constraint_sets, plan_jobs
from solver.batch_run import run_batch

from batch_support import SCENARIO, assert_exports_match, assert_plans_check
from conftest import cli_runner


def row(job: str, status: str = "OPTIMAL", **extra: Any) -> dict[str, Any]:
    scenario, cset = job.split("--")
    return complete(
        {
            "job": job,
            "scenario": scenario,
            "scenario_file": f"{scenario}.toml",
            "constraint_set": cset,
            "status": status,
            "objective": 10.5,
            "seed": 0,
            "stopped_by_wall_clock": False,
            "max_monotony": float("inf"),
            "fingerprint": "f" + job,
            **extra,
        }
    )


ROWS = [
    row("a--strict", races=[{"date": "2027-03-14", "perf": 90.1}], penalties=[]),
    row("a--loose", objective=12, gap=0.01),
    row("b--strict", "INFEASIBLE", objective=None, conflicts="ramp;taper"),
    row("b--loose", "FAILED", error="b.toml: bad", error_kind="input"),
]
ME = Claimant.current()


def filled(folder: Path) -> ResultsDB:
    folder.mkdir(exist_ok=True)
    db = ResultsDB.open(folder)
    for r in ROWS:
        db.record(r, ME)
    return db


def test_rows_come_back_exactly_and_the_exports_follow_the_table(tmp_path: Path) -> None:
    with filled(tmp_path / "out") as db:
        rows = db.rows()
        assert list(rows) == sorted(r["job"] for r in ROWS)
        assert rows == {r["job"]: r for r in ROWS}
        assert isinstance(rows["a--loose"]["objective"], int)
        assert rows["a--strict"]["stopped_by_wall_clock"] is False
        assert db.generation() == 4
        assert db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        db.export(tmp_path / "out")
        assert read_rows(tmp_path / "out") == rows
        stamp = (tmp_path / "out" / RESULTS_CSV).stat().st_mtime_ns
        db.export(tmp_path / "out")  # nothing new: not rewritten
        assert (tmp_path / "out" / RESULTS_CSV).stat().st_mtime_ns == stamp
        (tmp_path / "out" / RESULTS_CSV).unlink()
        db.export(tmp_path / "out")  # missing: written again
        assert (tmp_path / "out" / RESULTS_CSV).is_file()
    assert read_results(tmp_path / "out") == rows


def test_an_older_folder_is_imported_and_compare_reads_it_without_writing(tmp_path: Path) -> None:
    folder = tmp_path / "old"
    folder.mkdir()
    write_rows(folder, ROWS)
    assert len(read_results(folder)) == 4  # read only: no database made
    assert not (folder / DB_NAME).exists()
    with ResultsDB.open(folder) as db:
        assert db.rows() == read_rows(folder)
        assert db.conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
        by = {r[0] for r in db.conn.execute("SELECT finished_by FROM results")}
        assert by == {f"imported from {RESULTS_JSONL}"}
    assert not list(folder.glob(".*.tmp"))


def test_an_older_schema_is_migrated_and_a_newer_one_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    filled(tmp_path / "out").close()
    later = schema.SCHEMA_VERSION + 1
    monkeypatch.setattr(schema, "SCHEMA_VERSION", later)
    monkeypatch.setattr(rdb, "SCHEMA_VERSION", later)
    monkeypatch.setitem(schema.MIGRATIONS, later, ("ALTER TABLE results ADD COLUMN note TEXT",))
    with ResultsDB.open(tmp_path / "out") as db:
        assert db.conn.execute("PRAGMA user_version").fetchone()[0] == later
        assert len(db.rows()) == 4
        db.conn.execute("PRAGMA user_version = 7")
    with pytest.raises(InputError, match="newer speedblock"):
        ResultsDB.open(tmp_path / "out")


def foreign_sqlite(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE results (job TEXT, mine INTEGER)")
    conn.execute("INSERT INTO results VALUES ('x', 1)")
    conn.commit()
    conn.close()


@pytest.mark.parametrize("kind", ["garbage", "empty", "foreign", "truncated"])
def test_a_corrupt_or_foreign_database_is_reported_and_never_written(
    tmp_path: Path, kind: str
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    path = out / DB_NAME
    if kind == "garbage":
        path.write_bytes(b"not a database at all\n" * 50)
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "foreign":
        foreign_sqlite(path)
    else:
        filled(tmp_path / "good").close()
        path.write_bytes((tmp_path / "good" / DB_NAME).read_bytes()[:5000])
    before = path.read_bytes()
    scenarios = tmp_path / "s"
    scenarios.mkdir()
    (scenarios / "a.toml").write_text(SCENARIO.format(name="a", race="2027-03-14", distance="5k"))
    runner = cli_runner()
    for args in (
        ["batch", str(scenarios), "--out", str(out), "--jobs", "1"],
        ["compare", str(out)],
        ["results", str(out)],
    ):
        result = runner.invoke(cli, args)
        assert result.exit_code == 2, (args, result.output)
        assert DB_NAME in result.stderr and "Traceback" not in result.output
        if kind != "truncated":
            assert "not a speedblock results database" in result.stderr
    assert path.read_bytes() == before
    # Nothing added beside it (SQLite's own -wal and -shm aside, for a SQLite header).
    assert {p.name for p in out.iterdir()} - {f"{DB_NAME}-wal", f"{DB_NAME}-shm"} == {DB_NAME}


def test_claims_follow_the_life_of_their_process(tmp_path: Path) -> None:
    with filled(tmp_path / "out") as db:
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
        try:
            other = Claimant(child.pid, ME.hostname, process_started(child.pid), "other")
            never_done = lambda row, generation: False  # noqa: E731
            assert db.claim("c--x", other, never_done, 60) == CLAIMED
            assert db.claim("c--x", ME, never_done, 60) == BUSY
            (held,) = db.claims()
            assert held.pid == child.pid and held.hostname == ME.hostname
            reused = Claim(**{**held.__dict__, "started": "1"})  # the pid given to another
            assert not is_live(reused, ME)
        finally:
            child.kill()
            child.wait()
        assert db.claim("c--x", ME, never_done, 60) == CLAIMED  # its process is gone
        assert db.claim("a--strict", ME, lambda row, generation: True, 60) == DONE
        remote = Claim("j", 1, "elsewhere", None, "r", 0.0, expires_at=100.0)
        assert is_live(remote, ME, now=99.0) and not is_live(remote, ME, now=101.0)
        earlier_run = Claim("j", os.getpid(), ME.hostname, ME.started, "old", 0.0, 0.0)
        assert not is_live(earlier_run, ME)
        db.release(ME)
        assert db.claims() == []


# ---------------------------------------------------------------- write failures


@pytest.fixture
def tiny_batch(tmp_path: Path) -> tuple[list[Any], Path, BatchSettings]:
    (tmp_path / "s").mkdir()
    for name, race in (("a", "2027-03-14"), ("b", "2027-03-10")):
        text = SCENARIO.format(name=name, race=race, distance="5k")
        (tmp_path / "s" / f"{name}.toml").write_text(text)
    settings = BatchSettings(time_limit=20, workers=1, seed=0)
    files = sorted((tmp_path / "s").glob("*.toml"))
    return plan_jobs(files, load_constraint_sets([]), settings), tmp_path / "out", settings


def run_threads(jobs: list[Any], out: Path, settings: BatchSettings) -> Any:
    """The batch with its solves in a thread of this process, where conftest checks
    every plan."""
    with cf.ThreadPoolExecutor(1) as pool:
        return run_batch(jobs, out, settings, pool, slots=1)


@pytest.mark.parametrize("where", ["plan", "row", "export"])
def test_a_full_disk_stops_the_batch_with_exit_2_and_keeps_what_was_written(
    tiny_batch: tuple[list[Any], Path, BatchSettings],
    monkeypatch: pytest.MonkeyPatch,
    where: str,
) -> None:
    jobs, out, settings = tiny_batch
    run_threads(jobs[:1], out, settings)
    kept = assert_exports_match(out)
    full = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    if where == "plan":
        monkeypatch.setattr("solver.batch_run.write_atomic", raising(full))
    elif where == "row":
        monkeypatch.setattr(
            rdb, "_insert", raising(sqlite3.OperationalError("database or disk is full"))
        )
    else:
        monkeypatch.setattr(rdb, "write_rows", raising(full))
    with pytest.raises(InputError, match=r"disk is full|No space left") as caught:
        run_threads(jobs, out, settings)
    assert str(out) in str(caught.value)
    monkeypatch.undo()
    rows = assert_plans_check(out)
    assert {k: rows[k] for k in kept} == kept
    assert len(rows) == (2 if where == "export" else 1)  # the row went in before the export
    with ResultsDB.open(out) as db:
        assert db.claims() == []
    assert len(run_threads(jobs, out, settings).rows) == 2  # and a rerun finishes
    assert_exports_match(out)


def raising(exc: BaseException) -> Any:
    def fail(*args: Any, **kwargs: Any) -> None:
        raise exc

    return fail


def test_an_unwritable_out_folder_is_exit_2_through_the_command_line(
    tiny_batch: tuple[list[Any], Path, BatchSettings], monkeypatch: pytest.MonkeyPatch
) -> None:
    jobs, out, settings = tiny_batch
    run_threads(jobs[:1], out, settings)
    before = (out / DB_NAME).read_bytes()
    if os.geteuid() == 0:  # root writes anywhere: make the database's writes fail instead
        message = "attempt to write a readonly database"
        monkeypatch.setattr(rdb, "_insert", raising(sqlite3.OperationalError(message)))
    else:
        for path in (out, out / "plans", out / DB_NAME):
            path.chmod(0o555)
    try:
        result = cli_runner().invoke(
            cli,
            [
                "batch",
                str(jobs[0].scenario_file.parent),
                "--out",
                str(out),
                "--jobs",
                "1",
                "--time-limit",
                "20",
                "--workers",
                "1",
                "--force",
            ],
        )
    finally:
        for path in (out, out / "plans", out / DB_NAME):
            path.chmod(0o755)
    assert result.exit_code == 2, result.output
    assert "cannot write the batch results" in result.stderr or "readonly" in result.stderr
    assert "Traceback" not in result.output
    assert len(assert_plans_check(out)) == 1  # the row kept, its plan (re-solved) valid
    assert (out / DB_NAME).read_bytes() == before or os.geteuid() == 0


# ---------------------------------------------------------------- speedblock results


@pytest.fixture
def results_dir(tmp_path: Path) -> Path:
    filled(tmp_path / "out").close()
    return tmp_path / "out"


def results(*args: str) -> Any:
    return cli_runner().invoke(cli, ["results", *args])


def test_results_filters_and_sorts(results_dir: Path) -> None:
    doc = json.loads(results(str(results_dir), "--format", "json").stdout)
    assert doc["count"] == 4 and [r["job"] for r in doc["rows"]] == sorted(r["job"] for r in ROWS)
    assert doc["rows"][1]["races"] == [{"date": "2027-03-14", "perf": 90.1}]
    only = json.loads(results(str(results_dir), "--status", "optimal", "--json").stdout)
    assert [r["job"] for r in only["rows"]] == ["a--loose", "a--strict"]
    sets = json.loads(
        results(str(results_dir), "--set", "loose", "--scenario", "b", "--json").stdout
    )
    assert [r["job"] for r in sets["rows"]] == ["b--loose"]
    by_file = json.loads(results(str(results_dir), "--scenario", "a.toml", "--json").stdout)
    assert by_file["count"] == 2
    down = json.loads(results(str(results_dir), "--sort", "-objective", "--json").stdout)
    assert [r["job"] for r in down["rows"]] == ["a--loose", "a--strict", "b--loose", "b--strict"]
    csv_text = results(str(results_dir), "--format", "csv", "--status", "FAILED").stdout
    assert csv_text.splitlines()[0].startswith("job,") and len(csv_text.splitlines()) == 2
    table = results(str(results_dir))
    assert table.exit_code == 0 and "a--strict" in table.stdout and "INFEASIBLE" in table.stdout


def test_results_never_lets_its_arguments_into_the_sql(results_dir: Path) -> None:
    sneaky = results(str(results_dir), "--sort", "job; DROP TABLE results")
    assert sneaky.exit_code == 2
    assert "cannot sort by" in sneaky.stderr and "max_acwr" in sneaky.stderr
    quoted = results(str(results_dir), "--status", "x' OR '1'='1", "--json")
    assert quoted.exit_code == 0 and json.loads(quoted.stdout)["count"] == 0
    assert len(read_results(results_dir)) == 4


def test_results_reads_an_older_folder_and_a_jsonl_file(tmp_path: Path) -> None:
    folder = tmp_path / "old"
    folder.mkdir()
    write_rows(folder, ROWS)
    for target in (folder, folder / RESULTS_JSONL):
        doc = json.loads(results(str(target), "--status", "OPTIMAL", "--json").stdout)
        assert doc["count"] == 2
    assert not (folder / DB_NAME).exists()
    missing = results(str(tmp_path / "nowhere"))
    assert missing.exit_code == 2 and "not found" in missing.stderr


def test_a_version_1_database_gains_the_shape_columns(tmp_path: Path) -> None:
    folder = tmp_path / "v1"
    folder.mkdir()
    conn = sqlite3.connect(folder / DB_NAME)
    for statement in schema.SCHEMA_V1:
        conn.execute(statement)
    conn.execute(
        "INSERT INTO results (job, status, objective, generation) VALUES ('a--b', 'OPTIMAL', 5, 1)"
    )
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with ResultsDB.open(folder) as db:
        assert db.conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
        row = db.rows()["a--b"]
        assert row["objective"] == 5 and row["plateau_weeks"] is None
        names = {r[1] for r in db.conn.execute("PRAGMA table_info(results)")}
        assert {"plateau_weeks", "last_weeks_load_ratio"} <= names
