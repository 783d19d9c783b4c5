"""Read the chosen session of each day out of a solution vector."""

from __future__ import annotations

from collections.abc import Sequence

from models.scenario import Session
from solver.context import BuildContext


def chosen_sessions(ctx: BuildContext, solution: Sequence[int]) -> list[Session]:
    out = []
    for d, xd in enumerate(ctx.x):
        chosen = [s for s, var in xd.items() if solution[var.index]]
        if len(chosen) != 1:
            raise RuntimeError(f"day {d} holds {len(chosen)} sessions in the solution")
        out.append(ctx.sessions[chosen[0]])
    return out
