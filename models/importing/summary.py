"""What `speedblock import` prints: what was read, how each kind of title was classified,
and each rule of the envelope with how it was derived."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from models.importing.importer import ImportResult


def import_summary(result: ImportResult) -> str:
    book, scenario = result.book, result.scenario
    weeks = (book.n_days + 6) // 7
    races = ", ".join(f"{r.priority} {r.distance} on {r.date}" for r in scenario.races)
    lines = [
        f"imported {Path(book.file).name}: {weeks} weeks from {book.start}, "
        f"{len(book.workouts)} workouts, "
        f"{len(scenario.catalog.sessions)} catalog sessions; races: {races}",
        "classified:",
    ]
    groups = Counter((c.type, c.hard, c.source) for c in result.classified)
    for (kind, hard, source), count in sorted(groups.items(), key=lambda g: (-g[1], g[0])):
        lines.append(f"  {count:3d} x {kind}{' (hard)' if hard else ''}  by {source}")
    lines.append("envelope (the tightest value the book meets):")
    for key, value in result.envelope.constraints.items():
        note = result.envelope.notes.get(key, "")
        lines.append(f"  {key} = {_short(value)}  {note}")
    return "\n".join(lines) + "\n"


def _short(value: object) -> str:
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."
