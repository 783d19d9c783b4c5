"""The shape of a block, as a coach reads it: does the load wave or sit on a plateau,
do the long runs build with step-backs, where is the peak long run, and is the last
fortnight light and sharp. The same numbers for any plan: solved, the template
baseline, hand-written or imported from a book.

All distances are counted back from the *goal race*, the last A race (else the last
race), as the other metrics do; a plan without a race has none of those.

- `plateau_weeks`: the longest run of consecutive full weeks whose load is less than
  `NEAR_CEILING_PCT`% below the ceiling: the scenario's `weekly_load_max` when that
  rule is on, else the plan's own highest full week. The wave-loading rule bounds
  exactly this run at its default `plateau_pct`.
- `same_long_run_weeks`: the longest run of consecutive full weeks whose longest run
  (the longest session that is not a race, as the long-run rules read a week) has the
  same minutes; a week that runs nothing ends a run.
- `peak_long_run_days_out`: days from the block's longest long run before the goal
  race (the latest, when several are as long) to the race.
- `last_long_run_days_out`: days from the last long run before the goal race to it.
- `quality_last_days`: hard sessions other than races in the `LAST_DAYS` days
  before the goal race.
- `last_weeks_load_ratio`: the load of the 7 days before the goal race over the load
  of the 7 days before those (days before the block at `chronic_load / 7`, as the
  taper rules count them).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from models.calendar import BlockCalendar
from models.scenario import Scenario

if TYPE_CHECKING:
    from models.quality.metrics import DayLoad

# "Within a few percent of the ceiling": a week this close to it is on the plateau.
NEAR_CEILING_PCT = 5
# The sharpening fortnight's last part, as coaches count it before an A race.
LAST_DAYS = 10


# Each metric in words, for the report, the terminal and the comparisons.
LABELS = {
    "plateau_weeks": "Longest plateau near the ceiling (weeks)",
    "same_long_run_weeks": "Same longest run, weeks in a row",
    "peak_long_run_days_out": "Peak long run, days before the goal race",
    "last_long_run_days_out": "Last long run, days before the goal race",
    "quality_last_days": f"Quality sessions in the last {LAST_DAYS} days",
    "last_weeks_load_ratio": "Last week's load / the week before",
}


@dataclass(frozen=True)
class Structure:
    plateau_weeks: int
    same_long_run_weeks: int
    peak_long_run_days_out: int | None
    last_long_run_days_out: int | None
    quality_last_days: int | None
    last_weeks_load_ratio: float | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def rows(self) -> list[tuple[str, str]]:
        """(label, value as text) for each metric; "-" where the plan has none."""
        return [(LABELS[key], show(value)) for key, value in self.as_dict().items()]


def show(value: int | float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.2f}" if isinstance(value, float) else str(value)


def plan_structure(scenario: Scenario, cal: BlockCalendar, days: Sequence[DayLoad]) -> Structure:
    """The structure of one session a day (`days`, by day index of the block)."""
    full = [w for w in cal.weeks if w.days == 7]
    loads = [sum(days[d].load for d in w.day_range) for w in full]
    rules = scenario.constraints
    ceiling = rules.weekly_load_max if rules.weekly_load_max_on else None
    top = ceiling if ceiling is not None else max(loads, default=0)
    # Strictly above: a week at (100 - pct)% of the ceiling is the lighter week the wave
    # rule asks for, not part of the plateau.
    near = [top > 0 and 100 * load > (100 - NEAR_CEILING_PCT) * top for load in loads]
    longest_runs = [
        max((days[d].minutes for d in w.day_range if days[d].type != "race"), default=0.0)
        for w in full
    ]
    goal = goal_race_day(cal)
    return Structure(
        plateau_weeks=longest_run(near),
        same_long_run_weeks=longest_equal_run(longest_runs),
        peak_long_run_days_out=_peak_days_out(days, goal),
        last_long_run_days_out=_last_days_out(days, goal),
        quality_last_days=(
            None
            if goal is None
            else sum(
                1
                for d in range(max(0, goal - LAST_DAYS), goal)
                if days[d].hard and days[d].type != "race"
            )
        ),
        last_weeks_load_ratio=_last_weeks_ratio(days, goal, scenario.athlete.chronic_load / 7),
    )


def goal_race_day(cal: BlockCalendar) -> int | None:
    """The day index of the last A race, else of the last race."""
    races = sorted(cal.race_days.items())
    a_races = [day for day, race in races if race.priority == "A"]
    if a_races:
        return a_races[-1]
    return races[-1][0] if races else None


def longest_run(flags: Sequence[bool]) -> int:
    best = run = 0
    for flag in flags:
        run = run + 1 if flag else 0
        best = max(best, run)
    return best


def longest_equal_run(values: Sequence[float]) -> int:
    """The longest run of equal positive values in a row."""
    best = run = 0
    previous: float | None = None
    for value in values:
        if value <= 0:
            run, previous = 0, None
            continue
        run = run + 1 if value == previous else 1
        previous = value
        best = max(best, run)
    return best


def _peak_days_out(days: Sequence[DayLoad], goal: int | None) -> int | None:
    if goal is None:
        return None
    longs = [(days[d].minutes, d) for d in range(goal) if days[d].type == "long"]
    return goal - max(longs)[1] if longs else None


def _last_days_out(days: Sequence[DayLoad], goal: int | None) -> int | None:
    if goal is None:
        return None
    longs = [d for d in range(goal) if days[d].type == "long"]
    return goal - longs[-1] if longs else None


def _last_weeks_ratio(
    days: Sequence[DayLoad], goal: int | None, before_block: float
) -> float | None:
    if goal is None:
        return None

    def load(first: int, last: int) -> float:
        return sum(days[d].load if d >= 0 else before_block for d in range(first, last))

    previous = load(goal - 14, goal - 7)
    return load(goal - 7, goal) / previous if previous > 0 else None
