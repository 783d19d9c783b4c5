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
}


def runner() -> CliRunner:
    """A runner that keeps stdout and stderr apart (click 8.1 needs mix_stderr=False)."""
    try:
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:
        return CliRunner()


def test_every_case_has_its_file() -> None:
    on_disk = {p.name for p in BAD.iterdir()} - {"constraints_unknown_key.toml"}
    assert on_disk == set(CASES) - {"missing_file.toml"}
    assert not (BAD / "missing_file.toml").exists()


@pytest.mark.parametrize("name", sorted(CASES))
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


@pytest.mark.parametrize("name", sorted(CASES))
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


@pytest.mark.parametrize("name", sorted(CASES))
def test_solve_json_prints_only_the_error_document(name: str) -> None:
    field, words = CASES[name]
    path = BAD / name
    result = runner().invoke(cli, ["solve", str(path), "--json"])
    assert result.exit_code == 2
    doc = json.loads(result.stdout)
    assert set(doc) == {"error"}
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
