"""Solve every example scenario with and without soft penalties, side by side in one
run, and print a Markdown table: status, objective, bound, gap, model-building
time, solve time and peak memory. Each solve runs in its own process so its peak
memory is its own.

    python benchmarks/run_examples.py --time-limit 30 --workers 2
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def solve_one(path: str, time_limit: float, workers: int, penalties: bool) -> dict[str, object]:
    sys.path.insert(0, str(ROOT))
    from models.io import parse_document, validate_scenario
    from solver.options import SolveOptions
    from solver.solve import solve_scenario

    raw = parse_document(Path(path))
    raw.setdefault("objective", {})["soft_penalties"] = penalties
    scenario = validate_scenario(raw, file=path)
    plan = solve_scenario(scenario, SolveOptions(time_limit=time_limit, workers=workers))
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "status": plan.status.value,
        "objective": plan.objective,
        "bound": plan.bound,
        "gap": plan.gap,
        "build_s": plan.solver.get("build_seconds"),
        "solve_s": plan.solve_seconds,
        "peak_mib": round(peak_mib),
        "weeks": len(plan.weeks),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--time-limit", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--penalties", choices=["on", "off"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        result = solve_one(args.one, args.time_limit, args.workers, args.penalties == "on")
        print(json.dumps(result))
        return

    rows = []
    for path in sorted((ROOT / "scenarios").glob("*.toml")):
        row: dict[str, object] = {"scenario": path.stem}
        for mode in ("on", "off"):
            out = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--one",
                    str(path),
                    "--penalties",
                    mode,
                    "--time-limit",
                    str(args.time_limit),
                    "--workers",
                    str(args.workers),
                ],
                check=True,
                capture_output=True,
                text=True,
            )
            row[mode] = json.loads(out.stdout)
        rows.append(row)
        print(f"{path.stem} done", file=sys.stderr)

    def gap(r: dict[str, object]) -> str:
        g = r["gap"]
        return "-" if g is None else f"{100 * float(g):.2f}%"  # type: ignore[arg-type]

    print(
        f"time limit {args.time_limit:g} s, {args.workers} workers\n\n"
        "| scenario | weeks | penalties on: status | gap | build s | solve s | peak MiB "
        "| penalties off: status | gap | solve s |\n"
        "|---|---|---|---|---|---|---|---|---|---|"
    )
    for row in rows:
        on, off = row["on"], row["off"]
        assert isinstance(on, dict) and isinstance(off, dict)
        print(
            f"| {row['scenario']} | {on['weeks']} | {on['status']} | {gap(on)} | {on['build_s']} "
            f"| {on['solve_s']} | {on['peak_mib']} | {off['status']} | {gap(off)} "
            f"| {off['solve_s']} |"
        )


if __name__ == "__main__":
    main()
