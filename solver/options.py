"""How a solve is run: time, workers, seed, gap."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from models.errors import InputError

DEFAULT_TIME_LIMIT = 60.0
MAX_WORKERS = 64
# CP-SAT's seed is a 32-bit integer and the workers use seed .. seed + N - 1.
MAX_SEED = 2**31 - 1 - MAX_WORKERS
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


def checked_options(time_limit: float, workers: int, seed: int, gap: float) -> SolveOptions:
    """Options from values given in code (the command line's options check the same
    ranges): an InputError naming the first one out of range."""
    if not (isinstance(time_limit, int | float) and math.isfinite(time_limit) and time_limit > 0):
        raise InputError(f"{time_limit!r} is not a positive number of seconds", field="time_limit")
    if isinstance(workers, bool) or not isinstance(workers, int) or not 1 <= workers <= MAX_WORKERS:
        raise InputError(f"{workers!r} is not a whole number 1..{MAX_WORKERS}", field="workers")
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
        raise InputError(f"{seed!r} is not a whole number 0..{MAX_SEED}", field="seed")
    if not (isinstance(gap, int | float) and 0 <= gap <= 1):
        raise InputError(f"{gap!r} is not a number 0..1", field="gap")
    return SolveOptions(time_limit=float(time_limit), workers=workers, seed=seed, gap=float(gap))
