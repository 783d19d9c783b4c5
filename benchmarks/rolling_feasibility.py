"""A feasibility certificate for a long block: find any plan by a rolling horizon, and
check it with models/check/.

The block is cut to its first STEP weeks, then 2 x STEP, ... up to its full length
(the races after each cut left out). Each cut is solved without objective by one
CP-SAT worker on the project's model (solver.build.build_model), with the days of all
but its last FREE weeks fixed to the previous cut's plan and the rest hinted; when that
finds nothing in the time given, more weeks are freed. The full block's plan, when
found, is checked and can be written as a plan JSON (`days` only), which
`speedblock check SCENARIO PLAN` verifies on its own.

    python benchmarks/rolling_feasibility.py benchmarks/scenarios/52w-season.toml

This is how the benchmark scenarios are known to be feasible even when a solver finds
no plan for them within its time limit. It is a measurement aid, not the project's
solver.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ortools.sat.python import cp_model  # noqa: E402

from models.catalog import resolve_catalog  # noqa: E402
from models.check import check_sessions, plan_days  # noqa: E402
from models.io import parse_document, validate_scenario  # noqa: E402
from solver.build import build_model  # noqa: E402


def cut(raw: dict, weeks: int) -> dict:
    raw = json.loads(json.dumps(raw, default=str))
    end = dt.date.fromisoformat(raw["start"]) + dt.timedelta(days=7 * weeks - 1)
    if raw.get("end") and dt.date.fromisoformat(raw["end"]) <= end:
        return raw
    raw["end"] = end.isoformat()
    raw["races"] = [r for r in raw.get("races", []) if dt.date.fromisoformat(r["date"]) <= end]
    return raw


def attempt(
    raw: dict, weeks: int, free: int, previous: list[str] | None, time_limit: float, seed: int
) -> list[str] | None:
    scenario = validate_scenario(cut(raw, weeks))
    sessions = resolve_catalog(scenario)
    built = build_model(scenario, sessions, with_objective=False)
    fixed_days = 7 * max(0, weeks - free)
    for d, xd in enumerate(built.ctx.x):
        if previous is None or d >= len(previous):
            break
        for s, var in xd.items():
            wanted = sessions[s].id == previous[d]
            if d < fixed_days:
                built.model.add(var == int(wanted))
            else:
                built.model.add_hint(var, wanted)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = seed
    solver.parameters.max_time_in_seconds = time_limit
    status = solver.solve(built.model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return [
        next(sessions[s].id for s, var in xd.items() if solver.boolean_value(var))
        for xd in built.ctx.x
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("scenario", type=Path)
    parser.add_argument("--step", type=int, default=4, help="weeks added at each cut")
    parser.add_argument("--free", default="10,16,24", help="weeks left free, tried in turn")
    parser.add_argument("--time-limit", type=float, default=40.0, help="per attempt, seconds")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--monolithic",
        action="store_true",
        help="solve every cut from scratch (nothing fixed or hinted): how the time to a "
        "first plan grows with the horizon when the block is searched whole",
    )
    parser.add_argument("--up-to", type=int, help="stop after this many weeks")
    parser.add_argument("-o", "--out", type=Path, help="write the plan JSON (its days)")
    args = parser.parse_args()

    raw = json.loads(json.dumps(parse_document(args.scenario), default=str))
    full = validate_scenario(raw)
    total_weeks = ((full.last_day - full.start).days + 7) // 7
    frees = [int(f) for f in args.free.split(",")]
    started = time.perf_counter()
    plan: list[str] | None = None
    cuts = [*range(args.step, total_weeks, args.step), total_weeks]
    if args.up_to:
        cuts = [w for w in cuts if w <= args.up_to]
    for weeks in cuts:
        found = None
        for free in [weeks] if args.monolithic else [*frees, weeks]:
            t0 = time.perf_counter()
            previous = None if args.monolithic else plan
            found = attempt(raw, weeks, free, previous, args.time_limit, args.seed)
            took = time.perf_counter() - t0
            print(f"{weeks} weeks, {free} free: {'plan' if found else 'none'} in {took:.1f} s")
            if found:
                break
        if found is None:
            print(f"no plan for the first {weeks} weeks; stopped")
            sys.exit(4)
        plan = found
    assert plan is not None
    if len(plan) != (full.last_day - full.start).days + 1:
        print(f"stopped after {cuts[-1]} weeks (--up-to)")
        return
    by_id = {s.id: s for s in resolve_catalog(full)}
    sessions = [by_id[i] for i in plan]
    violations = check_sessions(full, sessions)
    total = time.perf_counter() - started
    print(
        f"plan for all {total_weeks} weeks in {total:.1f} s; checker: {len(violations)} violations"
    )
    for v in violations:
        print(f"  {v.constraint}: {v.detail}")
    if args.out:
        doc = {"scenario": full.name, "days": plan_days(full.start, sessions)}
        args.out.write_text(json.dumps(doc, indent=1) + "\n")
    sys.exit(0 if not violations else 5)


if __name__ == "__main__":
    main()
