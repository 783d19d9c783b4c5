"""Recovery after a race: the days right after it hold no hard session other than a race."""

from __future__ import annotations

from collections.abc import Iterator

from models.calendar import BlockCalendar
from models.scenario import Scenario, Session
from solver.context import RECOVERY


def forbidden(
    scenario: Scenario, cal: BlockCalendar, sessions: tuple[Session, ...]
) -> Iterator[tuple[int, int, str]]:
    if not scenario.constraints.recovery_days_enabled:
        return
    for d in sorted(cal.recovery_days):
        for s, session in enumerate(sessions):
            if session.hard and session.type != "race":
                yield d, s, RECOVERY
