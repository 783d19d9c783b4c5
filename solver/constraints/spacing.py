"""Hard days: at least `hard_spacing_days` easy days between two hard days, and at most
`max_hard_per_week` hard days in any week (races count as hard). With
`long_run_is_hard_for_spacing`, long runs count as hard for the spacing, not for the
weekly maximum."""

from __future__ import annotations

from collections.abc import Iterable

from ortools.sat.python import cp_model

from models.scenario import Session
from solver.context import HARD_SPACING, MAX_HARD, BuildContext, Where


def add(ctx: BuildContext) -> None:
    cons = ctx.cons
    n = ctx.cal.n_days
    if cons.hard_spacing_enabled and cons.hard_spacing_days > 0:
        window = cons.hard_spacing_days + 1
        # Any window of S+1 consecutive days holds at most one hard day.
        for first in range(max(1, n - window + 1)):
            days = range(first, min(n, first + window))
            ctx.add(HARD_SPACING, spaced(ctx, days), Where(day=first))
    if cons.max_hard_per_week_enabled:
        for w in ctx.cal.weeks:
            if w.days > cons.max_hard_per_week:
                ctx.add(
                    MAX_HARD,
                    hard_days(ctx, w.day_range) <= cons.max_hard_per_week,
                    Where(week=w.index),
                )


def spaced(ctx: BuildContext, days: range) -> cp_model.BoundedLinearExpression | bool:
    """At most one hard day in the window. In a re-plan, a window that starts among the
    lived days allows no hard day to come after a lived hard one, but two lived hard
    days close together (the log's business, not the plan's) do not make it fail."""
    lived = [d for d in days if d < ctx.until]
    if not lived:
        return spacing_hard(ctx, days) <= 1
    lived_hard = any(heavy(ctx, ctx.sessions[ctx.history_session[d]]) for d in lived)
    return spacing_hard(ctx, [d for d in days if d >= ctx.until]) + int(lived_hard) <= 1


def heavy(ctx: BuildContext, s: Session) -> bool:
    """Whether a session counts as hard for the spacing."""
    return s.hard or (ctx.cons.long_run_is_hard_for_spacing and s.type == "long")


def spacing_hard(ctx: BuildContext, days: Iterable[int]) -> cp_model.LinearExpr:
    if not ctx.cons.long_run_is_hard_for_spacing:
        return hard_days(ctx, days)
    return ctx.count(days, lambda s: heavy(ctx, s))


def hard_days(ctx: BuildContext, days: Iterable[int]) -> cp_model.LinearExpr:
    return cp_model.LinearExpr.sum([ctx.day_hard[d] for d in days])
