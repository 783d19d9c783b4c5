"""The terminal tables (rich): the constraint sets of a batch compared, the jobs of a
results folder, and the built-in session catalog. rich is imported only by the commands
that draw one."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

    from models.quality.compare import Comparison
    from models.scenario import Session


def _stdout_console(width: int) -> Console:
    """A console on stdout; piped or captured it takes `width` columns, not 80."""
    from rich.console import Console

    console = Console(file=sys.stdout, highlight=False)
    if not console.is_terminal:
        console.width = width
    return console


def print_comparison(result: Comparison) -> None:
    from rich.table import Table

    from models.quality.compare import CELL_HEADERS, SUMMARY_HEADERS, table_rows

    console = _stdout_console(160)
    for title, headers, items in (
        (
            f"constraint sets ranked, priced against '{result.reference}'",
            SUMMARY_HEADERS,
            result.sets,
        ),
        ("per scenario", CELL_HEADERS, result.cells),
    ):
        table = Table(title=title)
        for i, (_, name) in enumerate(headers):
            table.add_column(name, justify="left" if i < 2 else "right")
        for row in table_rows(items, headers):
            table.add_row(*row)
        console.print(table)


def print_results(rows: list[dict[str, Any]]) -> None:
    from rich.table import Table

    from models.results.query import TABLE_COLUMNS, table_rows

    console = _stdout_console(160)
    table = Table()
    for i, name in enumerate(TABLE_COLUMNS):
        table.add_column(name, justify="left" if i < 2 or name == "error" else "right")
    for row in table_rows(rows):
        table.add_row(*row)
    console.print(table)


def print_catalog(sessions: tuple[Session, ...]) -> None:
    from rich.table import Table

    from models.paces import render_description
    from models.scenario import SESSION_TYPES

    table = Table(title=f"built-in catalog: {len(sessions)} sessions", show_lines=False)
    for name, justify in (("type", "left"), ("level", "right"), ("id", "left"), ("min", "right")):
        table.add_column(name, justify=justify, no_wrap=True)  # type: ignore[arg-type]
    table.add_column("load", justify="right", no_wrap=True)
    table.add_column("hard", justify="center", no_wrap=True)
    table.add_column("description")
    for kind in SESSION_TYPES:
        group = sorted((s for s in sessions if s.type == kind), key=lambda s: (s.level, s.minutes))
        for i, s in enumerate(group):
            ladder = "-" if kind in ("rest", "race") else str(s.level)
            table.add_row(
                kind if i == 0 else "",
                ladder,
                s.id,
                str(s.minutes),
                str(s.load),
                "H" if s.hard else "",
                render_description(s.description, None),
                end_section=i == len(group) - 1,
            )
    _stdout_console(120).print(table)
