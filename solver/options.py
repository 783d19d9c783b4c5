"""How a solve is run: time, workers, seed, gap."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

DEFAULT_TIME_LIMIT = 60.0
# Called with (objective, bound, seconds since the solve began) on every better plan;
# the bound is None while only a part of the plan is being searched.
Progress = Callable[[float, float | None, float], None]
# Deterministic work units per second of --time-limit and per worker. The interleaved
# search does 0.29-0.5 units per thread and wall-clock second on the reference machine,
# so the work budget normally ends the search (reproducibly) before the wall clock
# does; on the largest examples the margin is thin (benchmarks/README.md). A lower
# rate left the 10K example's search at 30 s without a plan of its own.
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
