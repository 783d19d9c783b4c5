"""What optimizing inside a book plan's own envelope gains (issue: start from the plan a
coach already trusts).

Every calendar-hack test plan in scenarios/imports/ (written for the project; the CSV
versions import to the same scenarios, tests/test_import.py) is imported with
`--start 2027-01-04` and the default athlete, and its scenario solved twice: from the
solver's own first plan ("cold"), and from the book plan (`solve --warm-start
BOOK.json`, "from book"). For each: the A race's modelled
performance of the book and of the optimized plan, the weighted race performance (the
objective's Banister part) and the objective with the soft penalties, the rules each plan
breaks (models/check/), the solve status and gap.

    python benchmarks/import_gain.py --time-limit 30 --workers 2 \\
        --out benchmarks/results/import-gain.json --markdown benchmarks/import-gain.md \\
        --picture docs/import-marathon.png

prints the Markdown table on stdout and writes the JSON, the table and the picture (the
marathon book plan against its optimized plan, `speedblock compare-plans --picture`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import matplotlib  # noqa: E402

matplotlib.use("Agg")

from models.check import check_plan  # noqa: E402
from models.importing.importer import ImportOptions, ImportResult, import_plan  # noqa: E402
from models.pins import warm_start_days  # noqa: E402
from models.quality.metrics import plan_metrics  # noqa: E402
from models.quality.plan_comparison import compare_two, draw_comparison  # noqa: E402
from solver.options import SolveOptions  # noqa: E402
from solver.solve import solve_scenario  # noqa: E402

IMPORTS = ROOT / "scenarios" / "imports"
START = dt.date(2027, 1, 4)
PICTURE_PLAN = "marathon-16wk.yaml"


def a_race_perf(metrics: Any) -> float:
    return float([r for r in metrics.races if r.priority == "A"][-1].perf)


def measure(path: Path, options: SolveOptions, picture: Path | None) -> dict[str, Any]:
    result: ImportResult = import_plan(path, ImportOptions(start=START))
    scenario, book = result.scenario, result.book_plan
    book_metrics = plan_metrics(scenario, book)
    row: dict[str, Any] = {
        "plan": path.name,
        "weeks": (result.book.n_days + 6) // 7,
        "sessions": len(scenario.catalog.sessions),
        "book_a_perf": a_race_perf(book_metrics),
        "book_weighted_perf": book_metrics.weighted_perf,
        "book_objective": book["objective"],
        "book_violations": len(check_plan(scenario, book)),
    }
    for label, warm in (("cold", None), ("from_book", warm_start_days(scenario, book))):
        plan = solve_scenario(scenario, options, warm_start=warm)
        doc = plan.to_json_dict()
        entry: dict[str, Any] = {"status": plan.status.value, "gap": plan.gap}
        if plan.status.has_plan:
            metrics = plan_metrics(scenario, doc)
            entry.update(
                a_perf=a_race_perf(metrics),
                weighted_perf=metrics.weighted_perf,
                objective=plan.objective,
                violations=len(check_plan(scenario, doc)),
                stopped_by_wall_clock=plan.solver.get("stopped_by_wall_clock"),
            )
            if picture is not None and label == "from_book":
                comparison = compare_two(scenario, book, doc, ("book", "optimized"))
                draw_comparison(scenario, book, doc, comparison, picture)
        row[label] = entry
    return row


def _gain(new: float | None, old: float) -> str:
    return "-" if new is None else f"{100 * (new - old) / abs(old):+.1f}%"


def markdown(rows: list[dict[str, Any]], options: SolveOptions) -> str:
    lines = [
        f"time limit {options.time_limit:g} s, {options.workers} worker(s), seed {options.seed}",
        "",
        "| plan | weeks | sessions | book: A perf | broken | cold: A perf | gain | broken | "
        "status, gap | from book: A perf | gain | weighted perf gain | broken | status, gap |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        cells = [r["plan"], str(r["weeks"]), str(r["sessions"]), f"{r['book_a_perf']:.1f}"]
        cells.append(str(r["book_violations"]))
        for label in ("cold", "from_book"):
            e = r[label]
            a_perf = e.get("a_perf")
            cells.append("-" if a_perf is None else f"{a_perf:.1f}")
            cells.append(_gain(a_perf, r["book_a_perf"]))
            if label == "from_book":
                cells.append(_gain(e.get("weighted_perf"), r["book_weighted_perf"]))
            cells.append(str(e.get("violations", "-")))
            gap = e.get("gap")
            wall = " (wall clock)" if e.get("stopped_by_wall_clock") else ""
            cells.append(f"{e['status']}{'' if gap is None else f', {100 * gap:.1f}%'}{wall}")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def book_benchmark_args(
    description: str, argv: list[str] | None
) -> tuple[argparse.Namespace, SolveOptions, list[Path]]:
    """The options of a benchmark over the test book plans (this one and
    credibility.py): the parsed arguments, the solve options and the plans, in order."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--time-limit", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=None, help="JSON results")
    parser.add_argument("--markdown", type=Path, default=None, help="the tables")
    parser.add_argument("--picture", type=Path, default=None, help="PNG of the marathon")
    args = parser.parse_args(argv)
    options = SolveOptions(time_limit=args.time_limit, workers=args.workers, seed=args.seed)
    plans = sorted(p for p in IMPORTS.iterdir() if p.suffix in (".yaml", ".json"))
    return args, options, plans


def main(argv: list[str] | None = None) -> int:
    args, options, plans = book_benchmark_args(__doc__.splitlines()[0], argv)
    rows = []
    for path in plans:
        picture = args.picture if path.name == PICTURE_PLAN else None
        rows.append(measure(path, options, picture))
        print(f"{path.name}: done", file=sys.stderr)
    table = markdown(rows, options)
    print(table, end="")
    if args.out is not None:
        args.out.write_text(json.dumps(rows, indent=2) + "\n")
    if args.markdown is not None:
        args.markdown.write_text(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
