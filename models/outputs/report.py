"""A plan as one self-contained HTML page: the calendar as a week-by-week grid coloured
by session type, the weekly load by type, fitness, fatigue and form over the block, the
metrics, the named penalties and the rules in force.

This module reads the plan and works out what the page shows as plain values, texts and
numbers already formatted (the grid in `report_grid.py`); the Jinja2 templates in
`templates/` lay them out, `templates/report.css` styles them and `charts.py` draws the
charts.

The page needs no network: the charts are matplotlib PNGs embedded as base64 data URIs,
the style sheet is inlined and there is no script. It prints on A4 (`@page`, week rows
never split across pages, charts scaled to the page width). The same plan gives the same
bytes: no timestamps, and the PNGs carry no metadata.

The templates escape every text they print, and a name they use that the page does not
give is an error; a hand-written plan with odd or missing fields still renders, only a
plan without days is refused.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Mapping
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from models.calendar import BlockCalendar, build_calendar
from models.errors import InputError
from models.extras import require
from models.files import write_output
from models.outputs.charts import CHART_PIXELS, fitness_figure, png_data_uri, weekly_load_figure
from models.outputs.palette import PALETTE, type_colour
from models.outputs.report_grid import calendar_grid, weekly_loads_by_type
from models.outputs.report_values import (
    fmt_num,
    fmt_pct,
    fmt_signed_pct,
    hours,
    long_date,
    number_or_none,
    plan_days_by_index,
    text_or,
)
from models.quality.metrics import PlanMetrics, RaceMetrics, WeekMetrics, plan_metrics
from models.rules.registry import report_rows
from models.scenario import ConstraintSet, Scenario

if TYPE_CHECKING:
    import jinja2

# The palette stays importable from here, where it was first defined.
__all__ = ["PALETTE", "render_report", "rule_rows", "type_colour", "write_report"]

TEMPLATES = "templates"  # the package folder of the templates and the style sheet
PAGE_TEMPLATE = "report.html.j2"
STYLE_SHEET = "report.css"

# ---------------------------------------------------------------------------
# What the page shows, besides the grid
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Fact:
    """One entry of the header's facts; `css` is a class for a value shown as a badge."""

    label: str
    value: str
    css: str = ""


@dataclass(frozen=True)
class Header:
    name: str
    facts: list[Fact]
    notes: list[str]


def header_view(scenario: Scenario, plan: Mapping[str, Any], cal: BlockCalendar) -> Header:
    """Scenario name, athlete, dates, solve status, objective, bound and gap."""
    gap = number_or_none(plan.get("gap"))
    seconds = number_or_none(plan.get("solve_seconds"))
    block = (
        f"{long_date(cal.start)} to {long_date(cal.date(cal.n_days - 1))}"
        f" ({cal.n_days} days, {len(cal.weeks)} weeks)"
    )
    facts = [
        Fact("Athlete", scenario.athlete.name),
        Fact("Block", block),
        Fact("Races", str(len(scenario.races))),
        Fact("Status", text_or(plan.get("status"), "not given"), css="status"),
        Fact("Objective", fmt_num(number_or_none(plan.get("objective")), 2)),
        Fact("Bound", fmt_num(number_or_none(plan.get("bound")), 2)),
        Fact("Gap", "-" if gap is None else f"{100 * gap:.2f}%"),
        Fact("Solve time", "-" if seconds is None else f"{seconds:.1f} s"),
    ]
    notes = []
    plan_name = plan.get("scenario")
    if plan_name is not None and str(plan_name) != scenario.name:
        notes.append(f"This plan names the scenario “{plan_name}”.")
    message = plan.get("message")
    if isinstance(message, str) and message.strip():
        notes.append(message)
    return Header(name=scenario.name, facts=facts, notes=notes)


def load_ceiling(rules: ConstraintSet) -> float | None:
    """The weekly load ceiling that the load chart draws, when the rule is on."""
    return rules.weekly_load_max if rules.weekly_load_max_on else None


@dataclass(frozen=True)
class MetricTables:
    races: list[list[str]]
    summary: list[list[str]]
    weeks: list[list[str]]


def metrics_view(metrics: PlanMetrics) -> MetricTables:
    """Per race perf, CTL, ATL, TSB; the block's totals and peaks; the weekly metrics."""
    total_time = f"{fmt_num(metrics.total_minutes)} min ({hours(metrics.total_minutes)})"
    summary = [
        ["Total load", fmt_num(metrics.total_load)],
        ["Total time", total_time],
        ["Hard days", str(metrics.hard_days)],
        ["Easy share of minutes", fmt_pct(metrics.easy_share)],
        ["Max acute:chronic ratio", fmt_num(metrics.max_acwr, 2)],
        ["Max monotony", fmt_num(metrics.max_monotony, 2)],
        ["Max strain", fmt_num(metrics.max_strain, 0 if metrics.max_strain is None else 1)],
        ["Max week-over-week ramp", fmt_signed_pct(metrics.max_ramp_pct)],
    ]
    return MetricTables(
        races=[race_row(r) for r in metrics.races],
        summary=summary,
        weeks=[week_metrics_row(w) for w in metrics.weeks],
    )


def race_row(race: RaceMetrics) -> list[str]:
    return [
        str(race.name),
        str(race.date),
        str(race.priority),
        str(race.distance),
        fmt_num(race.perf, 1),
        fmt_num(race.ctl, 1),
        fmt_num(race.atl, 1),
        fmt_num(race.tsb, 1),
    ]


def week_metrics_row(week: WeekMetrics) -> list[str]:
    return [
        str(week.index),
        str(week.start),
        str(week.days),
        fmt_num(week.load),
        fmt_num(week.minutes),
        str(week.hard_days),
        str(week.sessions),
        fmt_pct(week.easy_share),
        fmt_signed_pct(week.ramp_pct),
        fmt_num(week.monotony, 2),
        fmt_num(week.strain, 0 if week.strain is None else 1),
        fmt_num(week.acwr_max, 2),
    ]


@dataclass(frozen=True)
class Penalties:
    rows: list[list[str]]  # name, weight, value, cost
    total: str


def penalties_view(plan: Mapping[str, Any]) -> Penalties | None:
    """The plan's named soft penalties with weight, value and cost; None without any."""
    raw = plan.get("penalties")
    entries = [p for p in raw if isinstance(p, Mapping)] if isinstance(raw, list) else []
    if not entries:
        return None
    rows = []
    total = 0.0
    for p in entries:
        weight, value = number_or_none(p.get("weight")), number_or_none(p.get("value"))
        cost = number_or_none(p.get("cost"))
        if cost is None and weight is not None and value is not None:
            cost = weight * value
        total += cost or 0.0
        name = text_or(p.get("name"), "?")
        rows.append([name, fmt_num(weight, 2), fmt_num(value, 2), fmt_num(cost, 2)])
    return Penalties(rows=rows, total=fmt_num(total, 2))


def effective_rules(scenario: Scenario, plan: Mapping[str, Any]) -> tuple[ConstraintSet, str]:
    """The rules the plan was solved under (its `constraints`), else the scenario's; with a
    note saying which."""
    raw = plan.get("constraints")
    if isinstance(raw, Mapping) and raw:
        try:
            return ConstraintSet.model_validate(dict(raw)), "as recorded in the plan"
        except ValidationError:
            return scenario.constraints, (
                "the scenario's: the plan's own constraints could not be read"
            )
    return scenario.constraints, "the scenario's"


def rule_rows(rules: ConstraintSet, scenario: Scenario) -> list[tuple[str, str, str, bool]]:
    """(rule, key, setting, in force) for every rule of the scenario format with a line
    in the report (the rule registry's rows)."""
    return report_rows(rules, scenario)


# ---------------------------------------------------------------------------
# The page
# ---------------------------------------------------------------------------


def escape_text(value: Any) -> Any:
    """What a template expression prints: markup as it is, anything else as text escaped
    the way `html.escape` does it, quotes included. Jinja2 alone would write `&#39;` and
    `&#34;` where the report writes `&#x27;` and `&quot;`; this keeps its text as it was."""
    from markupsafe import Markup

    if isinstance(value, Markup):
        return value
    return Markup(html.escape(str(value), quote=True))


@functools.cache
def environment() -> jinja2.Environment:
    """The templates of the package, with every expression escaped, and a name the page
    does not give an error rather than an empty text."""
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("models.outputs", TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        finalize=escape_text,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def style_sheet() -> str:
    """The report's CSS, as shipped in the package."""
    return files("models.outputs").joinpath(TEMPLATES, STYLE_SHEET).read_text("utf-8")


def render_report(scenario: Scenario, plan: Mapping[str, Any]) -> str:
    """The report of the plan JSON `plan` (plan format v1, solved or hand-written) under
    `scenario`, as the text of one HTML file.

    Raises InputError (field `days`) when the plan has no calendar, and one naming the
    extra to install when Jinja2 is missing."""
    require("jinja2", "the report")
    from markupsafe import Markup

    if not isinstance(plan, Mapping):
        raise InputError("the plan is not a JSON object", field=None)
    cal = build_calendar(scenario)
    days = plan_days_by_index(cal, plan)
    metrics = plan_metrics(scenario, plan)
    rules, rules_source = effective_rules(scenario, plan)
    load_chart = weekly_load_figure(
        cal, weekly_loads_by_type(cal, days), load_ceiling(scenario.constraints)
    )
    return (
        environment()
        .get_template(PAGE_TEMPLATE)
        .render(
            title=f"{scenario.name}: training plan",
            style=Markup(style_sheet()),  # the package's own file, inlined as it is
            header=header_view(scenario, plan, cal),
            grid=calendar_grid(scenario, cal, days, metrics),
            chart_size=CHART_PIXELS,
            load_chart=png_data_uri(load_chart),
            fitness_chart=png_data_uri(fitness_figure(cal, metrics)),
            metrics=metrics_view(metrics),
            penalties=penalties_view(plan),
            rules=rule_rows(rules, scenario),
            rules_source=rules_source,
        )
    )


def write_report(scenario: Scenario, plan: Mapping[str, Any], path: Path) -> None:
    """Render the report and write it to `path` whole or not at all (nothing is written
    when the plan cannot be reported)."""
    write_output(path, render_report(scenario, plan).encode("utf-8"))
