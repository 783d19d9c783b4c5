"""Race days hold a race session of their distance; no other day holds one."""

from __future__ import annotations

from models.check.base import CheckContext, Violation
from models.rules.registry import RACES


def check_races(ctx: CheckContext) -> list[Violation]:
    """Each race day holds a race session of that distance; no other day holds one."""
    out = []
    for day, s in enumerate(ctx.days):
        if s is None:
            continue
        race = ctx.cal.race_days.get(day)
        if race is not None:
            if s.type != "race":
                out.append(
                    ctx.at_day(
                        RACES.key,
                        day,
                        f"{ctx.cal.date(day)} is the day of the {race.label} race "
                        f"({race.distance}) but holds '{s.id}' ({s.type}), not a race session",
                    )
                )
            elif s.distance != race.distance:
                out.append(
                    ctx.at_day(
                        RACES.key,
                        day,
                        f"{ctx.cal.date(day)} is the day of the {race.label} race "
                        f"({race.distance}) but holds the {s.distance} race session '{s.id}'",
                    )
                )
        elif s.type == "race":
            out.append(
                ctx.at_day(
                    RACES.key,
                    day,
                    f"'{s.id}' is a race session but {ctx.cal.date(day)} is not a race day",
                )
            )
    return out
