"""What the athlete can do on a day: blocked days are rest; on other non-race days the
session fits the weekday's available minutes (0 minutes: rest only)."""

from __future__ import annotations

from collections.abc import Iterator

from models.calendar import BlockCalendar
from models.scenario import Scenario, Session
from solver.context import AVAILABILITY, BLOCKED, Where


def forbidden(
    scenario: Scenario, cal: BlockCalendar, sessions: tuple[Session, ...]
) -> Iterator[tuple[int, int, str, Where]]:
    availability = scenario.athlete.availability
    for d in range(cal.n_days):
        if d in cal.race_days:
            continue
        limit = availability[cal.weekday(d)]
        for s, session in enumerate(sessions):
            if session.type == "rest":
                continue
            if d in cal.blocked_days:
                yield d, s, BLOCKED, Where(day=d)
            elif limit == 0 or session.minutes > limit:
                yield d, s, AVAILABILITY, Where(day=d)
