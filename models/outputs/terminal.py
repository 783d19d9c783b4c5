"""Plain-text views of a plan for a terminal: the calendar week by week, and a summary.

No colour codes and no line wider than `WIDTH`, so the output reads the same in a
terminal, a pager, a log file or an e-mail to the athlete.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from models.plan import Conflict, Plan, PlanDay, SolveStatus
from models.quality.metrics import PlanMetrics
from models.scenario import Scenario

WIDTH = 100
ID_WIDTH = 18
WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True)
class DayMarks:
    """What a day is besides its session: a race, a taper or recovery day, a blocked day."""

    races: dict[dt.date, str] = field(default_factory=dict)
    taper: frozenset[dt.date] = frozenset()
    recovery: frozenset[dt.date] = frozenset()
    blocked: frozenset[dt.date] = frozenset()
    deload_weeks: frozenset[int] = frozenset()

    def tag(self, date: dt.date) -> str:
        if date in self.races:
            return "RACE"
        if date in self.blocked:
            return "block"
        if date in self.taper:
            return "taper"
        if date in self.recovery:
            return "recov"
        return ""


def day_marks(plan: Plan, scenario: Scenario | None = None) -> DayMarks:
    """Race days from the plan; taper, recovery, blocked days and deload weeks from the
    scenario's calendar when it is given."""
    races = {r.date: f"{r.name} ({r.priority})" for r in plan.races}
    if scenario is None:
        return DayMarks(races=races)
    from models.calendar import build_calendar

    cal = build_calendar(scenario)
    for race in scenario.races:
        races.setdefault(race.date, f"{race.label} ({race.priority})")
    cons = scenario.constraints
    deload_every = cons.deload_every if cons.deload_on else 0
    return DayMarks(
        races=races,
        taper=frozenset(cal.date(d) for d in cal.taper_days),
        recovery=frozenset(cal.date(d) for d in cal.recovery_days),
        blocked=frozenset(cal.date(d) for d in cal.blocked_days),
        deload_weeks=frozenset(w.index for w in cal.weeks if cal.is_deload_week(w, deload_every)),
    )


def render_calendar(plan: Plan, scenario: Scenario | None = None) -> str:
    """The plan week by week: a header per week, then one line per day."""
    if not plan.days:
        return f"(no calendar: the outcome is {plan.status.value})\n"
    marks = day_marks(plan, scenario)
    id_width = min(ID_WIDTH, max(len(d.session) for d in plan.days))
    blocks = [
        _render_week(index, days, marks, id_width)
        for index, days in _group_weeks(plan.start, plan.days)
    ]
    return "\n".join(blocks)


def _group_weeks(start: dt.date, days: Sequence[PlanDay]) -> list[tuple[int, list[PlanDay]]]:
    """Days grouped into the block's weeks (counted from `start`, whatever its weekday)."""
    weeks: dict[int, list[PlanDay]] = {}
    for day in days:
        weeks.setdefault((day.date - start).days // 7 + 1, []).append(day)
    return sorted(weeks.items())


def _render_week(index: int, days: Sequence[PlanDay], marks: DayMarks, id_width: int) -> str:
    lines = [week_header(index, days, marks)]
    lines += ["  " + day_line(day, marks, id_width) for day in days]
    return "\n".join(lines) + "\n"


def week_header(index: int, days: Sequence[PlanDay], marks: DayMarks) -> str:
    load = sum(d.load for d in days)
    minutes = sum(d.minutes for d in days)
    hard = sum(d.hard for d in days)
    text = f"Week {index}  {days[0].date.isoformat()}  load {load}  minutes {minutes}  hard {hard}"
    notes = []
    if len(days) < 7:
        notes.append(f"{len(days)} days")
    if any(d.date in marks.races for d in days):
        notes.append("race week")
    if index in marks.deload_weeks:
        notes.append("deload")
    return text + (f"  ({', '.join(notes)})" if notes else "")


def day_line(day: PlanDay, marks: DayMarks, id_width: int = ID_WIDTH) -> str:
    """`Mon 01-18  vo2-5x3          48 min  load  55  H  taper  15 min warm-up; 5 x 3 min`
    with the rest of the description wrapped on indented lines below."""
    when = f"{WEEKDAY_NAMES[day.date.weekday()]} {day.date.strftime('%m-%d')}"
    tag = marks.tag(day.date)
    if day.type == "rest" and day.date not in marks.races:
        rest = f"{when}  {_fit(day.session, id_width)}"
        return f"{rest}  ({_TAG_WORDS[tag]})" if tag else rest
    hard = "H" if day.hard else " "
    head = (
        f"{when}  {_fit(day.session, id_width):<{id_width}}  {day.minutes:>3} min"
        f"  load {day.load:>3}  {hard}  {tag:<5}  "
    )
    text = day.description
    if day.date in marks.races:
        text = f"{marks.races[day.date]}: {text}" if text else marks.races[day.date]
    # The whole description, wrapped under itself: the work is often at its end.
    lines = textwrap.wrap(" ".join(text.split()), width=max(20, WIDTH - 2 - len(head))) or [""]
    indent = "\n" + " " * (2 + len(head))
    return (head + indent.join(lines)).rstrip()


_TAG_WORDS = {"RACE": "race", "block": "blocked", "taper": "taper", "recov": "recovery"}


def _fit(text: str, width: int) -> str:
    """One line of at most `width` characters (cut with `...` when longer)."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    if width <= 3:
        return text[: max(width, 0)]
    return text[: width - 3].rstrip() + "..."


def render_summary(plan: Plan) -> str:
    """Status, objective, bound, gap, time, race performances, penalties and conflicts."""
    lines = [f"status      {plan.status.value}"]
    if plan.objective is not None or plan.bound is not None:
        lines.append(
            f"objective   {_num(plan.objective)}   bound {_num(plan.bound)}   gap {_pct(plan.gap)}"
        )
    lines.append(f"solve time  {plan.solve_seconds:.2f} s")
    lines += _race_lines(plan)
    lines += _penalty_lines(plan)
    lines += _conflict_lines(plan)
    if plan.message and not plan.conflicts:
        lines += _wrapped(f"note: {plan.message}", "", "      ")
    return "\n".join(lines) + "\n"


def _race_lines(plan: Plan) -> list[str]:
    if not plan.races:
        return []
    lines = ["races"]
    for r in plan.races:
        head = f"  {r.date.isoformat()}  {r.priority}  {r.distance:<8}  perf {r.perf:>9.2f}  "
        lines.append((head + _fit(r.name, WIDTH - len(head))).rstrip())
    return lines


def _penalty_lines(plan: Plan) -> list[str]:
    if not plan.penalties:
        return []
    lines = ["penalties"]
    for p in plan.penalties:
        lines.append(
            f"  {_fit(p.name, 24):<24}  weight {p.weight:>8.2f}  value {p.value:>9.2f}"
            f"  cost {p.cost:>9.2f}"
        )
    return lines


def _conflict_lines(plan: Plan) -> list[str]:
    if not plan.conflicts:
        return ["conflicts   none found"] if plan.status == SolveStatus.INFEASIBLE else []
    return conflict_lines(plan.conflicts)


def conflict_lines(conflicts: Sequence[Conflict]) -> list[str]:
    """The conflicting rules, each with what would relax it where that was found."""
    lines = ["conflicts (these rules cannot all hold; dropping any one of them lifts it)"]
    for c in conflicts:
        lines += _wrapped(f"- {c.constraint}: {c.detail}", "  ", "    ")
        if c.hint:
            lines += _wrapped(f"relax: {c.hint}", "    ", "      ")
    return lines


def _wrapped(text: str, first: str, rest: str) -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=first, subsequent_indent=rest)


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.2f}%"


class ExplanationLike(Protocol):
    @property
    def status(self) -> SolveStatus: ...
    @property
    def objective(self) -> float | None: ...
    @property
    def gap(self) -> float | None: ...
    @property
    def conflicts(self) -> Sequence[Conflict]: ...
    @property
    def binding(self) -> Sequence[Any]: ...


def render_explanation(report: ExplanationLike) -> str:
    """The explain report: conflicts and relaxations, or the rules' costs."""
    if report.status is SolveStatus.INFEASIBLE:
        if not report.conflicts:
            return "infeasible, but no conflict was isolated within the time limit\n"
        return "\n".join(["no plan satisfies the rules.", *conflict_lines(report.conflicts)]) + "\n"
    if report.objective is None:
        return f"{report.status.value}: no plan found within the time limit\n"
    lines = [
        f"feasible: objective {report.objective:.2f} (gap {_pct(report.gap)})",
        "what each rule in force costs (objective gained by re-solving without it):",
    ]
    for b in report.binding:
        cost = "-" if b.cost is None else f"{b.cost:+.2f}"
        lines.append(
            f"  {b.constraint:<22} {cost:>10}   without it: {_num(b.objective_without)}"
            f" ({b.status}, gap {_pct(b.gap)})"
        )
    lines.append("costs from unproven solves are within their gaps; a cost near 0 is not binding")
    return "\n".join(lines) + "\n"


def render_metrics(metrics: PlanMetrics) -> str:
    """The plan-quality metrics as a short text block (models/quality/metrics.py)."""
    lines = ["plan quality:"]
    for race in metrics.races:
        lines.append(
            f"  {race.date}  {race.priority} {race.name}: perf {race.perf:.1f}, "
            f"CTL {race.ctl:.1f}, ATL {race.atl:.1f}, TSB {race.tsb:+.1f}"
        )
    easy = "-" if metrics.easy_share is None else f"{100 * metrics.easy_share:.0f}%"
    lines += [
        f"  weighted race perf {metrics.weighted_perf:.1f}; total load {metrics.total_load:.0f}, "
        f"{metrics.total_minutes:.0f} min, {metrics.hard_days} hard days, {easy} easy minutes",
        f"  highest: acute:chronic {_metric(metrics.max_acwr)}, monotony "
        f"{_metric(metrics.max_monotony)}, strain {_metric(metrics.max_strain, 0)}, "
        f"week-over-week ramp {_metric(metrics.max_ramp_pct, 0, '%')}",
        "  shape: "
        + "; ".join(f"{label.lower()} {value}" for label, value in metrics.structure.rows()),
    ]
    return "\n".join(lines) + "\n"


def _metric(value: float | None, digits: int = 2, unit: str = "") -> str:
    if value is None:
        return "-"
    if value == float("inf"):
        return "inf"
    return f"{value:.{digits}f}{unit}"
