"""The report's charts, drawn with matplotlib: the weekly load stacked by session type
and fitness, fatigue and form (CTL, ATL, TSB) over the block, each a PNG that the page
embeds as a data URI.

The figures are never registered with pyplot, and the PNGs carry no metadata, so the same
plan gives the same bytes.
"""

from __future__ import annotations

import base64
import io
import math
from collections.abc import Mapping, Sequence
from typing import Any

from matplotlib.figure import Figure

from models.calendar import BlockCalendar
from models.labels import day_month
from models.outputs.palette import PALETTE, type_colour
from models.quality.metrics import PlanMetrics

CHART_DPI = 120
CHART_SIZE = (9.0, 3.0)  # inches: 1080 x 360 pixels, about 7.5 inches wide on A4
CHART_PIXELS = (round(CHART_SIZE[0] * CHART_DPI), round(CHART_SIZE[1] * CHART_DPI))
CTL_COLOUR, ATL_COLOUR, TSB_COLOUR = "#1565c0", "#c62828", "#2e7d32"
MAX_X_LABELS = 16
NOTE_COLOUR = "#52606d"


def weekly_load_figure(
    cal: BlockCalendar, loads_by_type: Mapping[str, Sequence[float]], ceiling: float | None
) -> Figure:
    """Stacked bars: each week's load, split by session type (`loads_by_type` holds one
    load per week for each type, in the legend's order); a dashed line at the weekly
    load `ceiling` when there is one, and the priorities of each week's races above its
    bar."""
    fig = new_figure()
    ax = fig.add_subplot()
    x = list(range(1, len(cal.weeks) + 1))
    bottoms = [0.0] * len(x)
    for session_type, heights in loads_by_type.items():
        if not any(heights):
            continue
        ax.bar(
            x,
            heights,
            bottom=bottoms,
            color=type_colour(session_type),
            edgecolor="white",
            linewidth=0.5,
            label=mpl_text(session_type.replace("_", " ")),
        )
        bottoms = [b + h for b, h in zip(bottoms, heights, strict=True)]
    if ceiling is not None:
        ax.axhline(ceiling, color=NOTE_COLOUR, linestyle="--", linewidth=1)
        ax.annotate(
            f"ceiling {ceiling}",
            (0.995, ceiling),
            xycoords=("axes fraction", "data"),
            ha="right",
            va="bottom",
            fontsize=8,
            color=NOTE_COLOUR,
        )
    top = max(bottoms, default=0.0)
    for week in cal.weeks:
        races = [cal.race_days[d] for d in week.day_range if d in cal.race_days]
        if races:
            ax.text(
                week.index,
                bottoms[week.index - 1] + 0.01 * max(top, 1.0),
                "race " + "".join(r.priority for r in races),
                ha="center",
                va="bottom",
                fontsize=8,
                fontweight="bold",
                color=PALETTE["race"],
            )
    step = label_step(len(x))
    ax.set_xticks(x[::step], [f"W{i}" for i in x[::step]])
    ax.set_xlim(0.4, len(x) + 0.6)
    ax.set_ylim(0, max(top, ceiling or 0, 1.0) * 1.12)
    ax.set_ylabel("load", fontsize=9)
    style_axes(ax)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False)
    return fig


def fitness_figure(cal: BlockCalendar, metrics: PlanMetrics) -> Figure:
    """CTL, ATL and TSB by day, with a dashed vertical line on each race day."""
    fig = new_figure()
    ax = fig.add_subplot()
    x = list(range(cal.n_days))
    ax.axhline(0, color="#9aa5b1", linewidth=0.8)
    ax.plot(x, metrics.ctl, color=CTL_COLOUR, linewidth=2, label="CTL (fitness)")
    ax.plot(x, metrics.atl, color=ATL_COLOUR, linewidth=1.3, label="ATL (fatigue)")
    ax.plot(x, metrics.tsb, color=TSB_COLOUR, linewidth=1.3, label="TSB (form)")
    ax.fill_between(x, metrics.tsb, 0, color=TSB_COLOUR, alpha=0.12, linewidth=0)
    for day, race in sorted(cal.race_days.items()):
        ax.axvline(day, color=PALETTE["race"], linestyle="--", linewidth=1.2)
        ax.text(
            day,
            1.01,
            mpl_text(f"{shorten(race.label, 22)} ({race.priority})"),
            transform=ax.get_xaxis_transform(),
            ha="center",
            va="bottom",
            fontsize=8,
            color=PALETTE["race"],
            clip_on=False,
        )
    weeks = list(cal.weeks)[:: label_step(len(cal.weeks))]
    ax.set_xticks(
        [w.first for w in weeks], [f"W{w.index}\n{day_month(cal.date(w.first))}" for w in weeks]
    )
    ax.set_xlim(-0.5, max(cal.n_days - 0.5, 0.5))
    ax.set_ylabel("load per day", fontsize=9)
    style_axes(ax)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False)
    return fig


def new_figure() -> Figure:
    """A figure of the report's fixed size, not registered with pyplot."""
    return Figure(figsize=CHART_SIZE, dpi=CHART_DPI, layout="constrained")


def style_axes(ax: Any) -> None:
    ax.tick_params(labelsize=8)
    ax.grid(axis="y", color="#e4e7eb", linewidth=0.8)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def label_step(n: int) -> int:
    """Label every n-th tick so that at most MAX_X_LABELS labels show."""
    return max(1, math.ceil(n / MAX_X_LABELS))


def mpl_text(text: str) -> str:
    """Text that matplotlib draws as written (a `$` would start mathtext)."""
    return text.replace("$", r"\$")


def shorten(value: Any, width: int = 40) -> str:
    """`value` on one line, cut to `width` characters with '...' when longer."""
    text = " ".join(str(value).split())
    return text if len(text) <= width else text[: width - 3] + "..."


def figure_png(fig: Figure) -> bytes:
    """The figure as PNG bytes, with no metadata (so the same figure gives the same bytes)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=CHART_DPI, metadata={"Software": None})
    return buf.getvalue()


def png_data_uri(fig: Figure) -> str:
    """The figure as a `data:` URI, for an `<img src>` that loads nothing from elsewhere."""
    return "data:image/png;base64," + base64.b64encode(figure_png(fig)).decode("ascii")
