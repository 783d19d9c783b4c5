"""Batch solving: every scenario file times every constraint set, in parallel, with
results that are never lost.

Each (scenario, constraint set) pair is a job named `<scenario>--<set>`. The parent
process reads and validates every input, sends each valid job to an executor (a local
process pool, or a Dask cluster through its concurrent.futures executor) as plain data,
so workers need no shared file system and only solve. The parent alone writes:
solver/batch_run.py claims each job in the folder's results database before sending it,
and commits each result the moment it arrives. A job whose inputs (file contents, seed,
workers, time limit, gap) are unchanged and whose result is on disk is skipped on the next
run.
"""

from __future__ import annotations

import concurrent.futures as cf
import hashlib
import json
import multiprocessing
import os
import re
import signal
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from models.errors import InputError
from models.io import SUFFIXES, load_constraints_dict, merge_constraints, parse_document
from models.io import validate_scenario as validate_raw
from models.results.table import FAILED, PLANS_DIR
from models.scenario import Scenario
from solver.options import SolveOptions

SCENARIO_SET = "scenario"  # the set name of a job run on the scenario's own constraints
SCHEDULER_ENV = "DASK_SCHEDULER_ADDRESS"


@dataclass(frozen=True)
class ConstraintSetFile:
    """A `--constraints` file, read and validated before anything is solved."""

    name: str
    path: Path | None
    overrides: dict[str, Any] | None
    digest: str


@dataclass(frozen=True)
class Job:
    key: str
    scenario_file: Path
    constraint_set: ConstraintSetFile
    fingerprint: str

    @property
    def plan_name(self) -> str:
        return f"{PLANS_DIR}/{self.key}.json"


@dataclass(frozen=True)
class JobPayload:
    """All a worker needs to solve one job: plain, picklable data, no file paths to read."""

    key: str
    raw: dict[str, Any]
    file: str
    options: SolveOptions


@dataclass(frozen=True)
class BatchSettings:
    time_limit: float
    workers: int
    seed: int
    gap: float = 0.0
    force: bool = False
    retry_failed: bool = False

    def solve_options(self) -> SolveOptions:
        return SolveOptions(
            time_limit=self.time_limit, workers=self.workers, seed=self.seed, gap=self.gap
        )


@dataclass
class BatchSummary:
    total: int
    skipped: int = 0
    elsewhere: int = 0  # finished by another batch into the same folder during this run
    statuses: Counter[str] = field(default_factory=Counter)
    interrupted: bool = False
    rows: dict[str, dict[str, Any]] = field(default_factory=dict)  # the folder's, at the end

    @property
    def finished(self) -> int:
        return sum(self.statuses.values())

    def count(self, *statuses: str) -> int:
        return sum(self.statuses[s] for s in statuses)


class BatchInterrupted(Exception):
    """Ctrl-C (or SIGTERM) during a batch; every finished result is on disk."""

    def __init__(self, summary: BatchSummary) -> None:
        super().__init__("interrupted")
        self.summary = summary


# ---------------------------------------------------------------- inputs


def discover_scenarios(paths: Sequence[str], recursive: bool = False) -> list[Path]:
    """The scenario files named or found in the folders named (by suffix), sorted within
    each folder, without duplicates."""
    found: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            pattern = "**/*" if recursive else "*"
            inside = sorted(
                p for p in path.glob(pattern) if p.is_file() and p.suffix.lower() in SUFFIXES
            )
            if not inside:
                raise InputError("holds no scenario file (.toml, .yaml, .yml or .json)", file=name)
            found.extend(inside)
        elif path.exists():
            found.append(path)
        else:
            raise InputError("file or folder not found", file=name)
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(path.resolve(), path)
    return list(unique.values())


def load_constraint_sets(paths: Sequence[str]) -> list[ConstraintSetFile]:
    """Each constraint-set file validated now, so a typo stops the batch before it starts.
    No file: one set, the scenarios' own constraints."""
    if not paths:
        return [ConstraintSetFile(SCENARIO_SET, None, None, "")]
    sets = []
    for name in paths:
        path = Path(name)
        overrides = load_constraints_dict(path)
        sets.append(ConstraintSetFile(path.stem, path, overrides, _digest(path.read_bytes())))
    names = unique_names([s.name for s in sets], [s.path for s in sets])
    return [
        ConstraintSetFile(n, s.path, s.overrides, s.digest)
        for n, s in zip(names, sets, strict=True)
    ]


def unique_names(names: Sequence[str], paths: Sequence[Path | None]) -> list[str]:
    """Slugs of the names; where two collide, the slug of the whole path instead."""
    slugs = [slug(n) for n in names]
    counts = Counter(slugs)
    return [
        slug(str(p.with_suffix("")) + p.suffix.replace(".", "-")) if counts[s] > 1 and p else s
        for s, p in zip(slugs, paths, strict=True)
    ]


def slug(text: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-.")
    return cleaned or "unnamed"


def plan_jobs(
    scenario_files: Sequence[Path], sets: Sequence[ConstraintSetFile], settings: BatchSettings
) -> list[Job]:
    names = unique_names([p.stem for p in scenario_files], list(scenario_files))
    jobs = []
    for name, path in zip(names, scenario_files, strict=True):
        content = _digest(path.read_bytes()) if path.is_file() else "unreadable"
        for cset in sets:
            fingerprint = _digest(
                json.dumps(
                    [
                        content,
                        cset.digest,
                        settings.seed,
                        settings.workers,
                        settings.time_limit,
                        settings.gap,
                    ]
                ).encode()
            )
            jobs.append(Job(f"{name}--{cset.name}", path, cset, fingerprint))
    return jobs


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def prepare(job: Job, settings: BatchSettings) -> tuple[JobPayload, Scenario]:
    """Read, merge and validate a job's scenario (an InputError names what is wrong)."""
    raw = parse_document(job.scenario_file)
    if job.constraint_set.overrides is not None:
        raw = merge_constraints(raw, job.constraint_set.overrides)
    scenario = validate_raw(raw, file=str(job.scenario_file))
    payload = JobPayload(job.key, raw, str(job.scenario_file), settings.solve_options())
    return payload, scenario


def pending(
    jobs: Sequence[Job], rows: dict[str, dict[str, Any]], folder: Path, settings: BatchSettings
) -> list[Job]:
    """The jobs still to run: all with `force`, else those without a result on disk from
    the same inputs (failed ones again with `retry_failed`)."""
    if settings.force:
        return list(jobs)
    todo = []
    for job in jobs:
        row = rows.get(job.key)
        done = (
            row is not None
            and row.get("fingerprint") == job.fingerprint
            and (
                (row.get("status") == FAILED and not settings.retry_failed)
                or (row.get("status") != FAILED and (folder / job.plan_name).is_file())
            )
        )
        if not done:
            todo.append(job)
    return todo


# ---------------------------------------------------------------- the worker side


def solve_payload(payload: JobPayload) -> dict[str, Any]:
    """Solve one job in a worker; never raises, so one crash cannot stop a batch."""
    started = time.perf_counter()
    try:
        from solver.solve import solve_scenario

        scenario = validate_raw(payload.raw, file=payload.file)
        plan = solve_scenario(scenario, payload.options).to_json_dict()
        return {"key": payload.key, "plan": plan, "wall": time.perf_counter() - started}
    except InputError as exc:
        error, kind = str(exc), "input"
    except Exception as exc:
        error, kind = f"internal error: {type(exc).__name__}: {exc}", "internal"
        if os.environ.get("SPEEDBLOCK_DEBUG") == "1":
            error += "\n" + traceback.format_exc()
    return {"key": payload.key, "error": error, "kind": kind, "wall": time.perf_counter() - started}


def ignore_sigint() -> None:
    """Pool workers leave Ctrl-C to the parent, which stops them itself."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


# ---------------------------------------------------------------- executors


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def default_workers(jobs: int) -> int:
    """CP-SAT workers per solve so that jobs x workers does not oversubscribe the cores."""
    return max(1, available_cores() // max(1, jobs))


def process_pool(jobs: int) -> cf.ProcessPoolExecutor:
    return cf.ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=ignore_sigint,
    )


def dask_executor(address: str) -> tuple[cf.Executor, Callable[[], None], int | None]:
    """A concurrent.futures executor on an existing Dask cluster, its closer, and how
    many solves the cluster runs at once (its worker threads; None if it has none yet)."""
    from models.extras import require

    require("distributed", "a Dask scheduler", field="--scheduler")
    from distributed import Client

    try:
        client = Client(address, timeout="10s")
    except Exception as exc:
        raise InputError(
            f"cannot reach the Dask scheduler at {address!r}: {exc}", field="--scheduler"
        ) from None
    try:
        threads = sum(client.nthreads().values()) or None
    except Exception:
        threads = None
    return client.get_executor(pure=False), client.close, threads


def stop_executor(executor: cf.Executor, futures: Iterable[cf.Future[Any]] = ()) -> None:
    """Cancel what has not started and stop what has, without waiting for it."""
    for future in futures:
        future.cancel()
    processes = getattr(executor, "_processes", None) or {}
    executor.shutdown(wait=False)
    for process in list(processes.values()):
        process.terminate()


FAILED_INTERNAL = f"{FAILED}_INTERNAL"
FAILED_INPUT = f"{FAILED}_INPUT"
# The batch's exit status is its worst job's, in this order.
SEVERITY = (FAILED_INTERNAL, "MODEL_INVALID", FAILED_INPUT, "UNKNOWN", "INFEASIBLE")


def worst_status(summary: BatchSummary) -> str | None:
    """The worst outcome among the jobs run (None when every one has a plan)."""
    return next((s for s in SEVERITY if summary.statuses[s]), None)
