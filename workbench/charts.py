"""The report's two charts for the workbench page, as PNG images: the same figures the
HTML report embeds (models/outputs/report.py), drawn for the plan as it stands."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from models.calendar import build_calendar
from models.errors import InputError
from models.extras import require
from models.scenario import Scenario

CHARTS = ("load", "fitness")


def chart_png(scenario: Scenario, plan: Mapping[str, Any], kind: str) -> bytes:
    """`load`: weekly load by session type; `fitness`: CTL, ATL and TSB by day."""
    if kind not in CHARTS:
        raise InputError(f"unknown chart {kind!r}; known: {', '.join(CHARTS)}", field="chart")
    require("matplotlib", "the workbench's charts", field="chart")
    from models.outputs import report
    from models.quality.metrics import plan_metrics

    cal = build_calendar(scenario)
    if kind == "load":
        fig = report.weekly_load_figure(scenario, cal, report.plan_days_by_index(cal, plan))
    else:
        fig = report.fitness_figure(cal, plan_metrics(scenario, plan))
    return report.figure_png(fig)
