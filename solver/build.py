"""Build the CP-SAT model of a block: variables, then each constraint family in a fixed
order, then the soft penalties and the objective."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ortools.sat.python import cp_model

from models.calendar import build_calendar
from models.history.replan import history_sessions, until_index
from models.scenario import Scenario, Session
from solver import objective
from solver.constraints import (
    acwr,
    easy,
    fatigue,
    load,
    long_run,
    long_run_build,
    monotony,
    progression,
    quotas,
    sessions_per_week,
    sharpening,
    spacing,
    taper,
    taper_shape,
    wave,
)
from solver.context import BuildContext
from solver.variables import create_day_variables

# Families that add constraints over the day variables (the day-domain families,
# races, blocked, availability and recovery days, act in create_day_variables).
FAMILIES: tuple[Callable[[BuildContext], None], ...] = (
    sessions_per_week.add,
    spacing.add,
    load.add,
    long_run.add,
    taper.add,
    taper_shape.add,
    quotas.add,
    easy.add,
    progression.add,
    acwr.add,
    monotony.add,
    fatigue.add,
    wave.add,
    long_run_build.add,
    sharpening.add,
)


@dataclass
class BuiltModel:
    ctx: BuildContext
    build_seconds: float

    @property
    def model(self) -> cp_model.CpModel:
        return self.ctx.model


def build_model(
    scenario: Scenario,
    sessions: Sequence[Session],
    *,
    guarded: bool = False,
    with_objective: bool = True,
) -> BuiltModel:
    started = time.perf_counter()
    lived = history_sessions(scenario)
    ctx = BuildContext(
        model=cp_model.CpModel(),
        scenario=scenario,
        cal=build_calendar(scenario),
        sessions=(*sessions, *lived.values()),
        guarded=guarded,
        until=until_index(scenario),
        history_session={d: len(sessions) + i for i, d in enumerate(lived)},
        catalog_size=len(sessions),
    )
    create_day_variables(ctx)
    for add_family in FAMILIES:
        add_family(ctx)
    if with_objective:
        objective.add_penalties(ctx)
        objective.set_objective(ctx)
    return BuiltModel(ctx=ctx, build_seconds=time.perf_counter() - started)
