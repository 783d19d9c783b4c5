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
- `race_specificity`: in the last `objective.specificity_weeks` 7-day chunks before
  each A race (counted back from the race day, race day excluded, whole chunks inside
  the block only), the sessions specific to the race distance should outnumber the
  off-specific quality sessions. Each chunk costs max(0, 1 + off - on): zero when the
  specific sessions are the majority, one more for each session short of it.
  Specific (`on`) and off-specific types per distance are in SPECIFIC_TYPES and
  OFF_SPECIFIC_TYPES (docs/rules.md).
- `plateau_weeks`: a build week (full, no race day, no taper day; models/shape.py) is
  *flat* when its load is at or near the weekly ceiling, 100 x L >= (100 - p) x
  weekly_load_max (when a ceiling is in force), or near the week before's (a full week),
  100 x |L - L_prev| <= p x L_prev, with p = `constraints.plateau_pct`. The penalty
  counts the windows of `constraints.plateau_max_weeks + 1` consecutive build weeks that
  are all flat: each flat week beyond a run of that many costs one.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Protocol

from models.calendar import BlockCalendar, specific_weeks
from models.history.replan import planned_sessions, until_index
from models.scenario import Scenario
from models.shape import build_windows

VO2_TYPES = frozenset({"vo2max", "speed_endurance"})
LACTATE_TYPES = frozenset({"threshold", "tempo"})
NO_REPEAT_TYPES = frozenset({"rest", "race"})

# Race specificity (the coaching seeds; docs/rules.md): 5K -> speed-endurance reps and VO2max
# work; 10K -> threshold, tempo and 10K-pace reps (the built-in race_pace sessions are at
# 10K pace); half and marathon -> long runs (with marathon-pace blocks), threshold and
# tempo at half/marathon effort. Off-specific: the other quality types.
QUALITY_TYPES = frozenset({"hills", "tempo", "threshold", "vo2max", "speed_endurance", "race_pace"})
SPECIFIC_TYPES: dict[str, frozenset[str]] = {
    "5k": frozenset({"speed_endurance", "vo2max"}),
    "10k": frozenset({"threshold", "tempo", "race_pace"}),
    "half": frozenset({"long", "threshold", "tempo"}),
    "marathon": frozenset({"long", "threshold", "tempo"}),
}
OFF_SPECIFIC_TYPES: dict[str, frozenset[str]] = {
    distance: QUALITY_TYPES - on for distance, on in SPECIFIC_TYPES.items()
}


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
        "repeat_session": float(repeat_session(days, until_index(scenario))),
        "emphasis_rotation": float(emphasis_rotation(scenario, cal, days)),
        "load_smoothness": float(load_smoothness(cal, days)),
        "race_specificity": float(race_specificity(scenario, cal, days)),
        "plan_changes": float(plan_changes(scenario, days)),
        "plateau_weeks": float(plateau_weeks(scenario, cal, days)),
    }


def long_run_day(scenario: Scenario, cal: BlockCalendar, days: Sequence[DayLike]) -> int:
    preferred = scenario.athlete.long_run_day
    if preferred is None:
        return 0
    return sum(
        1 for d, day in enumerate(days) if day.type == "long" and cal.weekday(d) != preferred
    )


def repeat_session(days: Sequence[DayLike], until: int = 0) -> int:
    """Consecutive days with the same session; in a re-plan, among the days to come only
    (the lived days are what they were)."""
    return sum(
        1
        for a, b in itertools.pairwise(days[until:])
        if a.session == b.session and a.type not in NO_REPEAT_TYPES
    )


def plan_changes(scenario: Scenario, days: Sequence[DayLike]) -> int:
    """Re-planning: the days still to come whose session differs from the old plan."""
    return sum(
        1
        for d, sid in planned_sessions(scenario).items()
        if d >= len(days) or days[d].session != sid
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


def specificity_chunks(scenario: Scenario, cal: BlockCalendar) -> list[tuple[str, range]]:
    """(race distance, chunk) for each specific week of each A race, in race order."""
    weeks = scenario.objective.specificity_weeks
    return [
        (race.distance, chunk)
        for day, race in sorted(cal.race_days.items())
        if race.priority == "A"
        for chunk in specific_weeks(day, weeks)
    ]


def race_specificity(scenario: Scenario, cal: BlockCalendar, days: Sequence[DayLike]) -> int:
    cost = 0
    for distance, chunk in specificity_chunks(scenario, cal):
        on = sum(1 for d in chunk if days[d].type in SPECIFIC_TYPES[distance])
        off = sum(1 for d in chunk if days[d].type in OFF_SPECIFIC_TYPES[distance])
        cost += max(0, 1 + off - on)
    return cost


def plateau_weeks(scenario: Scenario, cal: BlockCalendar, days: Sequence[DayLike]) -> int:
    cons = scenario.constraints
    pct = cons.plateau_pct
    ceiling = cons.weekly_load_max if cons.weekly_load_max_on else None
    loads = [sum(days[d].load for d in w.day_range) for w in cal.weeks]

    def flat(k: int) -> bool:  # k: 0-based week
        load = loads[k]
        if ceiling is not None and 100 * load >= (100 - pct) * ceiling:
            return True
        if k == 0 or not cal.weeks[k - 1].full:
            return False
        return 100 * abs(load - loads[k - 1]) <= pct * loads[k - 1]

    windows = build_windows(cal, cons.plateau_max_weeks + 1)
    return sum(1 for window in windows if all(flat(w.index - 1) for w in window))
