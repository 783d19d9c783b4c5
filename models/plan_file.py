"""Plan files: reading one as a JSON object, writing one as the command line does, and
the scenario that a plan carries in its `scenario_document`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from models.errors import InputError
from models.files import write_output
from models.io import validate_scenario
from models.plan import plan_json_text
from models.scenario import Scenario


def write_plan_file(path: Path, doc: dict[str, Any], field: str | None = None) -> None:
    """Write a plan document where -o says (models.files.write_output); an InputError
    if it cannot be written."""
    write_output(path, plan_json_text(doc).encode("utf-8"), field=field or "-o")


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
