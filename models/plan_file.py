"""Plan files: reading one as a JSON object, writing one as the command line does (the
plan JSON or an export of it), and the scenario a plan was made for: the one named
beside it, or the one it carries in its `scenario_document`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from models.errors import InputError
from models.files import write_output
from models.io import load_scenario, validate_scenario
from models.plan import plan_json_text
from models.plan_document import read_plan_file
from models.scenario import Scenario


def write_plan_file(path: Path, doc: dict[str, Any], field: str | None = None) -> None:
    """Write a plan document where -o says (models.files.write_output); an InputError
    if it cannot be written."""
    write_output(path, plan_json_text(doc).encode("utf-8"), field=field or "-o")


def write_plan_as(
    path: Path, fmt: str, doc: dict[str, Any], scenario: Scenario, has_plan: bool
) -> None:
    """Write a solve's plan where -o says: the plan JSON whatever its status, or, when
    there is a plan, its export in `fmt` (models.outputs.export)."""
    if fmt == "json":
        write_plan_file(path, doc)
    elif has_plan:
        from models.outputs.export import export_plan

        export_plan(doc, scenario, fmt, path)


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


def scenario_of_plan(
    plan_doc: dict[str, Any], plan_path: str, scenario_path: str | None, constraints: str | None
) -> Scenario:
    """The scenario a plan was made for: --scenario (and --constraints) when given, else
    the `scenario_document` every plan speedblock writes carries."""
    if scenario_path is not None:
        return load_scenario(scenario_path, constraints)
    if constraints is not None:
        raise InputError("needs --scenario", field="--constraints")
    return carried_scenario(plan_doc, plan_path, hint="name it with --scenario FILE")


def plan_and_scenario(
    plan_path: str, scenario_path: str | None, constraints: str | None
) -> tuple[dict[str, Any], Scenario]:
    """The plan file and the scenario it was made for (scenario_of_plan)."""
    plan_doc = read_plan_file(plan_path)
    return plan_doc, scenario_of_plan(plan_doc, plan_path, scenario_path, constraints)
