"""The plan week by week as a table, in Markdown (to paste) and CSV (for a spreadsheet).

One row per block week; a column per day of the week, headed by its weekday
(block weeks start on the scenario's start day, so a column is always the same
weekday), holding the day's workout name, `Rest`, or `RACE: <name>`; then the
week's minutes, load and hard days. Days past the end of the block are empty.
The Markdown version adds a title and, with a recent race, the training paces.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from models.outputs.export.days import ExportDay, ExportPlan
from models.outputs.export.text import pace_range
from models.paces import PACE_ZONES
from models.workout import make_target

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def header(plan: ExportPlan) -> list[str]:
    first = plan.start.weekday()
    days = [WEEKDAYS[(first + i) % 7] for i in range(7)]
    return ["Week", "Starts", *days, "Minutes", "Load", "Hard days"]


def rows(plan: ExportPlan) -> list[list[str]]:
    weeks: dict[int, list[ExportDay]] = {}
    for day in plan.days:
        weeks.setdefault(day.week, []).append(day)
    out = []
    for index, days in sorted(weeks.items()):
        starts = plan.start + dt.timedelta(days=7 * (index - 1))
        cells = [""] * 7
        for day in days:
            cells[(day.date - starts).days] = day.title
        out.append(
            [
                str(index),
                starts.isoformat(),
                *cells,
                str(sum(d.session.minutes for d in days)),
                str(sum(d.session.load for d in days)),
                str(sum(d.session.hard for d in days)),
            ]
        )
    return out


def csv_bytes(plan: ExportPlan) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header(plan))
    writer.writerows(rows(plan))
    return buffer.getvalue().encode("utf-8")


def markdown_bytes(plan: ExportPlan) -> bytes:
    scenario = plan.scenario
    head = header(plan)
    numeric = {"Week", "Minutes", "Load", "Hard days"}
    lines = [
        f"# {scenario.name}: {plan.start.isoformat()} to {scenario.last_day.isoformat()}",
        "",
        _md_row(head),
        _md_row(["---:" if h in numeric else "---" for h in head]),
        *(_md_row(r) for r in rows(plan)),
    ]
    if plan.paces is not None and scenario.athlete.recent_race is not None:
        race = scenario.athlete.recent_race
        zones = ", ".join(f"{z} {pace_range(make_target(z, plan.paces))}" for z in PACE_ZONES)
        lines += ["", f"Training paces (from {race.distance} in {race.time}): {zones}."]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _md_row(cells: list[str]) -> str:
    return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"
