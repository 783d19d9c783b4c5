"""The report's calendar as a grid of weeks: one row per week with its totals and
marks, one cell per day with its session, minutes and load, coloured by session type.

The grid is plain values (texts already formatted, colours as #rrggbb); the template
`templates/calendar.html.j2` lays it out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from models.calendar import BlockCalendar
from models.labels import WEEKDAY_LABELS, day_month
from models.outputs.palette import tint, type_colour
from models.outputs.report_values import ReportDay, fmt_num
from models.quality.metrics import PlanMetrics, WeekMetrics
from models.scenario import SESSION_TYPES, Scenario


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


@dataclass(frozen=True)
class Tag:
    """A small label on a week (`css` holds its classes)."""

    text: str
    css: str = "tag"


@dataclass(frozen=True)
class Cell:
    """One day of the grid. `kind` is "session", "missing" (a block day the plan lacks)
    or "empty" (after the last day of a short last week); `numbers` is None for a rest
    day without minutes or load."""

    kind: str
    date: str = ""
    css: str = ""
    background: str = ""
    colour: str = ""
    title: str = ""
    race: str = ""
    session: str = ""
    numbers: str | None = None
    hard: bool = False
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class WeekRow:
    index: int
    date: str
    load: str
    minutes: str
    hard_days: int
    tags: list[Tag]
    cells: list[Cell]


@dataclass(frozen=True)
class LegendItem:
    colour: str
    label: str


@dataclass(frozen=True)
class Grid:
    weekdays: list[str]  # the column headings, starting on the block's first weekday
    legend: list[LegendItem]  # one per session type that the plan uses
    weeks: list[WeekRow]


def calendar_grid(
    scenario: Scenario,
    cal: BlockCalendar,
    days: Mapping[int, ReportDay],
    metrics: PlanMetrics,
) -> Grid:
    """The week grid: one row per week, one column per day of the week."""
    marks = day_marks(scenario, cal)
    return Grid(
        weekdays=[WEEKDAY_LABELS[(cal.start.weekday() + i) % 7] for i in range(7)],
        legend=[
            LegendItem(type_colour(t), t.replace("_", " ")) for t in types_in_order(days.values())
        ],
        weeks=[
            week_row(cal, week_index, days, marks, metrics.weeks[week_index])
            for week_index in range(len(cal.weeks))
        ],
    )


def week_row(
    cal: BlockCalendar,
    week_index: int,
    days: Mapping[int, ReportDay],
    marks: DayMarks,
    week: WeekMetrics,
) -> WeekRow:
    span = cal.weeks[week_index].day_range
    tags = []
    if any(d in marks.races for d in span):
        tags.append(Tag("race week", "tag race-tag"))
    if week.index in marks.deload_weeks:
        tags.append(Tag("deload"))
    if week.days < 7:
        tags.append(Tag(f"{week.days} days"))
    cells = [day_cell(cal, d, days.get(d), marks) for d in span]
    cells += [Cell(kind="empty")] * (7 - len(span))
    return WeekRow(
        index=week.index,
        date=day_month(cal.date(span.start)),
        load=fmt_num(week.load),
        minutes=fmt_num(week.minutes),
        hard_days=week.hard_days,
        tags=tags,
        cells=cells,
    )


def day_cell(cal: BlockCalendar, index: int, day: ReportDay | None, marks: DayMarks) -> Cell:
    """One day: date, session, minutes and load, coloured by the session's type."""
    date = day_month(cal.date(index))
    if day is None:
        return Cell(kind="missing", date=date)
    tags = tuple(
        name
        for name, marked in (
            ("blocked", marks.blocked),
            ("taper", marks.taper),
            ("recovery", marks.recovery),
        )
        if index in marked
    )
    colour = type_colour(day.type)
    classes = ["day", f"t-{css_name(day.type)}"]
    if index in marks.races:
        classes.append("race")
    if day.hard:
        classes.append("hard")
    numbers = None
    if day.type != "rest" or (day.minutes or day.load):
        numbers = f"{fmt_num(day.minutes)} min · load {fmt_num(day.load)}"
    return Cell(
        kind="session",
        date=date,
        css=" ".join(classes),
        background=tint(colour),
        colour=colour,
        title=day.description,
        race=marks.races.get(index, ""),
        session=day.session,
        numbers=numbers,
        hard=day.hard,
        tags=tags,
    )


def css_name(text: str) -> str:
    """`text` as a CSS class name: anything but letters, digits, '-' and '_' becomes '-'."""
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in text) or "x"


def weekly_loads_by_type(
    cal: BlockCalendar, days: Mapping[int, ReportDay]
) -> dict[str, list[float]]:
    """Each week's load of each session type the plan uses, in the legend's order."""
    return {
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
