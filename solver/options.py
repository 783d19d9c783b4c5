"""How a solve is run: time, workers, seed, gap."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

DEFAULT_TIME_LIMIT = 60.0
# Called with (objective, bound, seconds since the solve began) on every better plan;
# the bound is None while only a part of the plan is being searched.
Progress = Callable[[float, float | None, float], None]
# Deterministic work units per second of --time-limit and per worker. It sits below
# what a thread does in a wall-clock second on a quiet 2-core machine, so that the work
# budget, not the clock, ends a solve and the same seed and worker count give the same
# plan; a higher rate finds better plans while it lasts but lets the clock end the
# long blocks' solves (benchmarks/SPEED.md, "The work budget").
WORK_PER_SECOND = 0.2


@dataclass(frozen=True)
class SolveOptions:
    time_limit: float = DEFAULT_TIME_LIMIT
    workers: int = 2
    seed: int = 0
    log: bool = False  # CP-SAT's search log on stderr
    # Stop once (objective - bound) / objective is at most this; 0 = prove optimality.
    gap: float = 0.0
    progress: Progress | None = None

    @property
    def work_limit(self) -> float:
        """The optimizing search's work budget: it runs on every worker."""
        return self.time_limit * WORK_PER_SECOND * max(1, self.workers)

    @property
    def thread_work_limit(self) -> float:
        """The work one thread does in the time limit (the first-plan phase's scale)."""
        return self.time_limit * WORK_PER_SECOND
