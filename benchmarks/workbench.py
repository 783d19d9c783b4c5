"""Speed of the workbench as a coach meets it, through a real server (`speedblock serve`)
and a real browser (headless Chromium):

    python benchmarks/workbench.py [--scenario benchmarks/scenarios/16w-half.toml]

- **interactive**: from asking for the page to the page ready for input (the editor
  filled and the stored plan drawn), in the browser, median of `--repeat` loads;
- **edit check**: a manual edit (one day's session changed and pinned) sent to the
  server and answered with the rebuilt plan and every violation, median and worst of
  `--repeat` edits, HTTP included;
- **first improved plan**: from pressing "Re-optimize around my changes" to the first
  plan the search reports, after a pin (another easy run on an easy day, a different
  day each time), median and worst of `--repeat` pins (the block is solved once first,
  at `--base-limit`); a pin that leaves no plan is counted apart.

Results go to `benchmarks/results/workbench.json` and a Markdown table on stdout.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from test_workbench_server import call, free_port, start_server  # noqa: E402

TARGETS = {"interactive": 1.0, "edit check": 0.2, "first improved plan": 3.0}


def wait_job(port: int, name: str, until_improved: bool = False) -> tuple[dict[str, Any], float]:
    started = time.perf_counter()
    while True:
        job = call(port, "GET", f"/api/job?name={name}")
        if until_improved and job["improvements"] >= 1:
            return job, time.perf_counter() - started
        if job["state"] != "running":
            return job, time.perf_counter() - started
        time.sleep(0.02)


def editable_days(plan: dict[str, Any], race_days: set[str]) -> list[int]:
    return [i for i, d in enumerate(plan["days"]) if d["date"] not in race_days]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = ROOT / "benchmarks" / "scenarios" / "16w-half.toml"
    parser.add_argument("--scenario", type=Path, default=default)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--base-limit", type=float, default=30.0)
    parser.add_argument("--limit", type=float, default=10.0, help="each re-optimization's limit")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("Chromium is not installed", file=sys.stderr)
        return 2
    results: dict[str, list[float]] = {k: [] for k in TARGETS}
    with tempfile.TemporaryDirectory() as folder:
        workspace = Path(folder)
        name = args.scenario.name
        shutil.copy(args.scenario, workspace / name)
        port = free_port()
        server = start_server(workspace, port)
        try:
            call(port, "POST", "/api/solve", {"name": name, "time_limit": args.base_limit})
            job, _ = wait_job(port, name)
            assert job["state"] == "done", job
            view = call(port, "GET", f"/api/plan?name={name}")
            plan, race_days = view["plan"], set(view["race_days"])
            days = editable_days(plan, race_days)
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
                page = browser.new_page()
                for _ in range(args.repeat):
                    started = time.perf_counter()
                    page.goto(f"http://127.0.0.1:{port}/plan?scenario={name}")
                    page.wait_for_selector("#app[data-ready=true]")
                    page.wait_for_selector(".day[data-date]")
                    results["interactive"].append(time.perf_counter() - started)
                browser.close()
            sessions = [d["session"] for d in plan["days"]]
            without_plan = 0
            easy_days = [i for i in days if plan["days"][i]["type"] == "easy"]
            for k in range(args.repeat):
                # A coach's usual edit: another easy run on an easy day, spread over the block.
                i = easy_days[(k * len(easy_days)) // args.repeat]
                date = plan["days"][i]["date"]
                options = call(port, "GET", f"/api/day?name={name}&date={date}")["sessions"]
                easy = [o["id"] for o in options if o["type"] == "easy" and o["id"] != sessions[i]]
                edited = list(sessions)
                edited[i] = easy[k % len(easy)]
                started = time.perf_counter()
                body = {"name": name, "sessions": edited, "pinned": [date]}
                call(port, "POST", "/api/plan/edit", body)
                results["edit check"].append(time.perf_counter() - started)
                started = time.perf_counter()
                call(
                    port,
                    "POST",
                    "/api/solve",
                    {"name": name, "time_limit": args.limit, "reoptimize": True},
                )
                job, _ = wait_job(port, name, until_improved=True)
                if job["improvements"] >= 1:
                    results["first improved plan"].append(time.perf_counter() - started)
                final, _ = wait_job(port, name)
                print(f"pin {date}: {final.get('status') or final.get('error')}", file=sys.stderr)
                if final.get("status") not in ("OPTIMAL", "FEASIBLE"):
                    without_plan += 1
                back = call(port, "GET", f"/api/plan?name={name}")["plan"]
                sessions = [d["session"] for d in back["days"]]
                body = {"name": name, "sessions": sessions, "pinned": []}
                call(port, "POST", "/api/plan/edit", body)
        finally:
            server.kill()
            server.wait()
    out = ROOT / "benchmarks" / "results" / "workbench.json"
    doc = {"scenario": args.scenario.name, "seconds": results, "pins_without_plan": without_plan}
    out.write_text(json.dumps(doc, indent=2) + "\n")
    print("| measure | target | median s | worst s | runs |")
    print("|---|---:|---:|---:|---:|")
    for key, target in TARGETS.items():
        values = results[key]
        median = statistics.median(values) if values else float("nan")
        worst = max(values) if values else float("nan")
        print(f"| {key} | < {target:g} s | {median:.3f} | {worst:.3f} | {len(values)} |")
    print(f"\npins that left no plan: {without_plan} of {args.repeat}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
