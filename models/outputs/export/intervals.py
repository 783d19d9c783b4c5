"""intervals.icu workout text, one file per training day, and a CSV of them all.

The text follows intervals.icu's workout builder: a step is a line `- [cue]
<duration or distance> [target]`; a repeat is a line `Nx` with its steps below,
with a blank line before and after; `m` is minutes, distances are `400mtr` or
`1.609km`; a pace target is `5:56-5:18/km Pace` (slow end first), a heart-rate
zone `Z2 HR`; a step without a target (jogs, strides, hill reps) has none.

The folder holds `YYYY-MM-DD-<session id>.txt` per training day and
`intervals.csv` with the columns date, name, type (`Run` or `Other`) and text.
"""

from __future__ import annotations

import csv
import io

from models.outputs.export.days import ExportPlan
from models.outputs.export.text import mmss, step_label
from models.workout import Repeat, Step, Workout

CSV_NAME = "intervals.csv"
CSV_COLUMNS = ("date", "name", "type", "text")


def duration(seconds: int) -> str:
    """`15m`, `30s`, `1m30s`, `2h30m`."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [
        f"{hours}h" if hours else "",
        f"{minutes}m" if minutes else "",
        f"{secs}s" if secs else "",
    ]
    return "".join(parts)


def distance(meters: float) -> str:
    """`400mtr`, `1km`, `1.609km`, `21.0975km`."""
    if meters < 1000:
        return f"{meters:g}mtr"
    return f"{round(meters / 1000, 4):g}km"


def step_text(step: Step) -> str:
    """`- Warm-up 15m 5:56-5:18/km Pace`."""
    amount = duration(step.seconds) if step.seconds is not None else distance(step.meters or 0)
    target = step.target
    if target.pace is not None:
        fast, slow = target.pace
        aim = f" {mmss(slow)}-{mmss(fast)}/km Pace"
    elif target.hr_zone is not None:
        aim = f" Z{target.hr_zone} HR"
    else:
        aim = ""
    cue = step_label(step) if step.kind != "work" or step.cue or not aim else ""
    return f"- {cue + ' ' if cue else ''}{amount}{aim}"


def intervals_text(workout: Workout) -> str:
    lines: list[str] = []
    for item in workout.steps:
        if isinstance(item, Repeat):
            if lines and lines[-1]:
                lines.append("")
            lines += [f"{item.count}x", *(step_text(s) for s in item.steps), ""]
        else:
            lines.append(step_text(item))
    return "\n".join(lines).strip("\n") + "\n"


def intervals_files(plan: ExportPlan) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    rows = io.StringIO()
    writer = csv.writer(rows, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for day in plan.training_days:
        assert day.workout is not None
        text = intervals_text(day.workout)
        files[f"{day.file_stem}.txt"] = text.encode("utf-8")
        sport = "Run" if day.workout.is_run else "Other"
        writer.writerow((day.date.isoformat(), day.title, sport, text.rstrip("\n")))
    files[CSV_NAME] = rows.getvalue().encode("utf-8")
    return files
