"""`speedblock explain`: why a scenario has no plan, or what its rules cost.

For an infeasible scenario: the minimal conflicting rules and their relaxations,
without optimizing. For a feasible one: every rule in force is switched off in
turn and the block re-solved under the same work budget; a rule is binding when
the objective rises without it, and the rise is what the rule costs the athlete
on race day. Each solve gets an equal share of the time limit, so the costs of
unproven solves carry their gaps (reported beside them).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from typing import Any

from models.catalog import resolve_catalog
from models.plan import Conflict, SolveStatus
from models.scenario import Scenario
from solver import solve
from solver.build import build_model
from solver.decode import chosen_sessions
from solver.explain import explain_infeasible, rules_in_force, without_rule
from solver.first_plan import find_first_plan
from solver.options import SolveOptions


@dataclass(frozen=True)
class Binding:
    constraint: str  # the rule's key, as conflicts name it
    switch: str  # its *_enabled key
    objective_without: float | None
    cost: float | None  # objective without the rule minus objective with it
    status: str  # status of the solve without the rule
    gap: float | None


@dataclass
class Explanation:
    status: SolveStatus
    objective: float | None = None
    gap: float | None = None
    conflicts: list[Conflict] = field(default_factory=list)
    binding: list[Binding] = field(default_factory=list)
    seconds: float = 0.0

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "status": self.status.value,
            "objective": self.objective,
            "gap": self.gap,
            "conflicts": [c.model_dump(mode="json") for c in self.conflicts],
            "binding": [b.__dict__ for b in self.binding],
            "seconds": round(self.seconds, 3),
        }


def explain_scenario(scenario: Scenario, options: SolveOptions) -> Explanation:
    started = time.perf_counter()
    sessions = resolve_catalog(scenario)
    built = build_model(scenario, sessions)
    first = find_first_plan(
        built,
        options.seed,
        options.thread_work_limit,
        options.time_limit,
    )
    if first.status is SolveStatus.INFEASIBLE:
        remaining = max(1.0, options.time_limit - (time.perf_counter() - started))
        conflicts = explain_infeasible(scenario, sessions, time_limit=remaining)
        return Explanation(
            status=SolveStatus.INFEASIBLE,
            conflicts=conflicts,
            seconds=time.perf_counter() - started,
        )
    rules = rules_in_force(scenario)
    share = replace(options, time_limit=max(1.0, options.time_limit / (len(rules) + 1)))
    # The first plan found above starts the base solve, so a share too small to find one
    # again still yields the plan every rule's re-solve starts from.
    first_days = (
        [s.id for s in chosen_sessions(built.ctx, first.solution)] if first.solution else None
    )
    base = solve.solve_scenario(scenario, share, warm_start=first_days)
    if not base.status.has_plan or base.objective is None:
        return Explanation(status=base.status, seconds=time.perf_counter() - started)
    binding = []
    base_days = [d.session for d in base.days]
    for switch, key in rules:
        # The plan under all rules is valid without one of them: starting from it,
        # the re-solve can only do better, so a cost is never negative.
        plan = solve.solve_scenario(without_rule(scenario, switch), share, warm_start=base_days)
        cost = None if plan.objective is None else plan.objective - base.objective
        binding.append(Binding(key, switch, plan.objective, cost, plan.status.value, plan.gap))
    binding.sort(key=lambda b: -(b.cost if b.cost is not None else float("-inf")))
    return Explanation(
        status=base.status,
        objective=base.objective,
        gap=base.gap,
        binding=binding,
        seconds=time.perf_counter() - started,
    )
