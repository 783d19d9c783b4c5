"""Read the chosen session of each day out of a solved model."""

from __future__ import annotations

from ortools.sat.python import cp_model

from models.scenario import Session
from solver.context import BuildContext


def chosen_sessions(ctx: BuildContext, solver: cp_model.CpSolver) -> list[Session]:
    out = []
    for d, xd in enumerate(ctx.x):
        chosen = [s for s, var in xd.items() if solver.BooleanValue(var)]
        if len(chosen) != 1:
            raise RuntimeError(f"day {d} holds {len(chosen)} sessions in the solution")
        out.append(ctx.sessions[chosen[0]])
    return out
