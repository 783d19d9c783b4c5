"""Workouts as plain text for people: one line per step, and short step labels
that the watch and intervals.icu show."""

from __future__ import annotations

import math

from models.workout import Item, Repeat, Step, Target, Workout, format_amount

KIND_PREFIX = {"warmup": "Warm-up: ", "cooldown": "Cool-down: ", "work": "", "recovery": ""}
KIND_LABEL = {"warmup": "Warm-up", "cooldown": "Cool-down", "recovery": "Recovery"}


def mmss(sec_per_km: float) -> str:
    """`245.4` -> `4:05`: whole seconds, halves up (as models.paces.format_pace)."""
    total = math.floor(sec_per_km + 0.5)
    return f"{total // 60}:{total % 60:02d}"


def pace_range(target: Target) -> str:
    """`3:41-3:50/km`, fastest first."""
    assert target.pace is not None
    fast, slow = target.pace
    return f"{mmss(fast)}-{mmss(slow)}/km"


def target_text(target: Target) -> str:
    """`3K pace 3:41-3:50/km`, `5K effort (HR zone 5)` or `easy jog`."""
    if target.kind == "pace":
        return f"{target.name} {pace_range(target)}"
    if target.kind == "hr":
        return f"{target.effort} (HR zone {target.hr_zone})"
    return target.effort


def step_line(step: Step) -> str:
    """`Warm-up: 15 min easy 5:18-5:56/km`, `30 s mile effort (uphill)`."""
    cue = f" ({step.cue})" if step.cue else ""
    return f"{KIND_PREFIX[step.kind]}{format_amount(step)} {target_text(step.target)}{cue}"


def step_label(step: Step) -> str:
    """A word or two for a watch screen: `Warm-up`, `Recovery`, `Uphill`, `3K pace`."""
    if step.kind in KIND_LABEL:
        return KIND_LABEL[step.kind]
    target = step.target
    text = step.cue or (target.effort if target.kind == "hr" else target.name)
    return text[:1].upper() + text[1:]


def workout_lines(workout: Workout) -> list[str]:
    lines: list[str] = []
    for item in workout.steps:
        lines += _item_lines(item)
    return lines


def _item_lines(item: Item) -> list[str]:
    if isinstance(item, Repeat):
        return [f"{item.count} x:", *(f"  - {step_line(s)}" for s in item.steps)]
    return [step_line(item)]


def workout_text(workout: Workout) -> str:
    return "\n".join(workout_lines(workout))
