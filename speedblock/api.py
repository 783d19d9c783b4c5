"""The functions of `import speedblock`: thin wrappers over what the command line
calls, taking paths, plain dicts or the objects the other functions return."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from models.check import Violation, check_plan
from models.errors import InputError
from models.io import load_constraints_dict, merge_constraints, parse_document, validate_scenario
from models.pins import warm_start_days, with_pins
from models.plan import Plan
from models.plan_document import read_plan_file
from models.plan_file import carried_scenario
from models.quality.metrics import PlanMetrics, plan_metrics
from models.scenario import Scenario
from solver.batch_outcome import BatchOutcome
from solver.options import checked_options

PathLike = str | os.PathLike[str]
ScenarioLike = Scenario | PathLike | Mapping[str, Any]
PlanLike = Plan | PathLike | Mapping[str, Any]
ConstraintsLike = PathLike | Mapping[str, Any]


def load_scenario(source: ScenarioLike, constraints: ConstraintsLike | None = None) -> Scenario:
    """A validated scenario from a scenario file (TOML, YAML or JSON), a dict in the
    scenario format, or a Scenario.

    `constraints`, a constraint-set file or a dict of `constraints` keys, is merged over
    the scenario's own, as `--constraints` does (taper and recovery_days key by key).
    Raises InputError naming the file, the field and what is wrong.
    """
    if isinstance(source, Scenario):
        if constraints is None:
            return source
        raw, file = source.model_dump(mode="json", exclude_none=True), None
    elif isinstance(source, Mapping):
        raw, file = dict(source), None
    else:
        raw, file = parse_document(Path(source)), str(source)
    if isinstance(constraints, Mapping):
        raw = merge_constraints(raw, dict(constraints))  # errors name constraints.KEY
    elif constraints is not None:
        raw = merge_constraints(raw, load_constraints_dict(Path(constraints)))
    return validate_scenario(raw, file=file)


def read_plan(source: PlanLike) -> dict[str, Any]:
    """The plan document (plan format v1) of a Plan, a plan file or a dict."""
    if isinstance(source, Plan):
        return source.to_json_dict()
    if isinstance(source, Mapping):
        return dict(source)
    return read_plan_file(source)


def solve(
    scenario: ScenarioLike,
    *,
    time_limit: float = 60.0,
    workers: int = 2,
    seed: int = 0,
    gap: float = 0.0,
    pins: Sequence[str] = (),
    warm_start: PlanLike | None = None,
) -> Plan:
    """Solve a scenario and return its plan, as `speedblock solve` does.

    The same scenario, seed and worker count give the same plan. `gap` stops once the
    relative gap is at most that (0 proves optimality); `pins` are `DATE=SESSION_OR_TYPE`
    texts as `--pin` takes; `warm_start` is a plan to start from. The plan's `status`
    says how the solve ended (OPTIMAL, FEASIBLE, INFEASIBLE with `conflicts`, UNKNOWN);
    `plan.to_json()` is the text `solve -o` writes and `plan.to_json_dict()` its dict.
    """
    from solver.solve import solve_scenario

    options = checked_options(time_limit, workers, seed, gap)
    chosen = with_pins(load_scenario(scenario), tuple(pins))
    days = None
    if warm_start is not None:
        days = warm_start_days(chosen, read_plan(warm_start))
    return solve_scenario(chosen, options, warm_start=days)


def check(scenario: ScenarioLike, plan: PlanLike) -> list[Violation]:
    """Every violation of the scenario's hard rules in a plan (solved, edited or written
    by hand), by the checker that never uses the solver; [] for a valid plan. Each
    violation has `constraint`, `date`, `week` and `detail` (`as_dict()` for JSON)."""
    return check_plan(load_scenario(scenario), read_plan(plan))


def metrics(plan: PlanLike, scenario: ScenarioLike | None = None) -> PlanMetrics:
    """The plan-quality metrics of a plan (race-day performance, CTL/ATL/TSB, ramp,
    monotony, ACWR, ...), under the scenario the plan carries unless one is given;
    `summary()` is the flat row of a results table and `to_json_dict()` the whole."""
    doc = read_plan(plan)
    if scenario is not None:
        chosen = load_scenario(scenario)
    else:
        chosen = carried_scenario(doc, str(plan) if isinstance(plan, str | os.PathLike) else None)
    return plan_metrics(chosen, doc)


def batch(
    scenarios: PathLike | Sequence[PathLike],
    constraint_sets: Sequence[PathLike] | Mapping[str, ConstraintsLike] | None = None,
    *,
    out: PathLike,
    time_limit: float = 60.0,
    workers: int | None = None,
    jobs: int | None = None,
    seed: int = 0,
    gap: float = 0.0,
    resume: bool = True,
    retry_failed: bool = False,
    recursive: bool = False,
    scheduler: str | None = None,
) -> BatchOutcome:
    """Solve every scenario (files, or the scenario files in folders) under every
    constraint set into the folder `out`, as `speedblock batch` does.

    `constraint_sets` are files (named by their stems), or names mapped to a file or to
    a dict of `constraints` keys; none solves each scenario on its own constraints.
    The folder gets plans/<scenario>--<set>.json, results.jsonl and results.csv; with
    `resume` a job already done from the same inputs is not run again. `jobs` solves
    run at once (default: the cores), each with `workers` CP-SAT workers (default:
    cores // jobs); `scheduler` sends them to a Dask cluster instead. The outcome holds
    the results row of every job (`rows`), its status counts and `worst`.
    """
    from solver import batch as b
    from solver.batch_outcome import batch_outcome, execute, parallelism
    from solver.batch_outcome import constraint_sets as read_sets

    folder = Path(out)
    if folder.exists() and not folder.is_dir():
        raise InputError("exists and is not a folder", file=str(folder), field="out")
    names = [str(scenarios)] if isinstance(scenarios, str | os.PathLike) else map(str, scenarios)
    files = b.discover_scenarios(list(names), recursive)
    sets = read_sets(constraint_sets)
    n_jobs, n_workers = parallelism(jobs, workers, scheduler)
    options = checked_options(time_limit, n_workers, seed, gap)
    settings = b.BatchSettings(
        time_limit=options.time_limit,
        workers=n_workers,
        seed=seed,
        gap=options.gap,
        force=not resume,
        retry_failed=retry_failed,
    )
    job_list = b.plan_jobs(files, sets, settings)
    summary = execute(job_list, folder, settings, n_jobs, scheduler)
    return batch_outcome(job_list, folder, summary)
