"""Wave loading: no long plateau of build weeks without a lighter one."""

from __future__ import annotations

from collections.abc import Iterator

from models.check.base import CheckContext, Violation, rule_checker
from models.rules.registry import WAVE
from models.shape import build_windows


@rule_checker(WAVE)
def check_wave_loading(ctx: CheckContext) -> Iterator[Violation]:
    """Among any plateau_max_weeks + 1 consecutive build weeks (full, no race day, no taper
    day), one week j has 100 x L_j <= (100 - plateau_pct) x the highest load among them.
    A window holding an unknown day is not judged."""
    cons = ctx.scenario.constraints
    n, pct = cons.plateau_max_weeks, cons.plateau_pct
    for window in build_windows(ctx.cal, n + 1):
        loads = [ctx.week_load(w) for w in window]
        if any(load is None for load in loads):
            continue
        known = [load for load in loads if load is not None]
        top = max(known)
        if any(100 * load <= (100 - pct) * top for load in known):
            continue
        first, last = window[0].index, window[-1].index
        yield ctx.at_week(
            WAVE.key,
            window[-1],
            f"weeks {first}-{last} ({n + 1} build weeks, loads "
            f"{', '.join(str(v) for v in known)}) hold no week at most {100 - pct}% of "
            f"their highest load {top}: at most {n} weeks in a row without a lighter one",
        )
