"""Reading valid scenario and constraint-set files: the three formats agree, defaults
are filled key by key, YAML is read as YAML 1.2, and --constraints merges as the
scenario format says."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from models.errors import InputError
from models.io import load_scenario, parse_document
from models.scenario import Scenario, Taper

TOML = """\
name = "spring-10k"
start = 2027-01-04

[athlete]
name = "club runner"
chronic_load = 320
longest_recent_run_min = 80
recent_race = { distance = "5k", time = "19:30" }
availability = { mon = 45, fri = 0 }
blocked = [2027-02-14, 2027-01-20]
start_levels = { threshold = 2 }

[[races]]
date = 2027-03-28
distance = "10k"
name = "City 10K"

[[races]]
date = 2027-02-28
distance = "5k"
priority = "B"

[constraints]
weekly_load_max = 600
taper = { A = { days = 10, cut_pct = 30 } }
recovery_days = { C = 2 }
quotas = [{ type = "threshold", min = 1, max = 2 }, { type = "long", max = 1 }]

[objective]
weight = { B = 0.5 }

[[catalog.sessions]]
id = "my-hills"
type = "hills"
minutes = 50
load = 70
hard = true
level = 1
description = "8 x 60 s uphill"

[[pins]]
date = 2027-03-13
type = "long"

[[pins]]
date = 2027-02-14
session = "rest"

[[pins]]
date = 2027-01-13
session = "my-hills"
"""

YAML = """\
name: spring-10k
start: 2027-01-04
athlete:
  name: club runner
  chronic_load: 320
  longest_recent_run_min: 80
  recent_race: {distance: 5k, time: 19:30}   # YAML 1.2: stays the string "19:30"
  availability: {mon: 45, fri: 0}
  blocked: [2027-02-14, 2027-01-20]
  start_levels: {threshold: 2}
races:
  - {date: 2027-03-28, distance: 10k, name: City 10K}
  - {date: 2027-02-28, distance: 5k, priority: B}
constraints:
  weekly_load_max: 600
  taper: {A: {days: 10, cut_pct: 30}}
  recovery_days: {C: 2}
  quotas:
    - {type: threshold, min: 1, max: 2}
    - {type: long, max: 1}
objective:
  weight: {B: 0.5}
catalog:
  sessions:
    - id: my-hills
      type: hills
      minutes: 50
      load: 70
      hard: true
      level: 1
      description: 8 x 60 s uphill
pins:
  - {date: 2027-03-13, type: long}
  - {date: 2027-02-14, session: rest}
  - {date: 2027-01-13, session: my-hills}
"""

JSON_DOC = {
    "name": "spring-10k",
    "start": "2027-01-04",
    "athlete": {
        "name": "club runner",
        "chronic_load": 320,
        "longest_recent_run_min": 80,
        "recent_race": {"distance": "5k", "time": "19:30"},
        "availability": {"mon": 45, "fri": 0},
        "blocked": ["2027-02-14", "2027-01-20"],
        "start_levels": {"threshold": 2},
    },
    "races": [
        {"date": "2027-03-28", "distance": "10k", "name": "City 10K"},
        {"date": "2027-02-28", "distance": "5k", "priority": "B"},
    ],
    "constraints": {
        "weekly_load_max": 600,
        "taper": {"A": {"days": 10, "cut_pct": 30}},
        "recovery_days": {"C": 2},
        "quotas": [{"type": "threshold", "min": 1, "max": 2}, {"type": "long", "max": 1}],
    },
    "objective": {"weight": {"B": 0.5}},
    "catalog": {
        "sessions": [
            {
                "id": "my-hills",
                "type": "hills",
                "minutes": 50,
                "load": 70,
                "hard": True,
                "level": 1,
                "description": "8 x 60 s uphill",
            }
        ]
    },
    "pins": [
        {"date": "2027-03-13", "type": "long"},
        {"date": "2027-02-14", "session": "rest"},
        {"date": "2027-01-13", "session": "my-hills"},
    ],
}


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def scenario(tmp_path: Path) -> Scenario:
    return load_scenario(write(tmp_path, "s.toml", TOML))


def test_toml_yaml_and_json_give_equal_scenarios(tmp_path: Path, scenario: Scenario) -> None:
    from_yaml = load_scenario(write(tmp_path, "s.yaml", YAML))
    from_yml = load_scenario(write(tmp_path, "s.yml", YAML))
    from_json = load_scenario(write(tmp_path, "s.json", json.dumps(JSON_DOC)))
    assert from_yaml == scenario
    assert from_yml == scenario
    assert from_json == scenario
    assert from_yaml.athlete.recent_race is not None
    assert from_yaml.athlete.recent_race.time == "19:30"
    assert from_yaml.athlete.recent_race.seconds == 19 * 60 + 30


def test_pins_keep_their_order_and_a_blocked_day_may_be_pinned_to_rest(
    scenario: Scenario,
) -> None:
    assert [(p.date.isoformat(), p.session, p.type) for p in scenario.pins] == [
        ("2027-03-13", None, "long"),
        ("2027-02-14", "rest", None),
        ("2027-01-13", "my-hills", None),
    ]
    assert scenario.pin_on(dt.date(2027, 3, 13)) == scenario.pins[0]
    assert scenario.pin_on(dt.date(2027, 3, 14)) is None
    assert scenario.pins[0].target == "any long session"


def test_calendar_defaults(scenario: Scenario) -> None:
    assert scenario.end == dt.date(2027, 3, 28)  # the last race
    assert [r.date for r in scenario.races] == [dt.date(2027, 2, 28), dt.date(2027, 3, 28)]
    assert scenario.races[1].priority == "A"
    assert scenario.races[0].label == "5k 2027-02-28"
    assert scenario.athlete.blocked == [dt.date(2027, 1, 20), dt.date(2027, 2, 14)]
    assert scenario.athlete.max_sessions_per_week == 6


def test_availability_keeps_120_for_unnamed_days(scenario: Scenario) -> None:
    assert scenario.athlete.availability == {
        "mon": 45,
        "tue": 120,
        "wed": 120,
        "thu": 120,
        "fri": 0,
        "sat": 120,
        "sun": 120,
    }


def test_tables_merge_key_by_key_over_their_defaults(scenario: Scenario) -> None:
    cons = scenario.constraints
    assert cons.taper == {
        "A": Taper(days=10, cut_pct=30),
        "B": Taper(days=5, cut_pct=20),
        "C": Taper(days=0, cut_pct=0),
    }
    assert cons.recovery_days == {"A": 7, "B": 3, "C": 2}
    assert scenario.objective.weight == {"A": 1.0, "B": 0.5, "C": 0.1}
    assert cons.quotas[1].min == 0
    assert cons.ramp_pct == 10
    assert cons.hard_spacing_days == 1
    assert cons.weekly_load_max_on
    assert not cons.acwr_on and not cons.monotony_on


def test_everything_defaults_when_left_out(tmp_path: Path) -> None:
    s = load_scenario(
        write(
            tmp_path,
            "min.toml",
            'name = "m"\nstart = 2027-01-04\nend = 2027-01-31\n'
            "[athlete]\nchronic_load = 0\nlongest_recent_run_min = 0\n",
        )
    )
    assert s.races == []
    assert s.catalog.include_default
    assert s.constraints.taper["A"] == Taper(days=14, cut_pct=40)
    assert s.constraints.recovery_days == {"A": 7, "B": 3, "C": 1}
    assert s.objective.weight == {"A": 1.0, "B": 0.3, "C": 0.1}
    assert set(s.athlete.availability.values()) == {120}


def test_yaml_1_2_keeps_clock_times_and_reads_no_as_a_string(tmp_path: Path) -> None:
    doc = parse_document(write(tmp_path, "t.yaml", "a: 19:30\nb: 1:05:30\nc: no\nd: off\ne: 012\n"))
    assert doc == {"a": "19:30", "b": "1:05:30", "c": "no", "d": "off", "e": 12}


def test_yaml_hour_time_is_accepted(tmp_path: Path) -> None:
    text = YAML.replace("{distance: 5k, time: 19:30}", "{distance: half, time: 1:29:59}")
    s = load_scenario(write(tmp_path, "h.yaml", text))
    assert s.athlete.recent_race is not None
    assert s.athlete.recent_race.seconds == 3600 + 29 * 60 + 59


def test_suffix_is_case_insensitive_and_bom_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "S.TOML"
    path.write_bytes(b"\xef\xbb\xbf" + TOML.encode())
    assert load_scenario(path).name == "spring-10k"


# ---------------------------------------------------------------- --constraints merging

SCENARIO_WITH_CONSTRAINTS = """\
name = "merge"
start = 2027-01-04

[athlete]
chronic_load = 300
longest_recent_run_min = 70

[[races]]
date = 2027-03-28
distance = "10k"

[constraints]
ramp_pct = 8
max_hard_per_week = 2
taper = { A = { days = 10, cut_pct = 30 }, B = { days = 4, cut_pct = 10 } }
quotas = [{ type = "threshold", min = 1 }, { type = "long", max = 1 }]
"""


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (
            "c.toml",
            "ramp_pct = 15\n"
            "taper = { B = { days = 6, cut_pct = 25 } }\n"
            'quotas = [{ type = "hills", max = 1 }]\n',
        ),
        (
            "c.yaml",
            "ramp_pct: 15\ntaper: {B: {days: 6, cut_pct: 25}}\nquotas: [{type: hills, max: 1}]\n",
        ),
        (
            "c.json",
            json.dumps(
                {
                    "ramp_pct": 15,
                    "taper": {"B": {"days": 6, "cut_pct": 25}},
                    "quotas": [{"type": "hills", "max": 1}],
                }
            ),
        ),
    ],
)
def test_constraints_file_merges_over_the_scenario(tmp_path: Path, name: str, text: str) -> None:
    scenario_path = write(tmp_path, "s.toml", SCENARIO_WITH_CONSTRAINTS)
    cons = load_scenario(scenario_path, write(tmp_path, name, text)).constraints
    assert cons.ramp_pct == 15  # a key replaces the scenario's
    assert cons.max_hard_per_week == 2  # keys it does not give stay
    assert [(q.type, q.min, q.max) for q in cons.quotas] == [("hills", 0, 1)]  # whole
    assert cons.taper == {  # merged by priority
        "A": Taper(days=10, cut_pct=30),
        "B": Taper(days=6, cut_pct=25),
        "C": Taper(days=0, cut_pct=0),
    }


def test_constraints_file_over_a_scenario_without_constraints(tmp_path: Path) -> None:
    scenario_path = write(tmp_path, "s.toml", TOML.split("[constraints]")[0])
    cons = load_scenario(
        scenario_path,
        write(tmp_path, "c.toml", "recovery_days = { A = 4 }\nramp_enabled = false\n"),
    ).constraints
    assert cons.recovery_days == {"A": 4, "B": 3, "C": 1}
    assert cons.ramp_enabled is False


def test_constraints_file_can_turn_a_rule_off_and_merge_recovery(tmp_path: Path) -> None:
    scenario_path = write(tmp_path, "s.toml", TOML)
    cons = load_scenario(
        scenario_path,
        write(tmp_path, "c.toml", "weekly_load_max_enabled = false\nrecovery_days = { B = 1 }\n"),
    ).constraints
    assert cons.weekly_load_max == 600
    assert not cons.weekly_load_max_on
    assert cons.recovery_days == {"A": 7, "B": 1, "C": 2}


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ('ramp_pct = "ten"\n', "ramp_pct"),
        ("deload_pct = 101\n", "deload_pct"),
        ('quotas = [{ type = "threshold", min = 2, max = 1 }]\n', "quotas[0].min"),
        ("taper = { A = { days = 10 } }\n", "taper.A.cut_pct"),
        ("[constraints]\nramp_pct = 5\n", "constraints"),
    ],
)
def test_error_in_constraints_file_names_it(tmp_path: Path, text: str, field: str) -> None:
    scenario_path = write(tmp_path, "s.toml", SCENARIO_WITH_CONSTRAINTS)
    constraints_path = write(tmp_path, "c.toml", text)
    with pytest.raises(InputError) as info:
        load_scenario(scenario_path, constraints_path)
    assert info.value.file == str(constraints_path)
    assert info.value.field == field


def test_scenario_error_still_names_the_scenario_with_a_constraints_file(tmp_path: Path) -> None:
    scenario_path = write(tmp_path, "s.toml", SCENARIO_WITH_CONSTRAINTS.replace("300", '"300"'))
    with pytest.raises(InputError) as info:
        load_scenario(scenario_path, write(tmp_path, "c.toml", "ramp_pct = 5\n"))
    assert info.value.file == str(scenario_path)
    assert info.value.field == "athlete.chronic_load"


def test_yaml_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    # 9 levels of 10 aliases would expand to 10**9 values
    lines = ['a0: &a0 ["x"]']
    for level in range(1, 10):
        refs = ", ".join([f"*a{level - 1}"] * 10)
        lines.append(f"a{level}: &a{level} [{refs}]")
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError, match="expands to more than"):
        load_scenario(path)


def test_json_duplicate_key_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "dup.json"
    path.write_text('{"name": "a", "name": "b"}')
    with pytest.raises(InputError, match="'name' appears twice") as info:
        load_scenario(path)
    assert info.value.file == str(path)


def test_a_pin_needs_a_session_or_a_type(tmp_path: Path) -> None:
    doc = {**JSON_DOC, "pins": [{"date": "2027-03-13"}]}
    with pytest.raises(InputError) as info:
        load_scenario(write(tmp_path, "s.json", json.dumps(doc)))
    assert info.value.field == "pins[0].session"
    assert "a session (a catalog id) or a type" in info.value.message
