"""Plan files: reading one as a JSON object, writing one as the command line does, and
the scenario that a plan carries in its `scenario_document`."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from models.errors import InputError
from models.files import write_atomic
from models.io import read_text, validate_scenario
from models.plan import plan_json_text
from models.scenario import Scenario


def read_plan_file(path: str | os.PathLike[str]) -> dict[str, Any]:
    """The plan file as a JSON object, or an InputError naming it."""
    name = str(path)
    text = read_text(Path(path))
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"the plan is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})",
            file=name,
        ) from None
    if not isinstance(doc, dict):
        raise InputError(f"the plan must be a JSON object, not {type(doc).__name__}", file=name)
    return doc


def write_plan_file(path: Path, doc: dict[str, Any], field: str | None = None) -> None:
    """Write a plan document whole or not at all; an InputError if it cannot be written."""
    try:
        write_atomic(path, plan_json_text(doc))
    except OSError as exc:
        raise InputError(
            f"cannot write the plan: {exc.strerror}", file=str(path), field=field
        ) from None


def carried_scenario(
    plan_doc: dict[str, Any], plan_file: str | None = None, hint: str = "give the scenario too"
) -> Scenario:
    """The scenario a plan was made for, from the `scenario_document` every plan
    speedblock writes carries; its errors name the plan file and that field, and `hint`
    says how else to name the scenario when the plan carries none."""
    document = plan_doc.get("scenario_document")
    if not isinstance(document, dict):
        raise InputError(
            f"the plan does not carry its scenario (written by hand or by another tool?); {hint}",
            file=plan_file,
            field="scenario_document",
        )
    try:
        return validate_scenario(document, file=plan_file)
    except InputError as exc:
        raise InputError.of(
            [
                InputError(
                    e.message,
                    file=plan_file,
                    field=f"scenario_document.{e.field or ''}".rstrip("."),
                )
                for e in exc.errors
            ]
        ) from None
