"""The training log: CSV and JSON rows, derived loads, and clear errors."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from models.catalog import builtin_sessions
from models.errors import InputError
from models.history.training_log import (
    LOGGED_SESSION,
    intended_rpe,
    intensity_of_rpe,
    load_from_rpe,
    read_log,
)

CATALOG = {s.id: s for s in builtin_sessions()}


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_csv_rows_with_sessions_rpe_and_plain_loads(tmp_path: Path) -> None:
    log = write(
        tmp_path,
        "log.csv",
        "date,session,type,minutes,load,rpe,note\n"
        "2027-01-05,easy-45,,,,,felt fine\n"
        "2027-01-04,easy-45,,30,,,cut short\n"
        "2027-01-06,,easy,45,,3,\n"
        "2027-01-07,,threshold,50,77,,\n"
        "2027-01-08,,cross,40,,7.5,spin class\n"
        "2027-01-09,,rest,0,,,\n",
    )
    entries = read_log(log, CATALOG)
    assert [e.date for e in entries] == [dt.date(2027, 1, d) for d in range(4, 10)]
    cut, full, rpe, given, hard_cross, rest = entries
    assert full.load == CATALOG["easy-45"].load and full.minutes == 45 and not full.hard
    assert cut.minutes == 30 and cut.load == round(CATALOG["easy-45"].load * 30 / 45)
    assert rpe.load == 42 and rpe.session is None and rpe.plan_session == LOGGED_SESSION
    assert given.load == 77 and given.hard  # threshold is a hard type
    assert hard_cross.hard and hard_cross.load == load_from_rpe(7.5, 40)
    assert rest.load == 0 and not rest.hard
    assert full.note == "felt fine"


def test_json_rows(tmp_path: Path) -> None:
    rows = [
        {"date": "2027-01-04", "session": "rest"},
        {"date": "2027-01-05", "type": "long", "minutes": 90, "rpe": 4},
    ]
    for doc in (rows, {"days": rows}):
        entries = read_log(write(tmp_path, "log.json", json.dumps(doc)), CATALOG)
        assert [e.type for e in entries] == ["rest", "long"]
        assert entries[1].load == load_from_rpe(4, 90)


def test_rpe_scale_matches_the_catalog() -> None:
    assert load_from_rpe(3, 45) == CATALOG["easy-45"].load  # RPE 3 is easy running
    assert intensity_of_rpe(7.5) == pytest.approx((0.95 + 1.00) / 2)
    assert intended_rpe(CATALOG["easy-45"]) == 3
    assert intended_rpe(CATALOG["rest"]) is None


@pytest.mark.parametrize(
    ("text", "field", "needle"),
    [
        ("date,minutes\n2027-13-01,30\n", "line 2.date", "not a date"),
        ("date,session\n2027-01-04,nope\n", "line 2.session", "not in the scenario's catalog"),
        ("date,type,minutes\n2027-01-04,jogging,30\n", "line 2.type", "not a session type"),
        ("date,type\n2027-01-04,easy\n", "line 2.minutes", "missing"),
        ("date,type,minutes\n2027-01-04,easy,30\n", "line 2.load", "cannot be derived"),
        ("date,type,minutes,rpe\n2027-01-04,easy,30,11\n", "line 2.rpe", "outside 0..10"),
        ("date,type,minutes,load\n2027-01-04,easy,-3,10\n", "line 2.minutes", "whole number"),
        ("date,pace\n2027-01-04,5:00\n", "header", "unknown column 'pace'"),
        ("minutes\n30\n", "header", "no 'date' column"),
        ("date,session\n2027-01-04,rest\n2027-01-04,rest\n", "line 3.date", "logged twice"),
        ("date,session\n2027-01-04,rest,extra\n", "line 2", "more cells"),
    ],
)
def test_bad_rows_name_the_line_and_the_column(
    tmp_path: Path, text: str, field: str, needle: str
) -> None:
    path = write(tmp_path, "log.csv", text)
    with pytest.raises(InputError) as info:
        read_log(path, CATALOG)
    assert info.value.file == str(path)
    assert info.value.field == field
    assert needle in info.value.message


def test_bad_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"use \.csv or \.json"):
        read_log(write(tmp_path, "log.txt", "date\n"), CATALOG)
    with pytest.raises(InputError, match="not valid JSON"):
        read_log(write(tmp_path, "log.json", "[{"), CATALOG)
    with pytest.raises(InputError) as info:
        read_log(write(tmp_path, "log2.json", '[{"date": "2027-01-04", "km": 5}]'), CATALOG)
    assert info.value.field == "days[0]" and "unknown column 'km'" in info.value.message
