"""Plan quality: the template baseline (models/quality/template.py, a fixed weekly pattern with a
ramp, a deload every fourth week and a step taper) against the optimized plan, for every
example scenario in scenarios/ (not scenarios/infeasible/).

For each plan: perf of each A race and the weighted race performance (the objective's
Banister part; a block without races is scored on the day after its end), the objective
with the soft penalties, the highest Foster monotony and acute:chronic ratio, the taper
shape before the last A race, and the hard-rule violations `models/check/` finds.

Taper shape: the two 7-day weeks before the race day (T-2 = days R-14..R-8, T-1 = days
R-7..R-1) as a percentage of the weekly average load of the 28 days before them
(R-42..R-15, only days inside the block), and their sessions (non-rest days, races aside)
against that average.

    python benchmarks/plan_quality.py --time-limit 30 \\
        --out benchmarks/results/plan-quality.json \\
        --picture benchmarks/plan-quality.png --markdown benchmarks/plan-quality.md

prints the Markdown table on stdout, and writes the JSON, the picture (weekly load by
session type, template and optimized side by side for one scenario) and the table.
`--from-results JSON` redraws the table and the picture from an earlier `--out` file
without solving.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import matplotlib  # noqa: E402

matplotlib.use("Agg")
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

from models.calendar import BlockCalendar, build_calendar  # noqa: E402
from models.check import check_plan  # noqa: E402
from models.io import load_scenario  # noqa: E402
from models.penalties import (  # noqa: E402
    OFF_SPECIFIC_TYPES,
    SPECIFIC_TYPES,
    specificity_chunks,
)
from models.performance import perf, scored_races  # noqa: E402
from models.quality.metrics import json_number, plan_metrics  # noqa: E402
from models.quality.template import template_plan  # noqa: E402
from models.scenario import Scenario  # noqa: E402
from solver.options import SolveOptions  # noqa: E402
from solver.solve import solve_scenario  # noqa: E402

DEFAULT_PICTURE_SCENARIO = "10k-with-tuneup"
PLANS = ("template", "optimized")

# Session types grouped for the picture, with the colours a coach reads at a glance.
GROUPS: tuple[tuple[str, frozenset[str], str], ...] = (
    ("easy, recovery, cross", frozenset({"easy", "recovery", "cross"}), "#81c784"),
    ("long run", frozenset({"long"}), "#2e7d32"),
    ("strides", frozenset({"strides"}), "#ffd54f"),
    ("threshold, tempo", frozenset({"threshold", "tempo"}), "#f57c00"),
    ("race pace", frozenset({"race_pace"}), "#ec407a"),
    (
        "VO2max, speed endurance, hills",
        frozenset({"vo2max", "speed_endurance", "hills"}),
        "#8e24aa",
    ),
    ("time trial", frozenset({"time_trial"}), "#5c6bc0"),
    ("race", frozenset({"race"}), "#1a237e"),
)
OTHER_GROUP = ("other", "#9e9e9e")


# ---------------------------------------------------------------------------
# Measuring one plan
# ---------------------------------------------------------------------------


def day_loads(cal: BlockCalendar, plan: Mapping[str, Any]) -> list[tuple[str, int]]:
    """(type, load) of each block day; days the plan lacks are rest."""
    out = [("rest", 0)] * cal.n_days
    for entry in plan.get("days", []):
        index = cal.day_index(dt.date.fromisoformat(entry["date"]))
        if 0 <= index < cal.n_days:
            out[index] = (str(entry["type"]), int(entry["load"]))
    return out


def taper_shape(scenario: Scenario, cal: BlockCalendar, plan: Mapping[str, Any]) -> dict[str, Any]:
    """Load and sessions of the two weeks before the last A race against the 28 days
    before them; empty when the block has no A race."""
    a_races = [(d, r) for d, r in sorted(cal.race_days.items()) if r.priority == "A"]
    if not a_races:
        return {}
    race_day, race = a_races[-1]
    days = day_loads(cal, plan)

    def inside(first: int, stop: int) -> list[int]:
        return [d for d in range(first, stop) if 0 <= d < cal.n_days]

    def load(span: list[int]) -> int:
        return sum(days[d][1] for d in span)

    def sessions(span: list[int]) -> int:
        return sum(1 for d in span if days[d][0] not in ("rest", "race"))

    pre = inside(race_day - 42, race_day - 14)
    if len(pre) >= 7:
        pre_load = load(pre) * 7 / len(pre)
        pre_sessions: float | None = sessions(pre) * 7 / len(pre)
    else:
        pre_load, pre_sessions = float(scenario.athlete.chronic_load), None
    weeks = []
    for name, first in (("T-2", race_day - 14), ("T-1", race_day - 7)):
        span = inside(first, first + 7)
        if not span:
            continue
        week_load = load(span) * 7 / len(span)
        weeks.append(
            {
                "week": name,
                "days": len(span),
                "load": load(span),
                "load_pct": 100 * week_load / pre_load if pre_load > 0 else None,
                "sessions": sessions(span),
            }
        )
    return {
        "race": race.label,
        "date": race.date.isoformat(),
        "pre_taper_weekly_load": round(pre_load, 1),
        "pre_taper_weekly_sessions": None if pre_sessions is None else round(pre_sessions, 2),
        "weeks": weeks,
    }


def weekly_load_by_group(cal: BlockCalendar, plan: Mapping[str, Any]) -> list[dict[str, int]]:
    days = day_loads(cal, plan)
    out = []
    for week in cal.weeks:
        row: Counter[str] = Counter()
        for d in week.day_range:
            session_type, load = days[d]
            if session_type != "rest":
                row[group_of(session_type)] += load
        out.append(dict(row))
    return out


def group_of(session_type: str) -> str:
    for name, types, _ in GROUPS:
        if session_type in types:
            return name
    return OTHER_GROUP[0]


def race_specific_sessions(
    scenario: Scenario, cal: BlockCalendar, plan: Mapping[str, Any]
) -> dict[str, int] | None:
    """Quality sessions specific to each A race's distance against off-specific ones, over
    the `objective.specificity_weeks` weeks before it (the race_specificity penalty's
    chunks); None for a block without an A race."""
    chunks = specificity_chunks(scenario, cal)
    if not chunks:
        return None
    types = [day["type"] for day in plan["days"]]
    return {
        "weeks": scenario.objective.specificity_weeks,
        "specific": sum(
            1 for distance, chunk in chunks for d in chunk if types[d] in SPECIFIC_TYPES[distance]
        ),
        "off_specific": sum(
            1
            for distance, chunk in chunks
            for d in chunk
            if types[d] in OFF_SPECIFIC_TYPES[distance]
        ),
    }


def measure(scenario: Scenario, plan: Mapping[str, Any]) -> dict[str, Any]:
    cal = build_calendar(scenario)
    metrics = plan_metrics(scenario, plan)
    violations = check_plan(scenario, plan)
    loads = [load for _, load in day_loads(cal, plan)]
    weighted = sum(
        r.weight * perf(scenario.objective, loads, r.day) for r in scored_races(scenario, cal)
    )
    by_rule = Counter(v.constraint for v in violations)
    return {
        "status": plan.get("status"),
        "objective": plan.get("objective"),
        "bound": plan.get("bound"),
        "gap": plan.get("gap"),
        "weighted_perf": round(weighted, 4),
        "a_races": [
            {"name": r.name, "date": r.date, "perf": json_number(r.perf), "tsb": json_number(r.tsb)}
            for r in metrics.races
            if r.priority == "A"
        ],
        "metrics": metrics.to_json_dict(),
        "taper": taper_shape(scenario, cal, plan),
        "race_specific": race_specific_sessions(scenario, cal, plan),
        "violations": {
            "count": len(violations),
            "by_rule": dict(sorted(by_rule.items())),
            "list": [v.as_dict() for v in violations],
        },
        "weekly_load_by_group": weekly_load_by_group(cal, plan),
    }


# ---------------------------------------------------------------------------
# The table
# ---------------------------------------------------------------------------


def fmt(value: Any, digits: int = 2) -> str:
    if value is None:
        return "-"
    if value == "inf":
        return "inf"
    return f"{float(value):.{digits}f}"


def taper_cells(taper: Mapping[str, Any]) -> tuple[str, str]:
    if not taper:
        return "-", "-"
    weeks = taper["weeks"]
    load = " / ".join(f"{fmt(w['load_pct'], 0)}%" for w in weeks)
    sessions = " / ".join(str(w["sessions"]) for w in weeks)
    pre = taper["pre_taper_weekly_sessions"]
    return load, f"{sessions} (pre {fmt(pre, 1)})"


def violation_cell(violations: Mapping[str, Any]) -> str:
    if not violations["count"]:
        return "0"
    keys = ", ".join(f"{key} x{n}" if n > 1 else key for key, n in violations["by_rule"].items())
    return f"{violations['count']}: {keys}"


def plan_label(name: str, result: Mapping[str, Any]) -> str:
    if name == "template":
        return "template"
    gap = result.get("gap")
    status = str(result.get("status", "")).lower()
    return f"optimized ({status}, gap {100 * gap:.1f}%)" if gap else f"optimized ({status})"


HEADER = (
    "| scenario | plan | A-race perf | weighted perf | objective | max monotony | max ACWR "
    "| taper load T-2 / T-1 | taper sessions T-2 / T-1 | specific / off-specific sessions "
    "| rule violations |\n"
    "|---|---|---|---|---|---|---|---|---|---|---|"
)


def markdown_table(rows: Sequence[Mapping[str, Any]]) -> str:
    lines = [HEADER]
    for row in rows:
        for name in PLANS:
            result = row[name]
            if "violations" not in result:
                lines.append(
                    f"| {row['scenario']} | {name} ({str(result['status']).lower()}) "
                    f"| no plan: {result.get('message', '')} | | | | | | | | |"
                )
                continue
            perfs = "; ".join(fmt(r["perf"], 1) for r in result["a_races"]) or "-"
            load, sessions = taper_cells(result["taper"])
            m = result["metrics"]
            specific = result.get("race_specific")
            emphasis = f"{specific['specific']} / {specific['off_specific']}" if specific else "-"
            lines.append(
                f"| {row['scenario']} | {plan_label(name, result)} | {perfs} "
                f"| {fmt(result['weighted_perf'], 1)} | {fmt(result['objective'], 1)} "
                f"| {fmt(m['max_monotony'])} | {fmt(m['max_acwr'])} | {load} | {sessions} "
                f"| {emphasis} | {violation_cell(result['violations'])} |"
            )
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# The picture
# ---------------------------------------------------------------------------


def picture(scenario: Scenario, row: Mapping[str, Any], path: Path) -> None:
    """Weekly load stacked by session group, template and optimized side by side."""
    cal = build_calendar(scenario)
    fig = Figure(figsize=(12.0, 4.2), dpi=110, layout="constrained")
    axes = fig.subplots(1, 2, sharey=True)
    x = list(range(1, len(cal.weeks) + 1))
    colours = {name: colour for name, _, colour in GROUPS} | {OTHER_GROUP[0]: OTHER_GROUP[1]}
    used: list[str] = []
    top = 1.0
    for ax, name in zip(axes, PLANS, strict=True):
        result = row[name] if "violations" in row[name] else None
        weeks = result["weekly_load_by_group"] if result else [{} for _ in x]
        bottoms = [0.0] * len(x)
        for group in colours:
            heights = [float(w.get(group, 0)) for w in weeks]
            if not any(heights):
                continue
            if group not in used:
                used.append(group)
            ax.bar(
                x, heights, bottom=bottoms, color=colours[group], edgecolor="white", linewidth=0.5
            )
            bottoms = [b + h for b, h in zip(bottoms, heights, strict=True)]
        top = max(top, *bottoms)
        for window in cal.taper_windows:
            if window.race.priority == "A":
                first = max(0, window.first)
                ax.axvspan(
                    first // 7 + 0.5 + (first % 7) / 7,
                    window.race_day // 7 + 0.5 + (window.race_day % 7) / 7,
                    color="#52606d",
                    alpha=0.08,
                    linewidth=0,
                    zorder=0,
                )
        for week in cal.weeks:
            races = [cal.race_days[d] for d in week.day_range if d in cal.race_days]
            if races:
                ax.text(
                    week.index,
                    bottoms[week.index - 1] + 6,
                    "".join(r.priority for r in races),
                    ha="center",
                    va="bottom",
                    fontsize=9,
                    fontweight="bold",
                    color=colours["race"],
                )
        cons = scenario.constraints
        if cons.weekly_load_max_on and cons.weekly_load_max is not None:
            ax.axhline(cons.weekly_load_max, color="#52606d", linestyle="--", linewidth=1)
        if result:
            perfs = ", ".join(fmt(r["perf"], 0) for r in result["a_races"])
            perf_text = (
                f"A-race perf {perfs}" if perfs else f"perf {fmt(result['weighted_perf'], 0)}"
            )
            n = result["violations"]["count"]
            title = f"{name}: {perf_text}, {n} rule violation{'s' if n != 1 else ''}"
        else:
            title = f"{name}: no plan"
        ax.set_title(title, fontsize=10)
        ax.set_xticks(x, [f"W{i}" for i in x], fontsize=8)
        ax.set_xlim(0.4, len(x) + 0.6)
        ax.tick_params(labelsize=8)
        ax.grid(axis="y", color="#e4e7eb", linewidth=0.8)
        ax.set_axisbelow(True)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
    ceiling = scenario.constraints.weekly_load_max or 0
    axes[0].set_ylim(0, max(top, ceiling) * 1.1)
    axes[0].set_ylabel("weekly load", fontsize=9)
    fig.suptitle(
        f"{scenario.name}: weekly load by session type (letters: races by priority; "
        "shaded: the A-race taper window; dashed: the weekly load ceiling)",
        fontsize=11,
    )
    fig.legend(
        handles=[Patch(color=colours[g], label=g) for g in used],
        loc="outside lower center",
        ncol=len(used),
        fontsize=8,
        frameon=False,
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, format="png", metadata={"Software": None})


# ---------------------------------------------------------------------------
# Running it
# ---------------------------------------------------------------------------


def run(paths: Sequence[Path], options: SolveOptions) -> list[dict[str, Any]]:
    rows = []
    for path in paths:
        scenario = load_scenario(path)
        row: dict[str, Any] = {"scenario": path.stem, "name": scenario.name}
        row["template"] = measure(scenario, template_plan(scenario).to_json_dict())
        plan = solve_scenario(scenario, options)
        if plan.status.has_plan:
            row["optimized"] = measure(scenario, plan.to_json_dict())
        else:
            row["optimized"] = {"status": plan.status.value, "message": plan.message}
        row["optimized"]["stopped_by_wall_clock"] = plan.solver.get("stopped_by_wall_clock")
        row["optimized"]["solve_seconds"] = plan.solve_seconds
        rows.append(row)
        print(f"{path.stem} done", file=sys.stderr)
    return rows


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--time-limit", type=float, default=30.0, help="seconds per solve")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--scenario",
        action="append",
        metavar="NAME",
        help="only this example (file stem, e.g. 10k-with-tuneup); repeatable",
    )
    parser.add_argument("--out", type=Path, help="write the results as JSON here")
    parser.add_argument("--picture", type=Path, help="write the weekly-load picture (PNG) here")
    parser.add_argument(
        "--picture-scenario",
        default=DEFAULT_PICTURE_SCENARIO,
        help=f"the scenario of the picture (default {DEFAULT_PICTURE_SCENARIO})",
    )
    parser.add_argument("--markdown", type=Path, help="write the Markdown table here")
    parser.add_argument(
        "--from-results",
        type=Path,
        metavar="JSON",
        help="solve nothing: redraw the table and picture from an earlier --out file",
    )
    args = parser.parse_args(argv)

    paths = sorted((ROOT / "scenarios").glob("*.toml"))
    if args.scenario:
        unknown = set(args.scenario) - {p.stem for p in paths}
        if unknown:
            parser.error(f"no example scenario named {', '.join(sorted(unknown))}")
        paths = [p for p in paths if p.stem in args.scenario]
    if args.from_results:
        document = json.loads(args.from_results.read_text(encoding="utf-8"))
        args.time_limit, args.workers, args.seed = (
            document["time_limit"],
            document["workers"],
            document["seed"],
        )
        rows = [r for r in document["scenarios"] if r["scenario"] in {p.stem for p in paths}]
    else:
        options = SolveOptions(time_limit=args.time_limit, workers=args.workers, seed=args.seed)
        rows = run(paths, options)

    heading = (
        f"time limit {args.time_limit:g} s, {args.workers} workers, seed {args.seed}; "
        "taper: the two weeks before the last A race against the 28 days before them; "
        "specific / off-specific: quality sessions of the A race's emphasis, and of the other "
        "quality types, in the weeks before each A race"
    )
    text = f"{heading}\n\n{markdown_table(rows)}\n"
    print(text)
    if args.markdown:
        args.markdown.parent.mkdir(parents=True, exist_ok=True)
        args.markdown.write_text(text, encoding="utf-8")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        document = {
            "time_limit": args.time_limit,
            "workers": args.workers,
            "seed": args.seed,
            "scenarios": rows,
        }
        args.out.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
    if args.picture:
        chosen = next((r for r in rows if r["scenario"] == args.picture_scenario), rows[0])
        path = next(p for p in paths if p.stem == chosen["scenario"])
        picture(load_scenario(path), chosen, args.picture)


if __name__ == "__main__":
    main()
