"""Taper shape (docs/rules.md): in every taper window, training frequency stays close to
the 28 days before it, and the load falls week by week down to a floor, not in one cliff.

The window's taper weeks are 7-day chunks counted back from the race day (the race day
excluded), the earliest one partial when the window is not a multiple of 7 days, each
clipped to the block (BlockCalendar's TaperWindow.weeks). A chunk of L days is compared
as a rate, L/7 of a week, and every comparison is multiplied through to integers. The
reference is the taper rule's: the 28 days before the window, whose load counts days
before the block as chronic_load / 7, so ref7 = 7 x its load = 7 x B_in + chronic x n_pre.

- sessions (taper_min_sessions_drop = m): when the reference holds n >= 7 block days,
  s of them not rest, every chunk holds c non-rest days with
      7 x n x c >= L x (7 x s - m x n)          (c/L x 7 >= s/n x 7 - m)
- fall: the daily rate falls from the reference through every chunk, strictly, unless the
  rate before is already 0:  num_b x den_a + [num_a > 0] <= num_a x den_b, with the
  reference as num = ref7, den = 196 (7 x 28), and a chunk as num = load, den = L.
- floor (taper_floor_pct = f): the last chunk, the days right before the race,
      196 x 100 x load >= f x L x ref7           (load/L >= f% of the reference rate)
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from models.calendar import ACUTE_DAYS, REFERENCE_DAYS, TaperWindow
from solver.context import TAPER_FALL, TAPER_FLOOR, TAPER_SESSIONS, BuildContext, Where

REF_DEN = ACUTE_DAYS * REFERENCE_DAYS  # ref7 / 196 is the reference's daily load


def add(ctx: BuildContext) -> None:
    if not ctx.cons.taper_shape_on:
        return
    for w in ctx.cal.taper_windows:
        if w.weeks:
            add_window(ctx, w)


def add_window(ctx: BuildContext, w: TaperWindow) -> None:
    cons = ctx.cons
    chronic = ctx.scenario.athlete.chronic_load
    chunks = w.weeks
    ref_in = [d for d in w.reference if d >= 0]
    n_pre = len(w.reference) - len(ref_in)
    ref7 = 7 * load_of(ctx, ref_in) + chronic * n_pre
    loads = [load_of(ctx, chunk) for chunk in chunks]

    # sessions: frequency kept, judged against the block days of the reference
    if len(ref_in) >= ACUTE_DAYS:
        n, drop = len(ref_in), cons.taper_min_sessions_drop
        s_ref = ctx.count(ref_in, lambda s: s.type != "rest")
        for chunk in chunks:
            sessions = ctx.count(chunk, lambda s: s.type != "rest")
            ctx.add(
                TAPER_SESSIONS,
                7 * n * sessions >= len(chunk) * (7 * s_ref - drop * n),
                Where(race_day=w.race_day, day=chunk.start),
            )

    # fall: reference rate > first chunk's rate > ... > last chunk's rate
    rates: list[tuple[cp_model.LinearExpr, int]] = [(ref7, REF_DEN)]
    rates += [(load, len(chunk)) for load, chunk in zip(loads, chunks, strict=True)]
    for i, chunk in enumerate(chunks):
        (num_a, den_a), (num_b, den_b) = rates[i], rates[i + 1]
        positive: cp_model.IntVar | int
        if i == 0 and chronic * n_pre > 0:
            positive = 1  # the reference holds days before the block: never 0
        else:
            positive = ctx.model.new_bool_var(f"taper_rate_positive[{w.race_day},{i}]")
            ctx.model.add(num_a >= 1).only_enforce_if(positive)
            ctx.model.add(num_a <= 0).only_enforce_if(positive.negated())
        ctx.add(
            TAPER_FALL,
            num_b * den_a + positive <= num_a * den_b,
            Where(race_day=w.race_day, day=chunk.start),
        )

    # floor: the last chunk keeps at least taper_floor_pct % of the reference rate
    if cons.taper_floor_pct > 0:
        last = chunks[-1]
        ctx.add(
            TAPER_FLOOR,
            REF_DEN * 100 * loads[-1] >= cons.taper_floor_pct * len(last) * ref7,
            Where(race_day=w.race_day, day=last.start),
        )


def load_of(ctx: BuildContext, days: range | list[int]) -> cp_model.LinearExpr:
    return cp_model.LinearExpr.sum([ctx.day_load[d] for d in days])
