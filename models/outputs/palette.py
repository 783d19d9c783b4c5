"""The colours of session types, one palette for the report's calendar grid and for
every chart (the report's and the plan comparison's picture)."""

from __future__ import annotations

# One colour per session type, shared by the calendar grid and the charts.
PALETTE: dict[str, str] = {
    "rest": "#cbd2d9",
    "recovery": "#a8dadc",
    "easy": "#81c784",
    "long": "#2e7d32",
    "strides": "#ffd54f",
    "hills": "#a1887f",
    "tempo": "#ffb74d",
    "threshold": "#f57c00",
    "vo2max": "#e53935",
    "speed_endurance": "#8e24aa",
    "race_pace": "#ec407a",
    "time_trial": "#5c6bc0",
    "cross": "#64b5f6",
    "race": "#1a237e",
}
OTHER_COLOUR = "#9e9e9e"  # a type outside the spec's list (a hand-written plan)
CELL_TINT = 0.35  # share of the type's colour in a grid cell's background


def type_colour(session_type: str) -> str:
    return PALETTE.get(session_type, OTHER_COLOUR)


def tint(colour: str, share: float = CELL_TINT) -> str:
    """`colour` (#rrggbb) mixed with white, `share` of it kept."""
    channels = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(255 - (255 - c) * share):02x}" for c in channels)
