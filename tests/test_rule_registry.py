"""The rule registry is the one list of rules: every entry has its checker function and
its solver family, and what the checker, the explanation, the report and the command
line know of the rules derives from it (a toy rule added to it shows in all four)."""

from __future__ import annotations

import importlib.util
import json
import types
from pathlib import Path
from typing import Any

import pytest

from cli import cli
from models.check import Violation, check_plan
from models.check.base import CheckContext
from models.io import load_scenario
from models.outputs.report import render_report
from models.rules import registry
from models.rules.registry import RULES, Row, Rule
from models.scenario import ConstraintSet, Scenario
from solver.explain import rules_in_force

from conftest import cli_runner, easy_week

# Its switch is not a key of the scenario format, so the rule says itself when it is on.
TOY = Rule(
    "toy_rule",
    "toy",
    "check_toy",
    "toy_enabled",
    when=registry.always,
    row=Row("Toy rule", "toy_rule", lambda c, s: "no easy-40 on the first day", 17),
)


def missing_parts(rule: Rule) -> list[str]:
    """What a rule lacks of its three parts besides the entry itself."""
    missing = []
    try:
        if not callable(rule.checker):
            missing.append("checker")
    except (ImportError, AttributeError):
        missing.append("checker")
    if importlib.util.find_spec(f"solver.constraints.{rule.family}") is None:
        missing.append("solver family")
    return missing


@pytest.mark.parametrize("rule", RULES, ids=[r.check for r in RULES])
def test_every_rule_has_its_checker_and_its_solver_family(rule: Rule) -> None:
    assert missing_parts(rule) == []
    assert rule.checker.__name__ == rule.check


def test_a_rule_without_its_checker_or_solver_family_is_caught() -> None:
    assert missing_parts(Rule("ramp_pct", "load", "check_rampp")) == ["checker"]
    assert missing_parts(Rule("toy_rule", "toy", "check_toy")) == ["checker", "solver family"]


def test_keys_are_unique_and_every_constraint_key_belongs_to_a_rule() -> None:
    keys = [r.key for r in RULES]
    assert len(keys) == len(set(keys))
    declared = {p for r in RULES for p in r.params} | set(registry.switches())
    assert set(ConstraintSet.model_fields) == declared


def test_defaults_are_the_scenario_formats() -> None:
    assert registry.RAMP.defaults == {"ramp_pct": 10, "ramp_reference_weeks": 4}
    assert registry.WEEKLY_LOAD_MAX.defaults == {"weekly_load_max": None}


def test_the_derived_lists() -> None:
    """What used to be written out by hand, derived."""
    assert registry.switched_rules()[-3:] == (
        ("acwr_max_enabled", "acwr_max_pct"),
        ("max_monotony_enabled", "max_monotony"),
        ("taper_shape_enabled", "taper_shape_enabled"),
    )
    assert len(registry.switches()) == 17
    off_by_default = set(registry.switches()) - set(registry.switches_on_by_default())
    assert off_by_default == {"weekly_load_max_enabled", "acwr_max_enabled", "max_monotony_enabled"}
    assert registry.switched_rule("taper_enabled") is registry.TAPER


@pytest.fixture
def toy(monkeypatch: pytest.MonkeyPatch) -> None:
    """The registry with one more rule: easy-40 may not stand on the block's first day."""

    def check_toy(ctx: CheckContext) -> list[Violation]:
        s = ctx.days[0]
        if s is None or s.id != "easy-40":
            return []
        return [ctx.at_day(TOY.key, 0, "the toy rule keeps easy-40 off the first day")]

    module = types.ModuleType("models.check.toy")
    module.check_toy = check_toy  # type: ignore[attr-defined]
    monkeypatch.setitem(__import__("sys").modules, "models.check.toy", module)
    monkeypatch.setattr(registry, "RULES", (*RULES, TOY))


def test_the_toy_rule_is_unknown_without_the_registry_entry(week_file: Path) -> None:
    scenario = load_scenario(week_file)
    assert check_plan(scenario, easy_week(scenario)) == []
    assert ("toy_enabled", "toy_rule") not in rules_in_force(scenario)
    assert "Toy rule" not in render_report(scenario, easy_week(scenario))


@pytest.mark.usefixtures("toy")
def test_a_toy_rule_shows_in_check_explain_report_and_cli(week_file: Path, tmp_path: Path) -> None:
    scenario: Scenario = load_scenario(week_file)
    plan: dict[str, Any] = easy_week(scenario)
    violations = check_plan(scenario, plan)
    assert [(v.constraint, v.date) for v in violations] == [("toy_rule", scenario.start)]
    assert ("toy_enabled", "toy_rule") in rules_in_force(scenario)
    assert "Toy rule<br><code>toy_rule</code>" in render_report(scenario, plan)
    assert registry.count_in_force(scenario) == 25  # the plan reading's 2, 22 rules, the toy

    plan_file = tmp_path / "plan.json"
    plan_file.write_text(json.dumps(plan))
    broken = cli_runner().invoke(cli, ["check", str(week_file), str(plan_file)])
    assert broken.exit_code == 5
    assert "toy_rule: the toy rule keeps easy-40 off the first day" in broken.stdout
    plan["days"][0] = {"date": plan["days"][0]["date"], "session": "rest"}
    plan_file.write_text(json.dumps(plan))
    valid = cli_runner().invoke(cli, ["check", str(week_file), str(plan_file)])
    assert valid.exit_code == 0, valid.output
    assert valid.stdout == "valid: no violation of 25 rules\n"
