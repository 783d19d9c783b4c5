"""The results database of a batch folder: `DIR/results.db`, SQLite in WAL mode, the
source of truth of a batch's table.

Its tables (`results`, one row per job; `claims`; `meta`) and their migrations are in
models/results/schema.py; the schema version is `PRAGMA user_version`, and opening a
database of an older version migrates it. A folder from before the database
(results.jsonl only) gets a database from its next batch, its rows imported. The
database is created whole in a temporary file beside it and then linked into place, so
a crash never leaves half a database, and a file at `results.db` that is not one of
ours (not SQLite, or SQLite without this schema) is reported and never written to.

Every write is one `BEGIN IMMEDIATE` transaction, and a writer waits up to
BUSY_TIMEOUT seconds for another to finish; `synchronous=FULL`, so a committed row
survives a crash of the process and of the machine.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from models.errors import InputError
from models.files import file_mode
from models.results.claims import Claim, Claimant, is_live
from models.results.schema import (
    APPLICATION,
    SCHEMA_VERSION,
    from_columns,
    migrate,
    to_columns,
)
from models.results.table import RESULTS_CSV, RESULTS_JSONL, read_table, write_rows

DB_NAME = "results.db"
BUSY_TIMEOUT = 60.0
SQLITE_HEADER = b"SQLite format 3\x00"

CLAIMED, DONE, BUSY = "claimed", "done", "busy"


def database_error(exc: BaseException, path: Path) -> InputError:
    """A failed read or write of the database (or its exports) as an input error that
    names the file: a full disk, a read-only folder, a lock held too long."""
    text = str(exc) if not isinstance(exc, OSError) else (exc.strerror or str(exc))
    if "locked" in text:
        text += f" (another batch held it for over {BUSY_TIMEOUT:.0f} s)"
    return InputError(f"cannot write the batch results: {text}", file=str(path))


class ResultsDB:
    """An open results database."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        conn.row_factory = sqlite3.Row

    # ------------------------------------------------------------ opening

    @classmethod
    def open(cls, folder: Path) -> ResultsDB:
        """The database of a batch folder for writing: created (importing an older
        folder's results.jsonl) if missing, migrated if older."""
        path = folder / DB_NAME
        try:
            if not path.exists():
                legacy = folder / RESULTS_JSONL
                create(path, read_table(legacy).values() if legacy.exists() else ())
            check_header(path)
            conn = sqlite3.connect(
                path.resolve().as_uri() + "?mode=rw",
                uri=True,
                timeout=BUSY_TIMEOUT,
                isolation_level=None,
            )
        except (OSError, sqlite3.Error) as exc:
            raise database_error(exc, path if path.exists() else folder) from None
        db = cls(conn, path)
        try:
            db.check_schema()
            conn.execute("PRAGMA synchronous=FULL")
            migrate(conn)
        except BaseException:
            conn.close()
            raise
        return db

    @classmethod
    def open_read(cls, path: Path) -> ResultsDB:
        """An existing database, read only (`compare`, `results`)."""
        check_header(path)
        uri = path.resolve().as_uri()
        # Read-write where allowed, though it only reads: the last connection to close
        # then folds the write-ahead log back in and removes it, which a read-only one
        # cannot do.
        writable = os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)
        try:
            conn = sqlite3.connect(
                uri + ("?mode=rw" if writable else "?mode=ro"), uri=True, timeout=BUSY_TIMEOUT
            )
            conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
        except sqlite3.OperationalError:
            # A WAL database in a folder we cannot write: read it as it stands.
            conn = sqlite3.connect(uri + "?immutable=1", uri=True)
        except sqlite3.DatabaseError as exc:
            raise foreign(path, str(exc)) from None
        db = cls(conn, path)
        try:
            db.check_schema()
        except BaseException:
            conn.close()
            raise
        return db

    @classmethod
    def in_memory(cls, rows: Iterable[Mapping[str, Any]]) -> ResultsDB:
        """A throwaway database holding rows (an older folder's results.jsonl)."""
        conn = sqlite3.connect(":memory:", isolation_level=None)
        migrate(conn)
        db = cls(conn, Path(":memory:"))
        db.import_rows(rows)
        return db

    def check_schema(self) -> None:
        try:
            version = int(self.conn.execute("PRAGMA user_version").fetchone()[0])
            found = self.conn.execute("SELECT value FROM meta WHERE key = 'application'")
            application = found.fetchone()
        except sqlite3.OperationalError as exc:
            if "no such table" in str(exc):
                raise foreign(self.path, str(exc)) from None
            raise database_error(exc, self.path) from None  # e.g. a read-only folder
        except sqlite3.DatabaseError as exc:
            raise foreign(self.path, str(exc)) from None
        if application is None or application[0] != APPLICATION:
            raise foreign(self.path, "no speedblock results schema in it")
        if version > SCHEMA_VERSION:
            raise InputError(
                f"was written by a newer speedblock (results schema {version}; this one "
                f"knows up to {SCHEMA_VERSION})",
                file=str(self.path),
            )

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> ResultsDB:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------ transactions

    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken at once (BEGIN IMMEDIATE), so that a reader of
        the table inside it sees what it then writes over."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise database_error(exc, self.path) from None
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except BaseException as exc:
            if self.conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    self.conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error | OSError):
                raise database_error(exc, self.path) from None
            raise

    def generation(self) -> int:
        return int(_meta(self.conn, "generation"))

    # ------------------------------------------------------------ rows

    def rows(self) -> dict[str, dict[str, Any]]:
        """Every row by job, in job order."""
        return {r["job"]: r for r in self.select("SELECT * FROM results ORDER BY job")}

    def row(self, job: str) -> dict[str, Any] | None:
        found = self.select("SELECT * FROM results WHERE job = ?", (job,))
        return found[0] if found else None

    def select(self, sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
        try:
            found = self.conn.execute(sql, tuple(params)).fetchall()
        except sqlite3.DatabaseError as exc:
            raise foreign(self.path, str(exc)) from None
        return [from_columns(r) for r in found]

    def record(self, row: Mapping[str, Any], me: Claimant) -> None:
        """Commit one finished job's row and drop its claim, in one transaction."""
        with self.write() as conn:
            generation = _bump(conn)
            _insert(conn, row, generation, f"{me.hostname}:{me.pid}")
            conn.execute("DELETE FROM claims WHERE job = ? AND run = ?", (row["job"], me.run))

    def import_rows(self, rows: Iterable[Mapping[str, Any]]) -> None:
        with self.write() as conn:
            for row in rows:
                _insert(conn, row, 0, f"imported from {RESULTS_JSONL}", finished_at=None)

    # ------------------------------------------------------------ claims

    def claim(
        self,
        job: str,
        me: Claimant,
        done: Callable[[dict[str, Any], int], bool],
        lease: float,
    ) -> str:
        """Take the job for this run: DONE if its row already counts as done (`done` of
        the row and its generation), BUSY if a live process holds it, else CLAIMED."""
        with self.write() as conn:
            found = conn.execute("SELECT * FROM results WHERE job = ?", (job,)).fetchone()
            if found is not None and done(from_columns(found), int(found["generation"])):
                return DONE
            held = conn.execute("SELECT * FROM claims WHERE job = ?", (job,)).fetchone()
            if held is not None and is_live(Claim(**dict(held)), me):
                return BUSY
            now = time.time()
            conn.execute(
                "INSERT OR REPLACE INTO claims VALUES (?, ?, ?, ?, ?, ?, ?)",
                (job, me.pid, me.hostname, me.started, me.run, now, now + lease),
            )
            return CLAIMED

    def release(self, me: Claimant, jobs: Iterable[str] | None = None) -> None:
        """Drop this run's claims (all of them, or those of `jobs`)."""
        with self.write() as conn:
            if jobs is None:
                conn.execute("DELETE FROM claims WHERE run = ?", (me.run,))
            else:
                conn.executemany(
                    "DELETE FROM claims WHERE job = ? AND run = ?", [(j, me.run) for j in jobs]
                )

    def claims(self) -> list[Claim]:
        return [Claim(**dict(r)) for r in self.conn.execute("SELECT * FROM claims ORDER BY job")]

    # ------------------------------------------------------------ exports

    def export(self, folder: Path) -> None:
        """Regenerate results.jsonl and results.csv from the table, unless they already
        hold its latest generation. The write lock is held throughout, so a row
        committed meanwhile waits and then exports again: the last export holds every
        row."""
        with self.write() as conn:
            generation, exported = _meta(conn, "generation"), _meta(conn, "exported")
            exists = all((folder / n).is_file() for n in (RESULTS_JSONL, RESULTS_CSV))
            if generation == exported and exists:
                return
            for name in (RESULTS_JSONL, RESULTS_CSV):  # temp files left by a killed export
                for stale in folder.glob(f".{name}.*.tmp"):
                    with contextlib.suppress(OSError):
                        stale.unlink()
            rows = [from_columns(r) for r in conn.execute("SELECT * FROM results ORDER BY job")]
            try:
                write_rows(folder, rows)
            except OSError as exc:
                raise database_error(exc, folder / RESULTS_JSONL) from None
            conn.execute("UPDATE meta SET value = ? WHERE key = 'exported'", (generation,))


def read_results(path: Path) -> dict[str, dict[str, Any]]:
    """The rows by job of a batch folder (its database, else the results.jsonl of a
    folder made before the database), of a results.db file or of a results.jsonl file;
    read only: an older folder gets its database from its next batch."""
    with open_results(path) as db:
        return db.rows()


def open_results(path: Path) -> ResultsDB:
    """The rows of `path` (as `read_results`) in a database to query, read only."""
    if path.is_dir():
        if (path / DB_NAME).exists():
            return ResultsDB.open_read(path / DB_NAME)
        if (path / RESULTS_JSONL).exists():
            return ResultsDB.in_memory(read_table(path / RESULTS_JSONL).values())
        raise InputError(
            f"holds no {RESULTS_JSONL} or {DB_NAME}; run `speedblock batch` first",
            file=str(path),
        )
    if path.is_file() and path.name.endswith(".jsonl"):
        return ResultsDB.in_memory(read_table(path).values())
    if path.is_file() and path.name.endswith(".db"):
        return ResultsDB.open_read(path)
    if path.exists():
        raise InputError(
            f"is not a batch folder, a {DB_NAME} or a {RESULTS_JSONL} file", file=str(path)
        )
    raise InputError("file or folder not found", file=str(path))


# ---------------------------------------------------------------- creating and migrating


def check_header(path: Path) -> None:
    """A file at the database's name that is not SQLite is someone else's: never ours
    to overwrite."""
    try:
        with path.open("rb") as fh:
            head = fh.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        raise InputError("not found", file=str(path)) from None
    except OSError as exc:
        raise InputError(f"cannot be read: {exc.strerror}", file=str(path)) from None
    if head != SQLITE_HEADER:
        raise foreign(path, "not a SQLite database")


def foreign(path: Path, why: str) -> InputError:
    return InputError(
        f"is not a speedblock results database ({why}); it is left untouched: move it "
        "away, or choose another --out folder",
        file=str(path),
    )


def create(path: Path, rows: Iterable[Mapping[str, Any]]) -> None:
    """A new database at `path`, whole or not at all: built in a temporary file beside
    it, then linked into place. When another batch links its own first, that one wins."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        conn = sqlite3.connect(tmp, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            migrate(conn)
            ResultsDB(conn, path).import_rows(rows)
        finally:
            conn.close()
        os.chmod(tmp, file_mode(path))
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        except OSError as exc:  # a file system without hard links
            if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP):
                raise
            if not path.exists():
                os.replace(tmp, path)
    finally:
        for leftover in (tmp, tmp + "-wal", tmp + "-shm"):
            with contextlib.suppress(OSError):
                os.unlink(leftover)


# ---------------------------------------------------------------- rows and columns


def _meta(conn: sqlite3.Connection, key: str) -> int:
    found = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return int(found[0])


def _bump(conn: sqlite3.Connection) -> int:
    generation = _meta(conn, "generation") + 1
    conn.execute("UPDATE meta SET value = ? WHERE key = 'generation'", (generation,))
    return generation


def _insert(
    conn: sqlite3.Connection,
    row: Mapping[str, Any],
    generation: int,
    by: str,
    finished_at: str | None = "now",
) -> None:
    values = to_columns(row)
    values["generation"] = generation
    values["finished_by"] = by
    if finished_at == "now":
        finished_at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    values["finished_at"] = finished_at
    names = ", ".join(f'"{k}"' for k in values)
    marks = ", ".join("?" for _ in values)
    conn.execute(
        f"INSERT OR REPLACE INTO results ({names}) VALUES ({marks})", tuple(values.values())
    )
