"""Plan exports (models/outputs/export): every format written, read back and compared with the
workout model; stable UIDs and bytes; bad input refused."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from garmin_fit_sdk import Decoder, Stream
from icalendar import Calendar

from models.catalog import resolve_catalog
from models.errors import InputError
from models.io import validate_scenario
from models.outputs.export import EXPORT_FORMATS, export_plan
from models.outputs.export.days import ExportDay, read_plan
from models.outputs.export.text import mmss, workout_text
from models.scenario import Scenario
from models.workout import Repeat, Step, Workout

if TYPE_CHECKING:
    from garmin_fit_sdk.mesgs import FitMessages

from conftest import day, tiny

# A club runner's spring block: a 5K tune-up and the City 10K, one blocked day.
SPRING = validate_scenario(
    {
        "name": "spring-10k",
        "start": "2027-01-04",
        "athlete": {
            "chronic_load": 320,
            "longest_recent_run_min": 80,
            "recent_race": {"distance": "5k", "time": "20:10"},
            "blocked": ["2027-02-14"],
        },
        "races": [
            {"date": "2027-02-28", "distance": "5k", "priority": "B"},
            {"date": "2027-03-28", "distance": "10k", "priority": "A", "name": "City 10K"},
        ],
    }
)
# One week of sessions, repeated over the block; race days get their race session
# and blocked days rest. The checker would object to this plan; exports do not care.
WEEK = ["easy-45", "se-5x400", "strides-6", "thr-4x1mi", "rest", "long-mp-120", "hills-8x30s"]


def plan_for(scenario: Scenario, week: list[str], swap: dict[int, str] | None = None) -> dict:
    """A plan JSON document (plan-format.md) made from catalog sessions, without solving."""
    catalog = {s.id: s for s in resolve_catalog(scenario)}
    races = {r.date: r.distance for r in scenario.races}
    days = []
    for d in range((scenario.last_day - scenario.start).days + 1):
        date = scenario.start + dt.timedelta(days=d)
        if date in races:
            sid = next(s.id for s in catalog.values() if s.distance == races[date])
        elif date in scenario.athlete.blocked:
            sid = "rest"
        else:
            sid = (swap or {}).get(d, week[d % len(week)])
        s = catalog[sid]
        fields = s.model_dump(include={"type", "minutes", "load", "hard", "level", "description"})
        days.append({"date": date.isoformat(), "session": s.id, **fields})
    return {
        "format": "speedblock.plan/1",
        "scenario": scenario.name,
        "status": "FEASIBLE",
        "start": scenario.start.isoformat(),
        "end": scenario.last_day.isoformat(),
        "days": days,
    }


@pytest.fixture(scope="module")
def spring_plan() -> dict:
    return plan_for(SPRING, WEEK)


def training_days(plan: dict, scenario: Scenario = SPRING) -> list[ExportDay]:
    return list(read_plan(plan, scenario).training_days)


def no_paces(scenario: Scenario) -> Scenario:
    athlete = scenario.athlete.model_copy(update={"recent_race": None})
    return scenario.model_copy(update={"athlete": athlete})


# ---------------------------------------------------------------- the whole job


def test_formats() -> None:
    assert EXPORT_FORMATS == ("ics", "fit", "intervals", "md", "csv")


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_every_format_writes_what_it_returns(fmt: str, spring_plan: dict, tmp_path: Path) -> None:
    out = tmp_path / f"plan.{fmt}"
    paths = export_plan(spring_plan, SPRING, fmt, out)
    assert paths and all(p.is_file() and p.stat().st_size > 0 for p in paths)
    assert all(p == out or p.parent == out for p in paths)
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no temp file left behind


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_the_same_plan_gives_the_same_bytes(fmt: str, spring_plan: dict, tmp_path: Path) -> None:
    first = export_plan(spring_plan, SPRING, fmt, tmp_path / "a")
    second = export_plan(spring_plan, SPRING, fmt, tmp_path / "b")
    assert [p.relative_to(tmp_path / "a") for p in first if p != tmp_path / "a"] == [
        p.relative_to(tmp_path / "b") for p in second if p != tmp_path / "b"
    ]
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]


# ---------------------------------------------------------------- ics


def read_events(path: Path) -> dict[dt.date, Any]:
    calendar = Calendar.from_ical(path.read_bytes())
    return {ev.decoded("dtstart"): ev for ev in calendar.walk("VEVENT")}


def test_ics_has_one_event_per_training_day(spring_plan: dict, tmp_path: Path) -> None:
    (path,) = export_plan(spring_plan, SPRING, "ics", tmp_path / "plan.ics")
    events = read_events(path)
    days = training_days(spring_plan)
    assert sorted(events) == [d.date for d in days]
    rest_days = [d["date"] for d in spring_plan["days"] if d["session"] == "rest"]
    assert rest_days and not set(rest_days) & {d.isoformat() for d in events}
    for d in days:
        event = events[d.date]
        assert d.workout is not None
        assert str(event.get("summary")) == d.title
        assert str(event.get("description")).startswith(workout_text(d.workout))
        assert event.decoded("dtend") == d.date + dt.timedelta(days=1)
        assert event.decoded("dtstamp") == dt.datetime(2027, 1, 4, tzinfo=dt.UTC)
        assert str(event.get("uid")).endswith("@speedblock")
    assert len({str(e.get("uid")) for e in events.values()}) == len(events)


def test_ics_marks_race_days(spring_plan: dict, tmp_path: Path) -> None:
    (path,) = export_plan(spring_plan, SPRING, "ics", tmp_path / "plan.ics")
    events = read_events(path)
    race = events[dt.date(2027, 3, 28)]
    assert str(race.get("summary")) == "RACE: City 10K"
    assert [str(c) for c in race.get("categories").cats] == ["Race"]
    assert str(race.get("description")).startswith("10 km 10K pace ")
    tune_up = events[dt.date(2027, 2, 28)]
    assert str(tune_up.get("summary")).startswith("RACE: ")
    other = events[dt.date(2027, 1, 5)]
    assert "Race" not in [str(c) for c in other.get("categories").cats]


def test_a_resolved_plan_keeps_the_uids_of_unchanged_days(tmp_path: Path) -> None:
    before = plan_for(SPRING, WEEK)
    after = plan_for(SPRING, WEEK, swap={1: "vo2-8x1", 9: "easy-60"})
    (a,) = export_plan(before, SPRING, "ics", tmp_path / "before.ics")
    (b,) = export_plan(after, SPRING, "ics", tmp_path / "after.ics")
    uid_a = {d: str(e.get("uid")) for d, e in read_events(a).items()}
    uid_b = {d: str(e.get("uid")) for d, e in read_events(b).items()}
    changed = {SPRING.start + dt.timedelta(days=1), SPRING.start + dt.timedelta(days=9)}
    assert set(uid_a) == set(uid_b)
    for date in uid_a:
        assert (uid_a[date] == uid_b[date]) is (date not in changed), date


# ---------------------------------------------------------------- fit


INTENSITY = {"warmup": "warmup", "work": "active", "recovery": "recovery", "cooldown": "cooldown"}


def expected_fit_steps(workout: Workout) -> list[dict[str, Any]]:
    """The workout_step messages a FIT file of this workout should decode to."""
    rows: list[dict[str, Any]] = []
    for item in workout.steps:
        if isinstance(item, Repeat):
            first = len(rows)
            rows += [_expected_step(s) for s in item.steps]
            rows.append(
                {
                    "duration_type": "repeat_until_steps_cmplt",
                    "duration_step": first,
                    "repeat_steps": item.count,
                }
            )
        else:
            rows.append(_expected_step(item))
    return rows


def _expected_step(step: Step) -> dict[str, Any]:
    row: dict[str, Any] = {"intensity": INTENSITY[step.kind]}
    if step.seconds is not None:
        row |= {"duration_type": "time", "duration_time": float(step.seconds)}
    else:
        row |= {"duration_type": "distance", "duration_distance": step.meters}
    target = step.target
    if target.pace is not None:
        fast, slow = target.pace
        low, high = pytest.approx(1000 / slow, abs=1e-3), pytest.approx(1000 / fast, abs=1e-3)
        row |= {"target_type": "speed", "custom_target_speed_low": low}
        row |= {"custom_target_speed_high": high}
    elif target.hr_zone is not None:
        row |= {"target_type": "heart_rate", "target_hr_zone": target.hr_zone}
    else:
        row |= {"target_type": "open"}
    return row


def decode_fit(path: Path) -> FitMessages:
    assert Decoder(Stream.from_file(str(path))).is_fit()
    assert Decoder(Stream.from_file(str(path))).check_integrity()
    messages, errors = Decoder(Stream.from_file(str(path))).read()
    assert errors == []
    return messages


def decoded_steps(messages: FitMessages, like: list[dict[str, Any]]) -> list[dict[str, Any]]:
    steps = messages["workout_step_mesgs"]
    assert [s["message_index"] for s in steps] == list(range(len(steps)))
    return [{k: s.get(k) for k in want} for s, want in zip(steps, like, strict=False)]


@pytest.mark.parametrize("paced", [True, False], ids=["paces", "effort"])
def test_fit_files_decode_to_the_workouts(paced: bool, tmp_path: Path) -> None:
    scenario = SPRING if paced else no_paces(SPRING)
    plan = plan_for(scenario, WEEK)
    paths = export_plan(plan, scenario, "fit", tmp_path / "fit")
    days = training_days(plan, scenario)
    assert [p.name for p in paths] == [f"{d.date.isoformat()}-{d.session.id}.fit" for d in days]
    kinds: set[str | None] = set()
    for path, d in zip(paths, days, strict=True):
        assert d.workout is not None
        messages = decode_fit(path)
        assert messages["file_id_mesgs"][0]["type"] == "workout"
        (workout,) = messages["workout_mesgs"]
        assert workout["sport"] == "running"
        assert workout["wkt_name"] == d.title
        expected = expected_fit_steps(d.workout)
        assert workout["num_valid_steps"] == len(expected)
        assert len(messages["workout_step_mesgs"]) == len(expected)
        assert decoded_steps(messages, expected) == expected, path.name
        kinds.update(row.get("target_type") for row in expected)
    assert kinds == ({"speed", "open", None} if paced else {"heart_rate", "open", None})


def test_fit_repeat_points_back_to_its_first_step(spring_plan: dict, tmp_path: Path) -> None:
    export_plan(spring_plan, SPRING, "fit", tmp_path / "fit")
    steps = decode_fit(tmp_path / "fit" / "2027-01-05-se-5x400.fit")["workout_step_mesgs"]
    assert [s.get("duration_type") for s in steps] == [
        "time",
        "distance",
        "time",
        "repeat_until_steps_cmplt",
        "time",
    ]
    assert (steps[3]["duration_step"], steps[3]["repeat_steps"]) == (1, 5)
    assert steps[1]["duration_distance"] == 400.0
    # 3K pace of a 20:10 5K runner is 3:55/km, so the range brackets 1000/235 m/s.
    assert steps[1]["custom_target_speed_low"] < 1000 / 235 < steps[1]["custom_target_speed_high"]


def test_fit_cross_training_is_not_running(tmp_path: Path) -> None:
    plan = plan_for(SPRING, ["cross-bike-45", "easy-30"])
    export_plan(plan, SPRING, "fit", tmp_path / "fit")
    messages = decode_fit(tmp_path / "fit" / "2027-01-04-cross-bike-45.fit")
    assert messages["workout_mesgs"][0]["sport"] == "generic"
    assert messages["workout_step_mesgs"][0]["target_hr_zone"] == 2


# ---------------------------------------------------------------- intervals.icu


_DURATION = re.compile(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?")
_DISTANCE = re.compile(r"([\d.]+)(km|mtr)")


def parse_intervals(text: str) -> list[tuple[Any, ...]]:
    """Read intervals.icu workout text back into (seconds, meters, target) per step run."""
    runs: list[tuple[Any, ...]] = []
    block: list[tuple[Any, ...]] | None = None
    count = 1
    for line in [*text.splitlines(), ""]:
        if re.fullmatch(r"\d+x", line):
            block, count = [], int(line[:-1])
            continue
        if not line:
            if block is not None:
                runs += block * count
            block, count = None, 1
            continue
        assert line.startswith("- "), line
        step = _parse_step(line[2:])
        if block is None:
            runs.append(step)
        else:
            block.append(step)
    return runs


def _parse_step(text: str) -> tuple[Any, ...]:
    seconds: int | None = None
    meters: float | None = None
    target: tuple[Any, ...] | None = None
    for token in text.split():
        if (m := _DURATION.fullmatch(token)) and any(m.groups()):
            h, mi, s = (int(g or 0) for g in m.groups())
            seconds = h * 3600 + mi * 60 + s
        elif m := _DISTANCE.fullmatch(token):
            meters = float(m[1]) * (1000 if m[2] == "km" else 1)
    if m := re.search(r"(\d+:\d\d)-(\d+:\d\d)/km Pace", text):
        target = ("pace", m[2], m[1])  # written slow end first
    elif m := re.search(r"Z(\d) HR", text):
        target = ("hr", int(m[1]))
    return seconds, meters, target


def model_runs(workout: Workout) -> list[tuple[Any, ...]]:
    out = []
    for step in workout.flat():
        t = step.target
        target: Any = None
        if t.pace is not None:
            target = ("pace", mmss(t.pace[0]), mmss(t.pace[1]))
        elif t.hr_zone is not None:
            target = ("hr", t.hr_zone)
        out.append((step.seconds, step.meters, target))
    return out


@pytest.mark.parametrize("paced", [True, False], ids=["paces", "effort"])
def test_intervals_texts_read_back_as_the_workouts(paced: bool, tmp_path: Path) -> None:
    scenario = SPRING if paced else no_paces(SPRING)
    plan = plan_for(scenario, WEEK)
    paths = export_plan(plan, scenario, "intervals", tmp_path / "icu")
    days = training_days(plan, scenario)
    texts = {p.name: p.read_text("utf-8") for p in paths}
    assert sorted(texts) == sorted([f"{d.file_stem}.txt" for d in days] + ["intervals.csv"])
    rows = list(csv.DictReader(io.StringIO(texts.pop("intervals.csv"))))
    assert [r["date"] for r in rows] == [d.date.isoformat() for d in days]
    for row, d in zip(rows, days, strict=True):
        assert d.workout is not None
        text = texts[f"{d.file_stem}.txt"]
        assert row["name"] == d.title and row["type"] == "Run"
        assert row["text"] == text.rstrip("\n")
        assert all(
            line == "" or line.startswith("- ") or re.fullmatch(r"\d+x", line)
            for line in text.splitlines()
        )
        assert parse_intervals(text) == model_runs(d.workout), d.file_stem


def test_intervals_text_of_a_known_session(spring_plan: dict, tmp_path: Path) -> None:
    export_plan(spring_plan, SPRING, "intervals", tmp_path / "icu")
    assert (tmp_path / "icu" / "2027-01-05-se-5x400.txt").read_text() == (
        "- Warm-up 15m 5:47-5:14/km Pace\n"
        "\n"
        "5x\n"
        "- 400mtr 3:59-3:50/km Pace\n"
        "- Recovery 2m\n"
        "\n"
        "- Cool-down 10m 5:47-5:14/km Pace\n"
    )
    assert (tmp_path / "icu" / "2027-01-10-hills-8x30s.txt").read_text().splitlines()[3] == (
        "- Uphill 30s"
    )


# ---------------------------------------------------------------- md and csv


def test_csv_table_is_the_plan_week_by_week(spring_plan: dict, tmp_path: Path) -> None:
    (path,) = export_plan(spring_plan, SPRING, "csv", tmp_path / "plan.csv")
    head, *rows = list(csv.reader(io.StringIO(path.read_text("utf-8"))))
    weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    assert head == ["Week", "Starts", *weekdays, "Minutes", "Load", "Hard days"]
    days = spring_plan["days"]
    weeks = [days[i : i + 7] for i in range(0, len(days), 7)]
    assert [r[0] for r in rows] == [str(k) for k in range(1, len(weeks) + 1)]
    assert [(r[1], r[9], r[10], r[11]) for r in rows] == [
        (
            w[0]["date"],
            str(sum(d["minutes"] for d in w)),
            str(sum(d["load"] for d in w)),
            str(sum(d["hard"] for d in w)),
        )
        for w in weeks
    ]
    by_date = {d.date: d.title for d in read_plan(spring_plan, SPRING).days}
    for row in rows:
        start = dt.date.fromisoformat(row[1])
        for i, cell in enumerate(row[2:9]):
            assert cell == by_date.get(start + dt.timedelta(days=i), "")
    assert rows[-1][8] == "RACE: City 10K"
    assert rows[0][6] == "Rest"


def test_csv_columns_follow_a_start_that_is_not_a_monday(tmp_path: Path) -> None:
    scenario = tiny(days=10, athlete={"recent_race": {"distance": "10k", "time": "45:00"}})
    scenario = scenario.model_copy(update={"start": day(2), "end": day(11)})  # a Wednesday
    plan = plan_for(scenario, ["easy", "hard", "rest"])
    (path,) = export_plan(plan, scenario, "csv", tmp_path / "plan.csv")
    head, *rows = list(csv.reader(io.StringIO(path.read_text("utf-8"))))
    assert head[2:9] == ["Wed", "Thu", "Fri", "Sat", "Sun", "Mon", "Tue"]
    assert rows[1][2:9] == ["Threshold 40 min", "Rest", "Easy run 30 min", "", "", "", ""]


def test_markdown_table(spring_plan: dict, tmp_path: Path) -> None:
    (path,) = export_plan(spring_plan, SPRING, "md", tmp_path / "plan.md")
    lines = path.read_text("utf-8").splitlines()
    assert lines[0] == "# spring-10k: 2027-01-04 to 2027-03-28"
    table = [line for line in lines if line.startswith("|")]
    assert len(table) == 2 + 12  # header, rule, 12 weeks (the last one of 6 days)
    assert all(line.count(" | ") == 11 for line in table)
    assert "| RACE: City 10K |" in table[-1]
    assert lines[-1].startswith("Training paces (from 5k in 20:10): recovery ")


def test_markdown_without_paces_names_no_paces(spring_plan: dict, tmp_path: Path) -> None:
    (path,) = export_plan(spring_plan, no_paces(SPRING), "md", tmp_path / "plan.md")
    text = path.read_text("utf-8")
    assert "Training paces" not in text and "/km" not in text


# ---------------------------------------------------------------- bad input and outputs


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_a_plan_without_days_is_refused(fmt: str, tmp_path: Path) -> None:
    plan = {"status": "INFEASIBLE", "days": [], "conflicts": [{"constraint": "races"}]}
    with pytest.raises(InputError, match=r"no days to export \(status INFEASIBLE\)") as info:
        export_plan(plan, SPRING, fmt, tmp_path / "out")
    assert info.value.field == "days"
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_session_is_refused(spring_plan: dict, tmp_path: Path) -> None:
    plan = {**spring_plan, "days": [dict(d) for d in spring_plan["days"]]}
    plan["days"][3]["session"] = "moon-walk"
    with pytest.raises(InputError, match="'moon-walk' is not in the scenario's catalog") as info:
        export_plan(plan, SPRING, "ics", tmp_path / "plan.ics")
    assert info.value.field == "days[3].session"
    assert not (tmp_path / "plan.ics").exists()


@pytest.mark.parametrize(
    ("days", "field", "message"),
    [
        ([{"date": "2026-12-31", "session": "rest"}], "days[0].date", "outside the block"),
        ([{"date": "04/01/2027", "session": "rest"}], "days[0].date", "not a date"),
        ([{"session": "rest"}], "days[0].date", "missing"),
        ([{"date": "2027-01-04"}], "days[0].session", "missing"),
        (
            [{"date": "2027-01-05", "session": "rest"}, {"date": "2027-01-04", "session": "rest"}],
            "days[1].date",
            "comes before",
        ),
        ("all", "days", "not a list"),
    ],
)
def test_malformed_days_are_refused(days: Any, field: str, message: str, tmp_path: Path) -> None:
    with pytest.raises(InputError, match=message) as info:
        export_plan({"status": "OPTIMAL", "days": days}, SPRING, "md", tmp_path / "plan.md")
    assert info.value.field == field


def test_an_unknown_format_is_refused(spring_plan: dict, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unknown export format 'pdf'") as info:
        export_plan(spring_plan, SPRING, "pdf", tmp_path / "plan.pdf")
    assert info.value.field == "format"


def test_outputs_of_the_wrong_kind_are_refused(spring_plan: dict, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a folder") as info:
        export_plan(spring_plan, SPRING, "ics", tmp_path)
    assert info.value.file == str(tmp_path)
    (tmp_path / "file").write_text("x")
    with pytest.raises(InputError, match="is a file"):
        export_plan(spring_plan, SPRING, "fit", tmp_path / "file")
    with pytest.raises(InputError, match="does not exist"):
        export_plan(spring_plan, SPRING, "csv", tmp_path / "nowhere" / "plan.csv")


def test_an_existing_folder_keeps_its_other_files(spring_plan: dict, tmp_path: Path) -> None:
    out = tmp_path / "watch"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    (out / "2027-01-04-easy-45.fit").write_bytes(b"old")
    paths = export_plan(spring_plan, SPRING, "fit", out)
    assert (out / "notes.txt").read_text() == "mine"
    assert (out / "2027-01-04-easy-45.fit").read_bytes() != b"old"
    assert sorted(p.name for p in out.iterdir()) == sorted([*(p.name for p in paths), "notes.txt"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["watch"]


def test_custom_sessions_and_a_race_without_paces(tmp_path: Path) -> None:
    scenario = tiny(races=[{"date": day(6), "distance": "5k", "name": "Park 5K"}])
    plan = plan_for(scenario, ["easy", "hard", "rest"])
    (ics,) = export_plan(plan, scenario, "ics", tmp_path / "plan.ics")
    events = read_events(ics)
    assert str(events[day(6)].get("summary")) == "RACE: Park 5K"
    assert str(events[day(0)].get("summary")) == "Easy run 30 min"
    assert "(HR zone 2)" in str(events[day(0)].get("description"))
    paths = export_plan(plan, scenario, "intervals", tmp_path / "icu")
    race = next(p for p in paths if p.name == "2027-01-10-race-5k.txt")
    assert race.read_text() == "- 5km Z5 HR\n"
    hard = next(p for p in paths if p.name == "2027-01-05-hard.txt")
    assert hard.read_text() == "- As described 40m\n"
