"""`speedblock compare-plans` (models/quality/plan_comparison.py), and a short solve of an imported
scenario that starts from its book plan."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import Result

from cli import cli
from models.importing.importer import ImportOptions, ImportResult, import_plan
from models.io import load_scenario
from models.quality.plan_comparison import compare_two, render_comparison

from conftest import cli_runner

IMPORTS = Path(__file__).resolve().parents[1] / "scenarios" / "imports"


def run(*args: str | Path) -> Result:
    return cli_runner().invoke(cli, [str(a) for a in args])


@pytest.fixture(scope="module")
def five_k() -> ImportResult:
    return import_plan(IMPORTS / "5k-10wk.yaml", ImportOptions(start=dt.date(2027, 1, 4)))


def _written(result: ImportResult, folder: Path) -> tuple[Path, Path]:
    scenario, book = folder / "block.toml", folder / "block.book.json"
    scenario.write_text(result.scenario_text)
    book.write_text(json.dumps(result.book_plan))
    return scenario, book


def test_a_plan_against_itself_changes_nothing(five_k: ImportResult) -> None:
    comparison = compare_two(five_k.scenario, five_k.book_plan, five_k.book_plan)
    a, b = comparison.sides
    assert [r.perf for r in a.metrics.races] == [r.perf for r in b.metrics.races]
    assert a.violations == b.violations == ()
    assert len(a.tapers) == len(five_k.scenario.races)  # an A and a B taper
    assert a.long_run[0] == max(
        d.session.minutes for d in five_k.days[:7] if d.session.type == "long"
    )
    text = render_comparison(comparison)
    assert "+0.0%" in text
    assert "rules broken by (1) book: none" in text


def test_a_changed_plan_shows_its_broken_rules_and_its_load(five_k: ImportResult) -> None:
    changed = copy.deepcopy(five_k.book_plan)
    monday = changed["days"][7]  # week 2's Monday: a rest day in the book
    assert monday["session"] == "rest"
    tuesday = changed["days"][8]
    monday.update({k: tuesday[k] for k in ("session", "type", "minutes", "load", "hard")})
    comparison = compare_two(five_k.scenario, five_k.book_plan, changed, ("book", "edited"))
    book, edited = comparison.sides
    broken = {v["constraint"] for v in edited.violations}
    assert {"availability", "hard_spacing_days"} <= broken
    assert book.violations == ()
    assert (
        sum(edited.load_by_type[1].values()) == sum(book.load_by_type[1].values()) + tuesday["load"]
    )
    assert "rules broken by (2) edited: " in render_comparison(comparison)


def test_compare_plans_command(five_k: ImportResult, tmp_path: Path) -> None:
    scenario, book = _written(five_k, tmp_path)
    picture = tmp_path / "side-by-side.png"
    result = run("compare-plans", scenario, book, book, "--picture", picture, "--json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert [p["name"] for p in doc["plans"]] == ["block.book.json", "block.book.json"]
    assert len(doc["plans"][0]["weekly_load_by_type"]) == 10
    assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    bad = run("compare-plans", scenario, book, tmp_path / "missing.json")
    assert bad.exit_code == 2


def test_solving_from_the_book_keeps_every_rule_and_scores_at_least_the_book(
    five_k: ImportResult, tmp_path: Path
) -> None:
    scenario, book = _written(five_k, tmp_path)
    plan = tmp_path / "plan.json"
    result = run(
        "solve", scenario, "--warm-start", book, "--time-limit", "4", "--workers", "1",
        "-o", plan, "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    solved = json.loads(plan.read_text())
    # the conftest fixture has checked the plan; the command line agrees
    assert run("check", scenario, plan).exit_code == 0
    assert solved["objective"] >= five_k.book_plan["objective"] - 1e-3
    loaded = load_scenario(scenario)
    assert loaded.constraints == five_k.scenario.constraints
