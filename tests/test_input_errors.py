"""Every input error of scenario-format.md, from a small broken file in tests/bad_inputs/.

Each case must raise InputError naming the file and the field path, and the command
line must answer it with exit 2, `error: FILE: FIELD: message` on stderr, no
traceback, and (with --json) exactly the error JSON on stdout.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import cli
from models.errors import InputError
from models.io import load_scenario

BAD = Path(__file__).parent / "bad_inputs"

# file name -> (expected field path or None for a file-level error, words of the message)
CASES: dict[str, tuple[str | None, str]] = {
    "unknown_top_key.toml": ("objectve", "did you mean 'objective'"),
    "unknown_nested_key.toml": ("constraints.ramp_pc", "did you mean 'ramp_pct'"),
    "string_for_int.toml": ("athlete.chronic_load", "integer"),
    "bool_for_int.toml": ("constraints.max_hard_per_week", "integer"),
    "max_sessions_8.toml": ("athlete.max_sessions_per_week", "7"),
    "deload_pct_120.toml": ("constraints.deload_pct", "100"),
    "race_outside_block.toml": ("races[0].date", "outside the block"),
    "race_before_start.toml": ("races[0].date", "outside the block"),
    "race_on_blocked_date.toml": ("races[0].date", "blocked"),
    "two_races_one_date.toml": ("races[1].date", "two races"),
    "no_race_no_end.toml": ("end", "at least one race or an explicit end"),
    "end_before_start.toml": ("end", "before start"),
    "block_too_long.toml": ("end", "371"),
    "catalog_without_rest.toml": ("catalog.sessions", "rest"),
    "catalog_missing_race_distance.toml": ("catalog.sessions", "10k"),
    "race_session_not_hard.toml": ("catalog.sessions[1].hard", "hard = true"),
    "duplicate_session_id.toml": ("catalog.sessions[1].id", "more than once"),
    "quota_min_above_max.toml": ("constraints.quotas[0].min", "greater than max"),
    "bad_recent_race_time.toml": ("athlete.recent_race.time", "19.30"),
    "unknown_weekday.toml": ("athlete.availability", "tues"),
    "missing_chronic_load.toml": ("athlete.chronic_load", "required"),
    # A typo of a required key: the unknown key is reported first, with the suggestion.
    "typo_chronic_lode.toml": ("athlete.chronic_lode", "did you mean 'chronic_load'"),
    "several_errors.yaml": ("athlete.max_sesions_per_week", "did you mean 'max_sessions_per_week'"),
    "taper_keep_intensity_no.yaml": ("constraints.taper_keep_intensity", "boolean"),
    "wrong_priority.yaml": ("races[0].priority", "'A', 'B' or 'C'"),
    "bad_date.json": ("start", "date"),
    "empty.toml": (None, "empty"),
    "blank.yaml": (None, "empty"),
    "binary.toml": (None, "binary"),
    "a_directory.toml": (None, "directory"),
    "missing_file.toml": (None, "not found"),
    "scenario.txt": (None, "unsupported file type"),
    "invalid_toml.toml": (None, "not valid TOML"),
    "invalid_yaml.yaml": (None, "not valid YAML"),
    "top_level_list.json": (None, "top level"),
    # Impossible dates: JSON and YAML name the field; TOML rejects the date while parsing.
    "impossible_race_date.json": ("races[0].date", "2027-02-29"),
    "impossible_date.yaml": ("start", "2027-02-30"),
    "impossible_date.toml": (None, "line 3"),
    "int_for_date.toml": ("start", "YYYY-MM-DD"),
    "int_timestamp_for_date.json": ("start", "YYYY-MM-DD"),
    "numeric_string_for_date.json": ("start", "YYYY-MM-DD"),
    # YAML 1.2: 4:30 is the string "4:30", not YAML 1.1's base-60 integer 270.
    "yaml11_sexagesimal_chronic_load.yaml": ("athlete.chronic_load", "integer (got '4:30')"),
    # Negative and absurd numbers.
    "negative_chronic_load.toml": ("athlete.chronic_load", "greater than or equal to 0"),
    "negative_ramp_pct.toml": ("constraints.ramp_pct", "greater than or equal to 0"),
    "huge_chronic_load.toml": ("athlete.chronic_load", "100000"),
    "availability_5000.toml": ("athlete.availability.mon", "1440"),
    "max_monotony_0.toml": ("constraints.max_monotony", "greater than 0"),
    "session_minutes_100000.toml": ("catalog.sessions[0].minutes", "1440"),
    "objective_k1_huge.toml": ("objective.k1", "less than or equal to 100"),
    "objective_weight_huge.toml": ("objective.weight.A", "less than or equal to 100"),
    "max_monotony_huge.toml": ("constraints.max_monotony", "less than or equal to 100 "),
    # A wrong type for a table.
    "athlete_not_table.toml": ("athlete", "table of keys"),
    "races_not_array.toml": ("races", "valid list"),
    # Unknown names in closed sets.
    "race_unknown_distance.toml": ("races[0].distance", "'5k', '10k', 'half' or 'marathon'"),
    "quota_unknown_type.toml": ("constraints.quotas[0].type", "'threshold'"),
    "start_levels_unknown_type.yaml": ("athlete.start_levels", "'sprint'"),
    "unknown_penalty.toml": ("objective.penalties", "known: long_run_day, repeat_session"),
    # Session descriptions: placeholders are the pace zones, braces open or close one.
    "description_unknown_placeholder.toml": ("catalog.sessions[3].description", "{5K}"),
    "description_stray_brace.yaml": ("catalog.sessions[3].description", "brace"),
    # Pinned days: the date must be a free block day, the session a catalog one, no race.
    "pin_outside_block.toml": ("pins[0].date", "outside the block"),
    "two_pins_one_date.yaml": ("pins[1].date", "two pins on 2027-01-16"),
    "pin_on_race_day.json": ("pins[0].date", "race calendar"),
    "pin_type_on_blocked_day.toml": ("pins[0].date", "only rest can be pinned"),
    "pin_session_on_blocked_day.yaml": ("pins[1].date", "only rest can be pinned"),
    "pin_unknown_session.toml": ("pins[0].session", "did you mean 'long-150'"),
    "pin_unknown_type.yaml": ("pins[0].type", "'threshold'"),
    "pin_race_session.toml": ("pins[0].session", "race session"),
    "pin_race_type.json": ("pins[0].type", "race calendar"),
    "pin_session_and_type.toml": ("pins[0].type", "not both"),
}

# Cases where the code does not (yet) meet the rule: strict xfail, so that the fix
# shows up as XPASS and the marker must be removed.
XFAIL: dict[str, str] = {}


def cases(names: list[str] | None = None) -> list[object]:
    """The case names as pytest params, the known failures marked strict xfail."""
    return [
        pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=XFAIL[n])) if n in XFAIL else n
        for n in sorted(names if names is not None else CASES)
    ]


# --constraints files: file name -> (expected field path or None, words of the message)
CONSTRAINT_CASES: dict[str, tuple[str | None, str]] = {
    "constraints_unknown_key.toml": ("deload_pc", "did you mean 'deload_pct'"),
    "constraints_wrong_type.toml": ("ramp_pct", "integer"),
    "constraints_binary.toml": (None, "binary"),
    "constraints_top_level_list.json": (None, "top level"),
    "constraints_taper_not_table.toml": ("taper", "valid dictionary"),
    "constraints_quota_unknown_type.yaml": ("quotas[0].type", "'threshold'"),
}

# Plan files for `check`: unreadable ones exit 2; readable JSON objects are checked (5).
PLAN_CASES: dict[str, tuple[int, str]] = {
    "plan_top_level_list.json": (2, "must be a JSON object, not list"),
    "plan_truncated.json": (2, "not valid JSON"),
    "plan_empty.json": (2, "empty"),
    "plan_garbage_days.json": (5, "days"),
    "plan_days_not_list.json": (5, "days"),
}


def runner() -> CliRunner:
    """A runner that keeps stdout and stderr apart (click 8.1 needs mix_stderr=False)."""
    try:
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:
        return CliRunner()


def test_every_case_has_its_file() -> None:
    on_disk = {p.name for p in BAD.iterdir()} - set(CONSTRAINT_CASES) - set(PLAN_CASES)
    assert on_disk == set(CASES) - {"missing_file.toml"}
    assert not (BAD / "missing_file.toml").exists()


@pytest.mark.parametrize("name", cases())
def test_load_scenario_raises_input_error(name: str) -> None:
    field, words = CASES[name]
    path = BAD / name
    with pytest.raises(InputError) as info:
        load_scenario(path)
    err = info.value
    assert err.file == str(path)
    assert words in err.message
    if field is None:
        assert err.field is None
    else:
        assert err.field is not None and err.field.startswith(field)
        assert field in str(err)


@pytest.mark.parametrize("name", cases())
def test_solve_exits_2_with_file_and_field(name: str, tmp_path: Path) -> None:
    field, _ = CASES[name]
    path = BAD / name
    out = tmp_path / "plan.json"
    result = runner().invoke(cli, ["solve", str(path), "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"error: {path}: ")
    if field is not None:
        assert f": {field}" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stdout == ""
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", cases())
def test_solve_json_prints_only_the_error_document(name: str) -> None:
    field, words = CASES[name]
    path = BAD / name
    result = runner().invoke(cli, ["solve", str(path), "--json"])
    assert result.exit_code == 2
    doc = json.loads(result.stdout)
    # `errors` lists every problem when the file has more than one (see ALL_ERRORS).
    assert set(doc) == ({"error", "errors"} if len(ALL_ERRORS.get(name, [])) > 1 else {"error"})
    assert set(doc["error"]) == {"file", "field", "message"}
    assert doc["error"]["file"] == str(path)
    if field is None:
        assert doc["error"]["field"] is None
    else:
        assert doc["error"]["field"].startswith(field)
    assert words in doc["error"]["message"]


@pytest.mark.parametrize("name", ["unknown_nested_key.toml", "empty.toml", "a_directory.toml"])
def test_check_reports_a_bad_scenario_with_exit_2(name: str, tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    plan.write_text("{}")
    result = runner().invoke(cli, ["check", str(BAD / name), str(plan)])
    assert result.exit_code == 2
    assert str(BAD / name) in result.stderr
    assert "Traceback" not in result.stderr


def _good_scenario(tmp_path: Path) -> Path:
    good = tmp_path / "good.toml"
    good.write_text(
        'name = "x"\nstart = 2027-01-04\nend = 2027-01-10\n'
        "[athlete]\nchronic_load = 100\nlongest_recent_run_min = 40\n"
    )
    return good


def test_error_in_constraints_file_names_that_file(tmp_path: Path) -> None:
    good = _good_scenario(tmp_path)
    constraints = BAD / "constraints_unknown_key.toml"
    with pytest.raises(InputError) as info:
        load_scenario(good, constraints)
    assert info.value.file == str(constraints)
    assert info.value.field == "deload_pc"
    assert "did you mean 'deload_pct'" in info.value.message
    result = runner().invoke(cli, ["solve", str(good), "--constraints", str(constraints), "--json"])
    assert result.exit_code == 2
    assert json.loads(result.stdout)["error"]["file"] == str(constraints)
    assert f"error: {constraints}: deload_pc: " in result.stderr


def test_missing_constraints_file_is_exit_2(tmp_path: Path) -> None:
    good = _good_scenario(tmp_path)
    missing = tmp_path / "nope.toml"
    result = runner().invoke(cli, ["solve", str(good), "--constraints", str(missing)])
    assert result.exit_code == 2
    assert f"error: {missing}: file not found" in result.stderr


def test_the_corpus_has_at_least_30_broken_scenarios() -> None:
    scenario_files = [n for n in CASES if (BAD / n).exists()]
    assert len(scenario_files) >= 30


@pytest.mark.parametrize("name", cases())
def test_check_exits_2_on_every_bad_scenario(name: str, tmp_path: Path) -> None:
    field, _ = CASES[name]
    plan = tmp_path / "plan.json"
    plan.write_text("{}")
    result = runner().invoke(cli, ["check", str(BAD / name), str(plan), "--json"])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"error: {BAD / name}: ")
    if field is not None:
        assert json.loads(result.stdout)["error"]["field"].startswith(field)
    assert "Traceback" not in result.stderr + result.stdout


@pytest.mark.parametrize("name", sorted(CONSTRAINT_CASES))
@pytest.mark.parametrize("command", ["solve", "check"])
def test_bad_constraints_file_exits_2_naming_it(name: str, command: str, tmp_path: Path) -> None:
    field, words = CONSTRAINT_CASES[name]
    good = _good_scenario(tmp_path)
    constraints = BAD / name
    with pytest.raises(InputError) as info:
        load_scenario(good, constraints)
    assert info.value.file == str(constraints)
    assert info.value.field == field
    assert words in info.value.message
    args = [str(good)] + ([str(tmp_path / "plan.json")] if command == "check" else [])
    (tmp_path / "plan.json").write_text("{}")
    result = runner().invoke(cli, [command, *args, "--constraints", str(constraints), "--json"])
    assert result.exit_code == 2, result.output
    assert json.loads(result.stdout) == {
        "error": {"file": str(constraints), "field": field, "message": info.value.message}
    }
    prefix = f"error: {constraints}: " + (f"{field}: " if field else "")
    assert result.stderr.startswith(prefix)
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("name", sorted(PLAN_CASES))
def test_check_plan_file(name: str, tmp_path: Path) -> None:
    """An unreadable plan is exit 2 naming the plan file; readable JSON is checked (5)."""
    code, words = PLAN_CASES[name]
    good = _good_scenario(tmp_path)
    plan = BAD / name
    result = runner().invoke(cli, ["check", str(good), str(plan), "--json"])
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.stderr + result.stdout
    doc = json.loads(result.stdout)
    if code == 2:
        assert doc["error"]["file"] == str(plan)
        assert words in doc["error"]["message"]
        assert result.stderr.startswith(f"error: {plan}: ")
    else:
        assert doc["valid"] is False
        assert any(v["constraint"] == words for v in doc["violations"])
        plain = runner().invoke(cli, ["check", str(good), str(plan)])
        assert plain.exit_code == 5
        assert "Traceback" not in plain.stderr + plain.stdout


def test_yaml_12_time_4_30_is_a_string_and_valid(tmp_path: Path) -> None:
    """`time: 4:30` is the string "4:30" under YAML 1.2 (1.1 would give 270): valid."""
    path = tmp_path / "ok.yaml"
    path.write_text(
        "name: ok\nstart: 2027-01-04\nend: 2027-01-10\n"
        "athlete:\n  chronic_load: 100\n  longest_recent_run_min: 40\n"
        "  recent_race:\n    distance: mile\n    time: 4:30\n"
    )
    scenario = load_scenario(path)
    assert scenario.athlete.recent_race is not None
    assert scenario.athlete.recent_race.time == "4:30"
    assert scenario.athlete.recent_race.seconds == 270
    plan = tmp_path / "plan.json"
    plan.write_text("{}")
    result = runner().invoke(cli, ["check", str(path), str(plan)])
    assert result.exit_code == 5  # loaded; the empty plan has violations


# Every error of a file, in the order shown: unknown keys first, then the model's order.
ALL_ERRORS: dict[str, list[tuple[str, str]]] = {
    "typo_chronic_lode.toml": [
        ("athlete.chronic_lode", "unknown key 'chronic_lode'; did you mean 'chronic_load'?"),
        ("athlete.chronic_load", "is required but missing (is the unknown key 'chronic_lode'"),
    ],
    "several_errors.yaml": [
        ("athlete.max_sesions_per_week", "did you mean 'max_sessions_per_week'?"),
        ("constraints.deload_pc", "did you mean 'deload_pct'?"),
        ("athlete.chronic_load", "greater than or equal to 0 (got -5)"),
        ("races[0].distance", "'5k', '10k', 'half' or 'marathon' (got '5km')"),
    ],
    "missing_chronic_load.toml": [("athlete.chronic_load", "is required but missing")],
}


@pytest.mark.parametrize("name", sorted(ALL_ERRORS))
def test_every_error_of_a_file_is_reported_unknown_keys_first(name: str) -> None:
    path = BAD / name
    with pytest.raises(InputError) as info:
        load_scenario(path)
    errors = info.value.errors
    assert [e.field for e in errors] == [field for field, _ in ALL_ERRORS[name]]
    for error, (_, words) in zip(errors, ALL_ERRORS[name], strict=True):
        assert error.file == str(path)
        assert words in error.message


def test_the_typo_is_named_before_the_missing_key() -> None:
    """The reported case: `chronic_lode = 300` under [athlete]."""
    path = BAD / "typo_chronic_lode.toml"
    with pytest.raises(InputError) as info:
        load_scenario(path)
    assert info.value.field == "athlete.chronic_lode"
    assert "did you mean 'chronic_load'?" in info.value.message
    assert "'chronic_load'" in info.value.message.split("(allowed:")[0]


@pytest.mark.parametrize("name", sorted(ALL_ERRORS))
def test_cli_prints_one_error_line_per_problem(name: str) -> None:
    path = BAD / name
    expected = ALL_ERRORS[name]
    result = runner().invoke(cli, ["solve", str(path)])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == len(expected)
    for line, (field, words) in zip(lines, expected, strict=True):
        assert line.startswith(f"error: {path}: {field}: ")
        assert words in line
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("name", sorted(ALL_ERRORS))
def test_cli_json_lists_every_error(name: str) -> None:
    path = BAD / name
    expected = ALL_ERRORS[name]
    result = runner().invoke(cli, ["check", str(path), str(BAD / "plan_empty.json"), "--json"])
    assert result.exit_code == 2
    doc = json.loads(result.stdout)
    assert doc["error"]["field"] == expected[0][0]
    if len(expected) == 1:
        assert set(doc) == {"error"}
        return
    assert set(doc) == {"error", "errors"}
    assert doc["errors"][0] == doc["error"]
    assert [e["field"] for e in doc["errors"]] == [field for field, _ in expected]
    assert all(e["file"] == str(path) for e in doc["errors"])


def test_every_error_of_a_constraints_file_is_reported(tmp_path: Path) -> None:
    good = _good_scenario(tmp_path)
    constraints = tmp_path / "set.toml"
    constraints.write_text("ramp_pct = -1\ndeload_pc = 20\n")
    with pytest.raises(InputError) as info:
        load_scenario(good, constraints)
    assert [e.field for e in info.value.errors] == ["deload_pc", "ramp_pct"]
    assert all(e.file == str(constraints) for e in info.value.errors)


def test_athlete_file_typo_is_named_with_a_suggestion(tmp_path: Path) -> None:
    from models.importing.importer import read_athlete_file

    path = tmp_path / "athlete.toml"
    path.write_text("chronic_lode = 300\nnmae = 'x'\n")
    with pytest.raises(InputError) as info:
        read_athlete_file(path)
    errors = info.value.errors
    assert [e.field for e in errors] == ["chronic_lode", "nmae"]
    assert "did you mean 'chronic_load'?" in errors[0].message
    assert "did you mean 'name'?" in errors[1].message
