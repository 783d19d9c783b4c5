"""Solves the workbench runs: one at a time per plan, each in a process of its own.

A solve runs in a child process (`python -m workbench.solve_child`), so that Cancel
really stops it (the process ends, and CP-SAT's search with it, whatever phase it is
in) and a crash in it cannot take the server down. The request goes to the child's
stdin as one JSON line, and stdin stays open until the answer is in, so a child
whose server died ends too; the child writes one JSON line per improved plan
(objective, bound, seconds) and then the plan document; a thread of the server reads
them into the job's state, which the page polls. A second solve of a plan that is
already solving is refused, not queued. One spare child is kept started, its imports
done, so a solve does not wait for them.
"""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any

from models.errors import InputError

CANCEL_GRACE_SECONDS = 5.0


@dataclass
class Job:
    key: str
    kind: str  # "solve" or "reoptimize"
    started: float
    state: str = "running"  # running, done, failed, cancelled
    progress: list[dict[str, Any]] = field(default_factory=list)
    result: dict[str, Any] | None = None
    error: str | None = None
    finished: float | None = None
    process: Any = None
    done_hook: Callable[[Job], None] | None = None

    def view(self) -> dict[str, Any]:
        """What the page shows: state, the latest progress, and the result's summary."""
        elapsed = (self.finished or time.monotonic()) - self.started
        return {
            "key": self.key,
            "kind": self.kind,
            "state": self.state,
            "elapsed": round(elapsed, 2),
            "progress": self.progress[-1] if self.progress else None,
            "improvements": len(self.progress),
            "error": self.error,
        }


class JobError(InputError):
    """A request the jobs cannot take (a second solve, nothing to cancel): exit-2-like."""


class Jobs:
    def __init__(self) -> None:
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._spare: subprocess.Popen[str] | None = None
        self._closed = False

    def start(
        self,
        key: str,
        kind: str,
        request: dict[str, Any],
        done_hook: Callable[[Job], None] | None = None,
    ) -> Job:
        """Start a solve of `request` (see `_child`) for the plan `key`, unless one runs."""
        with self._lock:
            running = self._jobs.get(key)
            if running is not None and running.state == "running":
                raise JobError(
                    "is already being solved; wait for it or cancel it", field="solve", file=key
                )
            process = self._take_spare()
            job = Job(key=key, kind=kind, started=time.monotonic(), process=process)
            job.done_hook = done_hook
            self._jobs[key] = job
        threading.Thread(target=self._follow, args=(job, request), daemon=True).start()
        threading.Thread(target=self._keep_a_spare, daemon=True).start()
        return job

    def _take_spare(self) -> subprocess.Popen[str]:
        """A child ready for a request: the spare one when it is alive, else a new one."""
        spare, self._spare = self._spare, None
        if spare is not None and spare.poll() is None:
            return spare
        return _new_child()

    def _keep_a_spare(self) -> None:
        """Start the next solve's child now, so it has imported the solver when needed."""
        with self._lock:
            if self._spare is None and not self._closed:
                self._spare = _new_child()

    def get(self, key: str) -> Job | None:
        with self._lock:
            return self._jobs.get(key)

    def cancel(self, key: str) -> Job:
        with self._lock:
            job = self._jobs.get(key)
            if job is None or job.state != "running":
                raise JobError("has no solve running", field="cancel", file=key)
            job.state = "cancelled"
            job.finished = time.monotonic()
            process = job.process
        process.terminate()
        try:
            process.wait(CANCEL_GRACE_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        return job

    def shutdown(self) -> None:
        with self._lock:
            self._closed = True
            spare, self._spare = self._spare, None
            running = [j for j in self._jobs.values() if j.state == "running"]
        if spare is not None:
            spare.kill()
            spare.wait()
        for job in running:
            with contextlib.suppress(JobError):
                self.cancel(job.key)

    def _follow(self, job: Job, request: dict[str, Any]) -> None:
        process: subprocess.Popen[str] = job.process
        stdin: IO[str] | None = process.stdin
        stdout: IO[str] | None = process.stdout
        assert stdin is not None and stdout is not None
        try:
            with contextlib.suppress(OSError):
                stdin.write(json.dumps(request) + "\n")
                stdin.flush()
            for line in stdout:
                try:
                    kind, body = json.loads(line)
                except ValueError:
                    continue
                if kind == "progress":
                    job.progress.append(body)
                elif kind == "plan":
                    job.result = body
                elif kind == "error":
                    job.error = body
        finally:
            stdout.close()
            with contextlib.suppress(OSError):
                stdin.close()
            process.wait()
            self._finish(job)

    def _finish(self, job: Job) -> None:
        """Keep the result (the done hook saves it) before the job says "done", so a page
        that sees "done" finds the plan saved."""
        error = None
        if job.state == "running" and job.result is not None and job.done_hook is not None:
            try:
                job.done_hook(job)
            except Exception as exc:  # a failed save is the job's error, not a crash
                error = f"the plan could not be kept: {type(exc).__name__}: {exc}"
        with self._lock:
            if job.state != "running":
                return  # cancelled meanwhile
            if job.result is not None and error is None:
                job.state = "done"
            else:
                job.state = "failed"
                job.error = error or job.error or "the solve ended without a plan"
            job.finished = time.monotonic()


def _new_child() -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "workbench.solve_child"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
