"""How a solve is run: time, workers, seed."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_TIME_LIMIT = 60.0


@dataclass(frozen=True)
class SolveOptions:
    time_limit: float = DEFAULT_TIME_LIMIT
    workers: int = 2
    seed: int = 0
    log: bool = False  # CP-SAT's search log on stderr
