"""Pinned days: a day the coach fixed holds the pinned session, or one of the pinned
type. Only the pin's own choice is narrowed; availability, blocked and recovery days
and every other rule still apply to the day, so a pin that breaks one leaves the day
(or the block) without a plan, and the explanation names `pins` beside that rule."""

from __future__ import annotations

from collections.abc import Iterator

from models.calendar import BlockCalendar
from models.scenario import Scenario, Session
from solver.context import PINS, Where


def forbidden(
    scenario: Scenario, cal: BlockCalendar, sessions: tuple[Session, ...]
) -> Iterator[tuple[int, int, str, Where]]:
    for pin in scenario.pins:
        d = cal.day_index(pin.date)
        if not 0 <= d < cal.n_days:
            continue
        for s, session in enumerate(sessions):
            if not pin.allows(session):
                yield d, s, PINS, Where(day=d)
