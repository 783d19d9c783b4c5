"""Re-planning speed: a 16-week block re-planned at the start of week 8 from a log of
weeks 1-7 (the plan as written, but week 5 missed to a cold and every session of week 7
felt much harder than meant), through the real command line, on 2 workers.

    python benchmarks/replan_speed.py --solve-time-limit 30

It solves the block once, writes the log, then runs `speedblock replan` at several time
limits, each in its own process, and prints a Markdown table: wall seconds of the whole
command, status, gap, days changed, and whether the new plan passes `speedblock check`
against the scenario it carries.
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
SCENARIO = ROOT / "benchmarks" / "scenarios" / "16w-half.toml"
REPLAN_WEEK = 8


def speedblock(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "cli.py"), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )


def write_log(plan: dict[str, object], path: Path) -> str:
    days = plan["days"]
    assert isinstance(days, list)
    rows = ["date,session,rpe,note"]
    for index, day in enumerate(days[: 7 * (REPLAN_WEEK - 1)]):
        week = index // 7 + 1
        if week == 5:
            continue  # a cold: nothing logged, so rest
        rpe = "9" if week == 7 and day["type"] not in ("rest", "race") else ""
        rows.append(f"{day['date']},{day['session']},{rpe},")
    path.write_text("\n".join(rows) + "\n")
    return str(days[7 * (REPLAN_WEEK - 1)]["date"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--solve-time-limit", type=float, default=30.0)
    parser.add_argument("--limits", default="5,10,20")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        plan_file, log_file = folder / "plan.json", folder / "log.csv"
        solved = speedblock(
            "solve",
            str(SCENARIO),
            "--time-limit",
            str(args.solve_time_limit),
            "--workers",
            str(args.workers),
            "-o",
            str(plan_file),
            "--no-progress",
        )
        if not plan_file.exists():
            raise SystemExit(solved.stderr)
        today = write_log(json.loads(plan_file.read_text()), log_file)
        print(
            f"{SCENARIO.name}, re-planned from {today} (week {REPLAN_WEEK}), "
            f"--workers {args.workers}\n"
        )
        print("| --time-limit | wall s | status | gap | days changed | fatigue cap | valid |")
        print("|---:|---:|---|---:|---:|---|---|")
        for limit in args.limits.split(","):
            out = folder / f"new-{limit}.json"
            started = time.perf_counter()
            run = speedblock(
                "replan",
                str(SCENARIO),
                "--plan",
                str(plan_file),
                "--log",
                str(log_file),
                "--time-limit",
                limit,
                "--workers",
                str(args.workers),
                "-o",
                str(out),
                "--json",
            )
            wall = time.perf_counter() - started
            doc = json.loads(run.stdout)
            fatigue = doc["replan"]["fatigue"]
            cap = f"week {fatigue['week']} <= {fatigue['cap']}" if fatigue else "-"
            valid = check_against_own_scenario(doc, folder)
            gap = "-" if doc["gap"] is None else f"{100 * doc['gap']:.2f}%"
            print(
                f"| {limit} | {wall:.1f} | {doc['status']} | {gap} "
                f"| {len(doc['replan']['changes'])} | {cap} | {valid} |"
            )


def check_against_own_scenario(doc: dict[str, object], folder: Path) -> bool:
    scenario_file = folder / "lived.json"
    scenario_file.write_text(json.dumps(doc["scenario_document"]))
    plan_file = folder / "checked.json"
    plan_file.write_text(json.dumps(doc))
    return speedblock("check", str(scenario_file), str(plan_file)).returncode == 0


if __name__ == "__main__":
    main()
