"""Race days hold a race session of their distance; no other day holds one."""

from __future__ import annotations

from collections.abc import Iterator

from models.check.base import CheckContext, Violation, rule_checker
from models.rules.registry import RACES


@rule_checker(RACES)
def check_races(ctx: CheckContext) -> Iterator[Violation]:
    """Each race day holds a race session of that distance; no other day holds one."""
    for day, s in enumerate(ctx.days):
        if s is None:
            continue
        race = ctx.cal.race_days.get(day)
        detail = None
        if race is None:
            if s.type == "race":
                detail = f"'{s.id}' is a race session but {ctx.cal.date(day)} is not a race day"
        elif s.type != "race":
            detail = (
                f"{ctx.cal.date(day)} is the day of the {race.label} race "
                f"({race.distance}) but holds '{s.id}' ({s.type}), not a race session"
            )
        elif s.distance != race.distance:
            detail = (
                f"{ctx.cal.date(day)} is the day of the {race.label} race "
                f"({race.distance}) but holds the {s.distance} race session '{s.id}'"
            )
        if detail is not None:
            yield ctx.at_day(RACES.key, day, detail)
