"""What the workbench's pages ask for, as plain functions over a workspace: the scenario
form, saving it, the plan with its violations, a manual edit, re-optimizing, downloads
and two plans side by side. The web routes (workbench/app.py) only call these.

A scenario's plan lives beside it as `<stem>.plan.json`, a plan file like any other
(`speedblock check`, `export` and `report` read it), with one added table,
`workbench`: the dates the coach pinned by hand, so that a page opened later knows
which days are the coach's.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import tempfile
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from models.errors import InputError
from models.io import parse_document, validate_scenario
from models.plan import plan_json_text
from models.plan_document import parse_date, read_plan_file
from models.scenario import Scenario
from workbench import editor, planning
from workbench.workspace import Workspace

DOWNLOADS = {
    "json": ("application/json", ".plan.json"),
    "ics": ("text/calendar", ".ics"),
    "fit": ("application/zip", "-fit.zip"),
    "intervals": ("application/zip", "-intervals.zip"),
    "md": ("text/markdown", ".md"),
    "csv": ("text/csv", ".csv"),
    "report": ("text/html", "-report.html"),
}


class Service:
    def __init__(self, workspace: Workspace) -> None:
        self.ws = workspace

    # ------------------------------------------------------------------ scenarios

    def raw_scenario(self, name: str) -> dict[str, Any]:
        path = self.ws.resolve(name, field="scenario")
        if not path.is_file():
            raise InputError("no such scenario in the workspace", file=name, field="scenario")
        return parse_document(path)

    def scenario(self, name: str) -> Scenario:
        return validate_scenario(self.raw_scenario(name), file=name)

    def scenario_form(self, name: str) -> dict[str, Any]:
        """The form's values, each field's label and default, and the file's errors."""
        raw = self.raw_scenario(name)
        errors: list[dict[str, Any]] = []
        try:
            validate_scenario(raw, file=name)
        except InputError as exc:
            errors = error_list(exc)
        sections = [
            ("Block", editor.BLOCK_FIELDS),
            ("Athlete", editor.ATHLETE_FIELDS),
            ("Availability (minutes a weekday; 0 = rest)", editor.AVAILABILITY_FIELDS),
            ("Rules", editor.RULE_FIELDS),
        ]
        return {
            "name": name,
            "values": editor.form_values(raw),
            "sections": [
                {"title": title, "fields": [field_view(f) for f in fields]}
                for title, fields in sections
            ],
            "race_fields": [field_view(f) for f in editor.RACE_FIELDS],
            "errors": errors,
        }

    def edited_document(self, name: str, values: Mapping[str, Any]) -> dict[str, Any]:
        """The scenario document with the form's values; InputError lists every problem."""
        doc = editor.apply_edits(self.raw_scenario(name), values, file=name)
        editor.validate_edited(doc, file=name)
        return doc

    def save_scenario(self, name: str, values: Mapping[str, Any]) -> None:
        """Validate the form and write the scenario file atomically, in its own format."""
        doc = self.edited_document(name, values)
        path = self.ws.resolve(name, field="scenario")
        text = editor.save_text(path.read_text("utf-8"), editor.suffix_of(path), doc)
        # What is written must read back as the same scenario: a guard against a
        # format's writer changing a value.
        check = editor.validate_edited(parse_text(text, path.suffix), file=name)
        if check != editor.validate_edited(doc, file=name):
            raise InputError("the edited file would not read back the same", file=name)
        self.ws.write(name, text.encode("utf-8"))

    # ---------------------------------------------------------------------- plans

    def plan_name(self, name: str) -> str:
        return self.ws.plan_name(name)

    def stored_plan(self, name: str) -> dict[str, Any] | None:
        self.ws.resolve(name, field="scenario")  # the name the request gave, checked first
        path = self.ws.resolve(self.plan_name(name), field="plan")
        if not path.is_file():
            return None
        return read_plan_file(path)

    def plan_view(self, name: str, plan: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """The plan as the page draws it: days, weeks, races, penalties, the violations
        by day and week, the pinned dates."""
        scenario = self.scenario(name)
        plan = plan if plan is not None else self.stored_plan(name)
        if plan is None or not plan.get("days"):
            return {"plan": plan, "violations": [], "pinned": []}
        found = planning.check_document(scenario, plan)
        return {
            "metrics": planning.metrics_summary(scenario, plan),
            "plan": dict(plan),
            "violations": found,
            "pinned": list((plan.get("workbench") or {}).get("pinned", [])),
            "weighted_perf": planning.weighted_perf(scenario, plan),
            "blocked": [d.isoformat() for d in scenario.athlete.blocked],
            "race_days": [r.date.isoformat() for r in scenario.races],
        }

    def save_plan(self, name: str, plan: Mapping[str, Any], pinned: Sequence[str]) -> None:
        doc = dict(plan)
        doc["workbench"] = {"pinned": sorted(set(pinned))}
        self.ws.write(self.plan_name(name), plan_json_text(doc).encode("utf-8"))

    def plan_files(self, name: str) -> list[str]:
        """The plan files beside the scenario: its plan and the copies kept of it."""
        folder = self.ws.resolve(name, field="scenario").parent
        stem = Path(name).stem
        mine = re.compile(re.escape(stem) + r"(-\d+)?\.plan\.json")
        found = sorted(
            self.ws.name_of(p)
            for p in folder.glob(f"{glob_escape(stem)}*.plan.json")
            if mine.fullmatch(p.name) and p.is_file() and p.resolve().is_relative_to(self.ws.root)
        )
        own = self.plan_name(name)
        return ([own] if own in found else []) + [f for f in found if f != own]

    def keep_copy(self, name: str) -> str:
        """Keep the plan as it stands under a new name, `<stem>-N.plan.json`."""
        plan = self.stored_plan(name)
        if plan is None or not plan.get("days"):
            raise InputError("has no plan to keep: solve it first", file=name, field="plan")
        pure = Path(self.plan_name(name))
        stem = Path(name).stem
        for n in range(1, 1000):
            copy = str(pure.with_name(f"{stem}-{n}.plan.json"))
            if not self.ws.resolve(copy).exists():
                self.ws.write(copy, plan_json_text(plan).encode("utf-8"))
                return copy
        raise InputError("has 999 copies already", file=name, field="plan")

    def edit(self, name: str, sessions: Sequence[str], pinned: Sequence[str]) -> dict[str, Any]:
        """A manual edit (or an undo): the plan of these sessions, saved, and checked."""
        scenario = self.scenario(name)
        base = self.stored_plan(name)
        plan = planning.edited_plan(scenario, list(sessions), base).to_json_dict()
        for date_text in pinned:
            _date_in_block(scenario, date_text)
        self.save_plan(name, plan, pinned)
        return self.plan_view(name, self.stored_plan(name))

    def day_options(self, name: str, date_text: str) -> list[dict[str, Any]]:
        scenario = self.scenario(name)
        return planning.allowed_sessions(scenario, _date_in_block(scenario, date_text))

    def solve_request(self, name: str, time_limit: float, seed: int = 0) -> dict[str, Any]:
        scenario = self.scenario(name)
        return {
            "scenario": scenario.model_dump(mode="json", exclude_none=True),
            "time_limit": time_limit,
            "workers": 2,
            "seed": seed,
        }

    def reoptimize_request(self, name: str, time_limit: float, seed: int = 0) -> dict[str, Any]:
        scenario = self.scenario(name)
        plan = self.stored_plan(name)
        if plan is None or not plan.get("days"):
            raise InputError("has no plan yet: solve it first", file=name, field="plan")
        sessions = planning.day_sessions(plan)
        pinned = list((plan.get("workbench") or {}).get("pinned", []))
        return {
            "scenario": planning.reoptimize_document(scenario, sessions, pinned),
            "time_limit": time_limit,
            "workers": 2,
            "seed": seed,
            "warm_start": sessions,
            "before": plan,
            "pinned": pinned,
        }

    def finish(self, name: str, request: Mapping[str, Any], result: dict[str, Any]) -> None:
        """Keep a finished solve: a plan with days replaces the stored plan (its
        scenario_document the scenario's own, without the re-plan's scaffolding)."""
        if not result.get("days"):
            return
        scenario = self.scenario(name)
        result = dict(result)
        result["scenario_document"] = scenario.model_dump(mode="json", exclude_none=True)
        before = request.get("before")
        if before is not None:
            changed, gain = planning.plan_difference(scenario, before, result)
            result["workbench_changes"] = {"days": changed, "weighted_perf_change": gain}
        self.save_plan(name, result, request.get("pinned", []))

    # ------------------------------------------------------------------ downloads

    def download(self, name: str, fmt: str) -> tuple[bytes, str, str]:
        """The bytes, media type and file name of a download of the stored plan."""
        if fmt not in DOWNLOADS:
            raise InputError(
                f"unknown download {fmt!r}; known: {', '.join(DOWNLOADS)}", field="format"
            )
        plan = self.stored_plan(name)
        if plan is None or not plan.get("days"):
            raise InputError("has no plan to download: solve it first", file=name, field="plan")
        scenario = self.scenario(name)
        media, ending = DOWNLOADS[fmt]
        filename = Path(name).stem + ending
        if fmt == "json":
            return plan_json_text(plan).encode("utf-8"), media, filename
        if fmt == "report":
            from models.outputs.report import render_report

            return render_report(scenario, plan).encode("utf-8"), media, filename
        from models.outputs.export import export_plan

        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / ("out" if fmt in ("fit", "intervals") else "out" + ending)
            written = export_plan(plan, scenario, fmt, out)
            if fmt in ("fit", "intervals"):
                return zip_files(out, written), media, filename
            return out.read_bytes(), media, filename

    def compare(self, name: str, first: str, second: str) -> dict[str, Any]:
        """Two plan files of the workspace under this scenario, side by side."""
        from models.quality.plan_comparison import compare_two

        scenario = self.scenario(name)
        a = read_plan_file(self.ws.resolve(first, field="first"))
        b = read_plan_file(self.ws.resolve(second, field="second"))
        return compare_two(scenario, a, b, names=(first, second)).to_json_dict()

    def chart_png(self, name: str, kind: str) -> bytes:
        from workbench.charts import chart_png

        plan = self.stored_plan(name)
        if plan is None or not plan.get("days"):
            raise InputError("has no plan yet", file=name, field="plan")
        return chart_png(self.scenario(name), plan, kind)


def glob_escape(text: str) -> str:
    return "".join(f"[{c}]" if c in "*?[]" else c for c in text)


def zip_files(folder: Path, files: Sequence[Path]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(files):
            info = zipfile.ZipInfo(path.relative_to(folder).as_posix(), (1980, 1, 1, 0, 0, 0))
            archive.writestr(info, path.read_bytes(), zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def field_view(f: editor.Field) -> dict[str, Any]:
    return {
        "path": f.path,
        "label": f.label,
        "kind": f.kind,
        "choices": list(f.choices),
        "default": editor.default_text(f),
    }


def error_list(exc: InputError) -> list[dict[str, Any]]:
    return [{**e.as_dict(), "line": str(e)} for e in exc.errors]


def parse_text(text: str, suffix: str) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / ("scenario" + suffix)
        path.write_text(text, "utf-8")
        return parse_document(path)


def _date_in_block(scenario: Scenario, text: str) -> dt.date:
    date = parse_date(text)
    if date is None:
        raise InputError(f"{text!r} is not a date YYYY-MM-DD", field="date")
    if not scenario.start <= date <= scenario.last_day:
        raise InputError(f"{text} lies outside the block", field="date")
    return date
