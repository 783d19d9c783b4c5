"""Progression ladders: a session of type t and level L may be used in week k only if
L <= 1 + max(start level of t, highest level of t used in an earlier week).

reach[t][j][k] means "level j of type t was reached by the end of week k". It
can only be true if the start level is at least j or a session of level >= j
was used in week k, or it was already true after week k-1. A session of level
L in week k needs reach[t][L-1][k-1]. The ladder is thus climbed at most one
rung a week; going back down is always allowed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from ortools.sat.python import cp_model

from models.calendar import BlockCalendar
from models.scenario import LADDER_FREE_TYPES, Scenario, Session
from solver.context import PROGRESSION, BuildContext, Where


def out_of_reach(
    scenario: Scenario, cal: BlockCalendar, sessions: tuple[Session, ...]
) -> Iterator[tuple[int, int, str, Where]]:
    """Sessions above the highest rung that week k can reach at all (start + k)."""
    if not scenario.constraints.progression_enabled:
        return
    athlete = scenario.athlete
    for s, session in enumerate(sessions):
        if session.type in LADDER_FREE_TYPES:
            continue
        start = athlete.level_start(session.type)
        for w in cal.weeks:
            if session.level > start + w.index:
                for d in w.day_range:
                    yield d, s, PROGRESSION, Where(week=w.index)


def add(ctx: BuildContext) -> None:
    if not ctx.cons.progression_enabled:
        return
    by_type: dict[str, list[int]] = {}
    for s, session in enumerate(ctx.sessions):
        if session.type not in LADDER_FREE_TYPES:
            by_type.setdefault(session.type, []).append(s)
    for session_type, members in by_type.items():
        add_ladder(ctx, session_type, members)


def rung_at_least(session_type: str, level: int) -> Callable[[Session], bool]:
    return lambda s: s.type == session_type and s.level >= level


def add_ladder(ctx: BuildContext, session_type: str, members: list[int]) -> None:
    start = ctx.scenario.athlete.level_start(session_type)
    top = max(ctx.sessions[s].level for s in members)
    if top <= start + 1:
        return  # every rung is within reach from the first week
    weeks = ctx.cal.weeks
    model = ctx.model
    # reach[j][k] for rungs j = start+1 .. top-1 and weeks k = 0..K (0 = before the block)
    reach: dict[tuple[int, int], cp_model.IntVar | int] = {}
    for j in range(start + 1, top):
        reach[j, 0] = 0
        for w in weeks:
            used_at_or_above = ctx.count(w.day_range, rung_at_least(session_type, j))
            r = model.new_bool_var(f"reach[{session_type},{j},{w.index}]")
            model.add(r <= reach[j, w.index - 1] + used_at_or_above)
            reach[j, w.index] = r
    for w in weeks:
        for d in w.day_range:
            for s, var in ctx.x[d].items():
                session = ctx.sessions[s]
                if session.type != session_type or session.level <= start + 1:
                    continue
                ctx.add(
                    PROGRESSION, var <= reach[session.level - 1, w.index - 1], Where(week=w.index)
                )
