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
from models.extras import require
from models.outputs.export.days import ExportPlan, read_plan
from models.outputs.export.intervals import intervals_files
from models.outputs.export.output import write_file, write_folder
from models.outputs.export.table import csv_bytes, markdown_bytes
from models.scenario import Scenario

EXPORT_FORMATS: tuple[str, ...] = ("ics", "fit", "intervals", "md", "csv")
# The formats made with an optional library (the `export` extra), imported when used.
NEEDS: dict[str, str] = {"ics": "icalendar", "fit": "fit_tool"}


def require_format(fmt: str) -> None:
    """An InputError naming the extra to install when the format's library is missing."""
    if fmt in NEEDS:
        require(NEEDS[fmt], f"--format {fmt}", field="--format")


def _file_format(fmt: str) -> Callable[[ExportPlan], bytes] | None:
    if fmt == "ics":
        from models.outputs.export.ics import ics_bytes

        return ics_bytes
    return {"md": markdown_bytes, "csv": csv_bytes}.get(fmt)


def _folder_format(fmt: str) -> Callable[[ExportPlan], dict[str, bytes]]:
    if fmt == "fit":
        from models.outputs.export.fit import fit_files

        return fit_files
    return intervals_files


def export_plan(plan: Mapping[str, Any], scenario: Scenario, fmt: str, out: Path) -> list[Path]:
    """Write `plan` (a plan JSON document) in format `fmt` to `out`; the paths written.

    Raises InputError for an unknown format or one whose library is not installed
    (`pip install 'speedblock[export]'`), a plan without days (INFEASIBLE, time
    limit), a day outside the block or a session id the scenario's catalog lacks,
    or an `out` that cannot be written.
    """
    if fmt not in EXPORT_FORMATS:
        raise InputError(
            f"unknown export format {fmt!r}; known: {', '.join(EXPORT_FORMATS)}", field="format"
        )
    require_format(fmt)
    export = read_plan(plan, scenario)
    to_file = _file_format(fmt)
    if to_file is not None:
        return write_file(out, to_file(export))
    return write_folder(out, _folder_format(fmt)(export))
