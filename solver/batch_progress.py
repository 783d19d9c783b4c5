"""The batch progress bar on stderr: done / failed / infeasible counts and an ETA.
Quiet when stderr is not a terminal (a log file or a pipe gets the final summary only)."""

from __future__ import annotations

import sys
from types import TracebackType
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from models.results.table import FAILED, STATUSES_WITH_PLAN


class BatchProgress:
    def __init__(self, enabled: bool | None = None) -> None:
        console = Console(file=sys.stderr)
        self.enabled = console.is_terminal if enabled is None else enabled
        self.progress = Progress(
            TextColumn("[bold]batch"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("solved {task.fields[solved]}"),
            TextColumn("infeasible {task.fields[infeasible]}"),
            TextColumn("no plan {task.fields[unknown]}"),
            TextColumn("failed {task.fields[failed]}"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=console,
            disable=not self.enabled,
            transient=False,
        )
        self.task: TaskID | None = None
        self.counts = {"solved": 0, "infeasible": 0, "unknown": 0, "failed": 0}

    def __enter__(self) -> BatchProgress:
        self.progress.__enter__()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.progress.__exit__(exc_type, exc, tb)

    def _fields(self) -> dict[str, Any]:
        return dict(self.counts)

    def start(self, todo: int, skipped: int) -> None:
        self.task = self.progress.add_task("batch", total=todo, **self._fields())

    def result(self, row: dict[str, Any]) -> None:
        status = row.get("status")
        if status in STATUSES_WITH_PLAN:
            self.counts["solved"] += 1
        elif status == "INFEASIBLE":
            self.counts["infeasible"] += 1
        elif status == FAILED or status == "MODEL_INVALID":
            self.counts["failed"] += 1
        else:
            self.counts["unknown"] += 1
        if self.task is not None:
            self.progress.update(self.task, advance=1, **self._fields())
