"""`speedblock compare`: ranking constraint sets and pricing them against a reference."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cli import cli
from models.quality.compare import compare
from models.results.table import complete, write_rows


def row(
    scenario: str,
    cset: str,
    status: str,
    objective: float | None,
    perf: float = 0.0,
    gap: float = 0.0,
) -> dict[str, Any]:
    return complete(
        {
            "job": f"{scenario}--{cset}",
            "scenario_file": f"{scenario}.toml",
            "constraint_set": cset,
            "status": status,
            "objective": objective,
            "weighted_perf": perf,
            "gap": gap,
            "max_monotony": 1.5,
        }
    )


ROWS = [
    row("a", "default", "OPTIMAL", 100.0, 120.0),
    row("a", "strict", "OPTIMAL", 90.0, 114.0),
    row("a", "loose", "FEASIBLE", 110.0, 126.0, gap=0.01),
    row("b", "default", "OPTIMAL", 200.0, 200.0),
    row("b", "strict", "INFEASIBLE", None),
    row("b", "loose", "OPTIMAL", 230.0, 220.0),
]


def test_sets_are_priced_against_the_reference_per_scenario() -> None:
    result = compare(ROWS)
    assert result.reference == "default"
    cells = {(c.scenario, c.constraint_set): c for c in result.cells}
    assert cells[("a", "strict")].change == pytest.approx(-10.0)
    assert cells[("a", "strict")].change_pct == pytest.approx(-10.0)
    assert cells[("a", "strict")].perf_change_pct == pytest.approx(-5.0)
    assert cells[("b", "loose")].change_pct == pytest.approx(15.0)
    assert cells[("b", "strict")].change is None


def test_each_set_shows_its_longest_plateau() -> None:
    rows = [
        {**ROWS[0], "plateau_weeks": 2},
        {**ROWS[1], "plateau_weeks": 5},
        {**ROWS[3], "plateau_weeks": 1},
        {**ROWS[4], "plateau_weeks": None},
    ]
    sets = {s.constraint_set: s for s in compare(rows).sets}
    assert sets["default"].max_plateau_weeks == 2
    assert sets["strict"].max_plateau_weeks == 5


def test_ranking_by_mean_objective_change() -> None:
    result = compare(ROWS)
    assert [s.constraint_set for s in result.sets] == ["loose", "default", "strict"]
    loose, default, strict = result.sets
    assert loose.rank == 1 and loose.mean_change_pct == pytest.approx(12.5)
    assert loose.worst_change_pct == pytest.approx(10.0)
    assert loose.max_gap == pytest.approx(0.01)
    assert strict.solved == 1 and strict.infeasible == 1 and strict.compared == 1
    assert default.mean_change_pct == pytest.approx(0.0)


def test_named_reference() -> None:
    result = compare(ROWS, reference="loose")
    cells = {(c.scenario, c.constraint_set): c for c in result.cells}
    assert cells[("b", "default")].change == pytest.approx(-30.0)


def write_batch(folder: Path) -> None:
    folder.mkdir()
    write_rows(folder, ROWS)


def test_compare_command_formats(tmp_path: Path) -> None:
    folder = tmp_path / "results"
    write_batch(folder)
    runner = CliRunner()
    md = runner.invoke(cli, ["compare", str(folder), "--format", "md"])
    assert md.exit_code == 0, md.output
    assert "| 1 | loose |" in md.stdout
    table = list(
        csv.DictReader(
            io.StringIO(runner.invoke(cli, ["compare", str(folder), "--format", "csv"]).stdout)
        )
    )
    assert [r["constraint_set"] for r in table] == ["loose", "default", "strict"]
    assert float(table[2]["mean_change_pct"]) == pytest.approx(-10.0)
    detail = list(
        csv.DictReader(
            io.StringIO(
                runner.invoke(
                    cli, ["compare", str(folder / "results.jsonl"), "--format", "csv", "--detail"]
                ).stdout
            )
        )
    )
    assert len(detail) == 6
    doc = json.loads(runner.invoke(cli, ["compare", str(folder), "--json"]).stdout)
    assert doc["reference"] == "default" and len(doc["sets"]) == 3
    out = tmp_path / "compare.md"
    written = runner.invoke(cli, ["compare", str(folder), "--format", "md", "-o", str(out)])
    assert written.exit_code == 0 and out.read_text() == md.stdout
    terminal = runner.invoke(cli, ["compare", str(folder)])
    assert "loose" in terminal.stdout and "per scenario" in terminal.stdout


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--reference", "nope"], "no constraint set 'nope'"),
        ([], None),
    ],
)
def test_compare_bad_input_exits_2(tmp_path: Path, args: list[str], needle: str | None) -> None:
    folder = tmp_path / "results"
    if needle is not None:
        write_batch(folder)
    else:
        folder.mkdir()  # no results.jsonl in it
    result = CliRunner().invoke(cli, ["compare", str(folder), *args])
    assert result.exit_code == 2
    assert (needle or "holds no results.jsonl") in result.stderr
    assert "Traceback" not in result.output
