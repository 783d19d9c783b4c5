"""Running a planned batch and reading its outcome: the parallelism defaults, the
executor (local processes or a Dask cluster), and the status of every job of the batch,
those skipped because already done included. The command line and the Python API
(`speedblock.batch`) both run batches through here."""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from models.errors import InputError
from models.io import validate_constraints
from solver.batch import (
    FAILED,
    BatchSettings,
    BatchSummary,
    ConstraintSetFile,
    Job,
    available_cores,
    dask_executor,
    default_workers,
    load_constraint_sets,
    process_pool,
    slug,
    worst_status,
)
from solver.batch_run import run_batch

RESULT_KEYS = ("job", "scenario_file", "constraint_set", "status", "objective", "gap")


def parallelism(jobs: int | None, workers: int | None, scheduler: str | None) -> tuple[int, int]:
    """Solves at once and CP-SAT workers per solve: on a Dask cluster one worker each
    unless asked; locally the cores' count of jobs, and cores // jobs workers each."""
    if scheduler:
        return jobs or 1, workers or 1
    jobs = jobs or available_cores()
    return jobs, workers or default_workers(jobs)


def constraint_sets(
    sets: Sequence[str | os.PathLike[str]]
    | Mapping[str, str | os.PathLike[str] | Mapping[str, Any]]
    | None,
) -> list[ConstraintSetFile]:
    """The constraint sets of a batch: files (named by their stems), or names mapped to
    a file or to the constraint keys themselves; none, the scenarios' own constraints."""
    if not isinstance(sets, Mapping):
        return load_constraint_sets([str(p) for p in sets or ()])
    out: list[ConstraintSetFile] = []
    for name, value in sets.items():
        if isinstance(value, Mapping):
            overrides = validate_constraints(dict(value), file=f"constraint set {name!r}")
            digest = hashlib.sha256(json.dumps(overrides, sort_keys=True).encode()).hexdigest()
            out.append(ConstraintSetFile(slug(name), None, overrides, digest[:16]))
        else:
            (loaded,) = load_constraint_sets([str(value)])
            out.append(ConstraintSetFile(slug(name), loaded.path, loaded.overrides, loaded.digest))
    names = [s.name for s in out]
    for name in names:
        if names.count(name) > 1:
            raise InputError(
                f"two constraint sets are both named {name!r}", field="constraint_sets"
            )
    return out


def execute(
    job_list: Sequence[Job],
    folder: Path,
    settings: BatchSettings,
    jobs: int,
    scheduler: str | None = None,
    on_start: Callable[[int, int], None] | None = None,
    on_result: Callable[[dict[str, Any]], None] | None = None,
    on_wait: Callable[[int], None] | None = None,
) -> BatchSummary:
    """Run the batch's jobs not yet done on local processes or the Dask cluster at
    `scheduler`, writing each result into `folder` as it lands (solver/batch_run.py);
    the executor is shut down however the run ends (BatchInterrupted on Ctrl-C keeps
    what finished)."""
    slots: int | None
    if scheduler:
        executor, close, slots = dask_executor(scheduler)
    else:
        executor, close, slots = process_pool(jobs), None, jobs
    try:
        return run_batch(job_list, folder, settings, executor, on_start, on_result, slots, on_wait)
    finally:
        executor.shutdown(wait=False)
        if close is not None:
            close()


@dataclass(frozen=True)
class BatchOutcome:
    """Every job of a batch as its results row says, the jobs run now and before."""

    folder: Path
    jobs: int
    run: int
    skipped: int
    elsewhere: int  # finished by another batch into the same folder during this run
    rows: tuple[dict[str, Any], ...]  # the results rows of the batch's jobs, in job order
    statuses: Counter[str]  # per status; FAILED split into FAILED_INPUT and FAILED_INTERNAL

    @property
    def solved(self) -> int:
        return self.statuses["OPTIMAL"] + self.statuses["FEASIBLE"]

    @property
    def failed(self) -> int:
        s = self.statuses
        return s["FAILED_INPUT"] + s["FAILED_INTERNAL"] + s["MODEL_INVALID"]

    @property
    def worst(self) -> str | None:
        """The worst outcome of a job (solver.batch.SEVERITY), None when all have a plan."""
        return worst_status(BatchSummary(total=self.jobs, statuses=self.statuses))

    def to_json_dict(self) -> dict[str, Any]:
        """The `batch --json` document."""
        return {
            "out": str(self.folder),
            "jobs": self.jobs,
            "run": self.run,
            "skipped": self.skipped,
            "elsewhere": self.elsewhere,
            "results": [
                {
                    **{k: r.get(k) for k in RESULT_KEYS},
                    "plan_file": r.get("plan_file"),
                    "error": r.get("error"),
                }
                for r in self.rows
            ],
        }


def batch_outcome(job_list: Sequence[Job], folder: Path, summary: BatchSummary) -> BatchOutcome:
    """The outcome of a finished batch, judged on every job of it."""
    rows = summary.rows
    mine = tuple(rows[j.key] for j in job_list if j.key in rows)
    statuses: Counter[str] = Counter()
    for row in mine:
        status = str(row["status"])
        if status == FAILED:
            status = f"{FAILED}_{str(row.get('error_kind') or 'internal').upper()}"
        statuses[status] += 1
    return BatchOutcome(
        folder,
        len(job_list),
        summary.finished,
        summary.skipped,
        summary.elsewhere,
        mine,
        statuses,
    )
