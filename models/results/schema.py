"""The schema of the results database (models/results/db.py) and its migrations, and
how a results row (models/results/table.py) maps onto the columns of its table.

Version 1:
- `results`: one row per job. A column for each of models/results/table.py's COLUMNS (the
  inputs' hash is `fingerprint`), `races` and `penalties` as JSON, `error_kind`, `extra`
  (JSON: any other key of a row), and the bookkeeping `generation` (the database's write
  counter when the row was written), `finished_at` (UTC) and `finished_by` (host:pid).
  Numeric columns have no declared type, so a value comes back exactly as it went in.
- `claims`: the jobs being solved right now and by whom (models/results/claims.py).
- `meta`: `application` (marks the file as ours), `generation` (bumped by every row
  written) and `exported` (the generation results.jsonl and results.csv were last
  regenerated at).

Version 2: the columns of the block's shape (models/results/table.py's
STRUCTURE_COLUMNS). Rows written before it have them empty.

The version is `PRAGMA user_version`. A later version adds its statements to MIGRATIONS
under its number; `migrate` runs the missing steps in order, in one transaction.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from typing import Any

from models.errors import InputError
from models.results.table import COLUMNS, STRUCTURE_COLUMNS

APPLICATION = "speedblock.results"
SCHEMA_VERSION = 2

TEXT_COLUMNS = frozenset(
    (
        "job",
        "scenario",
        "scenario_file",
        "constraint_set",
        "constraints_file",
        "status",
        "a_race",
        "conflicts",
        "plan_file",
        "error",
        "fingerprint",
    )
)
BOOL_COLUMNS = frozenset(("stopped_by_wall_clock",))
JSON_KEYS = ("penalties", "races")  # structured values with a column of their own
OWN_KEYS = (*JSON_KEYS, "error_kind")


def _column(name: str) -> str:
    if name == "job":
        return '"job" TEXT PRIMARY KEY NOT NULL'
    if name == "status":
        return "\"status\" TEXT NOT NULL CHECK (status <> '')"
    return f'"{name}" TEXT' if name in TEXT_COLUMNS else f'"{name}"'


# Version 1's columns, as its table was made: later versions add theirs by migration.
COLUMNS_V1 = tuple(c for c in COLUMNS if c not in STRUCTURE_COLUMNS)

SCHEMA_V1 = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value NOT NULL)",
    "CREATE TABLE results ("
    + ", ".join(
        [
            *(_column(c) for c in COLUMNS_V1),
            '"error_kind" TEXT',
            '"races" TEXT',
            '"penalties" TEXT',
            '"extra" TEXT',
            '"generation" INTEGER NOT NULL',
            '"finished_at" TEXT',
            '"finished_by" TEXT',
        ]
    )
    + ")",
    "CREATE TABLE claims (job TEXT PRIMARY KEY NOT NULL, pid INTEGER NOT NULL, "
    "hostname TEXT NOT NULL, started TEXT, run TEXT NOT NULL, claimed_at REAL NOT NULL, "
    "expires_at REAL NOT NULL)",
    f"INSERT INTO meta VALUES ('application', '{APPLICATION}'), ('generation', 0), "
    "('exported', -1)",
)
# The statements that bring a database of version n - 1 to version n.
SCHEMA_V2 = tuple(f"ALTER TABLE results ADD COLUMN {_column(c)}" for c in STRUCTURE_COLUMNS)
MIGRATIONS: dict[int, tuple[str, ...]] = {1: SCHEMA_V1, 2: SCHEMA_V2}


def migrate(conn: sqlite3.Connection) -> None:
    """Bring the database to SCHEMA_VERSION, one transaction for all the steps."""
    if int(conn.execute("PRAGMA user_version").fetchone()[0]) >= SCHEMA_VERSION:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        for step in range(version + 1, SCHEMA_VERSION + 1):
            for statement in MIGRATIONS[step]:
                conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def to_columns(row: Mapping[str, Any]) -> dict[str, Any]:
    """A results row as the table's columns (structured values as JSON text)."""
    values: dict[str, Any] = {c: _scalar(row.get(c)) for c in COLUMNS}
    if not isinstance(values["job"], str) or not values["job"]:
        raise InputError("a results row without a job name")
    if not values["status"]:
        raise InputError(f"results row {values['job']!r} has no status")
    for key in JSON_KEYS:
        values[key] = json.dumps(row[key], ensure_ascii=False) if key in row else None
    values["error_kind"] = row.get("error_kind")
    extra = {k: v for k, v in row.items() if k not in COLUMNS and k not in OWN_KEYS}
    values["extra"] = json.dumps(extra, ensure_ascii=False) if extra else None
    return values


def from_columns(found: sqlite3.Row) -> dict[str, Any]:
    """The results row (models/results/table.py's shape) of a row of the table."""
    row: dict[str, Any] = {c: found[c] for c in COLUMNS}
    for name in BOOL_COLUMNS:
        if row[name] is not None:
            row[name] = bool(row[name])
    for key in JSON_KEYS:
        if found[key] is not None:
            row[key] = json.loads(found[key])
    if found["error_kind"] is not None:
        row["error_kind"] = found["error_kind"]
    if found["extra"] is not None:
        row.update(json.loads(found["extra"]))
    return row


def _scalar(value: Any) -> Any:
    if isinstance(value, dict | list | tuple):
        return json.dumps(value, ensure_ascii=False)
    return value
