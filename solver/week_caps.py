"""Week-load caps: the most load each week can hold under the rules that read only it.

The rules confined to one week (monotony, the easy-minutes share, hard days and
sessions per week, quotas, the days' domains) cap a week's load well below what the
linear relaxation sees, which meets them with fractions of sessions. Each week's
load is maximized on its own, under every constraint of the model whose variables
all belong to that week, and the bound CP-SAT proves for it becomes `week_load <=
cap` in the model of a swept block's bound search (solver/solve.py). The cap is
redundant for whole plans (a week of any plan satisfies those constraints) and
tightens the relaxation of the rules that tie weeks together (ramp, deload, taper):
on the benchmark blocks the bound fell by up to 1.5% (benchmarks/SPEED.md, change 9).

The week's constraints are found in the model itself, not listed by family: a
variable belongs to a week when it is a day variable of that week, or when a
constraint ties it to variables of that week only (the week's load, its square).
Leaving a constraint out only loosens the week's problem, so a cap is valid
whatever is found.
"""

from __future__ import annotations

import concurrent.futures as cf
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ortools.sat.python import cp_model

from solver.context import BuildContext

CAP_WORK = 1.0  # deterministic work per distinct week, at most; the bound found is the cap
_LITERAL_KINDS = ("exactly_one", "at_most_one", "bool_or", "bool_and")
_EXPRESSION_KINDS = ("int_prod", "lin_max")


@dataclass
class WeekCaps:
    caps: list[int | None]  # per week; None when no cap was added
    seconds: float
    distinct: int  # week problems solved (weeks alike share one)


def week_load_caps(
    ctx: BuildContext,
    workers: int = 1,
    seed: int = 0,
    work: float = CAP_WORK,
    wall: float = 10.0,
) -> WeekCaps:
    """The most load each week of `ctx.model` can hold under its own rules; each
    week's problem stops on `work` (or `wall` seconds), and what it proved is the cap.
    None for a week whose cap would not be below the sum of its days' largest loads."""
    started = time.perf_counter()
    proto = ctx.model.proto
    constraints = [variables_of(c) for c in proto.constraints]
    owner = week_owners(ctx, constraints)
    members: list[list[int]] = [[] for _ in ctx.cal.weeks]
    for var, week in enumerate(owner):
        if week >= 0:
            members[week].append(var)
    local: list[list[int]] = [[] for _ in ctx.cal.weeks]
    for i, refs in enumerate(constraints):
        weeks = {owner[v] for v in refs} if refs is not None else {-1}
        if len(weeks) == 1 and -1 not in weeks:
            local[next(iter(weeks))].append(i)

    problems: dict[str, cp_model.CpModel] = {}
    keys: list[str | None] = []
    for week, load in enumerate(ctx.week_load):
        if owner[load.index] != week:
            keys.append(None)
            continue
        sub = week_problem(proto, members[week], local[week], load.index)
        key = str(sub.proto)
        problems.setdefault(key, sub)
        keys.append(key)

    def solve(sub: cp_model.CpModel) -> int | None:
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = seed
        solver.parameters.max_deterministic_time = min(work, CAP_WORK)
        solver.parameters.max_time_in_seconds = wall
        # Probing and symmetry detection took most of the time of these small
        # problems and changed no cap on the benchmark blocks.
        solver.parameters.cp_model_probing_level = 0
        solver.parameters.symmetry_level = 0
        status = solver.solve(sub)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        return int(solver.best_objective_bound + 1e-6)

    with cf.ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        found = dict(zip(problems, pool.map(solve, problems.values()), strict=True))
    caps: list[int | None] = []
    for week_key, upper in zip(keys, ctx.week_load_upper, strict=True):
        cap = found.get(week_key) if week_key is not None else None
        caps.append(cap if cap is not None and cap < upper else None)
    return WeekCaps(caps=caps, seconds=time.perf_counter() - started, distinct=len(problems))


def add_week_load_caps(model: cp_model.CpModel, ctx: BuildContext, caps: WeekCaps) -> None:
    """Add `week_load <= cap` to `model`, `ctx.model` or a copy of it."""
    for load, cap in zip(ctx.week_load, caps.caps, strict=True):
        if cap is not None:
            model.add(model.get_int_var_from_proto_index(load.index) <= cap)


def variables_of(c: Any) -> list[int] | None:
    """The variables a constraint reads (None for a kind this module does not read)."""
    refs = list(c.enforcement_literal)
    if c.has_linear():
        refs += c.linear.vars
    elif kind := next((k for k in _LITERAL_KINDS if getattr(c, f"has_{k}")()), None):
        refs += getattr(c, kind).literals
    elif kind := next((k for k in _EXPRESSION_KINDS if getattr(c, f"has_{k}")()), None):
        part = getattr(c, kind)
        refs += part.target.vars
        for e in part.exprs:
            refs += e.vars
    else:
        return None
    return [r if r >= 0 else -r - 1 for r in refs]


def week_owners(ctx: BuildContext, constraints: Sequence[list[int] | None]) -> list[int]:
    """The week (0-based) each variable belongs to, -1 for none: a day's variables
    belong to its week, and a variable a constraint ties only to one week's does too."""
    owner = [-1] * len(ctx.model.proto.variables)
    for w in ctx.cal.weeks:
        for d in w.day_range:
            for var in ctx.x[d].values():
                owner[var.index] = w.index - 1
    changed = True
    while changed:
        changed = False
        for refs in constraints:
            if not refs:
                continue
            weeks = {owner[v] for v in refs if owner[v] >= 0}
            if len(weeks) != 1:
                continue
            week = next(iter(weeks))
            for v in refs:
                if owner[v] < 0:
                    owner[v] = week
                    changed = True
    return owner


def week_problem(
    proto: Any, members: list[int], constraints: list[int], load: int
) -> cp_model.CpModel:
    """A model of one week's variables and constraints that maximizes its load.
    Variables are renumbered in order and left unnamed, so weeks alike print alike."""
    index = {v: i for i, v in enumerate(members)}

    def ref(r: int) -> int:
        return index[r] if r >= 0 else -index[-r - 1] - 1

    sub = cp_model.CpModel()
    out = sub.proto
    for v in members:
        out.variables.add().domain.extend(proto.variables[v].domain)
    for i in constraints:
        c = out.constraints.add()
        c.copy_from(proto.constraints[i])
        c.clear_name()
        renumber(c.enforcement_literal, ref)
        if c.has_linear():
            renumber(c.linear.vars, ref)
        elif kind := next((k for k in _LITERAL_KINDS if getattr(c, f"has_{k}")()), None):
            renumber(getattr(c, kind).literals, ref)
        else:
            part = getattr(c, next(k for k in _EXPRESSION_KINDS if getattr(c, f"has_{k}")()))
            renumber(part.target.vars, ref)
            for e in part.exprs:
                renumber(e.vars, ref)
    sub.maximize(sub.get_int_var_from_proto_index(index[load]))
    return sub


def renumber(refs: Any, ref: Callable[[int], int]) -> None:
    for i, r in enumerate(list(refs)):
        refs[i] = ref(r)
