"""The soft penalties, computed from a plan in plain Python.

Each is a count or a sum that the objective subtracts with the weight given in
the scenario's `objective.penalties` table. The solver models the same
quantities; this module is the written definition, and tests compare the two.

- `long_run_day`: long runs on a weekday other than `athlete.long_run_day`
  (0 when the athlete names no day).
- `repeat_session`: pairs of consecutive days holding the same session, rest
  and races aside.
- `emphasis_rotation`: the build rotates emphasis between VO2max work
  (`vo2max`, `speed_endurance`) and lactate-clearance work (`threshold`,
  `tempo`) every `objective.rotation_weeks` weeks. Each week costs the number of
  off-emphasis sessions beyond its on-emphasis ones; the phase (which emphasis
  comes first) is whichever costs less.
- `load_smoothness`: the sum of absolute week-to-week load changes between
  consecutive full weeks.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Protocol

from models.calendar import BlockCalendar
from models.scenario import Scenario

VO2_TYPES = frozenset({"vo2max", "speed_endurance"})
LACTATE_TYPES = frozenset({"threshold", "tempo"})
NO_REPEAT_TYPES = frozenset({"rest", "race"})


class DayLike(Protocol):
    @property
    def session(self) -> str: ...
    @property
    def type(self) -> str: ...
    @property
    def load(self) -> int: ...


def penalty_values(
    scenario: Scenario, cal: BlockCalendar, days: Sequence[DayLike]
) -> dict[str, float]:
    return {
        "long_run_day": float(long_run_day(scenario, cal, days)),
        "repeat_session": float(repeat_session(days)),
        "emphasis_rotation": float(emphasis_rotation(scenario, cal, days)),
        "load_smoothness": float(load_smoothness(cal, days)),
    }


def long_run_day(scenario: Scenario, cal: BlockCalendar, days: Sequence[DayLike]) -> int:
    preferred = scenario.athlete.long_run_day
    if preferred is None:
        return 0
    return sum(
        1 for d, day in enumerate(days) if day.type == "long" and cal.weekday(d) != preferred
    )


def repeat_session(days: Sequence[DayLike]) -> int:
    return sum(
        1
        for a, b in itertools.pairwise(days)
        if a.session == b.session and a.type not in NO_REPEAT_TYPES
    )


def emphasis_phase(week_index: int, rotation_weeks: int, phase: int) -> str:
    """'vo2' or 'lactate': the emphasis of a week for a given phase (0 or 1)."""
    block = (week_index - 1) // rotation_weeks
    return "vo2" if (block + phase) % 2 == 0 else "lactate"


def emphasis_rotation(scenario: Scenario, cal: BlockCalendar, days: Sequence[DayLike]) -> int:
    costs = []
    for phase in (0, 1):
        cost = 0
        for w in cal.weeks:
            vo2 = sum(1 for d in w.day_range if days[d].type in VO2_TYPES)
            lac = sum(1 for d in w.day_range if days[d].type in LACTATE_TYPES)
            if emphasis_phase(w.index, scenario.objective.rotation_weeks, phase) == "vo2":
                cost += max(0, lac - vo2)
            else:
                cost += max(0, vo2 - lac)
        costs.append(cost)
    return min(costs)


def load_smoothness(cal: BlockCalendar, days: Sequence[DayLike]) -> int:
    loads = [sum(days[d].load for d in w.day_range) for w in cal.weeks]
    return sum(
        abs(loads[i] - loads[i - 1])
        for i in range(1, len(cal.weeks))
        if cal.weeks[i].full and cal.weeks[i - 1].full
    )
