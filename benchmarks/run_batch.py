"""Plan quality across constraint sets, and batch throughput, through the real command line.

1. Quality: `speedblock batch` on every example scenario times the four constraint sets
   in benchmarks/constraint-sets/ (the scenarios' own rules, a conservative set, an
   aggressive set, and one with the ramp rule switched off), then `speedblock compare`
   against the defaults, as Markdown.
2. Throughput: the same batch (one CP-SAT worker per solve, a shorter time limit) with
   --jobs 1 and then --jobs 2, side by side in one run; the ratio of the wall times, and
   whether both gave the same plans.

    python benchmarks/run_batch.py --time-limit 30
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETS = ("defaults", "conservative", "aggressive", "no-ramp")


def speedblock(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "cli.py"), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )


def set_args() -> list[str]:
    return [
        a for name in SETS for a in ("--constraints", f"benchmarks/constraint-sets/{name}.toml")
    ]


def quality(out: Path, time_limit: float, jobs: int) -> str:
    args = ["batch", "scenarios", "--out", str(out), "--time-limit", str(time_limit)]
    args += [*set_args(), "--jobs", str(jobs), "--force"]
    started = time.perf_counter()
    run = speedblock(*args)
    seconds = time.perf_counter() - started
    print(run.stderr.strip().splitlines()[-1], f"({seconds:.0f} s)", file=sys.stderr)
    report = speedblock("compare", str(out), "--reference", "defaults", "--format", "md")
    if report.returncode != 0:
        raise SystemExit(report.stderr)
    return report.stdout


def throughput(time_limit: float) -> dict[str, object]:
    walls: dict[int, float] = {}
    plans: dict[int, dict[str, object]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for jobs in (1, 2):
            out = Path(tmp) / f"jobs{jobs}"
            started = time.perf_counter()
            run = speedblock(
                "batch",
                "scenarios",
                *set_args(),
                "--out",
                str(out),
                "--time-limit",
                str(time_limit),
                "--workers",
                "1",
                "--jobs",
                str(jobs),
            )
            walls[jobs] = time.perf_counter() - started
            print(run.stderr.strip().splitlines()[-1], file=sys.stderr)
            plans[jobs] = {
                p.name: json.loads(p.read_text())["days"] for p in (out / "plans").glob("*.json")
            }
    return {
        "jobs": len(plans[1]),
        "time_limit": time_limit,
        "wall_jobs1": round(walls[1], 1),
        "wall_jobs2": round(walls[2], 1),
        "speedup": round(walls[1] / walls[2], 2),
        "same_plans": plans[1] == plans[2],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--time-limit", type=float, default=30.0)
    parser.add_argument("--throughput-time-limit", type=float, default=10.0)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "batch")
    args = parser.parse_args()
    print(f"## Constraint sets compared (time limit {args.time_limit:g} s per solve)\n")
    print(quality(args.out, args.time_limit, args.jobs))
    result = throughput(args.throughput_time_limit)
    print("## Batch throughput, --jobs 1 against --jobs 2\n")
    print(
        "| jobs in batch | time limit | wall, --jobs 1 | wall, --jobs 2 | speed-up | same plans |"
    )
    print("|---:|---:|---:|---:|---:|---|")
    print(
        f"| {result['jobs']} | {result['time_limit']:g} s | {result['wall_jobs1']} s "
        f"| {result['wall_jobs2']} s | {result['speedup']}x | {result['same_plans']} |"
    )


if __name__ == "__main__":
    main()
