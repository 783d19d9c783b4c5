"""Garmin FIT workout files, one per training day, written with fit-tool.

Each file holds a file_id message (type workout), a workout message and one
workout_step message per step. A repeat is its steps followed by a step of
duration type `repeat_until_steps_cmplt` that points back to the first of them
(`duration_step`) with the count in `target_repeat_steps`. Targets:

- pace: target type `speed` with custom low and high speeds in m/s (FIT stores
  them in mm/s), low = the slow end of the pace range;
- heart-rate zone: target type `heart_rate`, `target_hr_zone` 1-5 (the watch's own zones);
- open: target type `open`.

time_created is midnight UTC of the block's first day and the serial number a
hash of the scenario, date and session, so the same plan gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from fit_tool.fit_file_builder import FitFileBuilder
from fit_tool.profile.messages.file_id_message import FileIdMessage
from fit_tool.profile.messages.workout_message import WorkoutMessage
from fit_tool.profile.messages.workout_step_message import WorkoutStepMessage
from fit_tool.profile.profile_type import (
    FileType,
    Intensity,
    Manufacturer,
    Sport,
    WorkoutStepDuration,
    WorkoutStepTarget,
)

from models.outputs.export.days import ExportDay, ExportPlan
from models.outputs.export.text import step_label, step_line
from models.workout import Repeat, Step, Workout

INTENSITY = {
    "warmup": Intensity.WARMUP,
    "work": Intensity.ACTIVE,
    "recovery": Intensity.RECOVERY,
    "cooldown": Intensity.COOLDOWN,
}
NAME_MAX = 50  # characters of a workout name; watches show fewer


def fit_files(plan: ExportPlan) -> dict[str, bytes]:
    """`YYYY-MM-DD-<session id>.fit` -> the file's bytes, for every training day."""
    return {f"{day.file_stem}.fit": fit_bytes(plan, day) for day in plan.training_days}


def fit_bytes(plan: ExportPlan, day: ExportDay) -> bytes:
    assert day.workout is not None
    workout = day.workout
    steps = step_messages(workout)
    builder = FitFileBuilder(auto_define=True, min_string_size=16)
    builder.add(_file_id(plan, day))
    message = WorkoutMessage()
    message.workout_name = (day.title if day.race else workout.name)[:NAME_MAX]
    message.sport = Sport.RUNNING if workout.is_run else Sport.GENERIC
    # Garmin's cookbook counts every workout_step message, repeat steps included.
    message.num_valid_steps = len(steps)
    builder.add(message)
    builder.add_all(steps)
    return bytes(builder.build_bytes())


def _file_id(plan: ExportPlan, day: ExportDay) -> FileIdMessage:
    key = f"{plan.scenario.name}\x1f{day.date.isoformat()}\x1f{day.session.id}".encode()
    message = FileIdMessage()
    message.type = FileType.WORKOUT
    message.manufacturer = Manufacturer.DEVELOPMENT.value
    message.product = 0
    message.serial_number = int.from_bytes(hashlib.sha256(key).digest()[:4], "big") or 1
    created = dt.datetime.combine(plan.start, dt.time(0), tzinfo=dt.UTC)
    message.time_created = round(created.timestamp() * 1000)
    return message


def step_messages(workout: Workout) -> list[WorkoutStepMessage]:
    messages: list[WorkoutStepMessage] = []
    for item in workout.steps:
        if isinstance(item, Repeat):
            first = len(messages)
            for step in item.steps:
                messages.append(_step(step, len(messages)))
            messages.append(_repeat(first, item.count, len(messages)))
        else:
            messages.append(_step(item, len(messages)))
    return messages


def _step(step: Step, index: int) -> WorkoutStepMessage:
    message = WorkoutStepMessage()
    message.message_index = index
    message.workout_step_name = step_label(step)
    message.notes = step_line(step)
    message.intensity = INTENSITY[step.kind]
    # The duration and target types come first: fit-tool picks the sub-field
    # (time, distance, speed, zone) a value is stored as from them.
    if step.seconds is not None:
        message.duration_type = WorkoutStepDuration.TIME
        message.duration_time = float(step.seconds)
    else:
        message.duration_type = WorkoutStepDuration.DISTANCE
        message.duration_distance = step.meters
    _set_target(message, step)
    return message


def _set_target(message: Any, step: Step) -> None:
    target = step.target
    if target.pace is not None:
        fast, slow = target.pace
        message.target_type = WorkoutStepTarget.SPEED
        message.target_value = 0
        message.custom_target_speed_low = 1000 / slow
        message.custom_target_speed_high = 1000 / fast
    elif target.hr_zone is not None:
        message.target_type = WorkoutStepTarget.HEART_RATE
        message.target_hr_zone = target.hr_zone
    else:
        message.target_type = WorkoutStepTarget.OPEN
        message.target_value = 0


def _repeat(first: int, count: int, index: int) -> WorkoutStepMessage:
    message = WorkoutStepMessage()
    message.message_index = index
    message.duration_type = WorkoutStepDuration.REPEAT_UNTIL_STEPS_CMPLT
    message.duration_step = first
    message.target_repeat_steps = count
    return message
