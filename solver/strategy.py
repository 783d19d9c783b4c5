"""The search plan of a solve, as data.

Every block gets the same plan, whatever its length or time limit: the weeks' load caps
first; then, side by side, one search of the bound that runs for the whole solve, and a
first plan improved in rounds of steps, each step starting from the best plan so far.
The numbers below were chosen on the benchmark's tuning split and are justified in
benchmarks/SPEED.md; none was chosen on its evaluation split.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

StepKind = Literal["neighbourhoods", "descent"]


@dataclass(frozen=True)
class Step:
    """One improving search of a round, on the plan lane's threads.

    - `neighbourhoods`: CP-SAT's deterministic interleaved search from the best plan so
      far: its neighbourhood searches free random, related parts of the plan, and two
      LP-guided tree searches prove bounds on the way;
    - `descent`: windows of 1, 2, 4, ... consecutive weeks re-optimized in calendar order
      (solver/windows.py), on one thread.
    """

    kind: StepKind
    share: float  # of the round's work


@dataclass(frozen=True)
class SearchPlan:
    caps_share: float  # of the whole work budget, for the weeks' load caps
    first_share: float  # of the plan lane's work, at most, for the first plan
    bound_threads: int  # threads of the bound search, when there are workers to spare
    bound_share_alone: float  # of the budget, for the bound search on a single worker
    rounds: int
    steps: tuple[Step, ...]  # in this order, every round

    def lanes(self, workers: int) -> tuple[int, int]:
        """(threads of the bound search, threads of the plan lane): the bound search
        beside the plans when there are workers to spare, after them otherwise."""
        if workers <= self.bound_threads:
            return 0, max(1, workers)
        return self.bound_threads, workers - self.bound_threads


# The neighbourhood searches come first in a round: from a first plan far from good
# they improve fastest, and they overrun their share by up to one batch of tasks, which
# the descent after them, stopping exactly on its budget, absorbs.
DEFAULT_PLAN = SearchPlan(
    caps_share=0.05,
    first_share=1.0,
    bound_threads=1,
    bound_share_alone=0.3,
    rounds=2,
    steps=(Step("neighbourhoods", share=0.4), Step("descent", share=0.6)),
)


def search_plan() -> SearchPlan:
    """The plan every solve follows."""
    return DEFAULT_PLAN
