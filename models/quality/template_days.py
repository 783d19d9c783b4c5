"""The template plan's day placement (models/quality/template.py): week by week, races
and rest first, then the quality sessions, the long run, and easy running that fills
the rest of the week's load, keeping the rules the template always keeps (rule 5)."""

from __future__ import annotations

from models.calendar import SPIKE_LOOKBACK_DAYS, Week, build_calendar
from models.catalog import resolve_catalog
from models.quality.template_week import (
    EASY_TYPES,
    LONG_CAP_MIN,
    LONG_DELOAD,
    LONG_STEP_MIN,
    LONG_TAPER,
    QUALITY_FALLBACK,
    QUALITY_ROTATION,
    day_factor,
    deload_cut_pct,
    in_taper,
    race_steps,
    ramp_pct,
    week_kinds,
    weekly_pattern,
)
from models.scenario import LADDER_FREE_TYPES, Scenario, Session


class TemplateBuilder:
    """Plans the block in one pass, week after week: each week reads the loads, levels and
    long runs of the weeks planned before it."""

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
                step == 1 and r.priority in ("A", "B") for r, step in race_steps(self.cal, d)
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
