"""Running a batch into a folder that other batches may be writing to at the same time.

The process that runs the batch (the client of a Dask cluster included) is the only one
that writes; workers only solve. For each job it:

1. claims the job in the folder's results database (models/results/db.py), in one
   transaction that also checks whether any batch has finished it meanwhile; a job that
   a live process has claimed is left to it;
2. sends the job to the executor, keeping no more jobs out than the executor runs at
   once, so that batches sharing a folder share its jobs;
3. writes what comes back: the plan file (atomically), then the row and the release of
   the claim in one transaction, then the exports results.jsonl and results.csv.

A kill at any moment loses no finished job: a row is only ever committed after its plan
is on disk. A kill between the two leaves a plan without a row; the job then counts as
not done, and the next run solves it again and replaces the plan. The claims of a killed
batch are released by the next batch that finds its process gone. A job another batch is
solving is waited for at the end, and taken over if that batch dies, so every job of the
batch has its row when it returns.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import json
import time
from collections import deque
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from models.errors import InputError
from models.files import write_atomic
from models.quality.metrics import plan_metrics
from models.results.claims import Claimant
from models.results.db import BUSY, DONE, ResultsDB, database_error
from models.results.table import FAILED, PLANS_DIR, STATUSES_WITH_PLAN, failed_row, plan_row
from models.scenario import Scenario
from solver.batch import (
    BatchInterrupted,
    BatchSettings,
    BatchSummary,
    Job,
    pending,
    prepare,
    solve_payload,
    stop_executor,
)

POLL_SECONDS = 0.5  # how often a batch looks again at jobs another batch is solving

Observer = Callable[[dict[str, Any]], None]


class ResultSink:
    """Writes each finished job to the batch folder at once: the plan, then the row,
    then the exports."""

    def __init__(self, folder: Path, db: ResultsDB, me: Claimant) -> None:
        self.folder = folder
        self.db = db
        self.me = me

    def record(self, row: dict[str, Any], plan: dict[str, Any] | None, job: Job) -> None:
        if plan is not None:
            path = self.folder / job.plan_name
            text = json.dumps(plan, indent=2, ensure_ascii=False) + "\n"
            try:
                write_atomic(path, text)
            except OSError as exc:
                raise database_error(exc, path) from None
        self.db.record(row, self.me)
        self.db.export(self.folder)


def base_row(job: Job, settings: BatchSettings, scenario_name: str | None) -> dict[str, Any]:
    cset = job.constraint_set
    return {
        "job": job.key,
        "scenario": scenario_name,
        "scenario_file": str(job.scenario_file),
        "constraint_set": cset.name,
        "constraints_file": str(cset.path) if cset.path else None,
        "seed": settings.seed,
        "workers": settings.workers,
        "time_limit": settings.time_limit,
        "plan_file": None,
        "fingerprint": job.fingerprint,
    }


def lease_seconds(settings: BatchSettings) -> float:
    """How long a claim stays valid where its process cannot be checked (another host)."""
    return 3 * settings.time_limit + 600


def open_folder(folder: Path) -> ResultsDB:
    """The folder's database, then its plans/ (nothing is added to a folder whose
    results.db is not ours)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        db = ResultsDB.open(folder)
    except OSError as exc:
        raise database_error(exc, folder) from None
    try:
        (folder / PLANS_DIR).mkdir(exist_ok=True)
    except OSError as exc:
        db.close()
        raise database_error(exc, folder) from None
    return db


def run_batch(
    jobs: Sequence[Job],
    folder: Path,
    settings: BatchSettings,
    executor: cf.Executor,
    on_start: Callable[[int, int], None] | None = None,
    on_result: Observer | None = None,
    slots: int | None = None,
    on_wait: Callable[[int], None] | None = None,
) -> BatchSummary:
    """Run the jobs not yet done on `executor` (at most `slots` at once), writing each
    result as it lands."""
    db = open_folder(folder)
    try:
        return BatchRun(jobs, folder, settings, executor, db, on_result, on_wait).run(
            on_start, slots
        )
    finally:
        db.close()


class BatchRun:
    def __init__(
        self,
        jobs: Sequence[Job],
        folder: Path,
        settings: BatchSettings,
        executor: cf.Executor,
        db: ResultsDB,
        on_result: Observer | None,
        on_wait: Callable[[int], None] | None,
    ) -> None:
        self.jobs, self.folder, self.settings = jobs, folder, settings
        self.executor, self.db = executor, db
        self.on_result, self.on_wait = on_result, on_wait
        self.me = Claimant.current()
        self.sink = ResultSink(folder, db, self.me)
        self.futures: dict[cf.Future[dict[str, Any]], tuple[Job, Scenario]] = {}
        self.queue: deque[Job] = deque()
        self.waiting: list[Job] = []
        self.start_generation = 0
        self.summary = BatchSummary(total=len(jobs))

    def run(self, on_start: Callable[[int, int], None] | None, slots: int | None) -> BatchSummary:
        self.db.export(self.folder)  # catch up on exports a killed batch did not write
        self.start_generation = self.db.generation()
        todo = pending(self.jobs, self.db.rows(), self.folder, self.settings)
        self.summary.skipped = len(self.jobs) - len(todo)
        self.queue.extend(todo)
        if on_start is not None:
            on_start(len(todo), self.summary.skipped)
        limit = max(1, slots or len(todo))
        announced = False
        try:
            while self.queue or self.waiting or self.futures:
                self.fill(limit)
                if self.futures:
                    timeout = POLL_SECONDS if self.waiting else None
                    finished, _ = cf.wait(
                        self.futures, timeout=timeout, return_when=cf.FIRST_COMPLETED
                    )
                    for future in finished:
                        job, scenario = self.futures.pop(future)
                        self.finish(*collect(future, job, scenario, self.settings), job)
                elif self.waiting:
                    if not announced and self.on_wait is not None:
                        self.on_wait(len(self.waiting))
                    announced = True
                    time.sleep(POLL_SECONDS)
        except KeyboardInterrupt:
            self.summary.interrupted = True
            self.stop()
            raise BatchInterrupted(self.summary) from None
        except BaseException:
            self.stop()
            raise
        self.summary.rows = self.db.rows()
        return self.summary

    def fill(self, limit: int) -> None:
        """Claim and send jobs while the executor has room: new ones first, then those
        another batch was solving when last looked at."""
        while self.queue and len(self.futures) < limit:
            self.take(self.queue.popleft())
        for job in list(self.waiting):
            if len(self.futures) >= limit:
                break
            self.waiting.remove(job)
            self.take(job)

    def take(self, job: Job) -> None:
        state = self.db.claim(
            job.key, self.me, self.counts_as_done(job), lease_seconds(self.settings)
        )
        if state == DONE:  # another batch finished it since this one started
            self.summary.elsewhere += 1
            row = self.db.row(job.key)
            if self.on_result is not None and row is not None:
                self.on_result(row)
            return
        if state == BUSY:
            self.waiting.append(job)
            return
        try:
            payload, scenario = prepare(job, self.settings)
        except InputError as exc:
            row = failed_row(base_row(job, self.settings, None), str(exc), "input")
            self.finish(row, None, job)
            return
        self.futures[self.executor.submit(solve_payload, payload)] = (job, scenario)

    def counts_as_done(self, job: Job) -> Callable[[dict[str, Any], int], bool]:
        """A row is done if any batch wrote it during this run from the same inputs, or if
        it was there before and resuming would skip it."""

        def done(row: dict[str, Any], generation: int) -> bool:
            if row.get("fingerprint") != job.fingerprint:
                return False
            if generation > self.start_generation:
                return True
            return not pending([job], {job.key: row}, self.folder, self.settings)

        return done

    def finish(self, row: dict[str, Any], plan: dict[str, Any] | None, job: Job) -> None:
        self.sink.record(row, plan, job)
        status = str(row["status"])
        if status == FAILED:
            status = f"{FAILED}_{row['error_kind'].upper()}"
        self.summary.statuses[status] += 1
        if self.on_result is not None:
            self.on_result(row)

    def stop(self) -> None:
        """Stop the solves and give back this run's claims (best effort: the database
        may be what failed; the next batch releases them anyway)."""
        stop_executor(self.executor, self.futures)
        with contextlib.suppress(InputError):
            self.db.release(self.me)


def collect(
    future: cf.Future[dict[str, Any]], job: Job, scenario: Scenario, settings: BatchSettings
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """The row (and plan) of a finished future; a lost worker is a failed job."""
    base = base_row(job, settings, scenario.name)
    try:
        outcome = future.result()
    except Exception as exc:  # the worker process died, or the cluster lost the task
        return failed_row(base, f"internal error: {type(exc).__name__}: {exc}", "internal"), None
    if "error" in outcome:
        return failed_row(base, outcome["error"], outcome["kind"], outcome["wall"]), None
    plan = outcome["plan"]
    metrics = plan_metrics(scenario, plan) if plan.get("status") in STATUSES_WITH_PLAN else None
    base["plan_file"] = job.plan_name
    return plan_row(base, plan, metrics, outcome["wall"]), plan
