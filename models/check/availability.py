"""What the athlete can do on a day: blocked days are rest, other non-race days fit
the weekday's minutes."""

from __future__ import annotations

from collections.abc import Iterator

from models.check.base import CheckContext, Violation, rule_checker
from models.check.text import WEEKDAY_NAMES
from models.rules.registry import AVAILABILITY, BLOCKED


@rule_checker(BLOCKED)
def check_blocked(ctx: CheckContext) -> Iterator[Violation]:
    """Blocked days hold a rest session."""
    for day in sorted(ctx.cal.blocked_days):
        s = ctx.days[day]
        if s is not None and s.type != "rest":
            yield ctx.at_day(
                BLOCKED.key,
                day,
                f"{ctx.cal.date(day)} is blocked but holds '{s.id}' ({s.type}, "
                f"{s.minutes} min) instead of rest",
            )


@rule_checker(AVAILABILITY)
def check_availability(ctx: CheckContext) -> Iterator[Violation]:
    """Availability 0: a rest session; otherwise at most that many minutes. Race days exempt."""
    availability = ctx.scenario.athlete.availability
    for day, s in enumerate(ctx.days):
        if s is None or day in ctx.cal.race_days:
            continue
        weekday = ctx.cal.weekday(day)
        avail = availability[weekday]
        detail = None
        if avail == 0:
            if s.type != "rest":
                detail = (
                    f"{ctx.cal.date(day)} is a {WEEKDAY_NAMES[weekday]}, when the athlete "
                    f"cannot train (availability 0), but holds '{s.id}' ({s.type})"
                )
        elif s.minutes > avail:
            detail = (
                f"'{s.id}' on {ctx.cal.date(day)} takes {s.minutes} min, more than the "
                f"{avail} min available on a {WEEKDAY_NAMES[weekday]}"
            )
        if detail is not None:
            yield ctx.at_day(AVAILABILITY.key, day, detail)
