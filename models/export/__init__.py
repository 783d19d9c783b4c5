"""Exports of a plan for calendars, watches, intervals.icu and spreadsheets.

Every format is made from the same workouts (models/workout.py):

- `ics`: an iCalendar file, one all-day event per training day (export/ics.py);
- `fit`: a folder of Garmin FIT workout files, one per training day (export/fit.py);
- `intervals`: a folder of intervals.icu workout texts, one per training day, and
  `intervals.csv` with them all (export/intervals.py);
- `md`, `csv`: the plan week by week as a table (export/table.py).

`out` is a file for ics, md and csv and a folder for fit and intervals (created
if missing; an existing one keeps its other files). Files are written whole or
not at all.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from models.errors import InputError
from models.export.days import ExportPlan, read_plan
from models.export.fit import fit_files
from models.export.ics import ics_bytes
from models.export.intervals import intervals_files
from models.export.output import write_file, write_folder
from models.export.table import csv_bytes, markdown_bytes
from models.scenario import Scenario

EXPORT_FORMATS: tuple[str, ...] = ("ics", "fit", "intervals", "md", "csv")

_FILE_FORMATS: dict[str, Callable[[ExportPlan], bytes]] = {
    "ics": ics_bytes,
    "md": markdown_bytes,
    "csv": csv_bytes,
}
_FOLDER_FORMATS: dict[str, Callable[[ExportPlan], dict[str, bytes]]] = {
    "fit": fit_files,
    "intervals": intervals_files,
}


def export_plan(plan: Mapping[str, Any], scenario: Scenario, fmt: str, out: Path) -> list[Path]:
    """Write `plan` (a plan JSON document) in format `fmt` to `out`; the paths written.

    Raises InputError for an unknown format, a plan without days (INFEASIBLE, time
    limit), a day outside the block or a session id the scenario's catalog lacks,
    or an `out` that cannot be written.
    """
    if fmt not in EXPORT_FORMATS:
        raise InputError(
            f"unknown export format {fmt!r}; known: {', '.join(EXPORT_FORMATS)}", field="format"
        )
    export = read_plan(plan, scenario)
    if fmt in _FILE_FORMATS:
        return write_file(out, _FILE_FORMATS[fmt](export))
    return write_folder(out, _FOLDER_FORMATS[fmt](export))
