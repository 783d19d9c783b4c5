"""The results table of a batch: one row per (scenario, constraint set) job.

A batch folder holds `plans/<job>.json`, the table's source of truth `results.db`
(models/results/db.py), and two exports of it: `results.jsonl` (one JSON object per
line, with every race and penalty) and `results.csv` (the flat columns below, for a
spreadsheet). Both are regenerated whole from the database after each finished job (a
temp file, then a rename), rows sorted by job, so an interrupted batch leaves complete
files and the same batch gives the same table however it was run. Folders made before
the database hold `results.jsonl` alone, which `read_table` reads.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from models.errors import InputError
from models.files import write_atomic
from models.quality.metrics import PlanMetrics, json_number

RESULTS_JSONL = "results.jsonl"
RESULTS_CSV = "results.csv"
PLANS_DIR = "plans"

# A job that never produced a plan document: its scenario was invalid or the solve crashed.
FAILED = "FAILED"
STATUSES_WITH_PLAN = ("OPTIMAL", "FEASIBLE")

# The block's shape (models/quality/structure.py), added in the database's version 2.
STRUCTURE_COLUMNS = (
    "plateau_weeks",
    "same_long_run_weeks",
    "peak_long_run_days_out",
    "last_long_run_days_out",
    "quality_last_days",
    "last_weeks_load_ratio",
)
COLUMNS = (
    "job",
    "scenario",
    "scenario_file",
    "constraint_set",
    "constraints_file",
    "seed",
    "workers",
    "time_limit",
    "status",
    "objective",
    "bound",
    "gap",
    "solve_seconds",
    "wall_seconds",
    "stopped_by_wall_clock",
    "weighted_perf",
    "a_race",
    "a_race_perf",
    "a_race_ctl",
    "a_race_atl",
    "a_race_tsb",
    "total_load",
    "total_minutes",
    "hard_days",
    "easy_share",
    "max_acwr",
    "max_monotony",
    "max_strain",
    "max_ramp_pct",
    *STRUCTURE_COLUMNS,
    "conflicts",
    "plan_file",
    "error",
    "fingerprint",
)


def plan_row(
    base: Mapping[str, Any],
    plan: Mapping[str, Any],
    metrics: PlanMetrics | None,
    wall_seconds: float,
) -> dict[str, Any]:
    """The row of a job that produced a plan document (of any status)."""
    solver = plan.get("solver") or {}
    row: dict[str, Any] = {
        **base,
        "status": plan.get("status"),
        "objective": plan.get("objective"),
        "bound": plan.get("bound"),
        "gap": plan.get("gap"),
        "solve_seconds": plan.get("solve_seconds"),
        "wall_seconds": round(wall_seconds, 3),
        "stopped_by_wall_clock": solver.get("stopped_by_wall_clock"),
        "conflicts": ";".join(dict.fromkeys(c["constraint"] for c in plan.get("conflicts", []))),
        "error": None,
        "penalties": plan.get("penalties", []),
    }
    if metrics is not None and plan.get("status") in STATUSES_WITH_PLAN:
        row.update(metrics.summary())
        row.update(goal_race_columns(metrics))
        row["races"] = metrics.to_json_dict()["races"]
    return complete(row)


def failed_row(
    base: Mapping[str, Any], error: str, kind: str, wall_seconds: float = 0.0
) -> dict[str, Any]:
    """The row of a job whose scenario was invalid (`kind` "input") or whose solve
    crashed ("internal")."""
    return complete(
        {
            **base,
            "status": FAILED,
            "error": error,
            "error_kind": kind,
            "wall_seconds": round(wall_seconds, 3),
        }
    )


def goal_race_columns(metrics: PlanMetrics) -> dict[str, Any]:
    """The goal race: the last A race, else the last race of the block."""
    races = list(metrics.races)
    goals = [r for r in races if r.priority == "A"] or races
    if not goals:
        return {}
    goal = goals[-1]
    return {
        "a_race": goal.date,
        "a_race_perf": json_number(goal.perf),
        "a_race_ctl": json_number(goal.ctl),
        "a_race_atl": json_number(goal.atl),
        "a_race_tsb": json_number(goal.tsb),
    }


def complete(row: dict[str, Any]) -> dict[str, Any]:
    """Every column present (None where a job has no value), extra keys kept after them."""
    return {
        **{c: row.get(c) for c in COLUMNS},
        **{k: v for k, v in row.items() if k not in COLUMNS},
    }


def read_rows(folder: Path) -> dict[str, dict[str, Any]]:
    """The rows of a batch folder by job (none yet: empty)."""
    path = folder / RESULTS_JSONL
    return read_table(path) if path.exists() else {}


def read_table(path: Path) -> dict[str, dict[str, Any]]:
    """The rows of a results.jsonl file by job; an unreadable table is an input error."""
    rows: dict[str, dict[str, Any]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(
                f"line {number} is not valid JSON: {exc.msg}", file=str(path), field=None
            ) from None
        if not isinstance(row, dict) or not isinstance(row.get("job"), str):
            raise InputError(f"line {number} is not a results row", file=str(path))
        rows[row["job"]] = row
    return rows


def write_rows(folder: Path, rows: Iterable[Mapping[str, Any]]) -> None:
    """Rewrite both exports of the folder, rows sorted by job."""
    ordered = sorted(rows, key=lambda r: str(r["job"]))
    jsonl = "".join(json.dumps(r, ensure_ascii=False, sort_keys=False) + "\n" for r in ordered)
    write_atomic(folder / RESULTS_JSONL, jsonl)
    write_atomic(folder / RESULTS_CSV, to_csv(ordered))


def to_csv(rows: Iterable[Mapping[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([csv_cell(row.get(c)) for c in COLUMNS])
    return buffer.getvalue()


def absent_or_infinite(value: Any) -> str | None:
    """How the terminal and Markdown tables show a missing value ("-") or an infinite one
    ("inf"); None for any other value, which each table formats its own way."""
    if value is None:
        return "-"
    if isinstance(value, float) and math.isinf(value):
        return "inf"
    return None


def csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return "inf" if math.isinf(value) else repr(value)
    return str(value)
