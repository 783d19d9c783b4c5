"""Plans as credible as the book: the shape of each test book plan against the plan
optimized inside its envelope, without and with the shape rules (issue: periodization
a coach recognises).

Every calendar-hack test plan in scenarios/imports/ (the project's own, written in the
book format) is imported with `--start 2027-01-04`, and its scenario solved from the
book (`--warm-start`) twice: with the shape rules and the plateau penalty switched off
(the envelope alone), and with them on. For the book and both plans: the block's shape
(models/quality/structure.py) and the A race's modelled performance.

    python benchmarks/credibility.py --time-limit 30 --workers 2 \\
        --out benchmarks/results/credibility.json --markdown benchmarks/credibility.md \\
        --picture docs/shape-marathon.png

The done-means of the issue read off the table: the optimized plan's plateau, run of
identical long runs and last long run lie within what the book itself shows.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.import_gain import (  # noqa: E402
    PICTURE_PLAN,
    START,
    a_race_perf,
    book_benchmark_args,
)
from models.check import check_plan  # noqa: E402
from models.importing.importer import ImportOptions, import_plan  # noqa: E402
from models.io import validate_scenario  # noqa: E402
from models.pins import warm_start_days  # noqa: E402
from models.quality.metrics import plan_metrics  # noqa: E402
from models.quality.structure import LABELS  # noqa: E402
from models.scenario import Scenario  # noqa: E402
from solver.options import SolveOptions  # noqa: E402
from solver.solve import solve_scenario  # noqa: E402

# The shape rules' switches and the periodization penalty (docs/rules.md).
SHAPE_SWITCHES = ("wave_loading_enabled", "long_run_build_enabled", "sharpening_enabled")
SHAPE_PENALTIES = ("plateau_weeks",)
VARIANTS = ("book", "envelope", "shape")


def variant(scenario: Scenario, on: bool) -> Scenario:
    """The scenario with the shape rules and penalty on, or all of them off."""
    raw = scenario.model_dump(mode="json", exclude_none=True)
    raw.setdefault("constraints", {}).update({key: on for key in SHAPE_SWITCHES})
    penalties = raw.setdefault("objective", {}).setdefault("penalties", {})
    for key in SHAPE_PENALTIES:
        if on:
            penalties.pop(key, None)  # its default weight
        else:
            penalties[key] = 0.0
    return validate_scenario(raw)


def measure(path: Path, options: SolveOptions) -> dict[str, Any]:
    result = import_plan(path, ImportOptions(start=START))
    book = result.book_plan
    row: dict[str, Any] = {"plan": path.name, "weeks": (result.book.n_days + 6) // 7}
    book_metrics = plan_metrics(result.scenario, book)
    row["book"] = {
        "a_perf": a_race_perf(book_metrics),
        "structure": book_metrics.structure.as_dict(),
        "weekly_load": [w.load for w in book_metrics.weeks],
        "longest_run": longest_runs(result.scenario, book),
    }
    for label, on in (("envelope", False), ("shape", True)):
        scenario = variant(result.scenario, on)
        plan = solve_scenario(scenario, options, warm_start=warm_start_days(scenario, book))
        entry: dict[str, Any] = {"status": plan.status.value, "gap": plan.gap}
        if plan.status.has_plan:
            doc = plan.to_json_dict()
            metrics = plan_metrics(scenario, doc)
            entry.update(
                a_perf=a_race_perf(metrics),
                structure=metrics.structure.as_dict(),
                weekly_load=[w.load for w in metrics.weeks],
                longest_run=longest_runs(scenario, doc),
                violations=len(check_plan(scenario, doc)),
                stopped_by_wall_clock=plan.solver.get("stopped_by_wall_clock"),
            )
        row[label] = entry
    return row


def longest_runs(scenario: Scenario, plan: dict[str, Any]) -> list[float]:
    """The longest session of each week other than a race, in minutes."""
    weeks: dict[int, float] = {}
    for day in plan["days"]:
        index = (dt.date.fromisoformat(day["date"]) - scenario.start).days // 7
        if day.get("type") != "race":
            weeks[index] = max(weeks.get(index, 0.0), float(day.get("minutes") or 0))
    return [weeks.get(k, 0.0) for k in range(max(weeks, default=-1) + 1)]


def _show(value: Any) -> str:
    if value is None:
        return "-"
    return f"{value:.2f}" if isinstance(value, float) else str(value)


def markdown(rows: list[dict[str, Any]], options: SolveOptions) -> str:
    lines = [
        f"time limit {options.time_limit:g} s, {options.workers} worker(s), seed {options.seed}",
        "",
    ]
    for r in rows:
        lines += [
            f"**{r['plan']}** ({r['weeks']} weeks)",
            "",
            "| | book | optimized, envelope only | optimized, shape rules on |",
            "|---|---:|---:|---:|",
        ]
        book_perf = r["book"]["a_perf"]
        perf_cells = [f"{book_perf:.1f}"]
        for label in ("envelope", "shape"):
            e = r[label]
            if "a_perf" not in e:
                perf_cells.append(e["status"])
                continue
            gain = 100 * (e["a_perf"] - book_perf) / abs(book_perf)
            wall = ", wall clock" if e.get("stopped_by_wall_clock") else ""
            gap = "" if e.get("gap") is None else f", gap {100 * e['gap']:.1f}%"
            perf_cells.append(f"{e['a_perf']:.1f} ({gain:+.1f}%{gap}{wall})")
        lines.append("| A-race performance | " + " | ".join(perf_cells) + " |")
        for key, label in LABELS.items():
            cells = [_show(r[v].get("structure", {}).get(key)) for v in VARIANTS]
            lines.append(f"| {label} | " + " | ".join(cells) + " |")
        broken = [str(r[v].get("violations", "-")) for v in ("envelope", "shape")]
        lines += [f"| rules broken | 0 | {broken[0]} | {broken[1]} |", ""]
        lines += [shape_cost(r), within_book(r), ""]
    return "\n".join(lines)


def shape_cost(row: dict[str, Any]) -> str:
    """What the shape rules cost in the A race's modelled performance."""
    envelope, shaped = row["envelope"].get("a_perf"), row["shape"].get("a_perf")
    if envelope is None or shaped is None:
        return "The shape's cost: not measured (a variant has no plan)."
    cost = 100 * (shaped - envelope) / abs(envelope)
    return f"The shape's cost in A-race performance: {cost:+.1f}% against the envelope alone."


# The done-means, read off the structure: (metric, the optimized plan's value
# must be at most (+1) or at least (-1) the book's).
WITHIN = (
    ("plateau_weeks", 1, "plateau"),
    ("same_long_run_weeks", 1, "run of equal longest runs"),
    ("last_long_run_days_out", -1, "last long run's distance from the race"),
)


def within_book(row: dict[str, Any]) -> str:
    """Whether the plan with the shape rules lies within the book's own structure."""
    book, shaped = row["book"]["structure"], row["shape"].get("structure")
    if shaped is None:
        return "Within the book's shape: no plan with the shape rules."
    misses = [
        f"{label} {shaped[key]} against the book's {book[key]}"
        for key, sign, label in WITHIN
        if book[key] is not None and (shaped[key] is None or sign * (shaped[key] - book[key]) > 0)
    ]
    if not misses:
        return "Within the book's shape (plateau, equal longest runs, last long run): yes."
    return "Within the book's shape: **no**, " + "; ".join(misses) + "."


def draw(row: dict[str, Any], path: Path) -> None:
    """Weekly load and the longest run of each week: the book and both optimized plans."""
    import matplotlib.pyplot as plt

    fig, (load_ax, run_ax) = plt.subplots(2, 1, figsize=(9, 6), sharex=True)
    styles = {"book": ("#5c6bc0", "book"), "envelope": ("#e53935", "optimized, envelope only")}
    styles["shape"] = ("#2e7d32", "optimized, shape rules on")
    for key, (colour, label) in styles.items():
        if "weekly_load" not in row[key]:
            continue
        weeks = range(1, len(row[key]["weekly_load"]) + 1)
        load_ax.plot(weeks, row[key]["weekly_load"], marker="o", color=colour, label=label)
        runs = row[key]["longest_run"]
        run_ax.plot(range(1, len(runs) + 1), runs, marker="o", color=colour, label=label)
    load_ax.set_ylabel("weekly load")
    run_ax.set_ylabel("longest run (min)")
    run_ax.set_xlabel("week")
    load_ax.legend(loc="lower left", fontsize=8)
    load_ax.set_title(f"{row['plan']}: the book and the plans optimized inside its envelope")
    for ax in (load_ax, run_ax):
        ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main(argv: list[str] | None = None) -> int:
    args, options, plans = book_benchmark_args(__doc__.splitlines()[0], argv)
    rows = []
    for path in plans:
        rows.append(measure(path, options))
        print(f"{path.name}: done", file=sys.stderr)
        if args.picture is not None and path.name == PICTURE_PLAN:
            draw(rows[-1], args.picture)
    table = markdown(rows, options)
    print(table, end="")
    if args.out is not None:
        args.out.write_text(json.dumps(rows, indent=2) + "\n")
    if args.markdown is not None:
        args.markdown.write_text(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
