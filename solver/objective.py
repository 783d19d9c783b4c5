"""The objective: weighted Banister performance on race day minus the soft penalties.

CP-SAT needs integer coefficients, so every coefficient is multiplied by
OBJECTIVE_SCALE = 10 000 and rounded: the coefficient of "day d holds session s"
is round(10 000 x load(s) x c(d)), where c(d) is the day's weighted Banister
coefficient (models/performance.py), and a penalty of weight w costs
round(10 000 x w) per unit. The reported objective and bound are the solver's
integers divided by 10 000; each day contributes at most 0.00005 of rounding.
"""

from __future__ import annotations

from collections.abc import Callable

from ortools.sat.python import cp_model

from models.history.replan import planned_sessions
from models.penalties import (
    LACTATE_TYPES,
    NO_REPEAT_TYPES,
    OFF_SPECIFIC_TYPES,
    SPECIFIC_TYPES,
    VO2_TYPES,
    emphasis_phase,
    specificity_chunks,
)
from models.performance import day_coefficients
from models.scenario import Session
from models.shape import build_windows
from solver.context import BuildContext, PenaltyTerm

OBJECTIVE_SCALE = 10_000

# Every penalty variable equals its penalty exactly (not only bounds it), so the
# objective of any solution, finished or not, is the objective of its plan.


def add_penalties(ctx: BuildContext) -> None:
    """Model each soft penalty whose weight is positive, as a named linear term."""
    objective = ctx.scenario.objective
    if not objective.soft_penalties:
        return
    weights = objective.penalties
    builders: dict[str, Callable[[BuildContext], cp_model.LinearExpr | None]] = {
        "long_run_day": long_run_day,
        "repeat_session": repeat_session,
        "emphasis_rotation": emphasis_rotation,
        "load_smoothness": load_smoothness,
        "race_specificity": race_specificity,
        "plan_changes": plan_changes,
        "plateau_weeks": plateau_weeks,
    }
    for name, build in builders.items():
        if weights[name] > 0:
            expr = build(ctx)
            if expr is not None:
                ctx.penalties.append(PenaltyTerm(name, expr))


def set_objective(ctx: BuildContext) -> None:
    coef = day_coefficients(ctx.scenario, ctx.cal)
    vars_: list[cp_model.IntVar] = []
    weights: list[int] = []
    for d, xd in enumerate(ctx.x):
        for s, var in xd.items():
            w = round(OBJECTIVE_SCALE * ctx.sessions[s].load * coef[d])
            if w:
                vars_.append(var)
                weights.append(w)
    expr = cp_model.LinearExpr.weighted_sum(vars_, weights)
    penalty_weights = ctx.scenario.objective.penalties
    for term in ctx.penalties:
        expr -= round(OBJECTIVE_SCALE * penalty_weights[term.name]) * term.expr
    ctx.model.maximize(expr)


def long_run_day(ctx: BuildContext) -> cp_model.LinearExpr | None:
    preferred = ctx.scenario.athlete.long_run_day
    if preferred is None:
        return None
    days = [d for d in range(ctx.cal.n_days) if ctx.cal.weekday(d) != preferred]
    return ctx.count(days, lambda s: s.type == "long")


def repeat_session(ctx: BuildContext) -> cp_model.LinearExpr:
    """Pairs of consecutive days holding the same session, rest and races aside.

    Each day's session is also an integer key (its catalog index; rest and races get a
    key the next day cannot have), and a pair repeats exactly when its two keys are
    equal: one boolean and two constraints a pair, where a boolean per pair of days
    and session made this penalty a third of a long block's model.
    """
    model = ctx.model
    n = ctx.cal.n_days
    size = len(ctx.sessions)
    keys = []
    for d in range(n):
        # rest and races: a negative key, another one on every other day
        offset = (1 + d % 2) * size
        coefs = {
            s: (-offset - s if ctx.sessions[s].type in NO_REPEAT_TYPES else s) for s in ctx.x[d]
        }
        key = model.new_int_var(min(coefs.values()), max(coefs.values()), f"session_key[{d}]")
        model.add(
            key
            == cp_model.LinearExpr.weighted_sum([ctx.x[d][s] for s in coefs], list(coefs.values()))
        )
        keys.append(key)
    repeats = []
    for d in range(n - 1):
        shared = [
            s for s in ctx.x[d] if s in ctx.x[d + 1] and ctx.sessions[s].type not in NO_REPEAT_TYPES
        ]
        if not shared:
            continue
        same = model.new_bool_var(f"repeat[{d}]")
        model.add(keys[d] == keys[d + 1]).only_enforce_if(same)
        model.add(keys[d] != keys[d + 1]).only_enforce_if(same.negated())
        repeats.append(same)
    return cp_model.LinearExpr.sum(repeats)


def emphasis_rotation(ctx: BuildContext) -> cp_model.LinearExpr:
    """min over the two phases of the summed per-week excess of off-emphasis sessions."""
    model = ctx.model
    rotation = ctx.scenario.objective.rotation_weeks
    totals = []
    for phase in (0, 1):
        costs = []
        for w in ctx.cal.weeks:
            vo2 = ctx.count(w.day_range, lambda s: s.type in VO2_TYPES)
            lactate = ctx.count(w.day_range, lambda s: s.type in LACTATE_TYPES)
            off = (
                lactate - vo2
                if emphasis_phase(w.index, rotation, phase) == "vo2"
                else vo2 - lactate
            )
            cost = model.new_int_var(0, w.days, f"emphasis_cost[{phase},{w.index}]")
            model.add_max_equality(cost, [0, off])
            costs.append(cost)
        total = model.new_int_var(0, ctx.cal.n_days, f"emphasis_total[{phase}]")
        model.add(total == cp_model.LinearExpr.sum(costs))
        totals.append(total)
    least = model.new_int_var(0, ctx.cal.n_days, "emphasis_rotation")
    model.add_min_equality(least, totals)
    return least


def load_smoothness(ctx: BuildContext) -> cp_model.LinearExpr:
    weeks = ctx.cal.weeks
    changes = []
    for i in range(1, len(weeks)):
        if not (weeks[i].full and weeks[i - 1].full):
            continue
        a, b = ctx.week_load[i - 1], ctx.week_load[i]
        upper = max(ctx.week_load_upper[i - 1], ctx.week_load_upper[i])
        change = ctx.model.new_int_var(0, upper, f"load_change[{weeks[i].index}]")
        ctx.model.add_abs_equality(change, b - a)
        changes.append(change)
    return cp_model.LinearExpr.sum(changes)


def race_specificity(ctx: BuildContext) -> cp_model.LinearExpr | None:
    """Sum over the specific weeks of A races of max(0, 1 + off-specific - specific)."""
    chunks = specificity_chunks(ctx.scenario, ctx.cal)
    if not chunks:
        return None
    costs = []
    for i, (distance, chunk) in enumerate(chunks):
        on = ctx.count(chunk, of_types(SPECIFIC_TYPES[distance]))
        off = ctx.count(chunk, of_types(OFF_SPECIFIC_TYPES[distance]))
        cost = ctx.model.new_int_var(0, len(chunk) + 1, f"specificity[{i}]")
        ctx.model.add_max_equality(cost, [0, 1 + off - on])
        costs.append(cost)
    return cp_model.LinearExpr.sum(costs)


def of_types(types: frozenset[str]) -> Callable[[Session], bool]:
    return lambda s: s.type in types


def plan_changes(ctx: BuildContext) -> cp_model.LinearExpr | None:
    """Re-planning: the days still to come whose session differs from the old plan."""
    planned = planned_sessions(ctx.scenario)
    if not planned:
        return None
    index = {ctx.sessions[s].id: s for s in range(ctx.catalog_size)}
    kept = [
        var for d, sid in planned.items() if (var := ctx.x[d].get(index.get(sid, -1))) is not None
    ]
    return len(planned) - cp_model.LinearExpr.sum(kept)


def plateau_weeks(ctx: BuildContext) -> cp_model.LinearExpr | None:
    """The windows of plateau_max_weeks + 1 consecutive build weeks that are all flat
    (models/penalties.py): each week's flatness is a boolean equal to its condition, each
    window's the least of its weeks'."""
    cons = ctx.cons
    windows = build_windows(ctx.cal, cons.plateau_max_weeks + 1)
    if not windows:
        return None
    model = ctx.model
    pct = cons.plateau_pct
    ceiling = cons.weekly_load_max if cons.weekly_load_max_on else None

    def holds(expr: cp_model.LinearExpr, name: str) -> cp_model.IntVar:
        """A boolean equal to expr <= 0."""
        b = model.new_bool_var(name)
        model.add(expr <= 0).only_enforce_if(b)
        model.add(expr >= 1).only_enforce_if(b.negated())
        return b

    flat: dict[int, cp_model.IntVar] = {}
    for w in {w.index: w for window in windows for w in window}.values():
        k = w.index - 1
        load = ctx.week_load[k]
        terms = []
        if ceiling is not None:
            terms.append(holds((100 - pct) * ceiling - 100 * load, f"at_ceiling[{w.index}]"))
        if k > 0 and ctx.cal.weeks[k - 1].full:
            prev = ctx.week_load[k - 1]
            under = holds(100 * load - (100 + pct) * prev, f"under_prev[{w.index}]")
            over = holds((100 - pct) * prev - 100 * load, f"over_prev[{w.index}]")
            near = model.new_bool_var(f"near_prev[{w.index}]")
            model.add_min_equality(near, [under, over])
            terms.append(near)
        f = model.new_bool_var(f"flat[{w.index}]")
        model.add_max_equality(f, [0, *terms])
        flat[w.index] = f
    plateaus = []
    for window in windows:
        p = model.new_bool_var(f"plateau[{window[-1].index}]")
        model.add_min_equality(p, [flat[w.index] for w in window])
        plateaus.append(p)
    return cp_model.LinearExpr.sum(plateaus)
