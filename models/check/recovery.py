"""Recovery after a race: no hard session on the days right after it."""

from __future__ import annotations

from collections.abc import Iterator

from models.check.base import CheckContext, Violation, rule_checker
from models.rules.registry import RECOVERY


@rule_checker(RECOVERY)
def check_recovery_days(ctx: CheckContext) -> Iterator[Violation]:
    """The days right after a race hold no hard session other than a race."""
    race_days = sorted(ctx.cal.race_days.items())
    for day in sorted(ctx.cal.recovery_days):
        s = ctx.days[day]
        if s is None or not s.hard or s.type == "race":
            continue
        race = [r for rd, r in race_days if rd < day][-1]
        yield ctx.at_day(
            RECOVERY.key,
            day,
            f"{ctx.cal.date(day)} is a recovery day after the {race.priority} race "
            f"{race.label} on {race.date} but holds the hard session '{s.id}' ({s.type})",
        )
