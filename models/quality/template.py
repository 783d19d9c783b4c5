"""A rule-based template plan: the fixed weekly pattern that coaches and plan generators
use today, laid onto the block with a ramp, a deload every fourth week and a step taper.

It is the baseline the optimized plan is measured against (`benchmarks/plan_quality.py`),
so it is built from the same catalog, in the same plan shape, and judged by the same
checker. It is a heuristic, not an optimizer, and it never imports the solver. The same
scenario always gives the same plan.

The rules, in order:

1. **Weekly pattern** (`weekly_pattern`). Training weekdays are those with enough
   availability for some session; when there are more than `max_sessions_per_week`, the
   shortest ones rest (ties: the day after the long run first). The long run goes on
   `athlete.long_run_day`, else on the weekday with the most availability. Two quality
   days (at most `max_hard_per_week`) are the pair that keeps `hard_spacing_days` across
   the repeating week, avoids the days next to the long run, and is closest to Tuesday
   and Thursday. One easy day (the one farthest from the quality days) carries strides.
2. **Weekly load.** Week 1 aims at `athlete.chronic_load`. Each later build week aims at
   the highest load of the last `ramp_reference_weeks` weeks (the chronic load for weeks
   before the block) plus `min(8, ramp_pct)` percent, never above `weekly_load_max`.
   Every `deload_every`-th week (4 when deloads are off) that holds no taper or race day
   of an A or B race is a deload week, `max(25, deload_pct + 5)` percent below that
   reference.
3. **Step taper.** Before an A race, the 7 days before the race week at 75 % and the
   race week (the 6 days before the race) at 55 % of the reference; before a B race,
   the race week at 70 %. C races are trained through. A race week keeps its first
   quality session a rung lower and turns the second, and the long run, into easy
   running; the eve of any race is a recovery jog. After a race, the scenario's
   `recovery_days` hold no quality: a rest day after an A race, a recovery jog after a B
   or C race, easy running after that, at 50 % (A) or 80 % (B) of the load.
4. **Sessions.** Quality types follow the distance of the next A race (else the next
   race): 5K speed endurance and VO2max; 10K threshold, and tempo or race pace; half
   threshold, and tempo or race pace; marathon threshold, and race pace or tempo; no
   race: speed endurance or hills, and threshold. The alternatives take turns week by
   week; a quota `min` swaps a required type in, a quota `max` swaps one out. Each time a
   type comes back it climbs one rung of its ladder, never past the progression rule;
   deload and taper weeks go a rung down. The long run grows by up to 10 minutes a build
   week, within the long-run spike rule and its ladder, up to 90 / 100 / 120 / 150
   minutes for 5K / 10K / half / marathon (and the day's availability); deload weeks cut
   it to 80 % and taper weeks to 75 % of the longest so far. Easy and recovery runs
   (and the strides session) then fill the rest of the week's load, day by day the
   catalog session closest to the day's share, never past the week's target.
5. **Always kept**: races on race days, rest on blocked days and on days without
   availability, every session within the day's availability, at most
   `max_sessions_per_week` training days, no quality session within `hard_spacing_days`
   of another hard day or on a recovery day, at most `max_hard_per_week` hard days, the
   progression ladder and the long-run spike rule. Ramp, deload and taper are aimed at
   by the numbers above, and quotas by the type choice; monotony, ACWR and the easy
   share are not looked at, which is what the benchmark measures.

The plan's status is `FEASIBLE` (it has days; it is not a claim that every rule holds:
run the checker), its `objective` is the plain objective of the plan (weighted
Banister sum minus the soft penalties, `models.plan.plain_objective`), `bound` is null
and `solver` is `{"generator": "template", ...}` with the numbers used.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from models.calendar import SPIKE_LOOKBACK_DAYS, BlockCalendar, Week, build_calendar
from models.catalog import resolve_catalog
from models.plan import Plan, SolveStatus, assemble_plan, plain_objective
from models.scenario import (
    LADDER_FREE_TYPES,
    WEEKDAYS,
    Priority,
    Race,
    Scenario,
    Session,
    Weekday,
)

GENERATOR = "template"
DEFAULT_RAMP_PCT = 8
DELOAD_EVERY = 4
MIN_DELOAD_CUT_PCT = 25
TAPER_A = {2: 0.75, 1: 0.55}  # 7-day steps before an A race: factor of the build level
TAPER_B = {1: 0.70}
AFTER_RACE = {"A": 0.5, "B": 0.8, "C": 1.0}  # load factor on the recovery days
LONG_STEP_MIN = 10
LONG_DELOAD = 0.8
LONG_TAPER = 0.75
LONG_CAP_MIN = {"5k": 90, "10k": 100, "half": 120, "marathon": 150, None: 100}

# Two quality slots per week; each slot rotates through its types week by week.
QUALITY_ROTATION: dict[str | None, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "5k": (("speed_endurance", "vo2max"), ("vo2max", "speed_endurance")),
    "10k": (("threshold",), ("tempo", "race_pace")),
    "half": (("threshold",), ("tempo", "race_pace")),
    "marathon": (("threshold",), ("race_pace", "tempo")),
    None: (("speed_endurance", "hills"), ("threshold",)),
}
QUALITY_FALLBACK = ("threshold", "tempo", "vo2max", "speed_endurance", "race_pace", "hills")
EASY_TYPES = ("easy", "recovery")
WEEKDAY_PREFERENCE = {"tue": 0, "thu": 1, "wed": 2, "sat": 3, "mon": 4, "fri": 5, "sun": 6}


@dataclass(frozen=True)
class WeeklyPattern:
    """The fixed week: which weekday does what."""

    training: frozenset[Weekday]
    long_day: Weekday | None
    quality_days: tuple[Weekday, ...]  # in week order; the first carries slot 1
    strides_day: Weekday | None

    def role(self, weekday: str) -> str:
        if weekday not in self.training:
            return "rest"
        if weekday == self.long_day:
            return "long"
        if weekday in self.quality_days:
            return f"quality{self.quality_days.index(weekday) + 1}"
        if weekday == self.strides_day:
            return "strides"
        return "easy"


# ---------------------------------------------------------------------------
# The weekly pattern
# ---------------------------------------------------------------------------


def _circular_gap(a: Weekday, b: Weekday) -> int:
    i, j = WEEKDAYS.index(a), WEEKDAYS.index(b)
    return min((i - j) % 7, (j - i) % 7)


def _next_to(day: Weekday, other: Weekday | None) -> bool:
    return other is not None and _circular_gap(day, other) == 1


def weekly_pattern(scenario: Scenario, sessions: Sequence[Session]) -> WeeklyPattern:
    athlete, cons = scenario.athlete, scenario.constraints
    avail = athlete.availability
    trainable = [s for s in sessions if s.type not in ("rest", "race")]
    shortest = min((s.minutes for s in trainable), default=1)
    open_days = [wd for wd in WEEKDAYS if avail[wd] > 0 and avail[wd] >= shortest]
    if not open_days:
        return WeeklyPattern(frozenset(), None, (), None)

    forbidden = {q.type for q in cons.quotas if q.max == 0} if cons.quotas_enabled else set()
    has_long = any(s.type == "long" for s in trainable) and "long" not in forbidden
    long_day: Weekday | None = None
    if has_long:
        preferred = athlete.long_run_day
        if preferred is not None and preferred in open_days:
            long_day = preferred
        else:
            roomiest: Weekday = max(open_days, key=lambda wd: (avail[wd], WEEKDAYS.index(wd)))
            long_day = roomiest

    # Too many open days: the shortest rest, the day after the long run first.
    training = list(open_days)
    while len(training) > athlete.max_sessions_per_week:
        candidates = [wd for wd in training if wd != long_day] or training
        after_long = WEEKDAYS[(WEEKDAYS.index(long_day) + 1) % 7] if long_day is not None else None
        drop = min(
            candidates,
            key=lambda wd: (avail[wd], wd != after_long, WEEKDAYS.index(wd)),
        )
        training.remove(drop)

    hard_sessions = [s for s in trainable if s.hard and s.type in QUALITY_FALLBACK]
    quality_min = min((s.minutes for s in hard_sessions), default=None)
    n_quality = 2 if hard_sessions else 0
    if cons.max_hard_per_week_enabled:
        n_quality = min(n_quality, cons.max_hard_per_week)
    spacing = cons.hard_spacing_days if cons.hard_spacing_enabled else 0
    candidates = [
        wd
        for wd in training
        if wd != long_day and quality_min is not None and avail[wd] >= quality_min
    ]
    n_quality = min(n_quality, len(candidates))

    def score(pair: tuple[Weekday, ...]) -> tuple[int, int, int, int]:
        spaced = all(_circular_gap(a, b) - 1 >= spacing for a, b in itertools.combinations(pair, 2))
        next_to_long = sum(1 for wd in pair if _next_to(wd, long_day))
        preference = sum(WEEKDAY_PREFERENCE[wd] for wd in pair)
        return (0 if spaced else 1, next_to_long, preference, -sum(avail[wd] for wd in pair))

    quality: tuple[Weekday, ...] = ()
    if n_quality > 0:
        best = min(itertools.combinations(candidates, n_quality), key=score)
        quality = tuple(sorted(best, key=WEEKDAYS.index))

    strides_day: Weekday | None = None
    strides = [s for s in trainable if s.type == "strides" and not s.hard]
    if strides and "strides" not in forbidden:
        shortest_strides = min(s.minutes for s in strides)
        easy_days = [
            wd
            for wd in training
            if wd != long_day and wd not in quality and avail[wd] >= shortest_strides
        ]

        def away_from_quality(wd: Weekday) -> tuple[int, int]:
            return min((_circular_gap(wd, q) for q in quality), default=0), WEEKDAYS.index(wd)

        if easy_days:
            farthest: Weekday = max(easy_days, key=away_from_quality)
            strides_day = farthest
    return WeeklyPattern(frozenset(training), long_day, quality, strides_day)


# ---------------------------------------------------------------------------
# Weekly load targets
# ---------------------------------------------------------------------------


def _race_steps(cal: BlockCalendar, day: int) -> list[tuple[Race, int]]:
    """(race, n) for each A or B race whose n-th step before it holds `day`: n = 1 is
    the race week, the 6 days right before the race (for a Sunday race, Monday to
    Saturday); n = 2 the 7 days before those."""
    out = []
    for race_day, race in cal.race_days.items():
        if race.priority in ("A", "B") and day < race_day:
            step = (race_day - day) // 7 + 1
            if step <= max(TAPER_A):
                out.append((race, step))
    return out


def day_factor(cal: BlockCalendar, recovery: Mapping[Priority, int], day: int) -> float:
    """The share of the build level a day gets: taper steps and post-race days."""
    factor = 1.0
    for race, step in _race_steps(cal, day):
        table = TAPER_A if race.priority == "A" else TAPER_B
        factor = min(factor, table.get(step, 1.0))
    for race_day, race in cal.race_days.items():
        if race_day < day <= race_day + recovery[race.priority]:
            factor = min(factor, AFTER_RACE[race.priority])
    return factor


def in_taper(cal: BlockCalendar, day: int) -> bool:
    return any(
        (race.priority == "A" and step in TAPER_A) or (race.priority == "B" and step in TAPER_B)
        for race, step in _race_steps(cal, day)
    )


def ramp_pct(scenario: Scenario) -> int:
    cons = scenario.constraints
    return min(DEFAULT_RAMP_PCT, cons.ramp_pct) if cons.ramp_enabled else DEFAULT_RAMP_PCT


def deload_every(scenario: Scenario) -> int:
    cons = scenario.constraints
    return cons.deload_every if cons.deload_on else DELOAD_EVERY


def deload_cut_pct(scenario: Scenario) -> int:
    cons = scenario.constraints
    extra = cons.deload_pct + 5 if cons.deload_on else 0
    return min(60, max(MIN_DELOAD_CUT_PCT, extra))


def week_kinds(scenario: Scenario, cal: BlockCalendar) -> list[str]:
    """Each week's kind: "taper" (it holds taper-step or race days of an A or B race),
    "deload" (every `deload_every`-th week otherwise) or "build"."""
    every = deload_every(scenario)
    out = []
    for week in cal.weeks:
        tapering = any(in_taper(cal, d) for d in week.day_range) or any(
            cal.race_days[d].priority in ("A", "B") for d in week.day_range if d in cal.race_days
        )
        if tapering:
            out.append("taper")
        elif every > 0 and week.index % every == 0:
            out.append("deload")
        else:
            out.append("build")
    return out


# ---------------------------------------------------------------------------
# Building the plan
# ---------------------------------------------------------------------------


class _Builder:
    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.cons = scenario.constraints
        self.athlete = scenario.athlete
        self.sessions = resolve_catalog(scenario)
        self.cal = build_calendar(scenario)
        self.pattern = weekly_pattern(scenario, self.sessions)
        self.kinds = week_kinds(scenario, self.cal)
        self.levels: list[float] = []  # each week's build level, as planned
        self.week_loads: list[int] = []
        self.rest = next(s for s in self.sessions if s.type == "rest")
        self.days: list[Session | None] = [None] * self.cal.n_days
        self.highest: dict[str, int] = {}  # highest level per type of finished weeks
        self.uses: dict[str, int] = {}  # weeks each quality type was used in
        self.peak_long = self.athlete.longest_recent_run_min
        self.hard_days: set[int] = set(self.cal.race_days)
        self.spacing = self.cons.hard_spacing_days if self.cons.hard_spacing_enabled else 0
        self.build_weeks = 0

    # -- rules the builder keeps ---------------------------------------------

    def avail(self, day: int) -> int:
        return self.athlete.availability[self.cal.weekday(day)]

    def allowed_level(self, session_type: str) -> int:
        if not self.cons.progression_enabled or session_type in LADDER_FREE_TYPES:
            return 10**6
        return 1 + max(self.athlete.level_start(session_type), self.highest.get(session_type, 0))

    def spike_limit(self, day: int) -> float:
        """Longest session minutes allowed on `day` by the long-run spike rule, from the
        days already planned before it (days not planned yet count as 0: conservative)."""
        if not self.cons.long_run_spike_enabled:
            return float("inf")
        longest = 0
        if day - SPIKE_LOOKBACK_DAYS < 0:
            longest = self.athlete.longest_recent_run_min
        for d in range(max(0, day - SPIKE_LOOKBACK_DAYS), day):
            s = self.days[d]
            if s is not None and s.type != "race":
                longest = max(longest, s.minutes)
        return (100 + self.cons.long_run_spike_pct) * longest / 100

    def fits(self, s: Session, day: int) -> bool:
        return (
            s.minutes <= self.avail(day)
            and s.level <= self.allowed_level(s.type)
            and s.minutes <= self.spike_limit(day)
        )

    def hard_ok(self, day: int, week_days: range) -> bool:
        if any(abs(day - h) <= self.spacing for h in self.hard_days):
            return False
        if day in self.cal.recovery_days:
            return False
        if self.cons.max_hard_per_week_enabled:
            in_week = sum(1 for h in self.hard_days if h in week_days)
            return in_week < self.cons.max_hard_per_week
        return True

    # -- choices ---------------------------------------------------------------

    def target_distance(self, day: int) -> str | None:
        ahead = [r for r in self.scenario.races if r.date >= self.cal.date(day)]
        for race in ahead:
            if race.priority == "A":
                return race.distance
        if ahead:
            return ahead[0].distance
        a_races = [r for r in self.scenario.races if r.priority == "A"]
        return a_races[-1].distance if a_races else None

    def quota_limits(self) -> tuple[set[str], dict[str, int]]:
        if not self.cons.quotas_enabled:
            return set(), {}
        need: set[str] = {q.type for q in self.cons.quotas if q.min > 0}
        most: dict[str, int] = {}
        for q in self.cons.quotas:
            if q.max is not None:
                most[q.type] = min(most.get(q.type, q.max), q.max)
        return need, most

    def quality_types(self, week_first: int, n_slots: int) -> list[str | None]:
        """The quality type of each slot this week: the distance's rotation, with quota
        mins swapped in and quota maxes (or types the catalog lacks) swapped out; None
        when no type is left."""
        rotation = QUALITY_ROTATION[self.target_distance(week_first)]
        k = self.build_weeks
        picks: list[str | None] = [
            rotation[i][k % len(rotation[i])] for i in range(min(n_slots, 2))
        ]
        need, most = self.quota_limits()
        available = {s.type for s in self.sessions if s.hard and s.type in QUALITY_FALLBACK}
        # A quota min: swap the required type in, in the last slot that is not required.
        for t in sorted(need & available):
            if t in picks:
                continue
            for i in reversed(range(len(picks))):
                if picks[i] not in need:
                    picks[i] = t
                    break
        # A quota max (or a type the catalog lacks): swap for the next allowed type.
        for i, pick in enumerate(picks):
            if pick in available and picks[: i + 1].count(pick) <= most.get(str(pick), 7):
                continue
            options = [*rotation[min(i, 1)], *QUALITY_FALLBACK]
            picks[i] = next(
                (a for a in options if a in available and a not in picks and most.get(a, 7) > 0),
                None,
            )
        return picks

    def quality_session(self, session_type: str, day: int, kind: str) -> Session | None:
        ladder = [s for s in self.sessions if s.type == session_type and s.hard]
        if not ladder:
            return None
        start = self.athlete.level_start(session_type)
        current = max(start, self.highest.get(session_type, start))
        if session_type not in self.uses:
            wanted = start
        elif kind == "build":
            wanted = current + 1
        else:
            wanted = current - 1
        wanted = max(0, min(wanted, self.allowed_level(session_type)))
        fitting = [s for s in ladder if self.fits(s, day)]
        for level in range(wanted, -1, -1):
            at_level = [s for s in fitting if s.level == level]
            if at_level:
                if kind == "taper":
                    return min(at_level, key=lambda s: (s.load, s.id))
                return at_level[self.uses.get(session_type, 0) % len(at_level)]
        return None

    def long_session(self, day: int, kind: str, distance: str | None) -> Session | None:
        cap = LONG_CAP_MIN.get(distance, LONG_CAP_MIN[None])
        target: float
        if kind == "build":
            target = min(cap, self.peak_long + LONG_STEP_MIN)
        elif kind == "deload":
            target = LONG_DELOAD * self.peak_long
        else:
            target = LONG_TAPER * self.peak_long
        options = [
            s
            for s in self.sessions
            if s.type == "long" and not s.hard and s.minutes <= target and self.fits(s, day)
        ]
        if not options:
            return None
        specific = (
            distance in ("half", "marathon") and kind == "build" and self.build_weeks % 2 == 1
        )
        return max(options, key=lambda s: (s.minutes, s.load if specific else -s.load, s.id))

    def easy_options(self, day: int, role: str) -> list[Session]:
        if role == "strides":
            types: tuple[str, ...] = ("strides",)
        elif role == "recovery":
            types = ("recovery",)
        else:
            types = EASY_TYPES
        return [s for s in self.sessions if s.type in types and not s.hard and self.fits(s, day)]

    def fill(self, day: int, role: str, share: float, budget: float) -> Session:
        """The easy session closest to `share`, never more than `budget`; rest if none fits
        or the share is under half the smallest session."""
        options: list[Session] = []
        for r in (role, "easy"):
            options = [s for s in self.easy_options(day, r) if s.load <= budget]
            if options:
                break
        if not options or share < min(s.load for s in options) / 2:
            return self.rest
        return min(options, key=lambda s: (abs(s.load - share), s.load, s.id))

    # -- the block ---------------------------------------------------------------

    def week_target(self, week_days: range, level: float) -> float:
        """The week's training load (races aside): the build level shared over the pattern's
        training days, each scaled by its taper or post-race factor. Blocked days and race
        days drop their share."""
        n_pattern = max(1, len(self.pattern.training))
        total = 0.0
        for d in week_days:
            if self.cal.weekday(d) not in self.pattern.training:
                continue
            if d in self.cal.race_days or d in self.cal.blocked_days:
                continue
            total += level / n_pattern * day_factor(self.cal, self.cons.recovery_days, d)
        return total

    def roles(self, week_days: range) -> dict[int, str]:
        """Each day's role: the pattern's, changed around races."""
        out = {}
        for d in week_days:
            role = self.pattern.role(self.cal.weekday(d))
            after = [
                (rd, r)
                for rd, r in self.cal.race_days.items()
                if rd < d <= rd + self.cons.recovery_days[r.priority]
            ]
            race_week = any(
                step == 1 and r.priority in ("A", "B") for r, step in _race_steps(self.cal, d)
            )
            if d in self.cal.race_days:
                role = "race"
            elif d in self.cal.blocked_days or role == "rest":
                role = "rest"
            elif d + 1 in self.cal.race_days:
                role = "recovery"  # the eve of a race: a shakeout jog
            elif after:
                race_day, race = max(after, key=lambda x: x[0])
                if d == race_day + 1:
                    role = "rest" if race.priority == "A" else "recovery"
                else:
                    role = "easy"
            elif race_week and role in ("long", "quality2"):
                role = "easy"
            out[d] = role
        return out

    def week_level(self, week: Week, kind: str) -> float:
        """The load a full normal week aims at: the highest load of the recent weeks (the
        ramp rule's reference, weeks before the block at the chronic load), plus the ramp
        in a build week, minus the deload cut in a deload week, as is in a taper week."""
        n_ref = self.cons.ramp_reference_weeks
        chronic = self.athlete.chronic_load
        ref = float(
            max(
                self.week_loads[j - 1] if j >= 1 else chronic
                for j in range(week.index - n_ref, week.index)
            )
        )
        if kind == "build" and week.index > 1:
            level = ref * (1 + ramp_pct(self.scenario) / 100)
        elif kind == "deload":
            level = ref * (1 - deload_cut_pct(self.scenario) / 100)
        else:
            level = ref
        if self.cons.weekly_load_max_on:
            assert self.cons.weekly_load_max is not None
            level = min(level, float(self.cons.weekly_load_max))
        return level

    def day_kind(self, day: int, week_kind: str) -> str:
        return "taper" if in_taper(self.cal, day) else week_kind

    def plan_week(self, week: Week, kind: str) -> None:
        week_days = week.day_range
        level = self.week_level(week, kind)
        self.levels.append(level)
        roles = self.roles(week_days)
        distance = self.target_distance(week_days.start)
        used_types: dict[str, int] = {}

        for d, role in roles.items():
            if role == "race":
                race = self.cal.race_days[d]
                self.days[d] = next(
                    s for s in self.sessions if s.type == "race" and s.distance == race.distance
                )
            elif role == "rest":
                self.days[d] = self.rest

        # quality sessions, slot 1 first
        quality_days = sorted(
            (d for d, r in roles.items() if r.startswith("quality")), key=lambda d: roles[d]
        )
        types = self.quality_types(week_days.start, len(quality_days))
        for d, session_type in zip(quality_days, types, strict=True):
            s = None
            if session_type is not None and self.hard_ok(d, week_days):
                s = self.quality_session(session_type, d, self.day_kind(d, kind))
            if s is None:
                roles[d] = "easy"
                continue
            self.days[d] = s
            self.hard_days.add(d)
            used_types[s.type] = max(used_types.get(s.type, 0), s.level)

        for d, role in roles.items():
            if role != "long":
                continue
            s = self.long_session(d, self.day_kind(d, kind), distance)
            if s is None:
                roles[d] = "easy"
                continue
            self.days[d] = s
            self.peak_long = max(self.peak_long, s.minutes)

        # easy running fills what is left of the week's load, day by day
        fixed = sum(
            s.load for d in week_days if (s := self.days[d]) is not None and s.type != "race"
        )
        remaining = self.week_target(week_days, level) - fixed
        # days with the least choice first (strides), so the easy days can even out the sum
        open_days = sorted(
            (d for d in week_days if self.days[d] is None), key=lambda d: (roles[d] != "strides", d)
        )
        for i, d in enumerate(open_days):
            share = remaining / (len(open_days) - i)
            s = self.fill(d, roles[d], share, remaining)
            self.days[d] = s
            remaining -= s.load

        for d in week_days:
            s = self.days[d]
            if s is not None and s.type not in LADDER_FREE_TYPES:
                self.highest[s.type] = max(self.highest.get(s.type, 0), s.level)
        for t in used_types:
            self.uses[t] = self.uses.get(t, 0) + 1
        self.week_loads.append(sum(s.load for d in week_days if (s := self.days[d]) is not None))
        if kind == "build":
            self.build_weeks += 1

    def build(self) -> list[Session]:
        for week, kind in zip(self.cal.weeks, self.kinds, strict=True):
            self.plan_week(week, kind)
        return [s if s is not None else self.rest for s in self.days]


def template_sessions(scenario: Scenario) -> list[Session]:
    """One catalog session per day of the block, by the template's rules."""
    return _Builder(scenario).build()


def template_plan(scenario: Scenario) -> Plan:
    """The template plan in plan format v1 (see the module docstring for its fields)."""
    builder = _Builder(scenario)
    sessions = builder.build()
    pattern = builder.pattern
    info: dict[str, Any] = {
        "generator": GENERATOR,
        "pattern": {wd: pattern.role(wd) for wd in WEEKDAYS},
        "ramp_pct": ramp_pct(scenario),
        "deload_every": deload_every(scenario),
        "deload_cut_pct": deload_cut_pct(scenario),
        "taper_a": [round(100 * TAPER_A[n]) for n in sorted(TAPER_A, reverse=True)],
        "taper_b": [round(100 * TAPER_B[n]) for n in sorted(TAPER_B, reverse=True)],
        "week_levels": [round(level, 1) for level in builder.levels],
        "week_kinds": builder.kinds,
    }
    plan = assemble_plan(
        scenario,
        sessions,
        status=SolveStatus.FEASIBLE,
        message="rule-based template plan, not optimized: run the checker for rule violations",
        solver_info=info,
    )
    return plan.model_copy(update={"objective": plain_objective(scenario, plan.days)})
