"""Pinned days hold the pinned session or type."""

from __future__ import annotations

from collections.abc import Iterator

from models.check.base import CheckContext, Violation, rule_checker
from models.rules.registry import PINS


@rule_checker(PINS)
def check_pins(ctx: CheckContext) -> Iterator[Violation]:
    """A pinned day holds the pinned session, or a session of the pinned type. A pin
    waives no other rule: each still judges the pinned day as any other."""
    for pin in ctx.scenario.pins:
        day = ctx.cal.day_index(pin.date)
        if not 0 <= day < ctx.cal.n_days:
            continue
        s = ctx.days[day]
        if s is None or pin.allows(s):
            continue  # an unknown day is reported under days or catalog
        target = f"'{pin.session}'" if pin.session is not None else pin.target
        detail = f"{pin.date} is pinned to {target} but holds '{s.id}' ({s.type})"
        yield ctx.at_day(PINS.key, day, detail)
