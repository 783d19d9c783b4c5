"""`speedblock results`: the jobs of a batch folder, filtered and sorted in SQL.

Every filter value reaches SQL as a bound parameter; the sort column is one of a fixed
list of column names (SORT_COLUMNS), never text from the command line.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from models.errors import InputError
from models.results.db import ResultsDB
from models.results.table import COLUMNS, absent_or_infinite

SORT_COLUMNS = (*COLUMNS, "finished_at")
DEFAULT_SORT = "job"
# The columns of the terminal table (csv and json have every column).
TABLE_COLUMNS = (
    "job",
    "status",
    "objective",
    "gap",
    "a_race_perf",
    "a_race_tsb",
    "max_acwr",
    "max_monotony",
    "wall_seconds",
    "error",
)


def sort_clause(sort: str) -> str:
    """`column` ascending or `-column` descending, ties by job; a column only from
    SORT_COLUMNS."""
    name = sort[1:] if sort.startswith("-") else sort
    if name not in SORT_COLUMNS:
        raise InputError(
            f"cannot sort by {name!r}; the columns are: {', '.join(SORT_COLUMNS)} "
            "(a leading - sorts descending)",
            field="--sort",
        )
    order = "DESC" if sort.startswith("-") else "ASC"
    # NULLs (no value) last either way.
    return f'ORDER BY "{name}" IS NULL, "{name}" {order}, "job" ASC'


def query(
    db: ResultsDB,
    statuses: Sequence[str] = (),
    sets: Sequence[str] = (),
    scenarios: Sequence[str] = (),
    sort: str = DEFAULT_SORT,
) -> list[dict[str, Any]]:
    """The rows whose status is one of `statuses`, whose constraint set is one of `sets`
    and whose scenario (its name, its file, or the scenario part of the job name) is one
    of `scenarios`; an empty list does not filter."""
    where: list[str] = []
    params: list[Any] = []
    if statuses:
        where.append(f"status IN ({marks(statuses)})")
        params += [s.upper() for s in statuses]
    if sets:
        where.append(f"constraint_set IN ({marks(sets)})")
        params += list(sets)
    if scenarios:
        label = "substr(job, 1, length(job) - length(constraint_set) - 2)"
        where.append(
            f"(scenario IN ({marks(scenarios)}) OR scenario_file IN ({marks(scenarios)}) "
            f"OR {label} IN ({marks(scenarios)}))"
        )
        params += list(scenarios) * 3
    sql = "SELECT * FROM results"
    if where:
        sql += " WHERE " + " AND ".join(where)
    return db.select(f"{sql} {sort_clause(sort)}", params)


def marks(values: Sequence[Any]) -> str:
    return ", ".join("?" for _ in values)


def to_json(rows: Sequence[dict[str, Any]]) -> str:
    return json.dumps({"count": len(rows), "rows": list(rows)}, indent=2, ensure_ascii=False)


def cell(key: str, value: Any) -> str:
    """A value for the terminal table."""
    if (shown := absent_or_infinite(value)) is not None:
        return shown
    if isinstance(value, float):
        if key == "gap":
            return f"{100 * value:.2f}%"
        return f"{value:.2f}" if abs(value) < 1000 else f"{value:.1f}"
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def table_rows(rows: Sequence[dict[str, Any]]) -> list[list[str]]:
    return [[cell(key, row.get(key)) for key in TABLE_COLUMNS] for row in rows]
