"""The report's two charts for the workbench page, as PNG images: the same figures the
HTML report embeds (models/outputs/charts.py), drawn for the plan as it stands."""

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
    from models.outputs.charts import figure_png, fitness_figure, weekly_load_figure
    from models.outputs.report import load_ceiling
    from models.outputs.report_grid import weekly_loads_by_type
    from models.outputs.report_values import plan_days_by_index
    from models.quality.metrics import plan_metrics

    cal = build_calendar(scenario)
    if kind == "load":
        days = plan_days_by_index(cal, plan)
        fig = weekly_load_figure(
            cal, weekly_loads_by_type(cal, days), load_ceiling(scenario.constraints)
        )
    else:
        fig = fitness_figure(cal, plan_metrics(scenario, plan))
    return figure_png(fig)
