"""Session-type quotas per week: `max` in every week; `min` only in full weeks that hold
no race day, no taper-window day and no recovery day."""

from __future__ import annotations

from collections.abc import Callable

from models.scenario import Session
from solver.context import QUOTAS, BuildContext, Where


def of_type(session_type: str) -> Callable[[Session], bool]:
    return lambda s: s.type == session_type


def add(ctx: BuildContext) -> None:
    if not ctx.cons.quotas_enabled:
        return
    cal = ctx.cal
    for i, quota in enumerate(ctx.cons.quotas):
        for w in cal.weeks:
            count = ctx.count(w.day_range, of_type(quota.type))
            if quota.max is not None and quota.max < w.days:
                ctx.add(QUOTAS, count <= quota.max, Where(week=w.index, quota=i, bound="max"))
            if quota.min > 0 and cal.is_quota_min_week(w):
                ctx.add(QUOTAS, count >= quota.min, Where(week=w.index, quota=i, bound="min"))
