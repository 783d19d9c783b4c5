"""Recovery after a race: the days right after it hold no hard session other than a race."""

from __future__ import annotations

from collections.abc import Iterator

from models.calendar import BlockCalendar
from models.scenario import Scenario, Session
from solver.context import RECOVERY, Where


def forbidden(
    scenario: Scenario, cal: BlockCalendar, sessions: tuple[Session, ...]
) -> Iterator[tuple[int, int, str, Where]]:
    if not scenario.constraints.recovery_days_enabled:
        return
    hard = [s for s, session in enumerate(sessions) if session.hard and session.type != "race"]
    for race_day, race in sorted(cal.race_days.items()):
        days = scenario.constraints.recovery_days[race.priority]
        for d in range(race_day + 1, min(cal.n_days, race_day + 1 + days)):
            for s in hard:
                yield d, s, RECOVERY, Where(race_day=race_day, day=d)
