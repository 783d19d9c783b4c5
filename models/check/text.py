"""Message text shared by the rules: numbers, values, references and windows as a
coach reads them."""

from __future__ import annotations

import json
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from models.calendar import TaperWindow
from models.check.base import CheckContext

WEEKDAY_NAMES = {
    "mon": "Monday",
    "tue": "Tuesday",
    "wed": "Wednesday",
    "thu": "Thursday",
    "fri": "Friday",
    "sat": "Saturday",
    "sun": "Sunday",
}


def kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, Mapping):
        return "an object"
    return f"a {type(value).__name__}"


def show(value: Any) -> str:
    try:
        text = json.dumps(value, default=str, ensure_ascii=False)
    except (TypeError, ValueError, RecursionError):
        text = f"<{type(value).__name__}>"
    return text if len(text) <= 40 else text[:37] + "..."


def num(x: Fraction | int | float) -> str:
    """An integer as is, anything else with at most two decimals."""
    if isinstance(x, Fraction) and x.denominator == 1:
        return str(x.numerator)
    if isinstance(x, int):
        return str(x)
    text = f"{float(x):.2f}".rstrip("0").rstrip(".")
    return text if text != "-0" else "0"


def ref_text(k: int, n_ref: int, chronic: int) -> str:
    lo = k - n_ref
    parts = []
    if lo < 1:
        parts.append(f"the chronic load {chronic} for weeks before the block")
    first = max(1, lo)
    if first <= k - 1:
        parts.append(f"week {first}" if first == k - 1 else f"weeks {first}-{k - 1}")
    return "the highest of " + " and ".join(parts)


def window_text(ctx: CheckContext, w: TaperWindow) -> str:
    span = w.in_block
    return (
        f"the {w.days}-day taper before the {w.race.priority} race {w.race.label} on "
        f"{w.race.date} ({ctx.cal.date(span.start)} to {ctx.cal.date(span.stop - 1)}, "
        f"{len(span)} days in the block)"
    )


def span_text(ctx: CheckContext, days: range) -> str:
    return f"{ctx.cal.date(days.start)} to {ctx.cal.date(days.stop - 1)} ({len(days)} days)"
