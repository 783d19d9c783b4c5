"""Wave loading: among any plateau_max_weeks + 1 consecutive build weeks (models/shape.py),
one week j has 100 x L_j <= (100 - plateau_pct) x the highest load among them.

Each window gets its highest load (a max) and one boolean per week that, when true,
holds that week at most the share; at least one of them is true.
"""

from __future__ import annotations

from models.shape import build_windows
from solver.context import WAVE, BuildContext, Where


def add(ctx: BuildContext) -> None:
    cons = ctx.cons
    if not cons.wave_on:
        return
    share = 100 - cons.plateau_pct
    model = ctx.model
    for window in build_windows(ctx.cal, cons.plateau_max_weeks + 1):
        last = window[-1].index
        loads = [ctx.week_load[w.index - 1] for w in window]
        upper = max(ctx.week_load_upper[w.index - 1] for w in window)
        top = model.new_int_var(0, upper, f"wave_top[{last}]")
        model.add_max_equality(top, loads)
        lighter = []
        for w, load in zip(window, loads, strict=True):
            b = model.new_bool_var(f"wave_light[{last},{w.index}]")
            model.add(100 * load <= share * top).only_enforce_if(b)
            lighter.append(b)
        ctx.add(WAVE, sum(lighter) >= 1, Where(week=last))
