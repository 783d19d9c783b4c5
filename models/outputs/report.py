"""A plan as one self-contained HTML page: the calendar as a week-by-week grid coloured
by session type, the weekly load by type, fitness, fatigue and form over the block, the
metrics, the named penalties and the rules in force.

The page needs no network: the charts are matplotlib PNGs embedded as base64 data URIs,
the style sheet is inline and there is no script. It prints on A4 (`@page`, week rows
never split across pages, charts scaled to the page width). The same plan gives the same
bytes: no timestamps, and the PNGs carry no metadata.

Every text taken from the scenario or the plan is escaped; a hand-written plan with odd
or missing fields still renders, only a plan without days is refused.
"""

from __future__ import annotations

import datetime as dt
import html
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from matplotlib.figure import Figure
from pydantic import ValidationError

from models.calendar import BlockCalendar, build_calendar
from models.errors import InputError
from models.files import write_output
from models.labels import MONTHS, WEEKDAY_LABELS, day_month
from models.outputs.charts import (
    CHART_PIXELS,
    fitness_figure,
    png_data_uri,
    shorten,
    weekly_load_figure,
)
from models.outputs.palette import PALETTE, tint, type_colour
from models.plan_document import day_date
from models.quality.metrics import PlanMetrics, RaceMetrics, WeekMetrics, plan_metrics
from models.rules.registry import report_rows
from models.scenario import SESSION_TYPES, ConstraintSet, Scenario

# The palette stays importable from here, where it was first defined.
__all__ = ["PALETTE", "render_report", "rule_rows", "type_colour", "write_report"]

# ---------------------------------------------------------------------------
# The plan's days, read leniently
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportDay:
    """What the report shows of one plan day; fields a hand-written plan lacks are None."""

    date: dt.date
    session: str
    type: str
    minutes: float | None
    load: float | None
    hard: bool
    description: str


def plan_days_by_index(cal: BlockCalendar, plan: Mapping[str, Any]) -> dict[int, ReportDay]:
    """The plan's days inside the block by day index (the first entry of a date wins).

    Raises InputError (field `days`) for a plan without days, such as an INFEASIBLE or
    UNKNOWN outcome, or one whose days all lie outside the block."""
    raw = plan.get("days")
    if not isinstance(raw, list) or not raw:
        status = shorten(plan.get("status", "not given"))
        raise InputError(
            f"the plan has no days (status {status}), so there is no calendar to report; "
            "only a plan with a calendar (OPTIMAL or FEASIBLE) can be reported",
            field="days",
        )
    out: dict[int, ReportDay] = {}
    for i, entry in enumerate(raw):
        if not isinstance(entry, Mapping):
            continue
        date = day_date(entry, i)
        if date is None:
            continue
        index = cal.day_index(date)
        if 0 <= index < cal.n_days and index not in out:
            out[index] = ReportDay(
                date=date,
                session=_text(entry.get("session"), "?"),
                type=_text(entry.get("type"), "?"),
                minutes=_number(entry.get("minutes")),
                load=_number(entry.get("load")),
                hard=entry.get("hard") is True,
                description=_text(entry.get("description"), ""),
            )
    if not out:
        last = cal.date(cal.n_days - 1)
        raise InputError(
            f"none of the plan's days has a date in the block {cal.start} to {last}",
            field="days",
        )
    return out


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def _text(value: Any, default: str) -> str:
    return default if value is None else str(value)


# ---------------------------------------------------------------------------
# Formatting
# ---------------------------------------------------------------------------


def esc(value: Any) -> str:
    return html.escape(str(value), quote=True)


def fmt_num(value: float | None, digits: int = 0) -> str:
    """A number for a table: '-' when there is none, '∞' for an infinite one."""
    if value is None:
        return "-"
    if math.isinf(value):
        return "∞"
    if digits == 0 and float(value).is_integer():
        return str(int(value))
    return f"{value:.{digits}f}"


def fmt_pct(share: float | None) -> str:
    return "-" if share is None else f"{100 * share:.0f}%"


def fmt_signed_pct(value: float | None) -> str:
    return "-" if value is None else f"{value:+.0f}%"


def long_date(date: dt.date) -> str:
    return f"{WEEKDAY_LABELS[date.weekday()]} {date.day} {MONTHS[date.month - 1]} {date.year}"


def table(headers: Sequence[str], rows: Iterable[Sequence[str]], css: str = "data") -> str:
    """An HTML table from already escaped cell texts."""
    head = "".join(f"<th>{h}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table class="{css}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


# ---------------------------------------------------------------------------
# Sections
# ---------------------------------------------------------------------------


def header_section(scenario: Scenario, plan: Mapping[str, Any], cal: BlockCalendar) -> str:
    """Scenario name, athlete, dates, solve status, objective, bound and gap."""
    status = _text(plan.get("status"), "not given")
    gap = _number(plan.get("gap"))
    seconds = _number(plan.get("solve_seconds"))
    facts = [
        ("Athlete", esc(scenario.athlete.name)),
        (
            "Block",
            f"{esc(long_date(cal.start))} to {esc(long_date(cal.date(cal.n_days - 1)))}"
            f" ({cal.n_days} days, {len(cal.weeks)} weeks)",
        ),
        ("Races", str(len(scenario.races))),
        ("Status", f'<span class="status">{esc(status)}</span>'),
        ("Objective", fmt_num(_number(plan.get("objective")), 2)),
        ("Bound", fmt_num(_number(plan.get("bound")), 2)),
        ("Gap", "-" if gap is None else f"{100 * gap:.2f}%"),
        ("Solve time", "-" if seconds is None else f"{seconds:.1f} s"),
    ]
    items = "".join(f"<div><dt>{k}</dt><dd>{v}</dd></div>" for k, v in facts)
    notes = []
    plan_name = plan.get("scenario")
    if plan_name is not None and str(plan_name) != scenario.name:
        notes.append(f"This plan names the scenario “{esc(plan_name)}”.")
    message = plan.get("message")
    if isinstance(message, str) and message.strip():
        notes.append(esc(message))
    note_html = "".join(f'<p class="note">{n}</p>' for n in notes)
    return (
        f"<header><h1>{esc(scenario.name)}</h1>"
        f'<p class="subtitle">Training block plan</p>'
        f'<dl class="facts">{items}</dl>{note_html}</header>'
    )


def legend_section(types: Iterable[str]) -> str:
    """A swatch per session type that the plan uses."""
    items = "".join(
        f'<li><span class="swatch" style="background:{type_colour(t)}"></span>'
        f"{esc(t.replace('_', ' '))}</li>"
        for t in types
    )
    return f'<ul class="legend">{items}</ul>'


def types_in_order(days: Iterable[ReportDay]) -> list[str]:
    """The session types used, in the spec's order, then any others alphabetically."""
    used = {d.type for d in days}
    return [t for t in SESSION_TYPES if t in used] + sorted(used - set(SESSION_TYPES))


@dataclass(frozen=True)
class DayMarks:
    """Calendar facts of the scenario that the grid marks on each day."""

    races: Mapping[int, str]
    taper: frozenset[int]
    recovery: frozenset[int]
    blocked: frozenset[int]
    deload_weeks: frozenset[int]


def day_marks(scenario: Scenario, cal: BlockCalendar) -> DayMarks:
    cons = scenario.constraints
    deload_every = cons.deload_every if cons.deload_on else 0
    return DayMarks(
        races={d: f"{r.label} ({r.priority})" for d, r in cal.race_days.items()},
        taper=cal.taper_days,
        recovery=cal.recovery_days,
        blocked=cal.blocked_days,
        deload_weeks=frozenset(w.index for w in cal.weeks if cal.is_deload_week(w, deload_every)),
    )


def calendar_section(
    scenario: Scenario,
    cal: BlockCalendar,
    days: Mapping[int, ReportDay],
    metrics: PlanMetrics,
) -> str:
    """The week grid: one row per week, one column per day of the week."""
    marks = day_marks(scenario, cal)
    weekday_order = [WEEKDAY_LABELS[(cal.start.weekday() + i) % 7] for i in range(7)]
    head = '<th class="week">Week</th>' + "".join(f"<th>{d}</th>" for d in weekday_order)
    rows = "".join(
        week_row(cal, week_index, days, marks, metrics.weeks[week_index])
        for week_index in range(len(cal.weeks))
    )
    return (
        '<section class="calendar"><h2>Calendar</h2>'
        f"{legend_section(types_in_order(days.values()))}"
        f'<table class="grid"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'
        "</section>"
    )


def week_row(
    cal: BlockCalendar,
    week_index: int,
    days: Mapping[int, ReportDay],
    marks: DayMarks,
    week: WeekMetrics,
) -> str:
    span = cal.weeks[week_index].day_range
    notes = []
    if any(d in marks.races for d in span):
        notes.append('<span class="tag race-tag">race week</span>')
    if week.index in marks.deload_weeks:
        notes.append('<span class="tag">deload</span>')
    if week.days < 7:
        notes.append(f'<span class="tag">{week.days} days</span>')
    label = (
        f'<th class="week" scope="row"><b>Week {week.index}</b>'
        f'<span class="wdate">{esc(day_month(cal.date(span.start)))}</span>'
        f'<span class="wsum">load {fmt_num(week.load)}<br>{fmt_num(week.minutes)} min'
        f" · {week.hard_days} hard</span>{''.join(notes)}</th>"
    )
    cells = [day_cell(cal, d, days.get(d), marks) for d in span]
    cells += ['<td class="day empty"></td>'] * (7 - len(span))
    return f'<tr class="week-row" id="week-{week.index}">{label}{"".join(cells)}</tr>'


def day_cell(cal: BlockCalendar, index: int, day: ReportDay | None, marks: DayMarks) -> str:
    """One day: date, session, minutes and load, coloured by the session's type."""
    date = cal.date(index)
    tags = []
    if index in marks.blocked:
        tags.append("blocked")
    if index in marks.taper:
        tags.append("taper")
    if index in marks.recovery:
        tags.append("recovery")
    tag_html = "".join(f'<span class="tag">{t}</span>' for t in tags)
    date_html = f'<span class="date">{esc(day_month(date))}</span>'
    if day is None:
        return f'<td class="day missing">{date_html}<span class="sid">no session</span></td>'
    colour = type_colour(day.type)
    classes = ["day", f"t-{_css_name(day.type)}"]
    race = ""
    if index in marks.races:
        classes.append("race")
        race = f'<span class="race-name"><b>RACE</b> {esc(marks.races[index])}</span>'
    if day.hard:
        classes.append("hard")
    numbers = ""
    if day.type != "rest" or (day.minutes or day.load):
        numbers = (
            f'<span class="nums">{fmt_num(day.minutes)} min · load {fmt_num(day.load)}'
            f"{' · <b>hard</b>' if day.hard else ''}</span>"
        )
    title = f' title="{esc(day.description)}"' if day.description else ""
    return (
        f'<td class="{" ".join(classes)}" style="background:{tint(colour)};'
        f'border-left-color:{colour}"{title}>{date_html}{race}'
        f'<span class="sid">{esc(day.session)}</span>{numbers}{tag_html}</td>'
    )


def _css_name(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in text) or "x"


def weekly_load_section(
    scenario: Scenario, cal: BlockCalendar, days: Mapping[int, ReportDay]
) -> str:
    cons = scenario.constraints
    ceiling = cons.weekly_load_max if cons.weekly_load_max_on else None
    loads_by_type = {
        session_type: [
            sum(
                (day.load or 0.0)
                for d in week.day_range
                if (day := days.get(d)) is not None and day.type == session_type
            )
            for week in cal.weeks
        ]
        for session_type in types_in_order(days.values())
    }
    fig = weekly_load_figure(cal, loads_by_type, ceiling)
    return (
        '<section class="chart"><h2>Weekly load by session type</h2>'
        f"{chart_img(fig, 'Stacked weekly load by session type')}</section>"
    )


def fitness_section(scenario: Scenario, cal: BlockCalendar, metrics: PlanMetrics) -> str:
    fig = fitness_figure(cal, metrics)
    return (
        '<section class="chart"><h2>Fitness, fatigue and form</h2>'
        '<p class="explain">CTL (fitness) and ATL (fatigue) are 42- and 7-day exponentially '
        "weighted averages of daily load, starting from the athlete's chronic load; TSB "
        "(form) is yesterday's CTL minus ATL. Dashed lines mark race days.</p>"
        f"{chart_img(fig, 'CTL, ATL and TSB over the block, race days marked')}</section>"
    )


def metrics_section(metrics: PlanMetrics) -> str:
    """Per race perf, CTL, ATL, TSB; the block's totals and peaks; the weekly metrics."""
    race_table = (
        table(
            ["Race", "Date", "Priority", "Distance", "Perf", "CTL", "ATL", "TSB"],
            (race_row(r) for r in metrics.races),
        )
        if metrics.races
        else '<p class="note">No race in this block.</p>'
    )
    summary_rows = [
        ("Total load", fmt_num(metrics.total_load)),
        ("Total time", f"{fmt_num(metrics.total_minutes)} min ({hours(metrics.total_minutes)})"),
        ("Hard days", str(metrics.hard_days)),
        ("Easy share of minutes", fmt_pct(metrics.easy_share)),
        ("Max acute:chronic ratio", fmt_num(metrics.max_acwr, 2)),
        ("Max monotony", fmt_num(metrics.max_monotony, 2)),
        ("Max strain", fmt_num(metrics.max_strain, 0 if metrics.max_strain is None else 1)),
        ("Max week-over-week ramp", fmt_signed_pct(metrics.max_ramp_pct)),
    ]
    summary = table(["Metric", "Value"], summary_rows, css="data summary")
    weeks = table(
        [
            "Week",
            "Start",
            "Days",
            "Load",
            "Minutes",
            "Hard",
            "Sessions",
            "Easy share",
            "Ramp",
            "Monotony",
            "Strain",
            "Max ACWR",
        ],
        (week_metrics_row(w) for w in metrics.weeks),
        css="data weeks",
    )
    return (
        '<section class="metrics"><h2>Metrics</h2>'
        f"<h3>Races</h3>{race_table}<h3>Block</h3>{summary}<h3>Weeks</h3>{weeks}</section>"
    )


def race_row(race: RaceMetrics) -> list[str]:
    return [
        esc(race.name),
        esc(race.date),
        esc(race.priority),
        esc(race.distance),
        fmt_num(race.perf, 1),
        fmt_num(race.ctl, 1),
        fmt_num(race.atl, 1),
        fmt_num(race.tsb, 1),
    ]


def week_metrics_row(week: WeekMetrics) -> list[str]:
    return [
        str(week.index),
        esc(week.start),
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


def hours(minutes: float) -> str:
    whole = round(minutes)
    return f"{whole // 60} h {whole % 60:02d}"


def penalties_section(plan: Mapping[str, Any]) -> str:
    """The plan's named soft penalties with weight, value and cost."""
    raw = plan.get("penalties")
    entries = [p for p in raw if isinstance(p, Mapping)] if isinstance(raw, list) else []
    if not entries:
        body = '<p class="note">The plan reports no penalties.</p>'
    else:
        rows = []
        total = 0.0
        for p in entries:
            weight, value = _number(p.get("weight")), _number(p.get("value"))
            cost = _number(p.get("cost"))
            if cost is None and weight is not None and value is not None:
                cost = weight * value
            total += cost or 0.0
            name = esc(_text(p.get("name"), "?"))
            rows.append([name, fmt_num(weight, 2), fmt_num(value, 2), fmt_num(cost, 2)])
        rows.append(["<b>total</b>", "", "", f"<b>{fmt_num(total, 2)}</b>"])
        body = table(["Penalty", "Weight", "Value", "Cost"], rows)
    return (
        '<section class="penalties"><h2>Penalties</h2>'
        '<p class="explain">Soft penalties, subtracted from the objective (weight x value).</p>'
        f"{body}</section>"
    )


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


def rules_section(scenario: Scenario, plan: Mapping[str, Any]) -> str:
    rules, source = effective_rules(scenario, plan)
    rows = [
        [f"{esc(name)}<br><code>{esc(key)}</code>", esc(setting), "yes" if on else "off"]
        for name, key, setting, on in rule_rows(rules, scenario)
    ]
    return (
        '<section class="rules"><h2>Rules</h2>'
        f'<p class="explain">The hard rules in force ({esc(source)}).</p>'
        f"{table(['Rule', 'Setting', 'In force'], rows, css='data rules')}</section>"
    )


# ---------------------------------------------------------------------------
# Charts
# ---------------------------------------------------------------------------


def chart_img(fig: Figure, alt: str) -> str:
    width, height = CHART_PIXELS
    return (
        f'<figure><img class="chart" alt="{esc(alt)}" width="{width}" height="{height}" '
        f'src="{png_data_uri(fig)}"></figure>'
    )


# ---------------------------------------------------------------------------
# The page
# ---------------------------------------------------------------------------

STYLE = """
:root { --ink: #1f2933; --muted: #52606d; --line: #d9e2ec; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0 auto; padding: 24px; max-width: 1200px; color: var(--ink); background: #fff;
  font: 14px/1.4 "DejaVu Sans", "Segoe UI", Roboto, Helvetica, Arial, sans-serif; }
h1 { font-size: 24px; margin: 0; }
h2 { font-size: 18px; margin: 28px 0 10px; padding-bottom: 3px;
  border-bottom: 2px solid var(--line); }
h3 { font-size: 14px; margin: 16px 0 6px; color: var(--muted); }
.subtitle { margin: 0 0 10px; color: var(--muted); }
dl.facts { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 6px 18px;
  margin: 0; }
dl.facts dt { font-size: 11px; text-transform: uppercase; letter-spacing: .04em;
  color: var(--muted); }
dl.facts dd { margin: 0; font-weight: 600; }
.status { padding: 0 6px; border-radius: 3px; background: #e3f2fd; }
.note { color: var(--muted); font-style: italic; margin: 8px 0 0; }
.explain { color: var(--muted); font-size: 12px; margin: 0 0 6px; }
ul.legend { list-style: none; padding: 0; margin: 0 0 8px; display: flex; flex-wrap: wrap;
  gap: 4px 14px; font-size: 12px; }
.swatch { display: inline-block; width: 12px; height: 12px; margin-right: 5px;
  vertical-align: -2px; border-radius: 2px; }
table.grid { width: 100%; border-collapse: separate; border-spacing: 3px; table-layout: fixed; }
table.grid th { font-size: 12px; color: var(--muted); font-weight: 600; text-align: left; }
table.grid th.week { width: 11%; vertical-align: top; padding: 4px 4px 4px 0;
  color: var(--ink); font-weight: 400; }
th.week b { display: block; font-size: 13px; }
th.week .wdate, th.week .wsum { display: block; font-size: 11px; color: var(--muted); }
td.day { vertical-align: top; padding: 4px 5px; font-size: 12px; line-height: 1.3;
  border-left: 5px solid transparent; border-radius: 3px; overflow-wrap: anywhere; }
td.day span { display: block; }
td.day .date { font-size: 10px; color: var(--muted); }
td.day .sid { font-weight: 600; }
td.day .nums { font-size: 11px; }
td.day.race { outline: 2px solid #1a237e; outline-offset: -2px; }
td.day .race-name { color: #1a237e; font-size: 11px; }
td.day.missing { background: repeating-linear-gradient(45deg, #fff, #fff 4px, #f0f0f0 4px,
  #f0f0f0 8px); border-left-color: #9e9e9e; }
td.day.empty { background: none; }
.tag { display: inline-block; margin: 2px 3px 0 0; padding: 0 4px; font-size: 10px;
  border-radius: 3px; background: rgba(255, 255, 255, .7); border: 1px solid #bcccdc;
  color: var(--muted); }
td.day span.tag { display: inline-block; }
th.week .tag { display: inline-block; }
.race-tag { border-color: #1a237e; color: #1a237e; }
figure { margin: 0; }
img.chart { display: block; max-width: 100%; height: auto; }
table.data { border-collapse: collapse; font-size: 13px; margin-bottom: 6px; }
table.data th, table.data td { padding: 3px 10px; border-bottom: 1px solid var(--line);
  text-align: right; }
table.data th { font-size: 12px; color: var(--muted); }
table.data th:first-child, table.data td:first-child { text-align: left; }
table.rules th, table.rules td { text-align: left; }
table.rules td:first-child { white-space: nowrap; }
code { font-size: 11px; color: var(--muted); }
footer { margin-top: 28px; font-size: 11px; color: var(--muted); }
@page { size: A4; margin: 12mm 10mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 9pt; }
  h2 { break-after: avoid; page-break-after: avoid; }
  section.chart, figure, table.data tr, table.grid tr, thead {
    break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  img.chart { width: 100%; height: auto; }
  table.grid { border-spacing: 2px; }
  td.day { font-size: 7pt; padding: 2px 3px; border-left-width: 3px; }
  td.day .nums, td.day .race-name { font-size: 6.5pt; }
  td.day .date, .tag { font-size: 6pt; }
  th.week b { font-size: 8pt; }
  th.week .wdate, th.week .wsum { font-size: 6.5pt; }
  table.data { font-size: 8pt; }
  table.data th, table.data td { padding: 2px 6px; }
  dl.facts { gap: 2px 12px; }
}
"""


def page(title: str, body: str) -> str:
    """The whole document around `body` (`title` is escaped here)."""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<link rel="icon" href="data:,">\n'
        f"<title>{esc(title)}</title>\n<style>{STYLE}</style>\n</head>\n"
        f"<body>\n{body}\n</body>\n</html>\n"
    )


def render_report(scenario: Scenario, plan: Mapping[str, Any]) -> str:
    """The report of the plan JSON `plan` (plan format v1, solved or hand-written) under
    `scenario`, as the text of one HTML file.

    Raises InputError (field `days`) when the plan has no calendar."""
    if not isinstance(plan, Mapping):
        raise InputError("the plan is not a JSON object", field=None)
    cal = build_calendar(scenario)
    days = plan_days_by_index(cal, plan)
    metrics = plan_metrics(scenario, plan)
    sections = [
        header_section(scenario, plan, cal),
        calendar_section(scenario, cal, days, metrics),
        weekly_load_section(scenario, cal, days),
        fitness_section(scenario, cal, metrics),
        metrics_section(metrics),
        penalties_section(plan),
        rules_section(scenario, plan),
        "<footer>Made by speedblock. Loads are rTSS-like; perf is the scenario's Banister "
        "model.</footer>",
    ]
    return page(f"{scenario.name}: training plan", "\n".join(sections))


def write_report(scenario: Scenario, plan: Mapping[str, Any], path: Path) -> None:
    """Render the report and write it to `path` whole or not at all (nothing is written
    when the plan cannot be reported)."""
    write_output(path, render_report(scenario, plan).encode("utf-8"))
