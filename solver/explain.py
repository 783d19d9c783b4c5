"""Name the constraint families that cannot hold together.

The model is rebuilt with one enforcement literal per family and no objective,
solved with those literals as assumptions on a single worker (CP-SAT gives a
core only then), and the core is shrunk by deletion until dropping any one
family left in it makes the rest satisfiable.
"""

from __future__ import annotations

from collections.abc import Sequence

from ortools.sat.python import cp_model

from models.plan import Conflict
from models.scenario import Scenario, Session
from solver import context as fam
from solver.build import build_model


def explain_infeasible(
    scenario: Scenario, sessions: Sequence[Session], time_limit: float = 20.0
) -> list[Conflict]:
    built = build_model(scenario, sessions, guarded=True, with_objective=False)
    model, guards = built.model, built.ctx.guards
    status, core = _solve_with(model, guards, list(guards), time_limit)
    if status != cp_model.INFEASIBLE:
        return []
    for family in list(core):
        trial = [f for f in core if f != family]
        status, smaller = _solve_with(model, guards, trial, time_limit)
        if status == cp_model.INFEASIBLE:
            core = smaller or trial
    if not core:
        return [Conflict(constraint="catalog", detail="the catalog cannot fill the block's days")]
    return [Conflict(constraint=f, detail=describe(f, scenario)) for f in core]


def _solve_with(
    model: cp_model.CpModel,
    guards: dict[str, cp_model.IntVar],
    families: list[str],
    time_limit: float,
) -> tuple[cp_model.CpSolverStatus, list[str]]:
    model.clear_assumptions()
    model.add_assumptions([guards[f] for f in families])
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = time_limit
    status = solver.solve(model)
    if status != cp_model.INFEASIBLE:
        return status, []
    in_core = set(solver.sufficient_assumptions_for_infeasibility())
    return status, [f for f in families if guards[f].index in in_core]


def describe(family: str, scenario: Scenario) -> str:
    c = scenario.constraints
    a = scenario.athlete
    texts = {
        fam.RACES: "every race day must hold a race session of its distance",
        fam.BLOCKED: f"{len(a.blocked)} blocked day(s) must be rest",
        fam.AVAILABILITY: "sessions must fit the minutes available each weekday",
        fam.MAX_SESSIONS: f"at most {a.max_sessions_per_week} training days a week",
        fam.HARD_SPACING: f"at least {c.hard_spacing_days} easy day(s) between hard days",
        fam.MAX_HARD: f"at most {c.max_hard_per_week} hard days a week, races included",
        fam.WEEKLY_LOAD_MAX: f"weekly load at most {c.weekly_load_max}",
        fam.RAMP: (
            f"weekly load may rise at most {c.ramp_pct}% above the highest of the "
            f"previous {c.ramp_reference_weeks} week(s) (chronic load {a.chronic_load} before)"
        ),
        fam.DELOAD: (
            f"every {c.deload_every}th week is a deload at least {c.deload_pct}% below the "
            "reference load"
        ),
        fam.LONG_RUN_SPIKE: (
            f"no session more than {c.long_run_spike_pct}% longer than the longest of the "
            f"previous 30 days ({a.longest_recent_run_min} min before the block)"
        ),
        fam.TAPER: "the taper windows must cut the average daily load as the taper table says",
        fam.TAPER_INTENSITY: "each taper window keeps at least one hard day per 7 days",
        fam.RECOVERY: "no hard session in the recovery days after each race",
        fam.QUOTAS: "the weekly session-type quotas",
        fam.MIN_EASY: f"at least {c.min_easy_pct}% of each week's minutes easy",
        fam.PROGRESSION: "each ladder is climbed at most one level a week",
        fam.ACWR: f"7-day load at most {c.acwr_max_pct}% of the 28-day weekly average",
        fam.MONOTONY: f"weekly monotony at most {c.max_monotony}",
    }
    return texts.get(family, family)
