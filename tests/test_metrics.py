"""Plan-quality metrics, against values worked out by hand from their definitions."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from click.testing import CliRunner

from cli import cli
from models.check import plan_days
from models.quality.metrics import acwr_by_day, monotony, plan_metrics, pmc
from models.scenario import Session

from conftest import START, TINY_CATALOG, day, tiny

SESSIONS = {s["id"]: Session.model_validate(s) for s in TINY_CATALOG}


def plan_of(ids: list[str]) -> dict[str, Any]:
    return {"days": plan_days(START, [SESSIONS[i] for i in ids])}


def test_monotony_is_mean_over_population_sd() -> None:
    loads = [0, 10, 0, 50, 0, 10, 0]
    mean = 70 / 7
    sd = math.sqrt(sum((x - mean) ** 2 for x in loads) / 7)
    assert monotony(loads) == pytest.approx(mean / sd)
    assert monotony([0] * 7) is None
    assert monotony([10] * 7) == math.inf


def test_ctl_and_atl_follow_the_exponential_recurrence() -> None:
    ctl, atl = pmc([70, 0], chronic_daily=7.0)
    decay42, decay7 = math.exp(-1 / 42), math.exp(-1 / 7)
    first = 70 * (1 - decay42) + 7 * decay42
    assert ctl[0] == pytest.approx(first)
    assert ctl[1] == pytest.approx(first * decay42)
    assert atl[0] == pytest.approx(70 * (1 - decay7) + 7 * decay7)


def test_acwr_counts_days_before_start_at_the_chronic_level() -> None:
    loads = [70.0] + [0.0] * 6
    ratios = acwr_by_day(loads, chronic_daily=10.0)
    # day 0: acute = 6 x 10 + 70, chronic = 27 x 10 + 70
    assert ratios[0] == pytest.approx(4 * 130 / 340)
    # day 6: acute = the 70 alone plus nothing, chronic = 21 x 10 + 70
    assert ratios[6] == pytest.approx(4 * 70 / 280)


def test_plan_metrics_of_a_hand_made_week() -> None:
    scenario = tiny(days=14, athlete={"chronic_load": 70})
    ids = ["easy", "hard", "rest", "hard", "easy", "rest", "easy"] * 2
    metrics = plan_metrics(scenario, plan_of(ids))
    week = [10, 50, 0, 50, 10, 0, 10]
    assert [w.load for w in metrics.weeks] == [130, 130]
    assert metrics.weeks[0].monotony == pytest.approx(monotony(week))
    assert metrics.weeks[0].strain == pytest.approx(130 * monotony(week))  # type: ignore[operator]
    assert metrics.weeks[0].ramp_pct == pytest.approx(100 * (130 / 70 - 1))
    assert metrics.weeks[1].ramp_pct == pytest.approx(0.0)
    assert metrics.max_ramp_pct == pytest.approx(100 * (130 / 70 - 1))
    assert metrics.hard_days == 4
    assert metrics.total_load == 260
    assert metrics.total_minutes == 2 * (3 * 30 + 2 * 40)
    assert metrics.easy_share == pytest.approx(90 / 170)
    assert metrics.weeks[0].sessions == 5


def test_race_day_form_uses_the_day_before() -> None:
    race = {"date": day(6).isoformat(), "distance": "5k", "priority": "A"}
    scenario = tiny(races=[race], athlete={"chronic_load": 0})
    ids = ["hard", "rest", "rest", "rest", "rest", "rest", "race-5k"]
    metrics = plan_metrics(scenario, plan_of(ids))
    (result,) = metrics.races
    ctl, atl = pmc([50, 0, 0, 0, 0, 0, 60], 0.0)
    assert result.ctl == pytest.approx(ctl[5])
    assert result.tsb == pytest.approx(ctl[5] - atl[5])
    assert result.tsb < 0  # a hard day a week out still weighs more on fatigue
    o = scenario.objective
    expected = 50 * (o.k1 * math.exp(-6 / o.tau1) - o.k2 * math.exp(-6 / o.tau2))
    assert result.perf == pytest.approx(expected)
    assert metrics.weighted_perf == pytest.approx(o.weight["A"] * expected)


def test_missing_days_count_as_rest() -> None:
    scenario = tiny(days=7)
    doc = plan_of(["hard"] * 7)
    doc["days"] = [*doc["days"][:2], {"date": "not a date"}, 42]
    metrics = plan_metrics(scenario, doc)
    assert metrics.total_load == 100


def test_check_metrics_on_the_command_line(tmp_path: Any) -> None:
    scenario_file = tmp_path / "s.json"
    scenario_file.write_text(json.dumps(tiny(days=7).model_dump(mode="json")))
    plan_file = tmp_path / "p.json"
    plan_file.write_text(json.dumps(plan_of(["easy", "hard"] + ["rest"] * 5)))
    result = CliRunner().invoke(
        cli, ["check", str(scenario_file), str(plan_file), "--metrics", "--json"]
    )
    doc = json.loads(result.stdout)
    assert doc["valid"] is True
    assert doc["metrics"]["total_load"] == 60
    assert doc["metrics"]["hard_days"] == 1
    assert len(doc["metrics"]["weeks"]) == 1
    text = CliRunner().invoke(cli, ["check", str(scenario_file), str(plan_file), "--metrics"])
    assert "acute:chronic" in text.stdout and "monotony" in text.stdout
