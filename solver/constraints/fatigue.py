"""Re-planning after signs of fatigue (models/history/replan.py): a week's load at most the cap
the re-plan set for it."""

from __future__ import annotations

from solver.context import FATIGUE, BuildContext, Where


def add(ctx: BuildContext) -> None:
    history = ctx.scenario.history
    if history is None:
        return
    for cap in history.load_caps:
        ctx.add(FATIGUE, ctx.week_load[cap.week - 1] <= cap.load, Where(week=cap.week))
