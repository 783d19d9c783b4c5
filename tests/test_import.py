"""Importing book plans (models/importing): the test plans written for the project, the
envelope's tightness, the keyword rules, minutes and loads, and bad input."""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from cli import cli
from models.check import check_plan
from models.importing.book import BookWorkout
from models.importing.classify import RULES, classify, nearest_distance, read_map
from models.importing.importer import ImportOptions, ImportResult, import_plan
from models.importing.sessions import DEFAULT_RECENT_RACE, pace_table, quality_km
from models.io import load_scenario, validate_scenario
from models.paces import derive_load

from conftest import cli_runner

IMPORTS = Path(__file__).resolve().parents[1] / "scenarios" / "imports"
START = dt.date(2027, 1, 4)  # a Monday
# Every test plan with the --units it needs (calendar-hack files carry their own).
TEST_PLANS = {
    "5k-10wk.yaml": None,
    "5k-10wk.csv": "km",
    "10k-12wk.json": None,
    "marathon-16wk.yaml": None,
    "marathon-16wk.csv": "mi",
}


def imported(name: str, **options: Any) -> ImportResult:
    return import_plan(
        IMPORTS / name, ImportOptions(start=START, units=TEST_PLANS[name], **options)
    )


def run(*args: str | Path) -> Result:
    return cli_runner().invoke(cli, [str(a) for a in args])


def test_every_test_plan_is_there() -> None:
    found = {p.name for p in IMPORTS.iterdir() if p.suffix in (".yaml", ".json", ".csv")}
    assert found == set(TEST_PLANS)


@pytest.mark.parametrize("name", sorted(TEST_PLANS))
def test_book_plan_passes_its_own_scenario(name: str) -> None:
    result = imported(name)
    assert check_plan(result.scenario, result.book_plan) == []
    assert result.scenario.catalog.include_default is False
    assert [r.priority for r in result.scenario.races][-1] == "A"
    # the book's days, one a day, in the plan format
    days = result.book_plan["days"]
    assert len(days) == result.book.n_days
    assert days[0]["date"] == START.isoformat()


@pytest.mark.parametrize("name", ["5k-10wk.yaml", "marathon-16wk.csv"])
def test_import_command_writes_a_scenario_and_book_plan_that_check(
    name: str, tmp_path: Path
) -> None:
    out = tmp_path / "block.toml"
    unit = TEST_PLANS[name]
    units = ["--units", unit] if unit else []
    result = run("import", IMPORTS / name, "--start", "2027-01-04", *units, "-o", out)
    assert result.exit_code == 0, result.output
    book = tmp_path / "block.book.json"
    assert out.exists() and book.exists()
    checked = run("check", out, book, "--json")
    assert checked.exit_code == 0, checked.output
    assert json.loads(checked.stdout) == {"valid": True, "violations": []}
    assert "envelope" in result.stdout


@pytest.mark.parametrize(
    ("yaml", "csv"), [("5k-10wk.yaml", "5k-10wk.csv"), ("marathon-16wk.yaml", "marathon-16wk.csv")]
)
def test_calendar_hack_and_csv_versions_give_the_same_book(yaml: str, csv: str) -> None:
    a, b = imported(yaml), imported(csv)
    assert [(d["session"], d["minutes"], d["load"]) for d in a.book_plan["days"]] == [
        (d["session"], d["minutes"], d["load"]) for d in b.book_plan["days"]
    ]
    assert a.scenario.constraints == b.scenario.constraints


def _tighter(result: ImportResult, **updates: Any) -> list[str]:
    """The constraints the book breaks under its scenario with `updates` applied."""
    raw = result.scenario.model_dump(mode="json", exclude_none=True)
    raw["constraints"].update(updates)
    return sorted({v.constraint for v in check_plan(validate_scenario(raw), result.book_plan)})


@pytest.mark.parametrize("name", ["5k-10wk.yaml", "10k-12wk.json", "marathon-16wk.yaml"])
def test_every_derived_number_is_the_tightest_the_book_keeps(name: str) -> None:
    result = imported(name)
    c = result.scenario.constraints
    assert _tighter(result, ramp_pct=c.ramp_pct - 1) == ["ramp_pct"]
    assert _tighter(result, long_run_spike_pct=c.long_run_spike_pct - 1) == ["long_run_spike_pct"]
    assert c.weekly_load_max is not None
    assert _tighter(result, weekly_load_max=c.weekly_load_max - 1) == ["weekly_load_max"]
    assert _tighter(result, max_hard_per_week=c.max_hard_per_week - 1) == ["max_hard_per_week"]
    assert _tighter(result, hard_spacing_days=c.hard_spacing_days + 1) == ["hard_spacing_days"]
    assert _tighter(result, min_easy_pct=c.min_easy_pct + 1) == ["min_easy_pct"]
    a = c.taper["A"]
    assert a.days > 0
    cut = {"A": {"days": a.days, "cut_pct": a.cut_pct + 1}}
    assert "taper" in _tighter(result, taper=cut)
    if c.deload_enabled:
        assert _tighter(result, deload_pct=c.deload_pct + 1) == ["deload_pct"]


@pytest.mark.parametrize("name", ["5k-10wk.yaml", "10k-12wk.json", "marathon-16wk.yaml"])
def test_the_shape_bounds_are_the_books_own_structure(name: str) -> None:
    """The wave and repeat rules bound the plateau and the run of equal longest runs the
    structure metrics report, so the importer's values are the book's own metrics, and
    one week tighter breaks the book."""
    from models.quality.metrics import plan_metrics

    result = imported(name)
    c = result.scenario.constraints
    shape = plan_metrics(result.scenario, result.book_plan).structure
    assert c.plateau_max_weeks == max(1, shape.plateau_weeks)
    assert c.long_run_repeat_max_weeks == max(1, shape.same_long_run_weeks)
    if c.plateau_max_weeks > 1:
        tighter = _tighter(result, plateau_max_weeks=c.plateau_max_weeks - 1)
        assert tighter == ["plateau_max_weeks"]
    if c.long_run_repeat_max_weeks > 1:
        tighter = _tighter(result, long_run_repeat_max_weeks=c.long_run_repeat_max_weeks - 1)
        assert tighter == ["long_run_repeat_max_weeks"]


def test_athlete_is_read_off_the_book() -> None:
    result = imported("5k-10wk.yaml")
    athlete = result.scenario.athlete
    sessions = [d.session for d in result.days]
    assert athlete.chronic_load == sum(s.load for s in sessions[:7])
    assert athlete.availability["mon"] == 0  # the book rests every Monday
    assert athlete.availability["sun"] == max(s.minutes for s in sessions[6::7] if s.type != "race")
    assert athlete.long_run_day == "sun"
    weeks = [sessions[i : i + 7] for i in range(0, len(sessions), 7)]
    assert athlete.max_sessions_per_week == max(
        sum(s.type not in ("rest", "race") for s in w) for w in weeks
    )


def test_written_scenario_says_beside_each_rule_how_it_was_derived() -> None:
    result = imported("marathon-16wk.yaml")
    text = result.scenario_text
    section = text.split("[constraints]\n", 1)[1].split("\n[catalog]", 1)[0]
    setting = [line for line in section.splitlines() if line and not line.startswith("#")]
    assert len(setting) >= 15
    for line in setting:
        assert "  # " in line, line
    assert tomllib.loads(text)["constraints"]["ramp_pct"] == result.scenario.constraints.ramp_pct


def test_quotas_keep_the_books_weekly_counts_when_asked_for() -> None:
    assert imported("marathon-16wk.yaml").scenario.constraints.quotas == []
    result = imported("marathon-16wk.yaml", quotas=True)
    quotas = {q.type: q for q in result.scenario.constraints.quotas}
    assert quotas["long"].max == 2  # a long run and a medium-long run every week
    assert quotas["threshold"].max == 1
    assert check_plan(result.scenario, result.book_plan) == []
    fewer = [q.model_dump() for q in result.scenario.constraints.quotas]
    for q in fewer:
        if q["type"] == "long":
            q["max"] = q["min"] = 1
    assert _tighter(result, quotas=fewer) == ["quotas"]


def test_acwr_and_monotony_limits_at_the_books_own_maximum() -> None:
    plain = imported("10k-12wk.json")
    assert plain.scenario.constraints.acwr_max_pct is None
    assert plain.scenario.constraints.max_monotony is None
    result = imported("10k-12wk.json", acwr=True, monotony=True)
    c = result.scenario.constraints
    assert c.acwr_max_pct is not None and c.max_monotony is not None
    assert check_plan(result.scenario, result.book_plan) == []
    assert _tighter(result, acwr_max_pct=c.acwr_max_pct - 1) == ["acwr_max_pct"]
    assert _tighter(result, max_monotony=c.max_monotony - 0.01) == ["max_monotony"]


# ---------------------------------------------------------------- the keyword rules


VOCABULARY = [
    ("Recovery 5 mi", "recovery", False),
    ("General aerobic 8 mi", "easy", False),
    ("Gen-aerobic + speed 8 mi w/ 10 x 100m strides", "strides", False),
    ("Endurance 14 mi", "long", False),
    ("Long run 16 mi", "long", False),
    ("Med-long run 12 mi", "long", False),
    ("Lactate threshold 8 mi w/ 4 mi @ 15K to half marathon pace", "threshold", True),
    ("LT 9 mi", "threshold", True),
    ("VO2max 8 mi w/ 5 x 600m @ 5K pace", "vo2max", True),
    ("Speed 6 mi w/ 10 x 200m", "speed_endurance", True),
    ("Marathon-pace run 12 mi w/ 8 mi @ MP", "race_pace", True),
    ("Race pace 6 km", "race_pace", True),
    ("Dress rehearsal 10 km", "race_pace", True),
    ("8-15K tune-up race", "race", True),
    ("Marathon", "race", True),
    ("Half Marathon (13.1 mi)", "race", True),
    ("Marathon training run 10 mi", "easy", False),
    ("Tempo 6 km", "tempo", True),
    ("Hill repeats 8 x 60 s", "hills", True),
    ("Cross-train 40 min", "cross", False),
    ("Easy run 5 km", "easy", False),
    ("6 mi", "easy", False),
    ("5 mi pace", "race_pace", True),
    ("Rest or Easy Run", "rest", False),
    ("Rest", "rest", False),
    ("", "rest", False),
]


@pytest.mark.parametrize(("title", "kind", "hard"), VOCABULARY)
def test_keyword_rules_cover_the_calendar_hack_vocabulary(
    title: str, kind: str, hard: bool
) -> None:
    found = classify(BookWorkout(day=0, where="w", title=title))
    assert found is not None
    assert (found.type, found.hard) == (kind, hard)


@pytest.mark.parametrize(
    ("title", "distance"),
    [
        ("5K race", "5k"),
        ("5-K Race", "5k"),
        ("10 km race", "10k"),
        ("8-15K tune-up race", "10k"),
        ("Tune-up race: half marathon", "half"),
        ("Half Marathon", "half"),
        ("Marathon", "marathon"),
        ("12K tune-up race", "10k"),
        ("15K tune-up race", "half"),
        ("25K tune-up race", "half"),
    ],
)
def test_race_distances_from_titles(title: str, distance: str) -> None:
    found = classify(BookWorkout(day=0, where="w", title=title))
    assert found is not None and found.type == "race"
    assert found.race_distance == distance


def test_the_import_guide_lists_every_keyword_rule() -> None:
    readme = (Path(__file__).resolve().parents[1] / "docs" / "import.md").read_text()
    table = readme.split("| rule | matches (ignoring case) | type |", 1)[1].split("\n\n", 1)[0]
    rows = [line.split(" | ") for line in table.splitlines() if line.startswith("| ")]
    assert [(r[0].removeprefix("| "), r[2].split()[0]) for r in rows] == [
        (rule.name, rule.type) for rule in RULES
    ]


def test_race_distance_from_the_workout_distance() -> None:
    found = classify(BookWorkout(day=0, where="w", title="Race day!", distance_km=(42.2, 42.2)))
    assert found is not None and found.race_distance == "marathon"
    assert nearest_distance(16.1) == "half"
    assert nearest_distance(7.0) == "5k"


def test_unknown_title_is_none_until_a_map_classifies_it(tmp_path: Path) -> None:
    workout = BookWorkout(day=0, where="w", title="Zorbing 45 min")
    assert classify(workout) is None
    path = tmp_path / "map.toml"
    path.write_text('zorbing = { type = "cross", hard = true }\n"Long run" = "tempo"\n')
    mapping = read_map(path)
    found = classify(workout, mapping)
    assert found is not None and (found.type, found.hard) == ("cross", True)
    # the map wins over the keyword rules
    over = classify(BookWorkout(day=0, where="w", title="Long run 10 km"), mapping)
    assert over is not None and over.type == "tempo"


# ---------------------------------------------------------------- minutes and loads


def test_minutes_from_distance_at_the_athletes_paces(tmp_path: Path) -> None:
    default = imported("5k-10wk.yaml")
    paces = pace_table(DEFAULT_RECENT_RACE)
    recovery = next(d for d in default.days if d.session.description == "Recovery 6 km")
    assert recovery.session.minutes == round(6 * paces["recovery"] / 60)
    assert recovery.session.load == derive_load([(recovery.session.minutes, "recovery")])
    fast = tmp_path / "athlete.toml"
    fast.write_text('recent_race = { distance = "5k", time = "17:30" }\n')
    quick = imported("5k-10wk.yaml", athlete_file=fast)
    again = next(d for d in quick.days if d.session.description == "Recovery 6 km")
    assert again.session.minutes < recovery.session.minutes
    assert quick.scenario.athlete.recent_race is not None
    assert check_plan(quick.scenario, quick.book_plan) == []


def test_quality_part_read_from_the_title() -> None:
    assert quality_km("VO2max 8 km with 5 x 800m at 5K pace", 8, "km") == pytest.approx(4.0)
    assert quality_km("LT 10 mi w/ 5 mi @ LT pace", 16, "mi") == pytest.approx(5 * 1.609344)
    assert quality_km("Speed 6 mi with 3 x 1 mi at 5K pace", 9.7, "mi") == pytest.approx(
        3 * 1.609344
    )
    assert quality_km("Hill repeats 8 x 60 s", 8, "km") is None
    assert quality_km("Tempo 6 km", 6, "km") is None


# ---------------------------------------------------------------- bad input


PLAN_HEAD = "units: km\nschedule:\n- workouts:\n"


def _week(*titles: str) -> str:
    return "".join(f"  - title: {t}\n" for t in titles)


GOOD_WEEK = ("Rest", "Easy 40 min", "Rest", "Tempo 45 min", "Rest", "Easy 30 min", "5K race")


@pytest.mark.parametrize(
    ("body", "args", "field", "words"),
    [
        (
            _week("Rest", "Zorbing", *GOOD_WEEK[2:]),
            [],
            "schedule[0].workouts[1].title",
            "week 1 Tue 2027-01-05 'Zorbing'",
        ),
        (
            _week(*GOOD_WEEK[:6], "5K race") + "    distance: [6, 5]\n",
            [],
            "schedule[0].workouts[6].distance",
            "is not a range",
        ),
        (
            _week(*GOOD_WEEK[:6], "5K race") + "    distance: [1, 2, 3]\n",
            [],
            "schedule[0].workouts[6].distance",
            "is not a range",
        ),
        (_week(*GOOD_WEEK[:6], "Easy 30 min"), [], "schedule", "no race"),
        (_week(*GOOD_WEEK[:5]), [], "schedule[0].workouts", "exactly 7 workouts"),
        (_week(*GOOD_WEEK), ["--units", "mi"], "units", "--units says mi"),
    ],
)
def test_bad_plans_exit_2_naming_the_field_and_write_nothing(
    tmp_path: Path, body: str, args: list[str], field: str, words: str
) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(PLAN_HEAD + body)
    out = tmp_path / "out.toml"
    result = run("import", plan, "--start", "2027-01-04", *args, "-o", out, "--json")
    assert result.exit_code == 2, result.output
    error = json.loads(result.stdout)["error"]
    assert error["field"] == field
    assert error["file"] == str(plan)
    assert words in error["message"]
    assert len(result.stderr.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == [plan]


def test_a_good_week_imports(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(PLAN_HEAD + _week(*GOOD_WEEK))
    result = run("import", plan, "--start", "2027-01-04", "-o", tmp_path / "out.toml")
    assert result.exit_code == 0, result.output
    scenario = load_scenario(tmp_path / "out.toml")
    assert [r.date for r in scenario.races] == [dt.date(2027, 1, 10)]


@pytest.mark.parametrize(
    ("args", "field", "words"),
    [
        (["--start", "2027-02-30"], "--start", "not a date"),
        (["--start", "next monday"], "--start", "not a date"),
        (["--start", "2027-01-04", "--map", "missing.toml"], None, "file not found"),
    ],
)
def test_bad_options_exit_2(tmp_path: Path, args: list[str], field: str | None, words: str) -> None:
    result = run("import", IMPORTS / "5k-10wk.yaml", *args, "-o", tmp_path / "x.toml", "--json")
    assert result.exit_code == 2, result.output
    error = json.loads(result.stdout)["error"]
    assert error["field"] == field
    assert words in error["message"]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("name", "content", "field", "words"),
    [
        ("missing.yaml", None, None, "file not found"),
        ("binary.yaml", b"\x00\x01\x02", None, "binary"),
        ("plan.txt", b"week,title\n", None, "unsupported plan file type"),
        ("nounits.csv", b"week,weekday,title,distance\n1,mon,5K race,5\n", "--units", "mi or km"),
        (
            "baddate.csv",
            b"date,title,minutes\n2027-01-32,5K race,30\n",
            "line 2, column date",
            "not a date",
        ),
        (
            "baddist.csv",
            b"week,weekday,title,distance\n1,mon,5K race,five\n",
            "line 2, column distance",
            "not a distance",
        ),
    ],
)
def test_unreadable_plans_exit_2(
    tmp_path: Path, name: str, content: bytes | None, field: str | None, words: str
) -> None:
    plan = tmp_path / name
    if content is not None:
        plan.write_bytes(content)
    out = tmp_path / "out.toml"
    units = ["--units", "km"] if name == "baddist.csv" else []
    result = run("import", plan, "--start", "2027-01-04", *units, "-o", out, "--json")
    assert result.exit_code == 2, result.output
    error = json.loads(result.stdout)["error"]
    assert error["file"] == str(plan)
    assert error["field"] == field
    assert words in error["message"]
    assert not out.exists()


def test_bad_map_entry_names_its_key(tmp_path: Path) -> None:
    path = tmp_path / "map.toml"
    path.write_text('zorbing = "sprinting"\n')
    result = run(
        "import",
        IMPORTS / "5k-10wk.yaml",
        "--start",
        "2027-01-04",
        "--map",
        path,
        "-o",
        tmp_path / "x.toml",
        "--json",
    )
    assert result.exit_code == 2
    error = json.loads(result.stdout)["error"]
    assert (error["file"], error["field"]) == (str(path), "zorbing.type")
