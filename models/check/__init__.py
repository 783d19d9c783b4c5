"""The checker: the scenario format's hard rules written as plain Python.

`check_plan` reads any parsed plan JSON (solved, edited or hand-written) and
lists every violation; it never raises on a malformed plan. Structural problems
(a missing `days` list, missing, extra, duplicate, out-of-order or unreadable
dates) are violations of `days`; unknown session ids and day fields that differ
from the catalog are violations of `catalog`.

The package mirrors the model: one module per rule family, named as in
`solver/constraints/` (`load` holds `check_ramp`, ...), `reading` for the plan's
`days`, `text` for message text and `base` for the context every rule reads.
Each rule has one function named after it (`check_ramp`, ...), and the rule
registry (models/rules/registry.py) says which rules there are and in which order
they run. A rule's function yields its violations and is wrapped by
`base.rule_checker`, which lists them and runs the rule only when the registry says
it is in force. Rules use the spec's exact integer comparisons; only `max_monotony`
is compared in floating point.

A day whose date is missing, or whose session id is unknown, is an *unknown*
day. Rules still run around it:

- counts and sums with an upper bound (sessions, hard days, load, quota max,
  hard spacing) treat it as holding nothing, so what they report is a real
  violation whatever that day held;
- ramp, deload and taper bound a sum by a reference: the bounded sum counts an
  unknown day as 0 too, but a reference holding an unknown day skips the check;
- lower bounds and the other ratios (quota min, taper intensity, long-run spike,
  min easy, ACWR, monotony, progression) skip every week, window or day whose
  verdict depends on an unknown day.

This package is the written definition of the rules: it never imports the solver.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from models.calendar import build_calendar
from models.catalog import resolve_catalog
from models.check.acwr import check_acwr_max
from models.check.availability import check_availability, check_blocked
from models.check.base import CheckContext, Violation
from models.check.easy import check_min_easy
from models.check.fatigue import check_load_caps
from models.check.load import check_deload, check_ramp, check_weekly_load_max, ramp_reference
from models.check.long_run import check_long_run_spike
from models.check.long_run_build import (
    check_long_run_final_cap,
    check_long_run_peak,
    check_long_run_repeat,
    check_long_run_step_back,
)
from models.check.monotony import MONOTONY_TOLERANCE, check_max_monotony
from models.check.pins import check_pins
from models.check.progression import check_progression
from models.check.quotas import check_quotas
from models.check.races import check_races
from models.check.reading import read_days
from models.check.recovery import check_recovery_days
from models.check.sessions_per_week import check_max_sessions_per_week
from models.check.sharpening import check_sharpening
from models.check.spacing import check_hard_spacing, check_max_hard_per_week
from models.check.taper import check_taper, check_taper_keep_intensity
from models.check.taper_shape import check_taper_fall, check_taper_floor, check_taper_min_sessions
from models.check.wave import check_wave_loading
from models.history.replan import history_sessions, until_index
from models.rules import registry
from models.scenario import Scenario, Session

__all__ = [
    "MONOTONY_TOLERANCE",
    "CheckContext",
    "Violation",
    "check_acwr_max",
    "check_availability",
    "check_blocked",
    "check_deload",
    "check_hard_spacing",
    "check_load_caps",
    "check_long_run_final_cap",
    "check_long_run_peak",
    "check_long_run_repeat",
    "check_long_run_spike",
    "check_long_run_step_back",
    "check_max_hard_per_week",
    "check_max_monotony",
    "check_max_sessions_per_week",
    "check_min_easy",
    "check_pins",
    "check_plan",
    "check_progression",
    "check_quotas",
    "check_races",
    "check_ramp",
    "check_recovery_days",
    "check_sessions",
    "check_sharpening",
    "check_taper",
    "check_taper_fall",
    "check_taper_floor",
    "check_taper_keep_intensity",
    "check_taper_min_sessions",
    "check_wave_loading",
    "check_weekly_load_max",
    "plan_days",
    "ramp_reference",
    "read_days",
]


def check_plan(
    scenario: Scenario, plan: Mapping[str, Any], *, lived_rules: bool = False
) -> list[Violation]:
    """Every violation of the scenario's hard rules by a parsed plan JSON document.
    With a history, rule instances that read only lived days are left out, unless
    `lived_rules` asks for them too."""
    cal = build_calendar(scenario)
    catalog = {s.id: s for s in resolve_catalog(scenario)}
    days, violations = read_days(cal, catalog, plan, history_sessions(scenario))
    ctx = CheckContext(scenario, cal, tuple(days))
    for rule in registry.rules_in_force(scenario):
        violations.extend(rule.checker(ctx))
    until = until_index(scenario)
    if until and not lived_rules:
        # With a history, a rule instance that reads only lived days is not enforced.
        violations = [v for v in violations if v.read_until is None or v.read_until >= until]
    return violations


def plan_days(start: dt.date, sessions: Sequence[Session]) -> list[dict[str, Any]]:
    """The plan JSON's `days` for one session per day from `start`."""
    return [
        {
            "date": (start + dt.timedelta(days=i)).isoformat(),
            "session": s.id,
            "type": s.type,
            "minutes": s.minutes,
            "load": s.load,
            "hard": s.hard,
            "level": s.level,
        }
        for i, s in enumerate(sessions)
    ]


def check_sessions(scenario: Scenario, sessions: Sequence[Session]) -> list[Violation]:
    """Check one session per day, in date order (the solver's output)."""
    return check_plan(scenario, {"days": plan_days(scenario.start, sessions)})
