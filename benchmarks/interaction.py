"""Speed for interaction: a pinned day re-solved, and a re-plan half-way through a
block, each through the real command line at a short time limit, against the best plan
known for the same question.

    python benchmarks/interaction.py --split eval --limit 3 --workers 2

For every case of the split's short band with at least MIN_WEEKS weeks:

- the block is solved once (`--base-limit`, default 30 s): the coach's plan;
- **pin**: a long run on a day of the second half where the plan has none (the
  athlete's long-run day first, then the weekend, then other days with room for one;
  no race, taper, recovery or blocked day: `--pin DATE=long`), and the block is
  re-solved from the plan (`--warm-start`) at `--limit`;
- **re-plan**: the weeks before the block's middle week (week 8 of 16) are logged as
  planned, except that the week two before it is missed (a cold) and every session of
  the week just before it felt much harder than meant (RPE 9), and `speedblock replan`
  re-plans from the middle week on at `--limit`.

The best known plan of each question is the best of the short solve and of longer ones
(`--reference-limit`, default 60 s: the pinned block from scratch and from the plan,
the re-plan): the short solve is within `TARGET` of it, or not. Every plan is checked.
Results go to `benchmarks/results/interaction-SPLIT.json` and a Markdown table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.cases import SPLITS, Case  # noqa: E402

MIN_WEEKS = 12  # a block long enough to have a middle worth re-planning from
TARGET = 0.01  # the short solve's objective within 1% of the best known


def speedblock(*args: str) -> tuple[dict[str, Any] | None, float, str]:
    """Run the command line; its JSON document (or None), the wall seconds, stderr."""
    started = time.perf_counter()
    run = subprocess.run(
        [sys.executable, str(ROOT / "cli.py"), *args, "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    wall = time.perf_counter() - started
    try:
        return json.loads(run.stdout), wall, run.stderr
    except json.JSONDecodeError:
        return None, wall, run.stderr


def checked(doc: dict[str, Any], folder: Path) -> bool:
    """The plan passes `speedblock check` against the scenario it carries."""
    if "scenario_document" not in doc:
        return False
    scenario_file, plan_file = folder / "own.json", folder / "checked.json"
    scenario_file.write_text(json.dumps(doc["scenario_document"]))
    plan_file.write_text(json.dumps(doc))
    run = subprocess.run(
        [sys.executable, str(ROOT / "cli.py"), "check", str(scenario_file), str(plan_file)],
        capture_output=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    return run.returncode == 0


def pin_for(plan: dict[str, Any], scenario: dict[str, Any]) -> str | None:
    """DATE=long: a long run on a day of the block's second half where the plan has
    none, as a coach moves one ("long run on Saturday the 14th"). The day is the first
    such one that is no race, taper, recovery or blocked day and whose weekday has room
    for a long run, trying the athlete's long-run day first, then the weekend, then the
    other weekdays."""
    from models.calendar import build_calendar
    from models.catalog import resolve_catalog
    from models.io import validate_scenario

    sc = validate_scenario(scenario)
    cal = build_calendar(sc)
    shortest = min((s.minutes for s in resolve_catalog(sc) if s.type == "long"), default=None)
    if shortest is None:
        return None
    first = [sc.athlete.long_run_day] if sc.athlete.long_run_day else []
    order = [*first, "sat", "sun", "mon", "tue", "wed", "thu", "fri"]
    weekdays = [w for i, w in enumerate(order) if w not in order[:i]]
    busy = set(cal.race_days) | cal.taper_days | cal.recovery_days | cal.blocked_days
    for weekday in weekdays:
        if sc.athlete.availability[weekday] < shortest:
            continue
        for d in range(cal.n_days // 2, cal.n_days):
            if cal.weekday(d) == weekday and d not in busy and plan["days"][d]["type"] != "long":
                return f"{cal.date(d).isoformat()}=long"
    return None


def write_log(plan: dict[str, Any], path: Path) -> str:
    """The first half as planned, the week two before it missed, the week before at RPE
    9; the date the re-plan starts."""
    days = plan["days"]
    # the re-plan starts on this week's first day: week 8 of 16, as a coach re-plans
    half_week = max(3, len(days) // 14)
    rows = ["date,session,rpe,note"]
    for index, day in enumerate(days[: 7 * (half_week - 1)]):
        week = index // 7 + 1
        if week == half_week - 2:
            continue
        rpe = "9" if week == half_week - 1 and day["type"] not in ("rest", "race") else ""
        rows.append(f"{day['date']},{day['session']},{rpe},")
    path.write_text("\n".join(rows) + "\n")
    return str(days[7 * (half_week - 1)]["date"])


def row(question: str, case: Case, short: Any, wall: float, refs: list[Any], folder: Path) -> Any:
    docs = [d for d in (short, *refs) if d is not None and d.get("objective") is not None]
    best = max((d["objective"] for d in docs), default=None)
    objective = short.get("objective") if short else None
    below = None
    if best is not None and objective is not None:
        below = (best - objective) / max(1.0, abs(best))
    return {
        "case": case.name,
        "question": question,
        "status": short.get("status") if short else "ERROR",
        "objective": objective,
        "best_known": best,
        "below_best": below,
        "wall_seconds": round(wall, 2),
        "stopped_by_wall_clock": (short or {}).get("solver", {}).get("stopped_by_wall_clock"),
        "valid": bool(short and objective is not None and checked(short, folder)),
        "met": below is not None and below <= TARGET,
    }


def run_case(case: Case, args: argparse.Namespace, folder: Path) -> list[dict[str, Any]]:
    common = ["--workers", str(args.workers), "--seed", str(args.seed)]
    base, _, err = speedblock(
        "solve", str(case.path), "--time-limit", str(args.base_limit), *common
    )
    if base is None or base.get("objective") is None:
        print(f"{case.name}: no base plan: {err[-200:]}", file=sys.stderr)
        return []
    plan_file = folder / f"{case.name}.json"
    plan_file.write_text(json.dumps(base))
    rows = []
    pin = pin_for(base, base["scenario_document"])
    if pin is not None:
        pinned = ["solve", str(case.path), "--pin", pin, *common]
        short, wall, _ = speedblock(
            *pinned, "--warm-start", str(plan_file), "--time-limit", str(args.limit)
        )
        refs = [
            speedblock(*pinned, "--time-limit", str(args.reference_limit))[0],
            speedblock(
                *pinned, "--warm-start", str(plan_file), "--time-limit", str(args.reference_limit)
            )[0],
        ]
        rows.append({**row("pin", case, short, wall, refs, folder), "pin": pin})
    log_file = folder / f"{case.name}-log.csv"
    today = write_log(base, log_file)
    replan = ["replan", str(case.path), "--plan", str(plan_file), "--log", str(log_file), *common]
    short, wall, _ = speedblock(*replan, "--time-limit", str(args.limit))
    refs = [speedblock(*replan, "--time-limit", str(args.reference_limit))[0]]
    rows.append({**row("re-plan", case, short, wall, refs, folder), "today": today})
    return rows


def full_weeks(case: Case) -> int:
    from models.io import load_scenario

    sc = load_scenario(case.path)
    return ((sc.last_day - sc.start).days + 1) // 7


def render(rows: list[dict[str, Any]], limit: float) -> str:
    lines = [
        f"--time-limit {limit:g} s; best known: the best of every solve of the question",
        "",
        "| case | question | status | objective | best known | below best | wall s | valid |",
        "|---|---|---|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        below = "-" if r["below_best"] is None else f"{100 * r['below_best']:.2f}%"
        obj = "-" if r["objective"] is None else f"{r['objective']:.1f}"
        best = "-" if r["best_known"] is None else f"{r['best_known']:.1f}"
        lines.append(
            f"| {r['case']} | {r['question']} | {r['status']} | {obj} | {best} | {below} "
            f"| {r['wall_seconds']:.1f} | {r['valid']} |"
        )
    for question in ("pin", "re-plan"):
        part = [r for r in rows if r["question"] == question]
        if part:
            met = sum(r["met"] for r in part)
            slowest = max(r["wall_seconds"] for r in part)
            lines.append(
                f"\n{question}: within {100 * TARGET:g}% of the best known on {met} of "
                f"{len(part)}; the slowest command took {slowest:.1f} s"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=sorted(SPLITS), default="eval")
    parser.add_argument("--limit", type=float, default=3.0)
    parser.add_argument("--base-limit", type=float, default=30.0)
    parser.add_argument("--reference-limit", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--cases", default=None, help="comma-separated case names")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    cases = [
        c
        for c in SPLITS[args.split]
        if c.band == "short"
        and full_weeks(c) >= MIN_WEEKS
        and (args.cases is None or c.name in args.cases.split(","))
    ]
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for case in cases:
            rows += run_case(case, args, Path(tmp))
            print(f"{case.name}: done", file=sys.stderr)
    out = args.out or ROOT / "benchmarks" / "results" / f"interaction-{args.split}.json"
    doc = {
        "command": " ".join(sys.argv),
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "limit": args.limit,
        "rows": rows,
    }
    out.write_text(json.dumps(doc, indent=1) + "\n")
    print(render(rows, args.limit))


if __name__ == "__main__":
    main()
