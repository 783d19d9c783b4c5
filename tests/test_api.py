"""The Python API (`import speedblock`): each function on the example scenarios, with
short time limits, every plan checked by the independent checker."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import speedblock
from models.check import check_plan
from models.quality.metrics import plan_metrics

from conftest import SCENARIOS

FIVE_K = SCENARIOS / "5k-first-sub20.toml"
TIME_LIMIT = 3.0


def short_five_k() -> dict[str, Any]:
    """The 5K example's last three weeks, taper and race included: a solve of seconds."""
    raw = speedblock.load_scenario(FIVE_K).model_dump(mode="json", exclude_none=True)
    return {**raw, "name": "5k-three-weeks", "start": "2027-04-12"}


@pytest.fixture
def short_file(tmp_path: Path) -> Path:
    path = tmp_path / "5k-three-weeks.json"
    path.write_text(json.dumps(short_five_k()))
    return path


@pytest.fixture(scope="module")
def solved() -> tuple[speedblock.Scenario, speedblock.Plan]:
    scenario = speedblock.load_scenario(short_five_k())
    plan = speedblock.solve(scenario, time_limit=TIME_LIMIT, workers=2, seed=0)
    assert plan.status.has_plan, plan.message
    assert check_plan(scenario, plan.to_json_dict()) == []
    return scenario, plan


def test_every_function_is_exported_with_a_docstring() -> None:
    for name in ("load_scenario", "solve", "check", "metrics", "batch", "read_plan"):
        function = getattr(speedblock, name)
        assert function.__doc__ and len(function.__doc__.split()) > 10, name
    assert set(speedblock.__all__) <= set(dir(speedblock))


def test_load_scenario_from_a_file_a_dict_and_a_scenario() -> None:
    from_file = speedblock.load_scenario(FIVE_K)
    assert from_file.name == "first-sub20-5k"
    raw = from_file.model_dump(mode="json", exclude_none=True)
    assert speedblock.load_scenario(raw) == from_file
    assert speedblock.load_scenario(from_file) is from_file
    assert speedblock.load_scenario(str(FIVE_K)) == from_file


def test_load_scenario_merges_constraints_from_a_dict_or_a_file(tmp_path: Path) -> None:
    base = speedblock.load_scenario(FIVE_K)
    assert base.constraints.ramp_pct == 10
    merged = speedblock.load_scenario(
        FIVE_K, {"ramp_pct": 5, "taper": {"B": {"days": 3, "cut_pct": 10}}}
    )
    assert merged.constraints.ramp_pct == 5
    assert merged.constraints.taper["A"] == base.constraints.taper["A"]  # merged key by key
    assert merged.constraints.weekly_load_max == base.constraints.weekly_load_max
    assert speedblock.load_scenario(base, {"ramp_pct": 5}) == merged.model_copy(
        update={
            "constraints": merged.constraints.model_copy(update={"taper": base.constraints.taper})
        }
    )
    path = tmp_path / "ramp5.toml"
    path.write_text("ramp_pct = 5\n")
    assert speedblock.load_scenario(FIVE_K, path).constraints.ramp_pct == 5


def test_load_scenario_errors_name_the_field() -> None:
    with pytest.raises(speedblock.InputError) as info:
        speedblock.load_scenario(FIVE_K, {"ramp_pc": 5})
    assert info.value.file == str(FIVE_K)
    assert info.value.field == "constraints.ramp_pc"
    assert "did you mean 'ramp_pct'?" in info.value.message
    raw = speedblock.load_scenario(FIVE_K).model_dump(mode="json", exclude_none=True)
    raw["athlete"]["chronic_lode"] = raw["athlete"].pop("chronic_load")
    with pytest.raises(speedblock.InputError) as info:
        speedblock.load_scenario(raw)
    assert [e.field for e in info.value.errors] == ["athlete.chronic_lode", "athlete.chronic_load"]


def test_solve_returns_the_plan_the_cli_writes(
    solved: tuple[speedblock.Scenario, speedblock.Plan],
) -> None:
    scenario, plan = solved
    assert len(plan.days) == (scenario.last_day - scenario.start).days + 1
    doc = json.loads(plan.to_json())
    assert doc == plan.to_json_dict()
    assert doc["format"] == "speedblock.plan/1"
    assert doc["solver"]["seed"] == 0 and doc["solver"]["workers"] == 2
    assert plan.to_json().endswith("}\n")


def test_solve_with_a_pin_keeps_it_and_every_rule(short_file: Path) -> None:
    scenario = speedblock.load_scenario(short_file)
    plan = speedblock.solve(short_file, time_limit=TIME_LIMIT, seed=1, pins=["2027-04-17=rest"])
    assert plan.status.has_plan
    assert plan.solver["seed"] == 1
    day = next(d for d in plan.days if d.date.isoformat() == "2027-04-17")
    assert day.type == "rest"
    assert speedblock.check(scenario, plan) == []


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"time_limit": 0}, "time_limit"),
        ({"time_limit": float("nan")}, "time_limit"),
        ({"workers": 0}, "workers"),
        ({"workers": True}, "workers"),
        ({"seed": -1}, "seed"),
        ({"gap": 2}, "gap"),
    ],
)
def test_solve_refuses_options_out_of_range(options: dict[str, Any], field: str) -> None:
    with pytest.raises(speedblock.InputError) as info:
        speedblock.solve(FIVE_K, **options)
    assert info.value.field == field


def test_check_a_plan_object_a_file_and_an_edited_dict(
    solved: tuple[speedblock.Scenario, speedblock.Plan], tmp_path: Path, short_file: Path
) -> None:
    scenario, plan = solved
    assert speedblock.check(scenario, plan) == []
    path = tmp_path / "plan.json"
    path.write_text(plan.to_json())
    assert speedblock.check(short_file, path) == []
    assert speedblock.check(FIVE_K, path)  # the whole 9-week block: most days missing
    edited = plan.to_json_dict()
    edited["days"] = edited["days"][:-3]  # the race day and the two before it are gone
    violations = speedblock.check(scenario, edited)
    assert violations
    assert any(v.constraint == "days" for v in violations)
    assert all(set(v.as_dict()) == {"constraint", "date", "week", "detail"} for v in violations)


def test_metrics_of_a_plan_under_its_own_scenario(
    solved: tuple[speedblock.Scenario, speedblock.Plan], tmp_path: Path
) -> None:
    scenario, plan = solved
    quality = speedblock.metrics(plan)
    assert quality == plan_metrics(scenario, plan.to_json_dict())
    assert quality.total_load == sum(d.load for d in plan.days)
    assert [r.name for r in quality.races] == ["Parkland 5K"]
    path = tmp_path / "plan.json"
    path.write_text(plan.to_json())
    assert speedblock.metrics(path) == quality
    assert speedblock.metrics(plan, short_five_k()) == quality
    assert speedblock.metrics(plan, FIVE_K) != quality  # the 9-week block: other days


def test_metrics_of_a_plan_without_its_scenario_needs_one(
    solved: tuple[speedblock.Scenario, speedblock.Plan],
) -> None:
    scenario, plan = solved
    doc = plan.to_json_dict()
    del doc["scenario_document"]
    with pytest.raises(speedblock.InputError) as info:
        speedblock.metrics(doc)
    assert info.value.field == "scenario_document"
    assert speedblock.metrics(doc, scenario).total_load == sum(d.load for d in plan.days)


def test_batch_prices_two_constraint_sets_and_resumes(tmp_path: Path, short_file: Path) -> None:
    out = tmp_path / "runs"
    sets = {"ramp10": {"ramp_pct": 10}, "ramp5": {"ramp_pct": 5}}
    outcome = speedblock.batch([short_file], sets, out=out, time_limit=3, jobs=1, workers=1)
    assert outcome.jobs == 2 and outcome.run == 2 and outcome.skipped == 0
    assert [row["job"] for row in outcome.rows] == [
        "5k-three-weeks--ramp10",
        "5k-three-weeks--ramp5",
    ]
    assert outcome.worst is None
    for row, ramp in zip(outcome.rows, (10, 5), strict=True):
        assert row["status"] in ("OPTIMAL", "FEASIBLE")
        plan = speedblock.read_plan(out / row["plan_file"])
        assert plan["constraints"]["ramp_pct"] == ramp
        scenario = speedblock.load_scenario(short_file, {"ramp_pct": ramp})
        assert speedblock.check(scenario, plan) == []
    assert (out / "results.csv").is_file()
    again = speedblock.batch(short_file, sets, out=out, time_limit=3, jobs=1, workers=1)
    assert again.run == 0 and again.skipped == 2
    assert again.rows == outcome.rows
    assert again.to_json_dict()["results"][0]["job"] == "5k-three-weeks--ramp10"


def test_batch_reports_a_bad_constraint_set_before_solving(tmp_path: Path) -> None:
    with pytest.raises(speedblock.InputError) as info:
        speedblock.batch([FIVE_K], {"bad": {"ramp_pc": 5}}, out=tmp_path / "runs")
    assert info.value.field == "ramp_pc"
    assert "did you mean 'ramp_pct'?" in info.value.message
    assert not (tmp_path / "runs").exists()
