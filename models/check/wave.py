"""Wave loading: no long plateau of full weeks near the ceiling."""

from __future__ import annotations

from collections.abc import Iterator

from models.check.base import CheckContext, Violation, rule_checker
from models.rules.registry import WAVE
from models.shape import full_windows


@rule_checker(WAVE)
def check_wave_loading(ctx: CheckContext) -> Iterator[Violation]:
    """Among any plateau_max_weeks + 1 consecutive full weeks, one week j has
    100 x L_j <= (100 - plateau_pct) x top, where top is weekly_load_max when that rule
    is in force, else the highest load of the block's full weeks. A window holding an
    unknown day is not judged (nor, without a ceiling, is a block holding one)."""
    cons = ctx.scenario.constraints
    n, pct = cons.plateau_max_weeks, cons.plateau_pct
    full = [w for w in ctx.cal.weeks if w.full]
    if cons.weekly_load_max is not None and cons.weekly_load_max_on:
        top, what = cons.weekly_load_max, "the weekly ceiling"
    else:
        loads = [load for w in full if (load := ctx.week_load(w)) is not None]
        if len(loads) < len(full):
            return
        top, what = max(loads, default=0), "the block's highest full week"
    for window in full_windows(ctx.cal, n + 1):
        window_loads = [ctx.week_load(w) for w in window]
        known = [load for load in window_loads if load is not None]
        if len(known) < len(window_loads):
            continue
        if any(100 * load <= (100 - pct) * top for load in known):
            continue
        first, last = window[0].index, window[-1].index
        yield ctx.at_week(
            WAVE.key,
            window[-1],
            f"weeks {first}-{last} ({n + 1} full weeks, loads "
            f"{', '.join(str(v) for v in known)}) are all above {100 - pct}% of {what} "
            f"({top}): at most {n} weeks in a row near it without a lighter one",
        )
