"""Wave loading: among any plateau_max_weeks + 1 consecutive full weeks (models/shape.py),
one week j has 100 x L_j <= (100 - plateau_pct) x top, top being weekly_load_max when
that rule is in force, else the highest load of the block's full weeks.

With a ceiling the bound of each week is a constant; without one, top is a max over
the full weeks' loads. Each week of a window gets one boolean that, when true, holds it
at most the share; at least one of them is true. A week in several windows shares its
boolean.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from models.shape import full_windows
from solver.context import WAVE, BuildContext, Where


def add(ctx: BuildContext) -> None:
    cons = ctx.cons
    if not cons.wave_on:
        return
    windows = full_windows(ctx.cal, cons.plateau_max_weeks + 1)
    if not windows:
        return
    share = 100 - cons.plateau_pct
    model = ctx.model
    top: cp_model.IntVar | int
    if cons.weekly_load_max is not None and cons.weekly_load_max_on:
        top = cons.weekly_load_max
    else:
        full = [w for w in ctx.cal.weeks if w.full]
        upper = max(ctx.week_load_upper[w.index - 1] for w in full)
        top = model.new_int_var(0, upper, "wave_top")
        model.add_max_equality(top, [ctx.week_load[w.index - 1] for w in full])
    lighter: dict[int, cp_model.IntVar] = {}
    for window in windows:
        for w in window:
            if w.index not in lighter:
                b = model.new_bool_var(f"wave_light[{w.index}]")
                model.add(100 * ctx.week_load[w.index - 1] <= share * top).only_enforce_if(b)
                lighter[w.index] = b
        ctx.add(WAVE, sum(lighter[w.index] for w in window) >= 1, Where(week=window[-1].index))
