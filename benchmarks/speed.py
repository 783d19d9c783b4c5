"""Solver speed, side by side in one run: the straightforward baseline model
(benchmarks/naive_model.py), the project's tuned model (solver.solve.solve_scenario)
and the tuned model solved as a MIP by HiGHS (benchmarks/mip_highs.py), on the
scenarios in benchmarks/scenarios/ (8 to 52 weeks).

    python benchmarks/speed.py --time-limit 30 --long-time-limit 60 --workers 2

A fourth, diagnostic column, `tuned-plain`, is the tuned model under the baseline's
search (one plain CP-SAT solve): beside the baseline it compares the two models under
the same search, beside `tuned` it compares the project's search with CP-SAT's own.

Every solve runs in its own process (its peak resident memory is its own) with seed 0
and `objective.soft_penalties = false`, so all three optimise exactly the weighted
Banister sum and their objectives and bounds are comparable. Blocks longer than 30
weeks get `--long-time-limit`. Every plan is checked with models/check.py.

Prints Markdown tables (per scenario and model; ratios to the baseline and to HiGHS;
the issue's targets against the tuned model's measurements, the blocks of up to 16
weeks also at the first target's own 10 s (`--target-time-limit`); with `--growth`, the
52-week season cut to shorter blocks) and writes everything, every plan's checker
verdict included, to benchmarks/results/speed.json. `--from-json FILE` reprints the
tables of an earlier run without solving.

Settings: all three stop once the relative gap |objective - bound| / max(1, |objective|)
is at most `--gap` (default 1e-4, the issue's "proven optimal"): CP-SAT's
`relative_gap_limit`, the project's `SolveOptions.gap`, HiGHS's `mip_rel_gap`. The
tuned model is the project's solver as it stands (a day-by-day feasibility phase, then
CP-SAT's deterministic interleaved search on `--workers` threads, stopped by a work
budget of 0.25 units per second of the limit and per worker, or by the wall clock);
the baseline is one CP-SAT solve with `--workers` workers and the full time limit on
the wall clock; HiGHS runs with `threads = --workers`, `random_seed = --seed` and the
full time limit. Only the tuned model's search is deterministic (a work budget); the
other two stop on the wall clock.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SCENARIO_DIR = ROOT / "benchmarks" / "scenarios"
DEFAULT_OUT = ROOT / "benchmarks" / "results" / "speed.json"
MODELS = ("naive", "tuned", "highs", "tuned-plain")
DEFAULT_MODELS = ("naive", "tuned", "highs", "tuned-plain")
LONG_BLOCK_WEEKS = 30  # blocks longer than this get --long-time-limit
# The first target ("proven optimal in at most 10 s") is about blocks of up to
# this many weeks; they are also solved once at --target-time-limit (tuned model only).
SHORT_TARGET_WEEKS = 16
SHORT_TARGET_SECONDS = 10.0
GROWTH_SCENARIO = "52w-season.toml"  # --growth cuts this season to shorter blocks
SWITCHED_OFF: list[str] = []  # --switch-off: constraint switches set to false everywhere
sys.path.insert(0, str(ROOT))


# ---------------------------------------------------------------------------
# One solve, in a child process
# ---------------------------------------------------------------------------


def load_benchmark_scenario(path: Path, weeks: int | None = None) -> Any:
    """The scenario with soft penalties off; with `weeks`, cut to its first weeks (the
    races after the cut left out)."""
    import datetime as dt

    from models.io import parse_document, validate_scenario

    raw = parse_document(path)
    raw.setdefault("objective", {})["soft_penalties"] = False
    for key in SWITCHED_OFF:
        raw.setdefault("constraints", {})[key] = False
    if weeks is not None:
        start = dt.date.fromisoformat(str(raw["start"]))
        end = start + dt.timedelta(days=7 * weeks - 1)
        raw["end"] = end
        raw["races"] = [
            r for r in raw.get("races", []) if dt.date.fromisoformat(str(r["date"])) <= end
        ]
        raw["name"] = f"{raw['name']}-first-{weeks}-weeks"
    return validate_scenario(raw, file=str(path))


def weighted_perf(scenario: Any, loads: list[int]) -> float:
    """The weighted Banister sum of a plan, in floating point (the spec's formula)."""
    from models.calendar import build_calendar
    from models.performance import perf, scored_races

    cal = build_calendar(scenario)
    return sum(
        r.weight * perf(scenario.objective, loads, r.day) for r in scored_races(scenario, cal)
    )


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def solve_one(
    path: Path,
    model: str,
    time_limit: float,
    workers: int,
    seed: int,
    gap: float,
    weeks: int | None = None,
) -> dict[str, Any]:
    scenario = load_benchmark_scenario(path, weeks)
    from models.check import check_sessions

    started = time.perf_counter()
    row: dict[str, Any] = {"first_plan_s": None, "stopped_by_wall_clock": None, "message": ""}
    sessions = None
    child_peak = 0.0
    if model == "naive":
        from benchmarks.naive_model import solve_naive

        r = solve_naive(scenario, time_limit=time_limit, workers=workers, seed=seed, gap=gap)
        sessions = r.sessions
        row.update(
            status=r.status,
            objective=r.objective,
            bound=r.bound,
            gap=r.gap,
            build_s=r.build_seconds,
            solve_s=r.build_seconds + r.solve_seconds,
            first_plan_s=r.first_plan_seconds,
            size=f"{r.variables} vars, {r.constraints} cons",
        )
    elif model == "tuned":
        import dataclasses

        from models.catalog import resolve_catalog
        from solver.options import SolveOptions
        from solver.solve import solve_scenario

        fields = {f.name for f in dataclasses.fields(SolveOptions)}
        extra: dict[str, Any] = {}
        seen: list[float] = []
        if "gap" in fields:
            extra["gap"] = gap
        if "progress" in fields:  # (objective, bound, seconds) on every better plan
            extra["progress"] = lambda objective, bound, seconds: seen.append(seconds)
        options = SolveOptions(time_limit=time_limit, workers=workers, seed=seed, **extra)
        plan = solve_scenario(scenario, options)
        if plan.days:
            by_id = {s.id: s for s in resolve_catalog(scenario)}
            sessions = [by_id[d.session] for d in plan.days]
        info = plan.solver or {}
        row.update(
            status=plan.status.value,
            objective=plan.objective,
            bound=plan.bound,
            gap=plan.gap,
            build_s=info.get("build_seconds"),
            solve_s=plan.solve_seconds,
            stopped_by_wall_clock=info.get("stopped_by_wall_clock"),
            first_plan_s=min(seen) if seen else None,
            size=f"{info.get('variables')} vars, {info.get('constraints')} cons",
            message=plan.message,
        )
    elif model == "tuned-plain":
        r = solve_tuned_plain(scenario, time_limit, workers, seed, gap)
        sessions = r.pop("sessions")
        row.update(r)
    elif model == "highs":
        from benchmarks.mip_highs import solve_highs

        h = solve_highs(
            scenario, time_limit=time_limit, threads=workers, seed=seed, mip_rel_gap=gap
        )
        sessions = h.sessions
        child_peak = h.child_peak_mib
        row.update(
            status=h.status,
            objective=h.objective,
            bound=h.bound,
            gap=h.gap,
            build_s=h.build_seconds + h.translate_seconds,
            solve_s=h.build_seconds + h.translate_seconds + h.solve_seconds,
            size=f"{h.columns} cols, {h.rows} rows",
            message=h.message,
        )
    else:
        raise ValueError(f"unknown model {model!r}")
    row["wall_s"] = time.perf_counter() - started
    # proven optimal: the solver says so, or it stopped within the gap asked for
    g = row["gap"]
    row["proven"] = row["status"] == "OPTIMAL" or (g is not None and g <= gap + 1e-12)
    row["time_to_optimal_s"] = row["solve_s"] if row["proven"] else None
    if sessions is not None:
        violations = check_sessions(scenario, sessions)
        row["violations"] = [v.as_dict() for v in violations]
        row["perf"] = weighted_perf(scenario, [s.load for s in sessions])
    else:
        row["violations"] = None
        row["perf"] = None
    # HiGHS runs in a grandchild while this process holds the CP-SAT model: both count.
    row["peak_mib"] = peak_mib() + child_peak
    row["model"] = model
    return row


def solve_tuned_plain(
    scenario: Any, time_limit: float, workers: int, seed: int, gap: float
) -> dict[str, Any]:
    """The tuned model (solver.build.build_model) under the baseline's search: one CP-SAT
    solve, `workers` workers, default parameters, no feasibility phase. Set beside the
    baseline it compares models; beside `tuned` it compares searches."""
    from ortools.sat.python import cp_model

    from benchmarks.naive_model import STATUS_NAMES
    from models.catalog import resolve_catalog
    from solver.build import build_model
    from solver.decode import chosen_sessions
    from solver.objective import OBJECTIVE_SCALE

    built = build_model(scenario, resolve_catalog(scenario), with_objective=True)
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.num_workers = workers
    params.random_seed = seed
    params.max_time_in_seconds = time_limit
    params.relative_gap_limit = gap
    status = STATUS_NAMES[solver.solve(built.model)]
    has_plan = status in ("OPTIMAL", "FEASIBLE")
    objective = bound = g = None
    sessions = None
    if has_plan:
        objective = solver.objective_value / OBJECTIVE_SCALE
        bound = objective if status == "OPTIMAL" else solver.best_objective_bound / OBJECTIVE_SCALE
        g = abs(objective - bound) / max(1.0, abs(objective))
        sessions = chosen_sessions(built.ctx, list(solver.response_proto.solution))
    proto = built.model.proto
    return {
        "status": status,
        "objective": objective,
        "bound": bound,
        "gap": g,
        "build_s": built.build_seconds,
        "solve_s": built.build_seconds + solver.wall_time,
        "size": f"{len(proto.variables)} vars, {len(proto.constraints)} cons",
        "sessions": sessions,
    }


# ---------------------------------------------------------------------------
# The run
# ---------------------------------------------------------------------------


def scenario_paths(names: list[str] | None) -> list[Path]:
    paths = sorted(SCENARIO_DIR.glob("*.toml"))
    if names:
        wanted = set(names)
        paths = [p for p in paths if p.stem in wanted]
        missing = wanted - {p.stem for p in paths}
        if missing:
            raise SystemExit(f"unknown scenario(s): {', '.join(sorted(missing))}")
    return paths


def scenario_facts(path: Path, weeks: int | None = None) -> dict[str, Any]:
    scenario = load_benchmark_scenario(path, weeks)
    days = (scenario.last_day - scenario.start).days + 1
    return {
        "scenario": path.stem if weeks is None else f"{path.stem}[:{weeks}]",
        "weeks": (days + 6) // 7,
        "days": days,
        "races": len(scenario.races),
        "race_list": ", ".join(f"{r.distance} {r.priority}" for r in scenario.races),
    }


def run_child(
    path: Path, model: str, limit: float, args: argparse.Namespace, weeks: int | None = None
) -> dict[str, Any]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--one", str(path), "--model", model]
    cmd += ["--time-limit", str(limit), "--workers", str(args.workers), "--seed", str(args.seed)]
    cmd += ["--gap", str(args.gap)]
    if args.switch_off:
        cmd += ["--switch-off", args.switch_off]
    if weeks is not None:
        cmd += ["--weeks", str(weeks)]
    try:
        out = subprocess.run(
            cmd, check=True, capture_output=True, text=True, timeout=2 * limit + 300
        )
    except subprocess.CalledProcessError as exc:
        tail = exc.stderr.strip().splitlines()[-1:] if exc.stderr else []
        return {"model": model, "status": "CRASHED", "message": " ".join(tail)}
    except subprocess.TimeoutExpired:
        return {"model": model, "status": "TIMEOUT", "message": "the child ran out of time"}
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--time-limit", type=float, default=30.0)
    parser.add_argument(
        "--long-time-limit",
        type=float,
        default=60.0,
        help=f"time limit for blocks longer than {LONG_BLOCK_WEEKS} weeks",
    )
    parser.add_argument(
        "--target-time-limit",
        type=float,
        default=SHORT_TARGET_SECONDS,
        help=f"also solve blocks of up to {SHORT_TARGET_WEEKS} weeks with the tuned model at "
        "this limit, the first target's own (0: not)",
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--gap",
        type=float,
        default=1e-4,
        help="every model stops at this relative gap, the issue's 'proven optimal'",
    )
    parser.add_argument("--scenarios", help="comma-separated stems of benchmarks/scenarios/*.toml")
    parser.add_argument("--models", default=",".join(DEFAULT_MODELS))
    parser.add_argument(
        "--growth",
        help="comma-separated week counts: also solve the 52-week season cut to each length",
    )
    parser.add_argument("--growth-models", default="tuned", help="models for --growth")
    parser.add_argument(
        "--growth-only", action="store_true", help="run --growth without the scenarios"
    )
    parser.add_argument(
        "--switch-off",
        help="comma-separated constraint switches (e.g. max_monotony_enabled) set to false "
        "in every scenario, to see what a rule costs the solvers",
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--from-json", type=Path, help="reprint the tables of an earlier run")
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--model", help=argparse.SUPPRESS)
    parser.add_argument("--weeks", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.switch_off:
        SWITCHED_OFF.extend(k.strip() for k in args.switch_off.split(",") if k.strip())

    if args.one:
        result = solve_one(
            args.one, args.model, args.time_limit, args.workers, args.seed, args.gap, args.weeks
        )
        print(json.dumps(result))
        return
    if args.from_json:
        print(render(json.loads(args.from_json.read_text())))
        return

    models = model_list(args.models)
    growth_models = model_list(args.growth_models)
    names = [s.strip() for s in args.scenarios.split(",")] if args.scenarios else None
    started = time.time()
    load_before = os.getloadavg()
    paths = [] if args.growth_only else scenario_paths(names)
    rows = [run_scenario(path, models, args) for path in paths]
    growth = []
    if args.growth:
        season = SCENARIO_DIR / GROWTH_SCENARIO
        for weeks in (int(w) for w in args.growth.split(",")):
            growth.append(run_scenario(season, growth_models, args, weeks))
    doc = {
        "command": " ".join(["python", "benchmarks/speed.py", *sys.argv[1:]]),
        "settings": {
            "time_limit": args.time_limit,
            "long_time_limit": args.long_time_limit,
            "target_time_limit": args.target_time_limit,
            "long_block_weeks": LONG_BLOCK_WEEKS,
            "workers": args.workers,
            "seed": args.seed,
            "soft_penalties": False,
            "models": models,
            "gap": args.gap,
            "switched_off": SWITCHED_OFF,
        },
        "code": code_fingerprint(),
        "started": time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(started)),
        "seconds": round(time.time() - started, 1),
        # the machine's 1/5/15-minute load averages before and after: other work skews timings
        "load_before": [round(x, 2) for x in load_before],
        "load_after": [round(x, 2) for x in os.getloadavg()],
        "rows": rows,
        "growth": growth,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(doc, indent=1) + "\n")
    print(render(doc))


def code_fingerprint() -> dict[str, str]:
    """sha256 (first 12 hex digits) of the solver's and the data model's sources, so a
    table can be tied to the code it measured."""
    import hashlib

    out = {}
    for name, pattern in (("solver", "solver/**/*.py"), ("models", "models/**/*.py")):
        digest = hashlib.sha256()
        for f in sorted(ROOT.glob(pattern)):
            digest.update(f.read_bytes())
        out[name] = digest.hexdigest()[:12]
    return out


def model_list(text: str) -> list[str]:
    models = [m.strip() for m in text.split(",") if m.strip()]
    for m in models:
        if m not in MODELS:
            raise SystemExit(f"unknown model {m!r}; known: {', '.join(MODELS)}")
    return models


def run_scenario(
    path: Path, models: list[str], args: argparse.Namespace, weeks: int | None = None
) -> dict[str, Any]:
    facts = scenario_facts(path, weeks)
    limit = args.long_time_limit if facts["weeks"] > LONG_BLOCK_WEEKS else args.time_limit
    entry: dict[str, Any] = {**facts, "time_limit": limit, "results": {}}
    for model in models:
        res = run_child(path, model, limit, args, weeks)
        entry["results"][model] = res
        print(
            f"{facts['scenario']} {model}: {res.get('status')} obj {res.get('objective')} "
            f"gap {res.get('gap')} in {res.get('solve_s')} s",
            file=sys.stderr,
        )
    target_limit = args.target_time_limit
    if (
        weeks is None
        and "tuned" in models
        and target_limit
        and facts["weeks"] <= SHORT_TARGET_WEEKS
    ):
        res = run_child(path, "tuned", target_limit, args)
        entry["at_target_limit"] = {**res, "time_limit": target_limit}
        print(
            f"{facts['scenario']} tuned at {target_limit:g} s: {res.get('status')} "
            f"obj {res.get('objective')} gap {res.get('gap')} in {res.get('solve_s')} s",
            file=sys.stderr,
        )
    return entry


# ---------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------


def fmt_s(x: float | None) -> str:
    return "-" if x is None else f"{x:.2f}"


def fmt_mib(x: float | None) -> str:
    return "-" if x is None else f"{x:.0f}"


def fmt_gap(r: dict[str, Any]) -> str:
    g = r.get("gap")
    if g is None:
        return "-"
    return "0" if g == 0 else f"{100 * g:.2f}%"


def fmt_obj(x: float | None) -> str:
    return "-" if x is None else f"{x:.2f}"


def check_text(r: dict[str, Any]) -> str:
    v = r.get("violations")
    if v is None:
        return "-"
    return "ok" if not v else f"{len(v)} violations"


def ratio(a: float | None, b: float | None) -> str:
    if a is None or b is None or b == 0:
        return "-"
    return f"{a / b:.2f}x" if a / b >= 0.01 else f"{a / b:.3f}x"


def time_ratio(r: dict[str, Any], ref: dict[str, Any], limit: float) -> str:
    """Time to proven optimum of r over ref's; when only r proves it, an upper bound."""
    t, t_ref = r.get("time_to_optimal_s"), ref.get("time_to_optimal_s")
    if t is None:
        return "-"
    if t_ref is not None:
        return ratio(t, t_ref)
    return f"< {ratio(t, limit)}"


def gap_ratio(r: dict[str, Any], ref: dict[str, Any]) -> str:
    g, g_ref = r.get("gap"), ref.get("gap")
    if g is None:
        return "-"
    if g_ref is None:
        return "(ref. no plan)"
    if g_ref == 0:
        return "-" if g else "1x"
    return ratio(g, g_ref)


def render(doc: dict[str, Any]) -> str:
    s = doc["settings"]
    out = [
        f"`{doc['command']}`: time limit {s['time_limit']:g} s "
        f"({s['long_time_limit']:g} s over {s['long_block_weeks']} weeks), "
        f"{s['workers']} workers, seed {s['seed']}, gap limit {s.get('gap', 0):g}, "
        f"soft penalties off"
        + (f", switched off: {', '.join(s['switched_off'])}" if s.get("switched_off") else "")
        + f", run {doc['started']} ({doc['seconds']:g} s; load average before "
        f"{'/'.join(map(str, doc.get('load_before', [])))}, after "
        f"{'/'.join(map(str, doc.get('load_after', [])))})",
        "",
        *([f"Note: {doc['notes']}", ""] if doc.get("notes") else []),
        *results_table(doc["rows"]),
        "",
        "Ratios to the baseline (the naive model) and, for the tuned model, to HiGHS. Below "
        "1x: faster, tighter or smaller. `< r`: only this model proved the optimum within the "
        "time limit, so the ratio is below r. `ref. no plan`: the reference found no plan.",
        "",
        "| scenario | weeks | model | time to optimum | gap | build | peak memory "
        "| vs HiGHS: time to optimum | gap | peak memory |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in doc["rows"]:
        res = row["results"]
        n, h = res.get("naive", {}), res.get("highs", {})
        limit = row["time_limit"]
        for model in ("tuned", "highs", "tuned-plain"):
            r = res.get(model)
            if r is None:
                continue
            vs_highs = ["", "", ""]
            if model == "tuned" and h:
                vs_highs = [
                    time_ratio(r, h, limit),
                    gap_ratio(r, h),
                    ratio(r.get("peak_mib"), h.get("peak_mib")),
                ]
            out.append(
                f"| {row['scenario']} | {row['weeks']} | {model} | {time_ratio(r, n, limit)} "
                f"| {gap_ratio(r, n)} | {ratio(r.get('build_s'), n.get('build_s'))} "
                f"| {ratio(r.get('peak_mib'), n.get('peak_mib'))} | {' | '.join(vs_highs)} |"
            )
    out += ["", "Targets against measured (the tuned model):", ""]
    out += targets(doc)
    if doc.get("growth"):
        out += [
            "",
            "Growth: the 52-week season cut to its first weeks (races after the cut left out), "
            "same settings:",
            "",
            *results_table(doc["growth"]),
        ]
    return "\n".join(out)


def results_table(rows: list[dict[str, Any]]) -> list[str]:
    out = [
        "| scenario | weeks | races | model | status | objective | bound | gap | time to optimum s "
        "| first plan s | solve s | build s | peak MiB | check | model size |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        for model, r in row["results"].items():
            out.append(
                f"| {row['scenario']} | {row['weeks']} | {row['races']} | {model} "
                f"| {r.get('status')} | {fmt_obj(r.get('objective'))} | {fmt_obj(r.get('bound'))} "
                f"| {fmt_gap(r)} | {fmt_s(r.get('time_to_optimal_s'))} "
                f"| {fmt_s(r.get('first_plan_s'))} | {fmt_s(r.get('solve_s'))} "
                f"| {fmt_s(r.get('build_s'))} | {fmt_mib(r.get('peak_mib'))} "
                f"| {check_text(r)} | {r.get('size', '-')} |"
            )
    return out


def targets(doc: dict[str, Any]) -> list[str]:
    lines = [
        "| target | scenario | measured | met |",
        "|---|---|---|---|",
    ]
    by_weeks = {row["weeks"]: row for row in doc["rows"] if "tuned" in row["results"]}

    def met(ok: bool | None) -> str:
        return "-" if ok is None else ("yes" if ok else "**no**")

    for row in sorted(by_weeks.values(), key=lambda r: r["weeks"]):
        t = row["results"]["tuned"]
        name = f"{row['scenario']} ({row['weeks']} wk, {row['races']} races)"
        weeks = row["weeks"]
        gap = t.get("gap")
        if weeks <= SHORT_TARGET_WEEKS:
            measured = short_block_measured(t, row["time_limit"])
            ok = proven_in_time(t)
            quick = row.get("at_target_limit")
            if quick:
                measured = f"{short_block_measured(quick, quick['time_limit'])}; {measured}"
                ok = ok or proven_in_time(quick)
            lines.append(
                f"| up to 16 weeks: proven optimal (gap <= 1e-4) in <= 10 s | {name} "
                f"| {measured} | {met(ok)} |"
            )
        elif 17 <= weeks <= 30:
            measured = f"{t.get('status')}, gap {fmt_gap(t)} at {row['time_limit']:g} s"
            ok = gap is not None and gap <= 0.005 and row["time_limit"] <= 30
            lines.append(f"| 17-30 weeks: gap <= 0.5% at 30 s | {name} | {measured} | {met(ok)} |")
        elif weeks >= 52:
            measured = f"{t.get('status')}, gap {fmt_gap(t)} at {row['time_limit']:g} s"
            ok = gap is not None and gap <= 0.01 and row["time_limit"] <= 60
            lines.append(
                f"| 52-week season, 5+ races: gap <= 1% at 60 s | {name} | {measured} | {met(ok)} |"
            )
            build, solve = t.get("build_s"), t.get("solve_s")
            share = build / solve if build is not None and solve else None
            ok_b = None if build is None or share is None else build < 1 and share < 0.1
            lines.append(
                f"| model building, 52 weeks: < 1 s and < 10% of the solve | {name} "
                f"| {fmt_s(build)} s, {'-' if share is None else f'{100 * share:.1f}%'} of "
                f"{fmt_s(solve)} s | {met(ok_b)} |"
            )
            peak = t.get("peak_mib")
            lines.append(
                f"| peak memory, 52 weeks: < 1 GiB | {name} | "
                f"{'-' if peak is None else f'{peak:.0f} MiB'} "
                f"| {met(None if peak is None else peak < 1024)} |"
            )
        else:
            measured = f"{t.get('status')}, gap {fmt_gap(t)} at {row['time_limit']:g} s"
            lines.append(f"| (no target: {weeks} weeks) | {name} | {measured} | - |")
    return lines


def proven_in_time(r: dict[str, Any]) -> bool:
    tto = r.get("time_to_optimal_s")
    return tto is not None and tto <= SHORT_TARGET_SECONDS


def short_block_measured(r: dict[str, Any], limit: float) -> str:
    tto = r.get("time_to_optimal_s")
    if tto is not None:
        return f"optimal in {tto:.2f} s (limit {limit:g} s)"
    clock = " (the wall clock ended it)" if r.get("stopped_by_wall_clock") else ""
    return (
        f"limit {limit:g} s: {r.get('status')} {fmt_obj(r.get('objective'))}, "
        f"gap {fmt_gap(r)} after {fmt_s(r.get('solve_s'))} s{clock}"
    )


if __name__ == "__main__":
    main()
