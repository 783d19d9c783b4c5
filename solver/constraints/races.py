"""Race days: each holds a race session of its distance, and no other day holds one."""

from __future__ import annotations

from collections.abc import Iterator

from models.calendar import BlockCalendar
from models.scenario import Scenario, Session
from solver.context import RACES, Where


def forbidden(
    scenario: Scenario, cal: BlockCalendar, sessions: tuple[Session, ...]
) -> Iterator[tuple[int, int, str, Where]]:
    for d in range(cal.n_days):
        race = cal.race_days.get(d)
        for s, session in enumerate(sessions):
            is_race = session.type == "race"
            if race is None:
                if is_race:
                    yield d, s, RACES, Where(day=d)
            elif not (is_race and session.distance == race.distance):
                yield d, s, RACES, Where(race_day=d)
