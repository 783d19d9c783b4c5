"""The decision variables: one boolean per day and allowed session, exactly one per day,
and the derived daily load, minutes and hardness and weekly load.

A day's domain is narrowed before any variable exists: the rules that only
forbid sessions on given days (races, blocked days, availability, recovery
days, pinned days, the progression ceiling) remove them, so the model never
sees them.
When explaining, nothing is removed: each removal becomes a constraint
enforced by the literal of every rule that removes it instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ortools.sat.python import cp_model

from models.calendar import BlockCalendar
from models.scenario import Scenario, Session
from solver.constraints import availability, pins, progression, races, recovery
from solver.context import BuildContext, Where

Forbidder = Callable[
    [Scenario, BlockCalendar, tuple[Session, ...]], Iterable[tuple[int, int, str, Where]]
]

# Pins come last: a pin only narrows what the other rules leave, and a day they rule
# out entirely is recorded under the first rule that forbids its sessions.
DOMAIN_RULES: tuple[Forbidder, ...] = (
    races.forbidden,
    availability.forbidden,
    recovery.forbidden,
    pins.forbidden,
)


def create_day_variables(ctx: BuildContext) -> None:
    sessions = tuple(ctx.sessions)
    n = ctx.cal.n_days
    # Day -> session -> every rule instance that forbids it. When explaining, each one is
    # enforced by its own literal, so that dropping one rule frees only the sessions no
    # other rule forbids (dropping the races rule does not free a pinned day for a race).
    forbidden: list[dict[int, list[tuple[str, Where]]]] = [{} for _ in range(n)]
    for rule in DOMAIN_RULES:
        for day, s, family, where in rule(ctx.scenario, ctx.cal, sessions):
            forbidden[day].setdefault(s, []).append((family, where))
    if not ctx.guarded:
        # The progression ceiling is implied by the progression rule; removing the
        # sessions it rules out only makes the model smaller.
        for day, s, family, where in progression.out_of_reach(ctx.scenario, ctx.cal, sessions):
            forbidden[day].setdefault(s, []).append((family, where))

    model = ctx.model
    for d in range(n):
        xd: dict[int, cp_model.IntVar] = {}
        if d < ctx.until:
            # A day already lived holds what the log says, whatever the rules forbid.
            s = ctx.history_session[d]
            xd[s] = model.new_bool_var(f"x[{d},{sessions[s].id}]")
            ctx.x.append(xd)
            model.add_exactly_one(xd.values())
            continue
        for s in range(ctx.catalog_size):
            if s in forbidden[d] and not ctx.guarded:
                continue
            xd[s] = model.new_bool_var(f"x[{d},{sessions[s].id}]")
        if not xd:
            # Every session is ruled out on this day (a pin that breaks another rule): the
            # block has no plan. Record which rule did it, and keep the day's variables so
            # that every family still reads a day holding one session.
            family, where = next(iter(forbidden[d].values()))[0]
            ctx.add(family, False, where)
            xd = {
                s: model.new_bool_var(f"x[{d},{sessions[s].id}]") for s in range(ctx.catalog_size)
            }
        ctx.x.append(xd)
        model.add_exactly_one(xd.values())
        if ctx.guarded:
            for s, instances in forbidden[d].items():
                for family, where in dict.fromkeys(instances):
                    model.add(xd[s] == 0).only_enforce_if(ctx.guard(family, where))

    for d in range(n):
        ctx.day_load.append(ctx.weighted([d], lambda s: s.load))
        ctx.day_minutes.append(ctx.weighted([d], lambda s: s.minutes))
        ctx.day_hard.append(ctx.count([d], lambda s: s.hard))

    for w in ctx.cal.weeks:
        upper = sum(max(sessions[s].load for s in ctx.x[d]) for d in w.day_range)
        wl = model.new_int_var(0, upper, f"week_load[{w.index}]")
        ctx.week_load_upper.append(upper)
        model.add(wl == cp_model.LinearExpr.sum([ctx.day_load[d] for d in w.day_range]))
        ctx.week_load.append(wl)
