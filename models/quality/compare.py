"""Compare constraint sets on the scenarios a batch ran them on: what each set does to plan
quality, and the price of its rules against a reference set.

For a scenario X and a set S with plans under both S and the reference R:
    change(S, X) = objective(S, X) - objective(R, X)          (negative: S costs that much)
    change_pct   = 100 x change / max(1, |objective(R, X)|)
and likewise for the weighted race performance (the objective without soft penalties).
Sets are ranked by their mean objective change over the scenarios they share with the
reference, then by how many scenarios they solved. A plan that is not proven optimal
carries its gap, so a change smaller than the gaps involved is within solver noise.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from models.errors import InputError
from models.results.db import read_results
from models.results.table import STATUSES_WITH_PLAN, absent_or_infinite

REFERENCE_CANDIDATES = ("default", "defaults", "scenario")


@dataclass(frozen=True)
class Cell:
    """One scenario under one constraint set."""

    constraint_set: str
    scenario: str
    status: str
    objective: float | None
    reference_objective: float | None
    change: float | None
    change_pct: float | None
    perf_change_pct: float | None
    a_race_perf: float | None
    a_race_tsb: float | None
    max_monotony: float | None
    max_acwr: float | None
    plateau_weeks: float | None  # the block's longest plateau near the ceiling
    gap: float | None


@dataclass(frozen=True)
class SetSummary:
    rank: int
    constraint_set: str
    scenarios: int
    solved: int
    optimal: int
    infeasible: int
    no_plan: int
    failed: int
    compared: int
    mean_change: float | None
    mean_change_pct: float | None
    worst_change_pct: float | None
    mean_perf_change_pct: float | None
    max_monotony: float | None
    max_acwr: float | None
    max_plateau_weeks: float | None
    max_gap: float | None


@dataclass(frozen=True)
class Comparison:
    reference: str
    sets: tuple[SetSummary, ...]
    cells: tuple[Cell, ...]

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "reference": self.reference,
            "sets": [asdict(s) for s in self.sets],
            "scenarios": [asdict(c) for c in self.cells],
        }


def load_results(path: Path) -> list[dict[str, Any]]:
    """The rows of a batch folder (its results.db, or the results.jsonl of a folder made
    before the database), of a results.db file, or of a results.jsonl file."""
    return list(read_results(path).values())


def pick_reference(sets: Sequence[str], requested: str | None) -> str:
    if requested is not None:
        if requested not in sets:
            raise InputError(
                f"no constraint set {requested!r} in the results; they hold: {', '.join(sets)}",
                field="--reference",
            )
        return requested
    return next((name for name in REFERENCE_CANDIDATES if name in sets), sets[0])


def compare(rows: Sequence[Mapping[str, Any]], reference: str | None = None) -> Comparison:
    if not rows:
        raise InputError("the results hold no rows", field="RESULTS")
    sets = sorted({str(r["constraint_set"]) for r in rows})
    ref = pick_reference(sets, reference)
    by_key = {(str(r["constraint_set"]), scenario_label(r)): r for r in rows}
    scenarios = sorted({scenario_label(r) for r in rows})
    cells = tuple(
        cell(name, scenario, by_key[(name, scenario)], by_key.get((ref, scenario)))
        for scenario in scenarios
        for name in sets
        if (name, scenario) in by_key
    )
    summaries = [summarize(name, [c for c in cells if c.constraint_set == name]) for name in sets]
    ranked = sorted(summaries, key=rank_key)
    return Comparison(
        reference=ref,
        sets=tuple(_with_rank(s, i + 1) for i, s in enumerate(ranked)),
        cells=cells,
    )


def scenario_label(row: Mapping[str, Any]) -> str:
    """The scenario part of the job name (`<scenario>--<set>`), which is unique per file."""
    job = str(row.get("job", ""))
    set_name = str(row.get("constraint_set", ""))
    suffix = f"--{set_name}"
    return job[: -len(suffix)] if job.endswith(suffix) else str(row.get("scenario_file"))


def has_plan(row: Mapping[str, Any] | None) -> bool:
    return row is not None and row.get("status") in STATUSES_WITH_PLAN


def cell(name: str, scenario: str, row: Mapping[str, Any], ref: Mapping[str, Any] | None) -> Cell:
    objective = _num(row.get("objective")) if has_plan(row) else None
    ref_objective = _num(ref.get("objective")) if ref is not None and has_plan(ref) else None
    change = change_pct = perf_pct = None
    if objective is not None and ref_objective is not None and ref is not None:
        change = objective - ref_objective
        change_pct = 100 * change / max(1.0, abs(ref_objective))
        perf, ref_perf = _num(row.get("weighted_perf")), _num(ref.get("weighted_perf"))
        if perf is not None and ref_perf is not None:
            perf_pct = 100 * (perf - ref_perf) / max(1.0, abs(ref_perf))
    return Cell(
        constraint_set=name,
        scenario=scenario,
        status=str(row.get("status")),
        objective=objective,
        reference_objective=ref_objective,
        change=change,
        change_pct=change_pct,
        perf_change_pct=perf_pct,
        a_race_perf=_num(row.get("a_race_perf")),
        a_race_tsb=_num(row.get("a_race_tsb")),
        max_monotony=_num(row.get("max_monotony")),
        max_acwr=_num(row.get("max_acwr")),
        plateau_weeks=_num(row.get("plateau_weeks")),
        gap=_num(row.get("gap")) if has_plan(row) else None,
    )


def summarize(name: str, cells: Sequence[Cell]) -> SetSummary:
    compared = [c for c in cells if c.change is not None]
    statuses = [c.status for c in cells]
    return SetSummary(
        rank=0,
        constraint_set=name,
        scenarios=len(cells),
        solved=sum(s in STATUSES_WITH_PLAN for s in statuses),
        optimal=statuses.count("OPTIMAL"),
        infeasible=statuses.count("INFEASIBLE"),
        no_plan=statuses.count("UNKNOWN"),
        failed=statuses.count("FAILED") + statuses.count("MODEL_INVALID"),
        compared=len(compared),
        mean_change=_mean(c.change for c in compared),
        mean_change_pct=_mean(c.change_pct for c in compared),
        worst_change_pct=_min(c.change_pct for c in compared),
        mean_perf_change_pct=_mean(c.perf_change_pct for c in compared),
        max_monotony=_max(c.max_monotony for c in cells),
        max_acwr=_max(c.max_acwr for c in cells),
        max_plateau_weeks=_max(c.plateau_weeks for c in cells),
        max_gap=_max(c.gap for c in cells),
    )


def rank_key(s: SetSummary) -> tuple[float, int, str]:
    mean = s.mean_change_pct if s.mean_change_pct is not None else -math.inf
    return (-mean, -s.solved, s.constraint_set)


def _with_rank(s: SetSummary, rank: int) -> SetSummary:
    return SetSummary(**{**asdict(s), "rank": rank})


def _num(value: Any) -> float | None:
    if value == "inf":
        return math.inf
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _mean(values: Iterable[float | None]) -> float | None:
    found = [v for v in values if v is not None]
    return sum(found) / len(found) if found else None


def _max(values: Iterable[float | None]) -> float | None:
    found = [v for v in values if v is not None]
    return max(found) if found else None


def _min(values: Iterable[float | None]) -> float | None:
    found = [v for v in values if v is not None]
    return min(found) if found else None


# ---------------------------------------------------------------- rendering

SUMMARY_HEADERS = (
    ("rank", "rank"),
    ("constraint_set", "constraint set"),
    ("solved", "solved"),
    ("optimal", "optimal"),
    ("infeasible", "infeasible"),
    ("no_plan", "no plan"),
    ("failed", "failed"),
    ("mean_change_pct", "objective vs ref %"),
    ("worst_change_pct", "worst %"),
    ("mean_perf_change_pct", "race perf vs ref %"),
    ("max_monotony", "max monotony"),
    ("max_acwr", "max ACWR"),
    ("max_plateau_weeks", "longest plateau (weeks)"),
    ("max_gap", "max gap %"),
)
CELL_HEADERS = (
    ("scenario", "scenario"),
    ("constraint_set", "constraint set"),
    ("status", "status"),
    ("objective", "objective"),
    ("change", "change"),
    ("change_pct", "change %"),
    ("perf_change_pct", "race perf %"),
    ("a_race_tsb", "goal-race TSB"),
    ("max_monotony", "max monotony"),
    ("max_acwr", "max ACWR"),
    ("plateau_weeks", "plateau (weeks)"),
    ("gap", "gap %"),
)


def show(key: str, value: Any) -> str:
    if (shown := absent_or_infinite(value)) is not None:
        return shown
    if isinstance(value, float):
        if key in ("gap", "max_gap"):
            return f"{100 * value:.2f}"
        if key in ("plateau_weeks", "max_plateau_weeks"):
            return f"{value:.0f}"
        if key.endswith("pct"):
            return f"{value:+.2f}"
        if key == "change":
            return f"{value:+.1f}"
        return (
            f"{value:.2f}" if key in ("max_monotony", "max_acwr", "a_race_tsb") else f"{value:.1f}"
        )
    return str(value)


def table_rows(items: Sequence[Any], headers: Sequence[tuple[str, str]]) -> list[list[str]]:
    return [[show(key, getattr(item, key)) for key, _ in headers] for item in items]


def to_markdown(result: Comparison) -> str:
    lines = [f"Reference constraint set: `{result.reference}`", ""]
    lines += _md_table(SUMMARY_HEADERS, table_rows(result.sets, SUMMARY_HEADERS))
    lines += ["", "Per scenario:", ""]
    lines += _md_table(CELL_HEADERS, table_rows(result.cells, CELL_HEADERS))
    return "\n".join(lines) + "\n"


def _md_table(headers: Sequence[tuple[str, str]], rows: Sequence[Sequence[str]]) -> list[str]:
    out = ["| " + " | ".join(title for _, title in headers) + " |"]
    out.append("|" + "|".join("---" if i < 2 else "---:" for i in range(len(headers))) + "|")
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return out


def to_csv(result: Comparison, detail: bool = False) -> str:
    """The ranking of the sets, or with `detail` one row per set and scenario; raw numbers."""
    items: Sequence[Any] = result.cells if detail else result.sets
    headers = CELL_HEADERS if detail else SUMMARY_HEADERS
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([key for key, _ in headers] + ["reference"])
    for item in items:
        writer.writerow(
            ["" if (v := getattr(item, key)) is None else v for key, _ in headers]
            + [result.reference]
        )
    return buffer.getvalue()
