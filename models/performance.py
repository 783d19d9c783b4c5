"""The Banister fitness-fatigue objective of scenario format v1.

perf(R) = sum over block days d < R of load(d) x (k1 e^(-(R-d)/tau1) - k2 e^(-(R-d)/tau2))

It is linear in the daily loads, so each day gets one coefficient: the
priority-weighted sum over the races after it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from models.calendar import BlockCalendar
from models.scenario import Objective, Scenario


@dataclass(frozen=True)
class ScoredRace:
    """A race the objective scores: a real one, or the virtual A race after `end`."""

    day: int
    weight: float
    virtual: bool


def impulse(objective: Objective, days_before: int) -> float:
    """The performance effect on race day of one unit of load `days_before` days earlier."""
    t = float(days_before)
    return objective.k1 * math.exp(-t / objective.tau1) - objective.k2 * math.exp(
        -t / objective.tau2
    )


def scored_races(scenario: Scenario, cal: BlockCalendar) -> list[ScoredRace]:
    if not scenario.races:
        return [ScoredRace(day=cal.n_days, weight=scenario.objective.weight["A"], virtual=True)]
    return [
        ScoredRace(day=day, weight=scenario.objective.weight[race.priority], virtual=False)
        for day, race in sorted(cal.race_days.items())
    ]


def day_coefficients(scenario: Scenario, cal: BlockCalendar) -> list[float]:
    """Objective coefficient of each day's load (weighted sum over the races it precedes)."""
    coef = [0.0] * cal.n_days
    for race in scored_races(scenario, cal):
        if race.weight == 0.0:
            continue
        for d in range(min(race.day, cal.n_days)):
            coef[d] += race.weight * impulse(scenario.objective, race.day - d)
    return coef


def perf(objective: Objective, loads: Sequence[float], race_day: int) -> float:
    """perf(R) of the spec, in floating point, from the plan's daily loads."""
    return sum(
        loads[d] * impulse(objective, race_day - d) for d in range(min(race_day, len(loads)))
    )
