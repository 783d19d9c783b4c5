"""Fuzzing the command line: whatever a file holds, `speedblock solve` ends with exit 0,
2, 3 or 4 (never 1, never a traceback) and `speedblock check` with 0, 2 or 5.

Two sources of input:
- arbitrary bytes, plain text, and valid scenario or plan documents with a few bytes
  flipped, inserted, deleted or cut off, written as .toml, .yaml or .json;
- a small valid scenario (2-3 weeks, one race, a hand-made catalog, so solves take
  milliseconds) with 1-3 structural mutations, dumped as JSON, TOML or YAML.

Every run goes through click's CliRunner with catch_exceptions=True, so an exception
that escapes the command fails the test instead of being reported as exit 1.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import io
import json
import math
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from cli import cli

from conftest import TINY_CATALOG

SOLVE_CODES = {0, 2, 3, 4}
CHECK_CODES = {0, 2, 5}
STATUS_OF_CODE = {0: {"OPTIMAL", "FEASIBLE"}, 3: {"INFEASIBLE"}, 4: {"UNKNOWN"}}
SUFFIXES = (".toml", ".yaml", ".json")
SOLVE_ARGS = ("--time-limit", "2", "--workers", "1")

FUZZ = settings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

START = dt.date(2027, 1, 4)  # a Monday
END = dt.date(2027, 1, 20)  # 17 days: two full weeks and a partial one

# Every family of rules appears, with values loose enough that the block is feasible.
BASE: dict[str, Any] = {
    "name": "fuzz",
    "start": START,
    "end": END,
    "athlete": {
        "name": "fuzzer",
        "chronic_load": 150,
        "longest_recent_run_min": 45,
        "recent_race": {"distance": "5k", "time": "21:30"},
        "availability": {"mon": 60, "fri": 0},
        "blocked": [dt.date(2027, 1, 7)],
        "max_sessions_per_week": 6,
        "start_levels": {"threshold": 1},
        "long_run_day": "sun",
    },
    "races": [{"date": dt.date(2027, 1, 17), "distance": "5k", "priority": "A", "name": "5K"}],
    "constraints": {
        "hard_spacing_days": 1,
        "max_hard_per_week": 2,
        "weekly_load_max": 400,
        "ramp_pct": 20,
        "ramp_reference_weeks": 2,
        "deload_every": 4,
        "deload_pct": 20,
        "long_run_spike_pct": 10,
        "taper": {"A": {"days": 7, "cut_pct": 30}},
        "taper_keep_intensity": True,
        "recovery_days": {"A": 2},
        "quotas": [{"type": "threshold", "min": 0, "max": 2}],
        "min_easy_pct": 50,
        "acwr_max_pct": 300,
        "max_monotony": 5.0,
        "progression_enabled": True,
    },
    "objective": {
        "k1": 1.0,
        "k2": 2.0,
        "tau1": 42.0,
        "tau2": 7.0,
        "weight": {"A": 1.0, "B": 0.3},
        "soft_penalties": True,
        "penalties": {"repeat_session": 2.0},
        "rotation_weeks": 3,
    },
    "catalog": {
        "include_default": False,
        "sessions": [
            {**s, "description": f"{s['minutes']} min {s['type']} at {{easy}} or {{5k}}"}
            for s in TINY_CATALOG
        ],
    },
}


def runner() -> CliRunner:
    """A runner that keeps stdout and stderr apart (click 8.1 needs mix_stderr=False)."""
    try:
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:
        return CliRunner()


def invoke(args: list[str]) -> Result:
    """Run the command line; an exception that escapes click, or a traceback in the
    output, fails the test."""
    result = runner().invoke(cli, args, catch_exceptions=True)
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{args}: escaped {result.exception!r}"
    )
    output = result.stdout + result.stderr
    assert "Traceback" not in output, f"{args}: {output}"
    return result


def assert_solve_answer(args: list[str], result: Result, *, as_json: bool) -> None:
    assert result.exit_code in SOLVE_CODES, f"{args}: exit {result.exit_code}: {result.stderr}"
    event(f"exit {result.exit_code}")
    if result.exit_code == 2:
        assert result.stderr.startswith("error: "), result.stderr
        assert "internal error" not in result.stderr
    if not as_json:
        if result.exit_code == 2:
            assert result.stdout == ""
        return
    doc = json.loads(result.stdout)
    if result.exit_code == 2:
        # The contract's `error`; when the input has several problems, the project adds
        # `errors`, every one of them, the first being `error` itself.
        assert set(doc) in ({"error"}, {"error", "errors"}), doc
        assert set(doc["error"]) == {"file", "field", "message"}, doc
        if "errors" in doc:
            assert len(doc["errors"]) > 1 and doc["errors"][0] == doc["error"], doc
            assert all(set(e) == {"file", "field", "message"} for e in doc["errors"]), doc
        assert doc["error"]["file"] is not None and doc["error"]["message"]
        event("error with a field" if doc["error"]["field"] else "file-level error")
    else:
        assert doc["status"] in STATUS_OF_CODE[result.exit_code], doc["status"]


def solve_both_ways(path: Path) -> None:
    """`solve FILE` and `solve FILE --json`: the same exit code, each a valid answer."""
    args = ["solve", str(path), *SOLVE_ARGS]
    plain = invoke(args)
    assert_solve_answer(args, plain, as_json=False)
    as_json = invoke([*args, "--json"])
    assert_solve_answer(args, as_json, as_json=True)
    assert as_json.exit_code == plain.exit_code


# ---------------------------------------------------------------- writers


def _toml_string(text: str) -> str:
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value if v is not None) + "]"
    if isinstance(value, dict):
        items = (
            f"{_toml_string(str(k))} = {_toml_value(v)}" for k, v in value.items() if v is not None
        )
        return "{ " + ", ".join(items) + " }" if value else "{}"
    raise TypeError(type(value))


def to_toml(doc: dict[str, Any]) -> str:
    """A small TOML writer: top-level keys, every table inline; TOML has no null, so a
    None is left out."""
    return "".join(
        f"{_toml_string(str(k))} = {_toml_value(v)}\n" for k, v in doc.items() if v is not None
    )


def to_yaml(doc: dict[str, Any]) -> str:
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    stream = io.StringIO()
    yaml.dump(doc, stream)
    return stream.getvalue()


def to_json(doc: Any) -> str:
    return json.dumps(doc, default=lambda d: d.isoformat() if isinstance(d, dt.date) else str(d))


WRITERS: dict[str, Callable[[dict[str, Any]], str]] = {
    ".json": to_json,
    ".toml": to_toml,
    ".yaml": to_yaml,
}


def test_the_base_scenario_solves_in_every_format(tmp_path: Path) -> None:
    for suffix, write in WRITERS.items():
        path = tmp_path / f"base{suffix}"
        path.write_text(write(BASE), encoding="utf-8")
        result = invoke(["solve", str(path), *SOLVE_ARGS, "--json"])
        assert result.exit_code == 0, result.stderr
        assert json.loads(result.stdout)["status"] == "OPTIMAL"


# ---------------------------------------------------------------- bytes


@functools.cache
def valid_plan_json() -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "base.json"
        path.write_text(to_json(BASE))
        result = invoke(["solve", str(path), *SOLVE_ARGS, "--json"])
        assert result.exit_code == 0
        return result.stdout.encode()


VALID_SCENARIO_BYTES = {s: WRITERS[s](BASE).encode() for s in SUFFIXES}

# Characters that drive the three parsers into their structures.
SYNTAX = "{}[]:=,.\"'\n\t -+#&*!|>?%@`\\0123456789eEtTZabcdfnrsuly_"


@st.composite
def corrupted(draw: st.DrawFn, original: bytes) -> bytes:
    """A valid document with 1-4 bytes changed, inserted or deleted, or cut short."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["replace", "insert", "delete", "truncate"]))
        pos = draw(st.integers(0, max(0, len(data) - 1)))
        if op == "replace" and data:
            data[pos] = draw(st.integers(0, 255))
        elif op == "insert":
            data[pos:pos] = draw(st.binary(min_size=1, max_size=4))
        elif op == "delete" and data:
            del data[pos : pos + draw(st.integers(1, 8))]
        elif op == "truncate":
            del data[pos:]
    return bytes(data)


def any_bytes(original: bytes) -> st.SearchStrategy[bytes]:
    return st.one_of(
        st.binary(max_size=400),
        st.text(max_size=200).map(lambda t: t.encode("utf-8")),
        st.text(alphabet=SYNTAX, max_size=200).map(lambda t: t.encode("utf-8")),
        corrupted(original),
        corrupted(original),
    )


@st.composite
def scenario_bytes(draw: st.DrawFn) -> tuple[str, bytes]:
    suffix = draw(st.sampled_from(SUFFIXES))
    return suffix, draw(any_bytes(VALID_SCENARIO_BYTES[suffix]))


@settings(FUZZ, max_examples=300)
@given(case=scenario_bytes())
def test_solve_survives_any_bytes(case: tuple[str, bytes]) -> None:
    suffix, data = case
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"scenario{suffix}"
        path.write_bytes(data)
        solve_both_ways(path)


@settings(FUZZ, max_examples=60)
@given(case=scenario_bytes())
def test_bad_constraints_file_bytes(case: tuple[str, bytes]) -> None:
    """Any bytes as the --constraints file of a valid scenario."""
    suffix, data = case
    with tempfile.TemporaryDirectory() as tmp:
        scenario = Path(tmp) / "base.json"
        scenario.write_text(to_json(BASE))
        constraints = Path(tmp) / f"constraints{suffix}"
        constraints.write_bytes(data)
        args = ["solve", str(scenario), *SOLVE_ARGS, "--constraints", str(constraints)]
        result = invoke([*args, "--json"])
        assert_solve_answer(args, result, as_json=True)
        if result.exit_code == 2:
            assert json.loads(result.stdout)["error"]["file"] == str(constraints)


@settings(FUZZ, max_examples=150)
@given(
    data=st.one_of(
        st.binary(max_size=300),
        st.text(alphabet=SYNTAX, max_size=200).map(lambda t: t.encode("utf-8")),
        st.deferred(lambda: corrupted(valid_plan_json())),
    ),
    suffix=st.sampled_from([".json", ".toml", ".txt"]),
)
def test_check_survives_any_plan_bytes(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        scenario = Path(tmp) / "base.toml"
        scenario.write_text(to_toml(BASE))
        plan = Path(tmp) / f"plan{suffix}"
        plan.write_bytes(data)
        for extra in ([], ["--json"]):
            args = ["check", str(scenario), str(plan), *extra]
            result = invoke(args)
            assert result.exit_code in CHECK_CODES, f"{args}: exit {result.exit_code}"
            if result.exit_code == 2:
                assert result.stderr.startswith(f"error: {plan}: "), result.stderr
            if extra and result.exit_code == 2:
                assert set(json.loads(result.stdout)["error"]) == {"file", "field", "message"}
            elif extra:
                assert set(json.loads(result.stdout)) == {"valid", "violations"}


# ---------------------------------------------------------------- mutated scenarios

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.floats(-1e6, 1e6, allow_nan=False)
    | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)
# With numbers of any size: huge floats, infinities, NaN and very large integers.
wild_numbers = st.one_of(
    st.integers(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(),
)

Path_ = tuple[str | int, ...]


def all_paths(node: Any, prefix: Path_ = ()) -> list[Path_]:
    """Every dict key and list item below node, parents before children."""
    out: list[Path_] = []
    if isinstance(node, dict):
        items: list[tuple[str | int, Any]] = list(node.items())
    elif isinstance(node, list):
        items = list(enumerate(node))
    else:
        return out
    for key, value in items:
        out.append((*prefix, key))
        out.extend(all_paths(value, (*prefix, key)))
    return out


def parent_of(doc: Any, path: Path_) -> Any:
    node = doc
    for part in path[:-1]:
        node = node[part]
    return node


def typo(draw: st.DrawFn, key: str) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz_"
    i = draw(st.integers(0, max(0, len(key) - 1)))
    op = draw(st.sampled_from(["drop", "double", "swap", "replace", "case"]))
    if op == "drop" and len(key) > 1:
        new = key[:i] + key[i + 1 :]
    elif op == "double":
        new = key[: i + 1] + key[i:]
    elif op == "swap" and len(key) > 1:
        j = min(i + 1, len(key) - 1)
        chars = list(key)
        chars[i], chars[j] = chars[j], chars[i]
        new = "".join(chars)
    elif op == "case":
        new = key.upper()
    else:
        new = key[:i] + draw(st.sampled_from(letters)) + key[i + 1 :]
    return new if new != key else key + "x"


def _races(doc: dict[str, Any]) -> list[Any] | None:
    races = doc.get("races")
    if isinstance(races, list) and races and all(isinstance(r, dict) for r in races):
        return races
    return None


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return _is_int(value) or isinstance(value, float)


# Text with the characters of description placeholders and of rich's markup.
TEXT = st.characters(codec="utf-8") | st.sampled_from("{}[]/\\%:=")

MUTATIONS = ("delete", "retype", "int", "typo", "empty", "dup_race", "race_outside", "date")


def mutate(draw: st.DrawFn, doc: dict[str, Any], kind: str) -> None:
    """Apply one mutation of the given kind to doc, in place."""
    paths = all_paths(doc)
    if kind == "delete":
        path = draw(st.sampled_from(paths))
        del parent_of(doc, path)[path[-1]]
    elif kind == "retype":
        path = draw(st.sampled_from(paths))
        parent = parent_of(doc, path)
        old = parent[path[-1]]
        parent[path[-1]] = draw(json_values.filter(lambda v: type(v) is not type(old)))
    elif kind in ("int", "wild_number"):
        test = _is_int if kind == "int" else _is_number
        wanted = [p for p in paths if test(parent_of(doc, p)[p[-1]])]
        if not wanted:
            return
        path = draw(st.sampled_from(wanted))
        numbers = st.integers(-10, 10**6) if kind == "int" else wild_numbers
        parent_of(doc, path)[path[-1]] = draw(numbers)
    elif kind == "typo":
        keyed = [p for p in paths if isinstance(p[-1], str)]
        path = draw(st.sampled_from(keyed))
        parent = parent_of(doc, path)
        key = str(path[-1])
        parent[typo(draw, key)] = parent.pop(key)
    elif kind == "dup_race":
        races = _races(doc)
        if races is None:
            return
        twin = copy.deepcopy(draw(st.sampled_from(races)))
        twin["distance"] = draw(st.sampled_from(["5k", "10k", "half", "marathon"]))
        races.append(twin)
    elif kind == "race_outside":
        races = _races(doc)
        if races is None:
            return
        race = draw(st.sampled_from(races))
        days = draw(st.integers(1, 400))
        race["date"] = (
            START - dt.timedelta(days=days)
            if draw(st.booleans())
            else END + (dt.timedelta(days=days))
        )
    elif kind == "empty":
        containers = [p for p in paths if isinstance(parent_of(doc, p)[p[-1]], dict | list)]
        if not containers:
            return
        path = draw(st.sampled_from(containers))
        parent = parent_of(doc, path)
        parent[path[-1]] = type(parent[path[-1]])()
    elif kind == "text":
        texts = [p for p in paths if isinstance(parent_of(doc, p)[p[-1]], str)]
        if not texts:
            return
        path = draw(st.sampled_from(texts))
        parent_of(doc, path)[path[-1]] = draw(st.text(TEXT, max_size=30))
    elif kind == "date":
        dated = [p for p in paths if isinstance(parent_of(doc, p)[p[-1]], dt.date)]
        if not dated:
            return
        path = draw(st.sampled_from(dated))
        parent_of(doc, path)[path[-1]] = START + dt.timedelta(days=draw(st.integers(-20, 40)))


@st.composite
def mutated_scenarios(
    draw: st.DrawFn, kinds: tuple[str, ...] = MUTATIONS
) -> tuple[str, dict[str, Any], dict[str, Any] | None]:
    """(suffix, scenario, constraints file or None) with 1-3 mutations."""
    doc = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(1, 3))):
        if not all_paths(doc):
            break
        mutate(draw, doc, draw(st.sampled_from(kinds)))
    suffix = draw(st.sampled_from([".json", ".json", ".toml", ".yaml"]))
    constraints = None
    if draw(st.integers(0, 4)) == 0 and isinstance(doc.get("constraints"), dict):
        constraints = doc.pop("constraints")
    return suffix, doc, constraints


def write_case(tmp: Path, suffix: str, doc: dict[str, Any], name: str) -> Path:
    path = tmp / f"{name}{suffix}"
    path.write_text(WRITERS[suffix](doc), encoding="utf-8")
    return path


def solve_mutated(case: tuple[str, dict[str, Any], dict[str, Any] | None]) -> None:
    suffix, doc, constraints = case
    with tempfile.TemporaryDirectory() as tmp:
        path = write_case(Path(tmp), suffix, doc, "scenario")
        args = ["solve", str(path), *SOLVE_ARGS, "--json"]
        if constraints is not None:
            args += ["--constraints", str(write_case(Path(tmp), suffix, constraints, "cons"))]
        result = invoke(args)
        assert_solve_answer(args, result, as_json=True)
        if result.exit_code == 2:
            error = json.loads(result.stdout)["error"]
            assert error["file"] in (args[1], args[-1])
            if error["file"] == args[1]:
                # The document parses: the error is in a field, and names it.
                assert error["field"], error


@settings(FUZZ, max_examples=400)
@given(case=mutated_scenarios())
def test_solve_survives_mutated_scenarios(
    case: tuple[str, dict[str, Any], dict[str, Any] | None],
) -> None:
    solve_mutated(case)


@settings(FUZZ, max_examples=100)
@given(case=mutated_scenarios(("wild_number",)))
# Numbers of any size, NaN and infinities in every numeric field.
def test_solve_survives_numbers_of_any_size(
    case: tuple[str, dict[str, Any], dict[str, Any] | None],
) -> None:
    solve_mutated(case)


@st.composite
def mutated_plans(draw: st.DrawFn) -> dict[str, Any]:
    doc = json.loads(valid_plan_json())
    for _ in range(draw(st.integers(1, 3))):
        if not all_paths(doc):
            break
        mutate(draw, doc, draw(st.sampled_from(MUTATIONS)))
    return doc


@settings(FUZZ, max_examples=150)
@given(plan=mutated_plans())
def test_check_reads_any_mutated_plan(plan: dict[str, Any]) -> None:
    """A plan that is readable JSON is checked, whatever it holds: exit 0 or 5, never 2."""
    with tempfile.TemporaryDirectory() as tmp:
        scenario = Path(tmp) / "base.yaml"
        scenario.write_text(to_yaml(BASE))
        path = Path(tmp) / "plan.json"
        path.write_text(to_json(plan))
        args = ["check", str(scenario), str(path), "--json"]
        result = invoke(args)
        assert result.exit_code in (0, 5), f"{args}: exit {result.exit_code}: {result.stderr}"
        event(f"exit {result.exit_code}")
        doc = json.loads(result.stdout)
        assert doc["valid"] is (result.exit_code == 0)
        for v in doc["violations"]:
            assert set(v) == {"constraint", "date", "week", "detail"}, v


def extreme_scenario() -> dict[str, Any]:
    """Every number at the top of its allowed range: loads of 2 000, k1, k2 and the A weight
    100, tau1 1000, 20 sessions and a race every 4 days for 8 weeks."""
    sessions: list[dict[str, Any]] = [
        {"id": "rest", "type": "rest", "minutes": 0, "load": 0, "hard": False},
        {"id": "race", "type": "race", "minutes": 30, "load": 2_000, "hard": True},
    ]
    sessions[1]["distance"] = "5k"
    sessions += [
        {"id": f"easy-{i}", "type": "easy", "minutes": 30, "load": 2_000, "hard": False}
        for i in range(20)
    ]
    off: tuple[str, ...] = (
        "hard_spacing",
        "max_hard_per_week",
        "ramp",
        "deload",
        "long_run_spike",
        "taper",
    )
    off += ("recovery_days", "min_easy", "progression")
    return {
        "name": "extreme",
        "start": START,
        "end": START + dt.timedelta(days=55),
        "athlete": {"chronic_load": 14_000, "longest_recent_run_min": 60},
        "races": [
            {"date": START + dt.timedelta(days=d), "distance": "5k"} for d in range(3, 56, 4)
        ],
        "constraints": {f"{name}_enabled": False for name in off},
        "objective": {"k1": 100.0, "k2": 100.0, "tau1": 1000.0, "weight": {"A": 100.0}},
        "catalog": {"include_default": False, "sessions": sessions},
    }


def test_numbers_at_the_top_of_their_ranges_do_not_overflow(tmp_path: Path) -> None:
    path = tmp_path / "extreme.json"
    path.write_text(to_json(extreme_scenario()))
    result = invoke(["solve", str(path), *SOLVE_ARGS, "--json"])
    assert result.exit_code in (0, 3, 4), result.stderr
    assert "Traceback" not in result.stderr
    assert json.loads(result.stdout)["status"] != "MODEL_INVALID"


@settings(FUZZ, max_examples=200)
@given(case=mutated_scenarios())
def test_check_survives_mutated_scenarios(
    case: tuple[str, dict[str, Any], dict[str, Any] | None],
) -> None:
    """The base plan checked against a mutated scenario: exit 0, 2 or 5."""
    suffix, doc, constraints = case
    with tempfile.TemporaryDirectory() as tmp:
        path = write_case(Path(tmp), suffix, doc, "scenario")
        plan = Path(tmp) / "plan.json"
        plan.write_bytes(valid_plan_json())
        args = ["check", str(path), str(plan), "--json"]
        if constraints is not None:
            args += ["--constraints", str(write_case(Path(tmp), suffix, constraints, "cons"))]
        result = invoke(args)
        assert result.exit_code in CHECK_CODES, f"{args}: exit {result.exit_code}: {result.stderr}"
        event(f"exit {result.exit_code}")
        doc_out = json.loads(result.stdout)
        if result.exit_code == 2:
            assert set(doc_out["error"]) == {"file", "field", "message"}
        else:
            assert doc_out["valid"] is (result.exit_code == 0)


# ---------------------------------------------------------------- command-line options

# (options, allowed exit codes, xfail reason or None)
OPTION_CASES: list[tuple[list[str], set[int], str | None]] = [
    (["--time-limit", "0"], {2}, None),
    (["--time-limit", "-1"], {2}, None),
    (["--time-limit", "abc"], {2}, None),
    (["--time-limit", "inf"], {0, 2}, None),
    (["--time-limit", "1e-300"], {2, 4}, None),
    (["--time-limit", "nan"], {2}, None),
    (["--workers", "0"], {2}, None),
    (["--workers", "1.5"], {2}, None),
    (["--seed", "-1"], {2}, None),
    (["--seed", "2147483647", "--workers", "1"], {0, 2}, None),
    (["--seed", "2147483648", "--workers", "1"], {2}, None),
    (["--seed", "2147483647", "--workers", "2"], {2}, None),
    (["--workers", "65"], {2}, None),
    (["--format", "pdf"], {2}, None),
    (["--no-such-option"], {2}, None),
    (["--pin", "="], {2}, None),
    (["--pin", "no-date"], {2}, None),
    (["--pin", "9999-99-99=rest"], {2}, None),
    (["--pin", "2027-01-04=no-such-session"], {2}, None),
    (["--pin"], {2}, None),
    (["--warm-start", "no-such-plan.json"], {2}, None),
]


@pytest.mark.parametrize(
    ("options", "codes"),
    [
        pytest.param(
            opts,
            codes,
            id=" ".join(opts),
            marks=[pytest.mark.xfail(strict=True, reason=why)] if why else [],
        )
        for opts, codes, why in OPTION_CASES
    ],
)
@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
def test_odd_solve_options(options: list[str], codes: set[int], tmp_path: Path) -> None:
    path = tmp_path / "base.json"
    path.write_text(to_json(BASE))
    defaults = {"--time-limit": "2", "--workers": "1"}
    args = ["solve", str(path), *options]
    args += [x for k, v in defaults.items() if k not in options for x in (k, v)]
    for extra in ([], ["--json"]):
        result = invoke([*args, *extra])
        assert result.exit_code in codes, f"{args}: exit {result.exit_code}: {result.stderr}"
        if extra:
            doc = json.loads(result.stdout)
            if result.exit_code == 2:
                assert set(doc["error"]) == {"file", "field", "message"}


@settings(FUZZ, max_examples=60)
@given(
    option=st.sampled_from(["--time-limit", "--workers", "--seed"]),
    value=st.text(max_size=12).filter(lambda s: not s.startswith("-")),
)
def test_garbage_option_values_are_usage_errors(option: str, value: str) -> None:
    """A value click cannot parse is exit 2, with the error JSON under --json."""
    try:
        float(value)
        return  # numbers are the table above
    except ValueError:
        pass
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "base.json"
        path.write_text(to_json(BASE))
        result = invoke(["solve", str(path), "--time-limit", "2", option, value, "--json"])
        assert result.exit_code == 2, result.stderr
        assert json.loads(result.stdout)["error"]["field"] == option


@settings(FUZZ, max_examples=100)
@given(case=mutated_scenarios(("text",)))
def test_solve_survives_any_text(
    case: tuple[str, dict[str, Any], dict[str, Any] | None],
) -> None:
    """Any string in any string field: names, ids, descriptions, times, enums."""
    solve_mutated(case)
