"""What the athlete can do on a day: blocked days are rest, other non-race days fit
the weekday's minutes."""

from __future__ import annotations

from models.check.base import CheckContext, Violation
from models.check.text import WEEKDAY_NAMES
from models.rules.registry import AVAILABILITY, BLOCKED


def check_blocked(ctx: CheckContext) -> list[Violation]:
    """Blocked days hold a rest session."""
    out = []
    for day in sorted(ctx.cal.blocked_days):
        s = ctx.days[day]
        if s is not None and s.type != "rest":
            out.append(
                ctx.at_day(
                    BLOCKED.key,
                    day,
                    f"{ctx.cal.date(day)} is blocked but holds '{s.id}' ({s.type}, "
                    f"{s.minutes} min) instead of rest",
                )
            )
    return out


def check_availability(ctx: CheckContext) -> list[Violation]:
    """Availability 0: a rest session; otherwise at most that many minutes. Race days exempt."""
    out = []
    availability = ctx.scenario.athlete.availability
    for day, s in enumerate(ctx.days):
        if s is None or day in ctx.cal.race_days:
            continue
        weekday = ctx.cal.weekday(day)
        avail = availability[weekday]
        if avail == 0:
            if s.type != "rest":
                out.append(
                    ctx.at_day(
                        AVAILABILITY.key,
                        day,
                        f"{ctx.cal.date(day)} is a {WEEKDAY_NAMES[weekday]}, when the athlete "
                        f"cannot train (availability 0), but holds '{s.id}' ({s.type})",
                    )
                )
        elif s.minutes > avail:
            out.append(
                ctx.at_day(
                    AVAILABILITY.key,
                    day,
                    f"'{s.id}' on {ctx.cal.date(day)} takes {s.minutes} min, more than the "
                    f"{avail} min available on a {WEEKDAY_NAMES[weekday]}",
                )
            )
    return out
