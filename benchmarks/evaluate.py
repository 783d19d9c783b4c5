"""Solver quality on the benchmark set, per block-length band, in one command.

    python benchmarks/evaluate.py --split eval --limits 10,30,60 --workers 2 --seed 0
    python benchmarks/evaluate.py --split tune --cases tune-short-00 --limits 5
    python benchmarks/evaluate.py --split eval --report-only --markdown report.md

Why: a solver change is judged on many blocks at once, and on the evaluation split,
which no constant of the solver was chosen on (benchmarks/cases.py), so that a gain
there is a gain on blocks the change was not shaped for. The issue's targets are read
per band, each at its own time limit (`BAND_LIMITS`) and with two workers.

Two solvers, each solve in its own process:

- `speedblock`: the command line as a coach runs it, `speedblock solve CASE --time-limit
  T --workers W --seed S --json`, timed as a whole command; its plan is checked with
  models/check/, as `speedblock check` checks a plan file.
- `plain`: the plain CP-SAT transcription of the rules (benchmarks/naive_model.py),
  through `--child plain CASE T W S`; its sessions are checked with
  models.check.check_sessions. While that transcription has no soft penalties, a case
  that has them on is recorded as UNSUPPORTED.

Results are merged into the JSON (`--out`) by (case, solver, limit, workers, seed), and
written after every solve, so an interrupted run loses at most one solve; `--resume`
skips keys already there, so a run can be finished or extended with more limits, cases
or solvers. Each run records the code it measured (git HEAD and whether the tree was
dirty), the machine's load before and after, the date and the command.

The report (printed, and with `--markdown FILE` written) has, per band and limit: the
cases, how many have a plan, the median and worst gap, the share proven optimal, how
many solves the wall clock ended, how many plans the checker rejected (it must be none),
and, against `plain` at the same limit, the median and worst ratio of the objectives
and on how many cases speedblock's is below; then the targets, met or not; then every
solve. The best known objective of a case is the highest any solver reached at any
limit, the best known bound the lowest either proved. Cases proved infeasible are
reported as such and left out of every gap statistic.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.cases import SPLITS, Case, by_name  # noqa: E402

FORMAT = "speedblock.evaluation/1"
SOLVERS = ("speedblock", "plain")
BANDS = ("short", "mid", "long")
# The targets are measured at the band's own limit, with this many workers.
BAND_LIMITS = {"short": 10.0, "mid": 30.0, "long": 60.0}
TARGET_WORKERS = 2
# "Proven optimal": the solver says so, or its gap is within the speed benchmark's limit.
PROVEN_GAP = 1e-4
# Both solvers report the same scaled integer objective divided back, so only float
# noise separates two equal plans; a smaller difference is not "below".
TIE = 1e-6
PLAN_STATUSES = ("OPTIMAL", "FEASIBLE")
# A plain solve that measured nothing comparable: the solver could not take the case, or
# its process failed.
NOT_COMPARABLE = ("UNSUPPORTED", "CRASHED", "TIMEOUT", "ERROR")
CHILD_MARGIN_S = 120.0  # a solve's process may run this long past twice its limit


# ---------------------------------------------------------------------------
# Records
# ---------------------------------------------------------------------------


def record_key(r: dict[str, Any]) -> tuple[str, str, float, int, int]:
    return (r["case"], r["solver"], float(r["limit"]), int(r["workers"]), int(r["seed"]))


def merge(results: Iterable[dict[str, Any]], new: dict[str, Any]) -> list[dict[str, Any]]:
    """The results with `new` in place of the record of the same key, sorted by key."""
    by_key = {record_key(r): r for r in results}
    by_key[record_key(new)] = new
    return [by_key[k] for k in sorted(by_key)]


def has_plan(r: dict[str, Any]) -> bool:
    return r.get("status") in PLAN_STATUSES and r.get("objective") is not None


def is_proven(r: dict[str, Any]) -> bool:
    gap = r.get("gap")
    return has_plan(r) and (r["status"] == "OPTIMAL" or (gap is not None and gap <= PROVEN_GAP))


def relative(diff: float, scale: float) -> float:
    """A difference relative to a value, as the plan format's gap: / max(1, |value|)."""
    return diff / max(1.0, abs(scale))


# ---------------------------------------------------------------------------
# Case-level facts drawn from every record
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Best:
    objective: float | None  # the highest objective any solver reached at any limit
    bound: float | None  # the lowest bound any solver proved


def best_known(records: Iterable[dict[str, Any]]) -> dict[str, Best]:
    objectives: dict[str, float] = {}
    bounds: dict[str, float] = {}
    cases: set[str] = set()
    for r in records:
        cases.add(r["case"])
        if has_plan(r):
            objectives[r["case"]] = max(objectives.get(r["case"], r["objective"]), r["objective"])
        if has_plan(r) and r.get("bound") is not None:
            bounds[r["case"]] = min(bounds.get(r["case"], r["bound"]), r["bound"])
    return {c: Best(objectives.get(c), bounds.get(c)) for c in cases}


def infeasible_cases(records: Iterable[dict[str, Any]]) -> set[str]:
    """Cases some solve proved infeasible."""
    return {r["case"] for r in records if r.get("status") == "INFEASIBLE"}


def contradictions(records: Sequence[dict[str, Any]]) -> list[str]:
    """What cannot all be true: a plan for a case proved infeasible, or a plan above a
    proven bound (either is a solver or checker bug worth a look)."""
    out = []
    infeasible = infeasible_cases(records)
    planned = {r["case"] for r in records if has_plan(r)}
    for case in sorted(infeasible & planned):
        out.append(f"{case}: proved infeasible, yet a solve found a plan")
    for case, best in sorted(best_known(records).items()):
        if best.objective is None or best.bound is None:
            continue
        if best.objective > best.bound + TIE * max(1.0, abs(best.bound)):
            out.append(
                f"{case}: a plan of {best.objective:.2f} lies above the bound "
                f"{best.bound:.2f} another solve proved"
            )
    return out


def gap_to_best_bound(r: dict[str, Any], best: Best | None) -> float | None:
    if not has_plan(r) or best is None or best.bound is None:
        return None
    return max(0.0, relative(best.bound - r["objective"], r["objective"]))


def below_best(r: dict[str, Any], best: Best | None) -> float | None:
    """How far the plan falls short of the best known objective."""
    if not has_plan(r) or best is None or best.objective is None:
        return None
    return max(0.0, relative(best.objective - r["objective"], best.objective))


# ---------------------------------------------------------------------------
# Against the plain transcription
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Versus:
    ratio: float | None  # objective over the reference's, when both have a plan
    below: bool  # the objective is below the reference's (no plan counts as below one)


def versus(r: dict[str, Any] | None, ref: dict[str, Any] | None) -> Versus | None:
    """One case at one limit against the reference solver; None when not comparable."""
    if r is None or ref is None or ref.get("status") in NOT_COMPARABLE:
        return None
    if not has_plan(ref):
        return Versus(None, False)  # the reference found nothing to be below
    if not has_plan(r):
        return Versus(None, True)
    ratio = r["objective"] / ref["objective"] if ref["objective"] > 0 else None
    below = r["objective"] < ref["objective"] - TIE * max(1.0, abs(ref["objective"]))
    return Versus(ratio, below)


# ---------------------------------------------------------------------------
# Band statistics
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class BandStats:
    band: str
    limit: float
    solver: str
    cases: int  # cases of the band solved at this limit
    infeasible: int  # of those, proved infeasible (left out of everything below)
    unsupported: int  # the solver could not take the case
    with_plan: int
    no_plan: int  # feasible or unknown cases without a plan (out of time, crashed)
    median_gap: float | None
    worst_gap: float | None
    median_gap_best_bound: float | None
    worst_gap_best_bound: float | None
    proven: int
    wall_clock: int | None  # solves the wall clock ended; None: the solver does not say
    rejected: int  # plans the checker rejected
    compared: int  # cases compared with the reference solver
    median_ratio: float | None
    worst_ratio: float | None
    below: int  # cases whose objective is below the reference's

    @property
    def eligible(self) -> int:
        """Cases that count toward the targets: neither infeasible nor unsupported."""
        return self.cases - self.infeasible - self.unsupported

    @property
    def proven_share(self) -> float | None:
        return self.proven / self.eligible if self.eligible else None


def median(values: Sequence[float]) -> float | None:
    return statistics.median(values) if values else None


def wall_clock_count(records: Sequence[dict[str, Any]]) -> int | None:
    flags = [r.get("stopped_by_wall_clock") for r in records]
    if all(f is None for f in flags):
        return None
    return sum(bool(f) for f in flags)


def band_stats(
    records: Sequence[dict[str, Any]],
    band: str,
    limit: float,
    solver: str,
    reference: str | None = "plain",
) -> BandStats:
    """Statistics of one solver on one band at one limit. `records` are every record of
    one (workers, seed) setting; cases are judged infeasible and best known from all.
    A solver is never compared with itself."""
    if reference == solver:
        reference = None
    infeasible = infeasible_cases(records)
    best = best_known(records)
    mine = {
        r["case"]: r
        for r in records
        if r["solver"] == solver and r["band"] == band and float(r["limit"]) == limit
    }
    refs = {
        r["case"]: r
        for r in records
        if r["solver"] == reference and r["band"] == band and float(r["limit"]) == limit
    }
    counted = [r for c, r in mine.items() if c not in infeasible]
    supported = [r for r in counted if r.get("status") != "UNSUPPORTED"]
    planned = [r for r in supported if has_plan(r)]
    gaps = [r["gap"] for r in planned if r.get("gap") is not None]
    best_gaps = [g for r in planned if (g := gap_to_best_bound(r, best.get(r["case"]))) is not None]
    pairs = [
        v
        for c, r in mine.items()
        if c not in infeasible and (v := versus(r, refs.get(c))) is not None
    ]
    ratios = [v.ratio for v in pairs if v.ratio is not None]
    return BandStats(
        band=band,
        limit=limit,
        solver=solver,
        cases=len(mine),
        infeasible=len(mine) - len(counted),
        unsupported=len(counted) - len(supported),
        with_plan=len(planned),
        no_plan=len(supported) - len(planned),
        median_gap=median(gaps),
        worst_gap=max(gaps) if gaps else None,
        median_gap_best_bound=median(best_gaps),
        worst_gap_best_bound=max(best_gaps) if best_gaps else None,
        proven=sum(is_proven(r) for r in planned),
        wall_clock=wall_clock_count(supported),
        rejected=sum(r.get("valid") is False for r in mine.values()),
        compared=len(pairs),
        median_ratio=median(ratios),
        worst_ratio=min(ratios) if ratios else None,
        below=sum(v.below for v in pairs),
    )


# ---------------------------------------------------------------------------
# Targets
# ---------------------------------------------------------------------------

MET, NOT_MET, NOT_MEASURED, MET_WHERE_MEASURED = (
    "met",
    "**not met**",
    "not measured",
    "met where measured",
)


@dataclass(frozen=True)
class Verdict:
    target: str
    band: str
    limit: float
    measured: str
    verdict: str


def pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.2f}%"


def unmeasured(s: BandStats) -> str | None:
    """Why a target cannot be read from these statistics, if it cannot."""
    if not s.cases:
        return f"no solve at {s.limit:g} s"
    if not s.eligible:
        return "every case infeasible or unsupported"
    return None


def gap_verdict(s: BandStats, most: float) -> tuple[str, str]:
    if why := unmeasured(s):
        return why, NOT_MEASURED
    text = f"worst {pct(s.worst_gap)}, median {pct(s.median_gap)} over {s.with_plan} cases"
    if s.no_plan:
        text += f"; {s.no_plan} without a plan"
    ok = s.no_plan == 0 and s.worst_gap is not None and s.worst_gap <= most
    return text, MET if ok else NOT_MET


def proven_verdict(s: BandStats, share: float) -> tuple[str, str]:
    if why := unmeasured(s):
        return why, NOT_MEASURED
    ok = s.proven >= share * s.eligible
    return f"{s.proven} of {s.eligible} proven optimal", MET if ok else NOT_MET


def wall_clock_verdict(s: BandStats) -> tuple[str, str]:
    if why := unmeasured(s):
        return why, NOT_MEASURED
    if s.wall_clock is None:
        return "the solves do not say", NOT_MEASURED
    text = f"{s.wall_clock} of {s.eligible} ended by the wall clock"
    return text, MET if s.wall_clock == 0 else NOT_MET


def plain_verdict(s: BandStats) -> tuple[str, str]:
    if why := unmeasured(s):
        return why, NOT_MEASURED
    if not s.compared:
        return "no case comparable (plain unsupported or not run)", NOT_MEASURED
    text = f"below plain on {s.below} of {s.compared} compared"
    if s.compared < s.eligible:
        text += f"; {s.eligible - s.compared} not comparable"
    if s.below:
        return text, NOT_MET
    return text, MET if s.compared == s.eligible else MET_WHERE_MEASURED


TargetRule = Callable[[BandStats], tuple[str, str]]
TARGETS: tuple[tuple[str, str, TargetRule], ...] = (
    ("up to 16 weeks: gap <= 0.5% on every case", "short", lambda s: gap_verdict(s, 0.005)),
    (
        "up to 16 weeks: proven optimal on at least half",
        "short",
        lambda s: proven_verdict(s, 0.5),
    ),
    ("17-30 weeks: gap <= 1%", "mid", lambda s: gap_verdict(s, 0.01)),
    ("31-52 weeks: gap <= 1.5%", "long", lambda s: gap_verdict(s, 0.015)),
    ("31-52 weeks: never ended by the wall clock", "long", wall_clock_verdict),
    *(
        ("every case: objective >= the plain transcription's", band, plain_verdict)
        for band in BANDS
    ),
)


def target_verdicts(records: Sequence[dict[str, Any]], workers: int) -> list[Verdict]:
    """Each target at its band's own limit; not measured unless run with the targets'
    worker count."""
    out = []
    for name, band, rule in TARGETS:
        limit = BAND_LIMITS[band]
        if workers != TARGET_WORKERS:
            measured, verdict = f"run with --workers {workers}", NOT_MEASURED
        else:
            measured, verdict = rule(band_stats(records, band, limit, "speedblock"))
        out.append(Verdict(name, band, limit, measured, verdict))
    return out


# ---------------------------------------------------------------------------
# The report
# ---------------------------------------------------------------------------


def fmt_num(x: float | None, digits: int = 2) -> str:
    return "-" if x is None else f"{x:.{digits}f}"


def fmt_ratio(x: float | None) -> str:
    return "-" if x is None else f"{x:.4f}"


def fmt_count(x: int | None) -> str:
    return "-" if x is None else str(x)


def fmt_share(part: int, whole: int) -> str:
    return f"{part}/{whole}" if whole else "-"


def setting_records(
    doc: dict[str, Any], workers: int, seed: int, cases: set[str] | None = None
) -> list[dict[str, Any]]:
    """The records of one (workers, seed) setting, of the given cases (None: all)."""
    return [
        r
        for r in doc.get("results", [])
        if r["workers"] == workers and r["seed"] == seed and (cases is None or r["case"] in cases)
    ]


def limits_of(records: Iterable[dict[str, Any]]) -> list[float]:
    return sorted({float(r["limit"]) for r in records})


def band_table(records: Sequence[dict[str, Any]], solver: str) -> list[str]:
    with_ref = solver == "speedblock"
    head = (
        "| band | limit s | cases | infeasible | unsupported | with a plan | median gap "
        "| worst gap | median / worst gap to best bound | proven optimal "
        "| ended by wall clock | rejected by checker |"
    )
    rule = "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    if with_ref:
        head += " vs plain: compared | median ratio | worst ratio | below plain |"
        rule += "---:|---:|---:|---:|"
    lines = [head, rule]
    for band in BANDS:
        for limit in limits_of(r for r in records if r["band"] == band):
            s = band_stats(records, band, limit, solver)
            if not s.cases:
                continue
            row = (
                f"| {band} | {limit:g} | {s.cases} | {s.infeasible} | {s.unsupported} "
                f"| {s.with_plan} | {pct(s.median_gap)} | {pct(s.worst_gap)} "
                f"| {pct(s.median_gap_best_bound)} / {pct(s.worst_gap_best_bound)} "
                f"| {fmt_share(s.proven, s.eligible)} | {fmt_count(s.wall_clock)} "
                f"| {s.rejected} |"
            )
            if with_ref:
                row += (
                    f" {s.compared} | {fmt_ratio(s.median_ratio)} | {fmt_ratio(s.worst_ratio)} "
                    f"| {s.below} |"
                )
            lines.append(row)
    return lines


def targets_table(records: Sequence[dict[str, Any]], workers: int) -> list[str]:
    lines = ["| target | band | limit s | measured | verdict |", "|---|---|---:|---|---|"]
    for v in target_verdicts(records, workers):
        lines.append(f"| {v.target} | {v.band} | {v.limit:g} | {v.measured} | {v.verdict} |")
    return lines


def check_text(r: dict[str, Any]) -> str:
    if r.get("valid") is None:
        return "-"
    return "ok" if r["valid"] else f"**{r.get('violations')} violations**"


def case_table(records: Sequence[dict[str, Any]]) -> list[str]:
    best = best_known(records)
    lines = [
        "| case | band | weeks | races | rules | limit s | solver | status | objective "
        "| bound | gap | best known | below best | gap to best bound | wall s | wall clock "
        "| checker |",
        "|---|---|---:|---:|---|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    order = {b: i for i, b in enumerate(BANDS)}
    for r in sorted(records, key=lambda r: (order.get(r["band"], 9), *record_key(r))):
        b = best.get(r["case"])
        flag = r.get("stopped_by_wall_clock")
        clock = "-" if flag is None else ("yes" if flag else "no")
        lines.append(
            f"| {r['case']} | {r['band']} | {r.get('weeks', '-')} | {r.get('races', '-')} "
            f"| {r.get('rule_set', '-')} | {float(r['limit']):g} | {r['solver']} "
            f"| {r.get('status')} | {fmt_num(r.get('objective'))} | {fmt_num(r.get('bound'))} "
            f"| {pct(r.get('gap'))} | {fmt_num(b.objective if b else None)} "
            f"| {pct(below_best(r, b))} | {pct(gap_to_best_bound(r, b))} "
            f"| {fmt_num(r.get('wall_s'), 1)} | {clock} | {check_text(r)} |"
        )
    return lines


def runs_lines(doc: dict[str, Any]) -> list[str]:
    lines = []
    for i, run in enumerate(doc.get("runs", [])):
        code = run.get("code", {})
        dirty = " (tree dirty)" if code.get("dirty") else ""
        lines.append(
            f"- run {i}: {run.get('date')}, `{run.get('command')}`, code "
            f"{str(code.get('head'))[:12]}{dirty}, load before "
            f"{'/'.join(map(str, run.get('load_before', [])))}, after "
            f"{'/'.join(map(str, run.get('load_after', []) or ['-']))}, "
            f"{run.get('solves', 0)} solves in {run.get('seconds', '-')} s"
        )
    return lines


def render(doc: dict[str, Any], workers: int, seed: int, cases: set[str] | None = None) -> str:
    records = setting_records(doc, workers, seed, cases)
    out = [
        f"# Solver quality on the {doc.get('split')} split",
        "",
        f"{workers} workers, seed {seed}; {len({r['case'] for r in records})} cases, "
        f"{len(records)} solves. Targets are read at each band's own limit "
        f"({', '.join(f'{b} {BAND_LIMITS[b]:g} s' for b in BANDS)}) with "
        f"{TARGET_WORKERS} workers. Gap: the solver's own, |objective - bound| / "
        "max(1, |objective|); gap to best bound: against the lowest bound any solve "
        "proved; ratio: speedblock's objective over plain's.",
        "",
        *runs_lines(doc),
    ]
    if not records:
        return "\n".join([*out, "", "No results for these settings."]) + "\n"
    problems = contradictions(records)
    if problems:
        out += ["", "**Contradictions**:", *(f"- {p}" for p in problems)]
    infeasible = sorted(infeasible_cases(records))
    if infeasible:
        out += ["", f"Proved infeasible (left out of the statistics): {', '.join(infeasible)}"]
    for solver in SOLVERS:
        if any(r["solver"] == solver for r in records):
            out += ["", f"## {solver}, per band and limit", "", *band_table(records, solver)]
    out += ["", "## Targets", "", *targets_table(records, workers)]
    out += ["", "## Every solve", "", *case_table(records)]
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------
# Solving
# ---------------------------------------------------------------------------


def case_facts(case: Case) -> dict[str, Any]:
    from models.calendar import build_calendar
    from models.io import load_scenario

    cal = build_calendar(load_scenario(case.path))
    return {
        "case": case.name,
        "split": case.split,
        "band": case.band,
        "seed_of_case": case.seed,
        "rule_set": case.rule_set,
        "weeks": sum(w.full for w in cal.weeks),
        "races": len(cal.race_days),
    }


def violation_summary(violations: Sequence[Any]) -> dict[str, Any]:
    return {
        "valid": not violations,
        "violations": len(violations),
        "violation_sample": [f"{v.constraint}: {v.detail}" for v in violations[:3]],
    }


def speedblock_command() -> str:
    beside = Path(sys.executable).parent / "speedblock"
    if beside.exists():
        return str(beside)
    found = shutil.which("speedblock")
    if found is None:
        raise SystemExit("speedblock is not installed beside this Python nor on PATH")
    return found


def run_speedblock(case: Case, limit: float, workers: int, seed: int) -> dict[str, Any]:
    """The command line's solve, timed as a whole, and its plan checked."""
    cmd = [speedblock_command(), "solve", str(case.path), "--time-limit", f"{limit:g}"]
    cmd += ["--workers", str(workers), "--seed", str(seed), "--json"]
    started = time.perf_counter()
    try:
        proc = subprocess.run(
            cmd, capture_output=True, text=True, timeout=2 * limit + CHILD_MARGIN_S
        )
    except subprocess.TimeoutExpired:
        return {"status": "TIMEOUT", "message": "the command ran out of time"}
    row: dict[str, Any] = {"wall_s": round(time.perf_counter() - started, 3)}
    row["exit_code"] = proc.returncode
    try:
        plan = json.loads(proc.stdout)
    except json.JSONDecodeError:
        tail = proc.stderr.strip().splitlines()[-1:] if proc.stderr else []
        return {**row, "status": "CRASHED", "message": " ".join(tail)}
    if "error" in plan:
        return {**row, "status": "ERROR", "message": plan["error"].get("message", "")}
    return {**row, **plan_fields(plan), **check_plan_doc(case, plan)}


def plan_fields(plan: dict[str, Any]) -> dict[str, Any]:
    info = plan.get("solver") or {}
    return {
        "status": plan.get("status"),
        "objective": plan.get("objective"),
        "bound": plan.get("bound"),
        "gap": plan.get("gap"),
        "solve_s": plan.get("solve_seconds"),
        "stopped_by_wall_clock": info.get("stopped_by_wall_clock"),
        "work_limit": info.get("work_limit"),
        "build_s": info.get("build_seconds"),
        "winning_seed": info.get("winning_seed"),
        "message": plan.get("message", ""),
    }


def check_plan_doc(case: Case, plan: dict[str, Any]) -> dict[str, Any]:
    """The checker's verdict on a plan that has days, as `speedblock check` reads it."""
    if not plan.get("days"):
        return {"valid": None, "violations": None}
    from models.check import check_plan
    from models.io import load_scenario

    return violation_summary(check_plan(load_scenario(case.path), plan))


def run_plain(case: Case, limit: float, workers: int, seed: int) -> dict[str, Any]:
    """The plain transcription in a child process (this script's `--child plain`)."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", "plain", str(case.path)]
    cmd += [f"{limit:g}", str(workers), str(seed)]
    started = time.perf_counter()
    try:
        proc = subprocess.run(
            cmd, capture_output=True, text=True, timeout=2 * limit + CHILD_MARGIN_S
        )
    except subprocess.TimeoutExpired:
        return {"status": "TIMEOUT", "message": "the child ran out of time"}
    wall = round(time.perf_counter() - started, 3)
    if proc.returncode != 0 or not proc.stdout.strip():
        tail = proc.stderr.strip().splitlines()[-1:] if proc.stderr else []
        return {"status": "CRASHED", "wall_s": wall, "message": " ".join(tail)}
    return {**json.loads(proc.stdout.strip().splitlines()[-1]), "wall_s": wall}


def solve_plain_child(path: Path, limit: float, workers: int, seed: int) -> dict[str, Any]:
    """In the child: solve with benchmarks/naive_model.py and check its sessions."""
    from benchmarks.naive_model import solve_naive
    from models.check import check_sessions
    from models.io import load_scenario

    scenario = load_scenario(path)
    try:
        r = solve_naive(scenario, time_limit=limit, workers=workers, seed=seed)
    except ValueError as exc:
        if scenario.objective.soft_penalties:
            return {"status": "UNSUPPORTED", "message": str(exc)}
        raise
    row: dict[str, Any] = {
        "status": r.status,
        "objective": r.objective,
        "bound": r.bound,
        "gap": r.gap,
        "solve_s": round(r.build_seconds + r.solve_seconds, 3),
        "build_s": round(r.build_seconds, 3),
        "stopped_by_wall_clock": None,  # it has no other limit than the wall clock
        "valid": None,
        "violations": None,
    }
    if r.sessions is not None:
        row.update(violation_summary(check_sessions(scenario, r.sessions)))
    return row


RUNNERS: dict[str, Callable[[Case, float, int, int], dict[str, Any]]] = {
    "speedblock": run_speedblock,
    "plain": run_plain,
}


def solve_one(
    case: Case, facts: dict[str, Any], solver: str, limit: float, workers: int, seed: int
) -> dict[str, Any]:
    load = round(os.getloadavg()[0], 2)
    result = RUNNERS[solver](case, limit, workers, seed)
    return {
        **facts,
        "solver": solver,
        "limit": limit,
        "workers": workers,
        "seed": seed,
        "load_1m_before": load,
        **result,
    }


# ---------------------------------------------------------------------------
# The results file
# ---------------------------------------------------------------------------


def code_fingerprint() -> dict[str, Any]:
    """git HEAD and whether the tree differs from it (results files aside), so that a
    table can be tied to the code it measured."""

    def git(*args: str) -> str:
        proc = subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True)
        return proc.stdout.strip() if proc.returncode == 0 else ""

    # untracked files (a run's own log) are not code the run measured
    changed = git(
        "status", "--porcelain", "--untracked-files=no", "--", ".", ":(exclude)benchmarks/results"
    )
    return {"head": git("rev-parse", "HEAD") or None, "dirty": bool(changed)}


def load_doc(path: Path, split: str) -> dict[str, Any]:
    if path.exists():
        doc = json.loads(path.read_text())
        if doc.get("format") != FORMAT:
            raise SystemExit(f"{path} is not an evaluation results file ({FORMAT})")
        if doc.get("split") != split:
            raise SystemExit(f"{path} holds the {doc.get('split')} split, not {split}")
        return doc
    return {"format": FORMAT, "split": split, "runs": [], "results": []}


def save_doc(path: Path, doc: dict[str, Any]) -> None:
    """Written whole or not at all: a temporary file, then a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(doc, indent=1) + "\n")
    tmp.replace(path)


def run_all(args: argparse.Namespace, cases: Sequence[Case], doc: dict[str, Any]) -> None:
    started = time.time()
    run: dict[str, Any] = {
        "date": time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(started)),
        "command": " ".join(["python", "benchmarks/evaluate.py", *sys.argv[1:]]),
        "code": code_fingerprint(),
        "load_before": [round(x, 2) for x in os.getloadavg()],
        "load_after": None,
        "solves": 0,
    }
    doc["runs"].append(run)
    index = len(doc["runs"]) - 1
    done = {record_key(r) for r in doc["results"]}
    facts = {c.name: case_facts(c) for c in cases}
    for limit in args.limits:
        for case in cases:
            for solver in args.solvers:
                key = (case.name, solver, limit, args.workers, args.seed)
                if args.resume and key in done:
                    continue
                rec = solve_one(case, facts[case.name], solver, limit, args.workers, args.seed)
                rec["run"] = index
                doc["results"] = merge(doc["results"], rec)
                run["solves"] += 1
                save_doc(args.out, doc)
                print(progress_line(rec), file=sys.stderr)
    run["load_after"] = [round(x, 2) for x in os.getloadavg()]
    run["seconds"] = round(time.time() - started, 1)
    save_doc(args.out, doc)


def progress_line(r: dict[str, Any]) -> str:
    check = {None: "", True: ", checked ok", False: f", {r.get('violations')} VIOLATIONS"}
    return (
        f"{r['case']} {r['solver']} {float(r['limit']):g} s: {r.get('status')} "
        f"objective {fmt_num(r.get('objective'))} gap {pct(r.get('gap'))} "
        f"in {fmt_num(r.get('wall_s'), 1)} s{check[r.get('valid')]}"
    )


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------


def parse_limits(text: str) -> list[float]:
    return [float(x) for x in text.split(",") if x.strip()]


def parse_solvers(text: str) -> list[str]:
    solvers = [s.strip() for s in text.split(",") if s.strip()]
    unknown = [s for s in solvers if s not in SOLVERS]
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown solver(s) {unknown}; known: {SOLVERS}")
    return solvers


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--split", choices=sorted(SPLITS), default="eval")
    p.add_argument("--limits", type=parse_limits, default=[10.0, 30.0, 60.0], help="seconds")
    p.add_argument("--workers", type=int, default=TARGET_WORKERS)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--solvers", type=parse_solvers, default=list(SOLVERS))
    p.add_argument("--cases", help="comma-separated case names (default: the whole split)")
    p.add_argument("--out", type=Path, help="[benchmarks/results/evaluation-SPLIT.json]")
    p.add_argument("--resume", action="store_true", help="skip solves already in --out")
    p.add_argument("--report-only", action="store_true", help="report --out without solving")
    p.add_argument("--markdown", type=Path, help="also write the report here")
    p.add_argument(
        "--child", nargs=5, metavar=("SOLVER", "CASE", "T", "W", "S"), help=argparse.SUPPRESS
    )
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.child:
        solver, path, limit, workers, seed = args.child
        if solver != "plain":
            parser.error("--child takes the plain solver only")
        row = solve_plain_child(Path(path), float(limit), int(workers), int(seed))
        print(json.dumps(row))
        return 0
    args.out = args.out or ROOT / "benchmarks" / "results" / f"evaluation-{args.split}.json"
    names = [n.strip() for n in args.cases.split(",")] if args.cases else None
    try:
        cases = by_name(names, args.split)
    except KeyError as exc:
        parser.error(str(exc.args[0]))
    doc = load_doc(args.out, args.split)
    if not args.report_only:
        run_all(args, cases, doc)
    only = {c.name for c in cases} if names else None
    report = render(doc, args.workers, args.seed, only)
    print(report)
    if args.markdown:
        args.markdown.write_text(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
