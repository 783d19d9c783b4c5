"""The state shared while a block's CP-SAT model is built.

A constraint family is a named group of rules (`spacing`, `ramp`, ...). Each
rule's key is the key a conflict or a violation reports, declared once in the
rule registry (models/rules/registry.py). When the model is built for explanation, every
family's constraints are enforced by one literal of its own, so that CP-SAT can
name the families that cannot hold together.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from ortools.sat.python import cp_model

from models.calendar import BlockCalendar
from models.rules import registry
from models.scenario import ConstraintSet, Scenario, Session

# Each family's key, as the rule registry declares it.
RACES = registry.RACES.key
BLOCKED = registry.BLOCKED.key
AVAILABILITY = registry.AVAILABILITY.key
MAX_SESSIONS = registry.MAX_SESSIONS.key
HARD_SPACING = registry.HARD_SPACING.key
MAX_HARD = registry.MAX_HARD.key
WEEKLY_LOAD_MAX = registry.WEEKLY_LOAD_MAX.key
RAMP = registry.RAMP.key
DELOAD = registry.DELOAD.key
LONG_RUN_SPIKE = registry.LONG_RUN_SPIKE.key
TAPER = registry.TAPER.key
TAPER_INTENSITY = registry.TAPER_INTENSITY.key
TAPER_SESSIONS = registry.TAPER_SESSIONS.key
TAPER_FALL = registry.TAPER_FALL.key
TAPER_FLOOR = registry.TAPER_FLOOR.key
RECOVERY = registry.RECOVERY.key
QUOTAS = registry.QUOTAS.key
MIN_EASY = registry.MIN_EASY.key
PROGRESSION = registry.PROGRESSION.key
ACWR = registry.ACWR.key
MONOTONY = registry.MONOTONY.key
FATIGUE = registry.FATIGUE.key
PINS = registry.PINS.key
WAVE = registry.WAVE.key
LONG_RUN_STEP_BACK = registry.LONG_RUN_STEP_BACK.key
LONG_RUN_REPEAT = registry.LONG_RUN_REPEAT.key
LONG_RUN_PEAK = registry.LONG_RUN_PEAK.key
LONG_RUN_FINAL = registry.LONG_RUN_FINAL.key
SHARPENING = registry.SHARPENING.key

# Families whose instance (Where with a race_day and no week) reads the taper window.
TAPER_WINDOW_FAMILIES = frozenset({TAPER, TAPER_INTENSITY})
TAPER_CHUNK_FAMILIES = frozenset({TAPER_SESSIONS, TAPER_FALL, TAPER_FLOOR})


@dataclass(frozen=True)
class Where:
    """Which instance of a rule: a week, a day, a race (by its day), a quota (by index)."""

    week: int | None = None
    day: int | None = None
    race_day: int | None = None
    quota: int | None = None
    bound: str | None = None  # "min" or "max" for quotas


GuardKey = tuple[str, Where]


@dataclass
class PenaltyTerm:
    """A soft penalty's modelled value: a linear expression of the model's variables."""

    name: str
    expr: cp_model.LinearExpr


@dataclass
class BuildContext:
    model: cp_model.CpModel
    scenario: Scenario
    cal: BlockCalendar
    sessions: Sequence[Session]
    guarded: bool = False
    # x[d][s]: day d holds session index s (only the sessions the day's domain allows)
    x: list[dict[int, cp_model.IntVar]] = field(default_factory=list)
    day_load: list[cp_model.LinearExpr] = field(default_factory=list)
    day_minutes: list[cp_model.LinearExpr] = field(default_factory=list)
    day_hard: list[cp_model.LinearExpr] = field(default_factory=list)
    week_load: list[cp_model.IntVar] = field(default_factory=list)
    week_load_upper: list[int] = field(default_factory=list)
    guards: dict[GuardKey, cp_model.IntVar] = field(default_factory=dict)
    penalties: list[PenaltyTerm] = field(default_factory=list)
    # Re-planning: days before `until` are history, each with its own session index.
    until: int = 0
    history_session: dict[int, int] = field(default_factory=dict)
    catalog_size: int = 0

    @property
    def cons(self) -> ConstraintSet:
        return self.scenario.constraints

    def guard(self, family: str, where: Where) -> list[cp_model.IntVar]:
        """The enforcement literal of one instance of a rule ([] when not explaining)."""
        if not self.guarded:
            return []
        key = (family, where)
        if key not in self.guards:
            self.guards[key] = self.model.new_bool_var(f"guard[{family},{where}]")
        return [self.guards[key]]

    def add(
        self,
        family: str,
        ct: cp_model.BoundedLinearExpression | bool | np.bool_,
        where: Where,
    ) -> None:
        """Add a linear constraint that belongs to a family.

        A comparison whose both sides are constants arrives as a plain bool. An instance
        that reads only history days is not added: the log already decided it.
        """
        if self.until and self.last_day_read(family, where) < self.until:
            return
        if isinstance(ct, bool | np.bool_):
            ct = bool(ct)
            if not ct:
                # A rule that no choice can satisfy: only switching its guard off helps.
                lits = self.guard(family, where)
                if lits:
                    self.model.add_bool_or([lits[0].negated()])
                else:
                    self.model.add_bool_or([])
            return
        self.model.add(ct).only_enforce_if(self.guard(family, where))

    def last_day_read(self, family: str, where: Where) -> int:
        """The last day an instance of a rule reads (its instances look back, never ahead)."""
        if where.week is not None:
            return self.cal.weeks[where.week - 1].day_range[-1]
        if where.race_day is not None and family in TAPER_WINDOW_FAMILIES:
            return where.race_day - 1
        if where.race_day is not None and where.day is not None and family in TAPER_CHUNK_FAMILIES:
            # taper weeks are 7-day chunks counted back from the day before the race
            return where.race_day - 1 - 7 * ((where.race_day - 1 - where.day) // 7)
        if where.day is not None and family == HARD_SPACING:
            return where.day + self.cons.hard_spacing_days
        if where.day is not None:
            return where.day
        if where.race_day is not None:
            return where.race_day
        return self.cal.n_days - 1

    def count(self, days: Iterable[int], wanted: Callable[[Session], bool]) -> cp_model.LinearExpr:
        """How many of the days hold a session for which `wanted` is true."""
        return cp_model.LinearExpr.sum(
            [var for d in days for s, var in self.x[d].items() if wanted(self.sessions[s])]
        )

    def weighted(
        self, days: Iterable[int], weight: Callable[[Session], int]
    ) -> cp_model.LinearExpr:
        """Sum over the days of `weight(session)` of the session each day holds."""
        vars_, coefs = [], []
        for d in days:
            for s, var in self.x[d].items():
                w = weight(self.sessions[s])
                if w:
                    vars_.append(var)
                    coefs.append(w)
        return cp_model.LinearExpr.weighted_sum(vars_, coefs)
