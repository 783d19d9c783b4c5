"""The straightforward CP-SAT model of a block: the benchmark's baseline.

Written from the scenario format (shared/spec/scenario-format.md), the rules the
checker enforces (models/check/) and the written definition of the soft penalties
(models/penalties.py), without any of the solver's modelling choices:

- one boolean per day and catalog session, for every day and every session: no
  session is removed in advance, so races, blocked days, availability, recovery days
  and the progression ceiling are constraints like the others;
- each rule is added as written: daily load, minutes and hardness are integer
  variables; hard spacing is one constraint per pair of close days; the ramp and
  deload reference is a max over the previous weeks (add_max_equality); the long-run
  spike compares each day with a max over the 30 days before it; the taper compares
  two window sums (its averages multiplied through); progression keeps, per type and
  week, one indicator per level used, the highest level used, and the highest level
  of the earlier weeks; Foster monotony squares every daily load and the weekly load;
- each soft penalty whose weight is positive is one integer variable equal to its
  value, built as its definition reads: `long_run_day` counts long runs off the
  preferred weekday; `repeat_session` has one "both days hold s" boolean per pair of
  consecutive days and session (the minimum of the two day booleans); `emphasis_rotation`
  counts the week's VO2max and lactate sessions, takes max(0, off - on) per week and
  phase and the min over the two phases; `load_smoothness` is an absolute value per
  pair of consecutive full weeks; `race_specificity` is max(0, 1 + off - on) per
  specific chunk of each A race; `plateau_weeks` is benchmarks/naive_shape.py's, with
  the block-shape rules. Every penalty variable equals its penalty exactly, so
  the objective of any solution is the objective of its plan;
- the objective is the spec's weighted Banister sum minus the weighted penalties, each
  (day, session) term and each penalty's weight multiplied by the solver's
  OBJECTIVE_SCALE and rounded, as the solver does, so optimal values are comparable,
  with the soft penalties on or off.

Re-planning (a scenario's `history`: the lived days, the `plan_changes` penalty and the
fatigue caps) is not modelled; such a scenario is refused.

It is solved by CP-SAT with its default search and `num_workers` workers. Only this
module's import of `solver` is the scale constant.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from ortools.sat.python import cp_model

from benchmarks.naive_shape import add_shape_rules, add_sharpening, plateau_weeks
from models.calendar import (
    ACUTE_DAYS,
    REFERENCE_DAYS,
    SPIKE_LOOKBACK_DAYS,
    BlockCalendar,
    build_calendar,
    specific_weeks,
)
from models.catalog import resolve_catalog
from models.penalties import (
    LACTATE_TYPES,
    NO_REPEAT_TYPES,
    OFF_SPECIFIC_TYPES,
    SPECIFIC_TYPES,
    VO2_TYPES,
    emphasis_phase,
)
from models.performance import day_coefficients
from models.scenario import LADDER_FREE_TYPES, Scenario, Session
from solver.objective import OBJECTIVE_SCALE

LinExpr = cp_model.LinearExpr | cp_model.IntVar | int


@dataclass
class NaiveModel:
    model: cp_model.CpModel
    scenario: Scenario
    cal: BlockCalendar
    sessions: tuple[Session, ...]
    x: list[list[cp_model.IntVar]] = field(default_factory=list)  # x[d][s], every session
    # one variable per modelled soft penalty (weight > 0), equal to its value
    penalties: dict[str, cp_model.IntVar] = field(default_factory=dict)
    build_seconds: float = 0.0


@dataclass
class NaiveResult:
    status: str  # OPTIMAL, FEASIBLE, INFEASIBLE, UNKNOWN, MODEL_INVALID
    objective: float | None
    bound: float | None
    gap: float | None
    solve_seconds: float  # the CP-SAT solve alone
    build_seconds: float
    sessions: list[Session] | None  # one per day, when there is a plan
    variables: int
    constraints: int
    first_plan_seconds: float | None
    penalties: dict[str, int] | None = None  # each modelled penalty's value, with a plan


def monotony_square(limit: float) -> Fraction:
    """M² as a fraction with a denominator of at most 10 000, never above the exact M²
    (docs/contract.md: the model may be stricter than the checker's float rule, never looser)."""
    exact = Fraction(limit) ** 2
    approx = exact.limit_denominator(10_000)
    if approx > exact:
        approx -= Fraction(1, approx.denominator)
    return approx


def build_naive(scenario: Scenario, sessions: Sequence[Session] | None = None) -> NaiveModel:
    """The model of `scenario`; a scenario with a `history` table (a re-plan) is refused,
    since its lived days, fatigue caps and `plan_changes` are not modelled."""
    if scenario.history is not None:
        raise ValueError(
            "the naive model does not support re-planning: the scenario has a history table"
        )
    started = time.perf_counter()
    sessions = tuple(sessions if sessions is not None else resolve_catalog(scenario))
    cal = build_calendar(scenario)
    model = cp_model.CpModel()
    nm = NaiveModel(model=model, scenario=scenario, cal=cal, sessions=sessions)
    _Builder(nm).build()
    nm.build_seconds = time.perf_counter() - started
    return nm


class _Builder:
    def __init__(self, nm: NaiveModel):
        self.nm = nm
        self.m = nm.model
        self.sc = nm.scenario
        self.cal = nm.cal
        self.ss = nm.sessions
        self.cons = nm.scenario.constraints
        self.n = nm.cal.n_days

    # -- helpers ---------------------------------------------------------------

    def over(self, d: int, weight: Any) -> cp_model.LinearExpr:
        """sum over sessions s of weight(s) x x[d][s]."""
        pairs = [(v, int(weight(s))) for v, s in zip(self.nm.x[d], self.ss, strict=True)]
        pairs = [(v, w) for v, w in pairs if w]
        return cp_model.LinearExpr.weighted_sum([p[0] for p in pairs], [p[1] for p in pairs])

    def int_of(self, expr: cp_model.LinearExpr, lo: int, hi: int, name: str) -> cp_model.IntVar:
        var = self.m.new_int_var(lo, hi, name)
        self.m.add(var == expr)
        return var

    def count(self, days: Sequence[int], types: frozenset[str]) -> cp_model.LinearExpr:
        """How many of the days hold a session of one of the types."""
        return cp_model.LinearExpr.sum([self.over(d, lambda s: s.type in types) for d in days])

    # -- the model ---------------------------------------------------------------

    def build(self) -> None:
        m, ss, n = self.m, self.ss, self.n
        for d in range(n):
            xd = [m.new_bool_var(f"x[{d},{s.id}]") for s in ss]
            self.nm.x.append(xd)
            m.add_exactly_one(xd)
        max_load = max(s.load for s in ss)
        max_min = max(s.minutes for s in ss)
        self.load = [
            self.int_of(self.over(d, lambda s: s.load), 0, max_load, f"load[{d}]") for d in range(n)
        ]
        self.minutes = [
            self.int_of(self.over(d, lambda s: s.minutes), 0, max_min, f"minutes[{d}]")
            for d in range(n)
        ]
        self.hard = [
            self.int_of(self.over(d, lambda s: s.hard), 0, 1, f"hard[{d}]") for d in range(n)
        ]
        self.rest = [
            self.int_of(self.over(d, lambda s: s.type == "rest"), 0, 1, f"rest[{d}]")
            for d in range(n)
        ]
        self.week_load = [
            self.int_of(
                cp_model.LinearExpr.sum([self.load[d] for d in w.day_range]),
                0,
                7 * max_load,
                f"week_load[{w.index}]",
            )
            for w in self.cal.weeks
        ]
        self.races()
        self.blocked_and_availability()
        self.max_sessions()
        self.hard_days()
        self.weekly_load()
        self.long_run_spike()
        self.taper()
        self.taper_shape()
        self.recovery()
        self.quotas()
        self.min_easy()
        self.progression()
        self.acwr()
        self.monotony()
        add_shape_rules(self)
        add_sharpening(self)
        self.soft_penalties()
        self.objective()

    def races(self) -> None:
        for d in range(self.n):
            race = self.cal.race_days.get(d)
            if race is None:
                # no other day holds a race session
                self.m.add(self.over(d, lambda s: s.type == "race") == 0)
            else:
                dist = race.distance
                self.m.add(
                    self.over(d, lambda s, dist=dist: s.type == "race" and s.distance == dist) == 1
                )

    def blocked_and_availability(self) -> None:
        availability = self.sc.athlete.availability
        for d in range(self.n):
            if d in self.cal.race_days:
                continue
            if d in self.cal.blocked_days:
                self.m.add(self.rest[d] == 1)
            limit = availability[self.cal.weekday(d)]
            if limit == 0:
                self.m.add(self.rest[d] == 1)
            else:
                self.m.add(self.minutes[d] <= limit)

    def max_sessions(self) -> None:
        most = self.sc.athlete.max_sessions_per_week
        for w in self.cal.weeks:
            days = [d for d in w.day_range if d not in self.cal.race_days]
            self.m.add(cp_model.LinearExpr.sum([1 - self.rest[d] for d in days]) <= most)

    def hard_days(self) -> None:
        cons = self.cons
        spacing = cons.hard_spacing_days
        if cons.hard_spacing_enabled and spacing > 0:
            # between two hard days at least `spacing` non-hard days: every close pair
            heavy = self.hard

            def is_heavy(s: Session) -> bool:
                return s.hard or s.type == "long"

            if cons.long_run_is_hard_for_spacing:
                heavy = [
                    self.int_of(
                        self.over(d, lambda s: s.hard or s.type == "long"), 0, 1, f"heavy[{d}]"
                    )
                    for d in range(self.n)
                ]
            for d1 in range(self.n):
                for d2 in range(d1 + 1, min(self.n, d1 + spacing + 1)):
                    self.m.add(heavy[d1] + heavy[d2] <= 1)
        if cons.max_hard_per_week_enabled:
            for w in self.cal.weeks:
                total = cp_model.LinearExpr.sum([self.hard[d] for d in w.day_range])
                self.m.add(total <= cons.max_hard_per_week)

    def weekly_load(self) -> None:
        cons, m = self.cons, self.m
        if cons.weekly_load_max_on:
            for wl in self.week_load:
                m.add(wl <= cons.weekly_load_max)
        chronic = self.sc.athlete.chronic_load
        n_ref = cons.ramp_reference_weeks
        for w in self.cal.weeks:
            ramp = cons.ramp_enabled and w.full
            deload = cons.deload_on and self.cal.is_deload_week(w, cons.deload_every)
            if not (ramp or deload):
                continue
            terms: list[LinExpr] = []
            for j in range(w.index - n_ref, w.index):
                terms.append(chronic if j < 1 else self.week_load[j - 1])
            ref = m.new_int_var(
                0, max(chronic, 7 * max(s.load for s in self.ss)), f"ref[{w.index}]"
            )
            m.add_max_equality(ref, terms)
            load = self.week_load[w.index - 1]
            if ramp:
                m.add(100 * load <= (100 + cons.ramp_pct) * ref)
            if deload:
                m.add(100 * load <= (100 - cons.deload_pct) * ref)

    def long_run_spike(self) -> None:
        cons, m = self.cons, self.m
        if not cons.long_run_spike_enabled:
            return
        pct = cons.long_run_spike_pct
        recent = self.sc.athlete.longest_recent_run_min
        max_min = max(max(s.minutes for s in self.ss), recent)
        non_race = [
            self.int_of(
                self.over(d, lambda s: 0 if s.type == "race" else s.minutes),
                0,
                max_min,
                f"non_race_minutes[{d}]",
            )
            for d in range(self.n)
        ]
        for d in range(self.n):
            terms: list[LinExpr] = [non_race[j] for j in range(max(0, d - SPIKE_LOOKBACK_DAYS), d)]
            if d - SPIKE_LOOKBACK_DAYS < 0:
                terms.append(recent)
            longest = m.new_int_var(0, max_min, f"longest_before[{d}]")
            m.add_max_equality(longest, terms)
            m.add(100 * non_race[d] <= (100 + pct) * longest)

    def window_load(self, days: range | list[int]) -> cp_model.LinearExpr:
        return cp_model.LinearExpr.sum([self.load[d] for d in days if 0 <= d < self.n])

    def ref7(self, days: range) -> cp_model.LinearExpr:
        """7 x the load of the days, days before start at chronic_load / 7."""
        n_pre = sum(1 for d in days if d < 0)
        return 7 * self.window_load(days) + self.sc.athlete.chronic_load * n_pre

    def taper(self) -> None:
        cons, m = self.cons, self.m
        if not cons.taper_enabled:
            return
        for w in self.cal.taper_windows:
            span = w.in_block
            t_in = len(span)
            taper_sum = self.int_of(self.window_load(span), 0, 10**7, f"taper_load[{w.race_day}]")
            ref_x7 = self.int_of(self.ref7(w.reference), 0, 10**8, f"taper_ref_x7[{w.race_day}]")
            # average over the window <= (1 - c/100) x average over the 28 days before
            m.add(REFERENCE_DAYS * 7 * 100 * taper_sum <= (100 - w.cut_pct) * t_in * ref_x7)
            if cons.keep_intensity_on:
                hard_non_race = cp_model.LinearExpr.sum(
                    [self.over(d, lambda s: s.hard and s.type != "race") for d in span]
                )
                m.add(hard_non_race >= t_in // 7)

    def taper_shape(self) -> None:
        """The project's taper-shape rules, as models/check/ states them."""
        cons, m = self.cons, self.m
        if not cons.taper_shape_on:
            return
        for w in self.cal.taper_windows:
            chunks = w.weeks
            if not chunks:
                continue
            ref_in = range(max(0, w.reference.start), w.reference.stop)
            n = len(ref_in)
            if n >= ACUTE_DAYS:
                s_ref = cp_model.LinearExpr.sum([1 - self.rest[d] for d in ref_in])
                drop = cons.taper_min_sessions_drop
                for chunk in chunks:
                    c = cp_model.LinearExpr.sum([1 - self.rest[d] for d in chunk])
                    m.add(7 * n * c >= len(chunk) * (7 * s_ref - drop * n))
            rates: list[tuple[cp_model.LinearExpr, int]] = [
                (self.ref7(w.reference), ACUTE_DAYS * REFERENCE_DAYS)
            ]
            rates += [(self.window_load(chunk), len(chunk)) for chunk in chunks]
            for i in range(len(chunks)):
                (num_a, den_a), (num_b, den_b) = rates[i], rates[i + 1]
                positive = m.new_bool_var(f"rate_positive[{w.race_day},{i}]")
                m.add(num_a >= 1).only_enforce_if(positive)
                m.add(num_a == 0).only_enforce_if(positive.negated())
                m.add(num_b * den_a < num_a * den_b).only_enforce_if(positive)
                m.add(num_b == 0).only_enforce_if(positive.negated())
            if cons.taper_floor_pct > 0:
                last = chunks[-1]
                m.add(
                    ACUTE_DAYS * REFERENCE_DAYS * 100 * self.window_load(last)
                    >= cons.taper_floor_pct * len(last) * self.ref7(w.reference)
                )

    def recovery(self) -> None:
        if not self.cons.recovery_days_enabled:
            return
        for d in sorted(self.cal.recovery_days):
            self.m.add(self.over(d, lambda s: s.hard and s.type != "race") == 0)

    def quotas(self) -> None:
        if not self.cons.quotas_enabled:
            return
        for q in self.cons.quotas:
            for w in self.cal.weeks:
                count = cp_model.LinearExpr.sum(
                    [self.over(d, lambda s, t=q.type: s.type == t) for d in w.day_range]
                )
                if q.max is not None:
                    self.m.add(count <= q.max)
                if q.min > 0 and self.cal.is_quota_min_week(w):
                    self.m.add(count >= q.min)

    def min_easy(self) -> None:
        cons = self.cons
        if not cons.min_easy_enabled:
            return
        for w in self.cal.weeks:
            if not self.cal.is_min_easy_week(w):
                continue
            easy = self.int_of(
                cp_model.LinearExpr.sum(
                    [self.over(d, lambda s: 0 if s.hard else s.minutes) for d in w.day_range]
                ),
                0,
                7 * 1440,
                f"easy_minutes[{w.index}]",
            )
            total = self.int_of(
                cp_model.LinearExpr.sum([self.minutes[d] for d in w.day_range]),
                0,
                7 * 1440,
                f"minutes_week[{w.index}]",
            )
            self.m.add(100 * easy >= cons.min_easy_pct * total)

    def progression(self) -> None:
        if not self.cons.progression_enabled:
            return
        m = self.m
        types = sorted({s.type for s in self.ss if s.type not in LADDER_FREE_TYPES})
        for t in types:
            members = [i for i, s in enumerate(self.ss) if s.type == t]
            levels = sorted({self.ss[i].level for i in members})
            top_level = levels[-1]
            start = self.sc.athlete.level_start(t)
            highest_before: LinExpr = start  # max(start level, levels used in earlier weeks)
            earlier_tops: list[LinExpr] = [start]
            for w in self.cal.weeks:
                # a session of level L in week k: L <= 1 + highest_before
                for d in w.day_range:
                    for i in members:
                        level = self.ss[i].level
                        if isinstance(highest_before, int):
                            if level > highest_before + 1:
                                m.add(self.nm.x[d][i] == 0)
                        else:
                            m.add(highest_before >= level - 1).only_enforce_if(self.nm.x[d][i])
                # per-level indicators of this week, and the highest level used in it
                used_terms: list[LinExpr] = [0]
                for level in levels:
                    lits = [
                        self.nm.x[d][i]
                        for d in w.day_range
                        for i in members
                        if self.ss[i].level == level
                    ]
                    if not lits:
                        continue
                    used = m.new_bool_var(f"used[{t},{level},{w.index}]")
                    m.add_max_equality(used, lits)
                    used_terms.append(level * used)
                top = m.new_int_var(0, top_level, f"top[{t},{w.index}]")
                m.add_max_equality(top, used_terms)
                earlier_tops.append(top)
                hb = m.new_int_var(0, max(top_level, start), f"highest_before[{t},{w.index + 1}]")
                m.add_max_equality(hb, earlier_tops)
                highest_before = hb

    def acwr(self) -> None:
        cons = self.cons
        if not cons.acwr_on:
            return
        assert cons.acwr_max_pct is not None
        for d in range(self.n):
            acute = self.ref7(range(d - ACUTE_DAYS + 1, d + 1))
            chronic = self.ref7(range(d - REFERENCE_DAYS + 1, d + 1))
            self.m.add(400 * acute <= cons.acwr_max_pct * chronic)

    def monotony(self) -> None:
        cons, m = self.cons, self.m
        if not cons.monotony_on:
            return
        assert cons.max_monotony is not None
        m2 = monotony_square(cons.max_monotony)
        p, q = m2.numerator, m2.denominator
        max_load = max(s.load for s in self.ss)
        for w in self.cal.weeks:
            if not w.full:
                continue
            squares = []
            for d in w.day_range:
                sq = m.new_int_var(0, max_load * max_load, f"load_sq[{d}]")
                m.add_multiplication_equality(sq, [self.load[d], self.load[d]])
                squares.append(sq)
            wl = self.week_load[w.index - 1]
            wl_sq = m.new_int_var(0, (7 * max_load) ** 2, f"week_load_sq[{w.index}]")
            m.add_multiplication_equality(wl_sq, [wl, wl])
            # mean / sd <= M  <=>  M² x (7 Q - S²) >= S²  (a week without load passes)
            m.add(7 * p * cp_model.LinearExpr.sum(squares) >= (p + q) * wl_sq)

    # -- soft penalties, as models/penalties.py defines them -----------------------

    def soft_penalties(self) -> None:
        """One variable per penalty of positive weight. `plan_changes` is 0 without a
        history table, and scenarios with one are refused, so it is never modelled."""
        objective = self.sc.objective
        if not objective.soft_penalties:
            return
        builders = {
            "long_run_day": self.long_run_day,
            "repeat_session": self.repeat_session,
            "emphasis_rotation": self.emphasis_rotation,
            "load_smoothness": self.load_smoothness,
            "race_specificity": self.race_specificity,
            "plateau_weeks": lambda: plateau_weeks(self),
        }
        for name, build in builders.items():
            if objective.penalties[name] > 0:
                self.nm.penalties[name] = build()

    def long_run_day(self) -> cp_model.IntVar:
        """Long runs on a weekday other than the athlete's long-run day (none named: 0)."""
        preferred = self.sc.athlete.long_run_day
        days = [
            d for d in range(self.n) if preferred is not None and self.cal.weekday(d) != preferred
        ]
        return self.int_of(self.count(days, frozenset({"long"})), 0, self.n, "long_run_day")

    def repeat_session(self) -> cp_model.IntVar:
        """Pairs of consecutive days holding the same session, rest and races aside."""
        repeats = []
        for d in range(self.n - 1):
            for i, s in enumerate(self.ss):
                if s.type in NO_REPEAT_TYPES:
                    continue
                both = self.m.new_bool_var(f"repeat[{d},{s.id}]")
                self.m.add_min_equality(both, [self.nm.x[d][i], self.nm.x[d + 1][i]])
                repeats.append(both)
        return self.int_of(cp_model.LinearExpr.sum(repeats), 0, self.n, "repeat_session")

    def emphasis_rotation(self) -> cp_model.IntVar:
        """Per week, the off-emphasis sessions beyond the on-emphasis ones, summed over the
        block for each phase; the penalty is the cheaper phase."""
        m, rotation = self.m, self.sc.objective.rotation_weeks
        vo2 = [
            self.int_of(self.count(w.day_range, VO2_TYPES), 0, w.days, f"vo2[{w.index}]")
            for w in self.cal.weeks
        ]
        lactate = [
            self.int_of(self.count(w.day_range, LACTATE_TYPES), 0, w.days, f"lactate[{w.index}]")
            for w in self.cal.weeks
        ]
        totals = []
        for phase in (0, 1):
            costs = []
            for k, w in enumerate(self.cal.weeks):
                on, off = vo2[k], lactate[k]
                if emphasis_phase(w.index, rotation, phase) != "vo2":
                    on, off = off, on
                cost = m.new_int_var(0, w.days, f"emphasis_cost[{phase},{w.index}]")
                m.add_max_equality(cost, [0, off - on])
                costs.append(cost)
            totals.append(
                self.int_of(cp_model.LinearExpr.sum(costs), 0, self.n, f"emphasis[{phase}]")
            )
        least = m.new_int_var(0, self.n, "emphasis_rotation")
        m.add_min_equality(least, totals)
        return least

    def load_smoothness(self) -> cp_model.IntVar:
        """The sum of absolute load changes between consecutive full weeks."""
        weeks = self.cal.weeks
        most = 7 * max(s.load for s in self.ss)
        changes = []
        for k in range(1, len(weeks)):
            if not (weeks[k].full and weeks[k - 1].full):
                continue
            change = self.m.new_int_var(0, most, f"load_change[{weeks[k].index}]")
            self.m.add_abs_equality(change, self.week_load[k] - self.week_load[k - 1])
            changes.append(change)
        return self.int_of(
            cp_model.LinearExpr.sum(changes), 0, most * len(weeks), "load_smoothness"
        )

    def race_specificity(self) -> cp_model.IntVar:
        """Per whole 7-day chunk of the last `specificity_weeks` before each A race,
        max(0, 1 + off-specific sessions - specific sessions)."""
        costs = []
        for race_day, race in sorted(self.cal.race_days.items()):
            if race.priority != "A":
                continue
            for chunk in specific_weeks(race_day, self.sc.objective.specificity_weeks):
                on = self.count(chunk, SPECIFIC_TYPES[race.distance])
                off = self.count(chunk, OFF_SPECIFIC_TYPES[race.distance])
                cost = self.m.new_int_var(0, len(chunk) + 1, f"specificity[{race_day},{chunk}]")
                self.m.add_max_equality(cost, [0, 1 + off - on])
                costs.append(cost)
        most = (ACUTE_DAYS + 1) * len(costs)
        return self.int_of(cp_model.LinearExpr.sum(costs), 0, most, "race_specificity")

    def objective(self) -> None:
        """The weighted Banister sum minus each modelled penalty, both scaled and rounded as
        the solver scales them, so that the optima (and any plan's value) agree."""
        coef = day_coefficients(self.sc, self.cal)
        vars_, weights = [], []
        for d in range(self.n):
            for var, s in zip(self.nm.x[d], self.ss, strict=True):
                weight = round(OBJECTIVE_SCALE * s.load * coef[d])
                if weight:
                    vars_.append(var)
                    weights.append(weight)
        expr = cp_model.LinearExpr.weighted_sum(vars_, weights)
        penalty_weights = self.sc.objective.penalties
        for name, var in self.nm.penalties.items():
            expr -= round(OBJECTIVE_SCALE * penalty_weights[name]) * var
        self.m.maximize(expr)


class _FirstPlan(cp_model.CpSolverSolutionCallback):
    def __init__(self) -> None:
        super().__init__()
        self.first: float | None = None

    def on_solution_callback(self) -> None:
        if self.first is None:
            self.first = self.wall_time


STATUS_NAMES = {
    cp_model.OPTIMAL: "OPTIMAL",
    cp_model.FEASIBLE: "FEASIBLE",
    cp_model.INFEASIBLE: "INFEASIBLE",
    cp_model.UNKNOWN: "UNKNOWN",
    cp_model.MODEL_INVALID: "MODEL_INVALID",
}


def solve_naive(
    scenario: Scenario,
    *,
    time_limit: float = 30.0,
    workers: int = 2,
    seed: int = 0,
    gap: float = 0.0,
    log: bool = False,
    fixed: Sequence[Session] | None = None,
) -> NaiveResult:
    """Build and solve the straightforward model: CP-SAT's defaults, a wall-clock limit,
    stopping early once the relative gap is at most `gap` (0: prove optimality).

    `fixed` (one catalog session per day) fixes every day to a given plan, so that the
    model's objective of that plan can be compared with the project's."""
    nm = build_naive(scenario)
    if fixed is not None:
        fix_plan(nm, fixed)
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.num_workers = workers
    params.random_seed = seed
    params.max_time_in_seconds = time_limit
    params.relative_gap_limit = gap
    params.log_search_progress = log
    callback = _FirstPlan()
    status = STATUS_NAMES[solver.solve(nm.model, callback)]
    has_plan = status in ("OPTIMAL", "FEASIBLE")
    objective: float | None = None
    bound: float | None = None
    plan_gap: float | None = None
    plan: list[Session] | None = None
    penalties: dict[str, int] | None = None
    if has_plan:
        objective = solver.objective_value / OBJECTIVE_SCALE
        bound = solver.best_objective_bound / OBJECTIVE_SCALE
        if status == "OPTIMAL":
            bound = objective
        plan_gap = abs(objective - bound) / max(1.0, abs(objective))
        plan = []
        for d, xd in enumerate(nm.x):
            chosen = [s for s, var in enumerate(xd) if solver.boolean_value(var)]
            if len(chosen) != 1:
                raise RuntimeError(f"day {d} holds {len(chosen)} sessions in the solution")
            plan.append(nm.sessions[chosen[0]])
        penalties = {name: solver.value(var) for name, var in nm.penalties.items()}
    proto = nm.model.proto
    return NaiveResult(
        status=status,
        objective=objective,
        bound=bound,
        gap=plan_gap,
        solve_seconds=solver.wall_time,
        build_seconds=nm.build_seconds,
        sessions=plan,
        variables=len(proto.variables),
        constraints=len(proto.constraints),
        first_plan_seconds=callback.first,
        penalties=penalties,
    )


def fix_plan(nm: NaiveModel, sessions: Sequence[Session]) -> None:
    """Fix each day's boolean of the given session to 1 (sessions are matched by id)."""
    if len(sessions) != len(nm.x):
        raise ValueError(f"the plan has {len(sessions)} days; the block has {len(nm.x)}")
    index = {s.id: i for i, s in enumerate(nm.sessions)}
    for d, s in enumerate(sessions):
        if s.id not in index:
            raise ValueError(f"day {d}: session {s.id!r} is not in the catalog")
        nm.model.add(nm.x[d][index[s.id]] == 1)
