"""Sharpening: at most sharpening_max_quality quality sessions other than race-pace ones
in the sharpening_days days before each A race (models/shape.py)."""

from __future__ import annotations

from models.shape import SHARPENING_TYPES, a_race_stretches
from solver.context import SHARPENING, BuildContext, Where


def add(ctx: BuildContext) -> None:
    cons = ctx.cons
    if not cons.sharpening_enabled:
        return
    for stretch in a_race_stretches(ctx.cal):
        days = stretch.last_days(cons.sharpening_days)
        if not days:
            continue
        quality = ctx.count(days, lambda s: s.type in SHARPENING_TYPES)
        ctx.add(SHARPENING, quality <= cons.sharpening_max_quality, Where(day=days[-1]))
