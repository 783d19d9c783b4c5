"""Structured workouts (models/workout.py): the catalog's steps agree with its minutes
and zones, targets follow the paces, and sessions without steps get a derived one."""

from __future__ import annotations

from typing import Any

import pytest

from models.catalog import builtin_records, builtin_sessions
from models.paces import PACE_ZONES, training_paces
from models.scenario import RACE_DISTANCE_KM, RecentRace, Session
from models.workout import (
    HR_ZONE,
    Repeat,
    Step,
    Target,
    Workout,
    format_amount,
    make_target,
    parse_steps,
    step_seconds,
    workout_for,
    workout_seconds,
)

# The reference athlete of the catalog's step tolerance (data/catalog.toml).
PACES = training_paces(RecentRace(distance="5k", time="20:00"))
SESSIONS = {s.id: s for s in builtin_sessions()}
RECORDS = {r["id"]: r for r in builtin_records()}
TRAINING = [s for s in builtin_sessions() if s.type not in ("rest", "race")]


def workout(session_id: str, paces: dict[str, float] | None = PACES) -> Workout:
    w = workout_for(SESSIONS[session_id], paces)
    assert w is not None
    return w


def custom(**fields: Any) -> Session:
    base = {"id": "custom", "type": "easy", "minutes": 30, "load": 20, "hard": False}
    return Session.model_validate({**base, **fields})


# ---------------------------------------------------------------- the catalog's steps


def test_every_session_has_steps_but_rest() -> None:
    for sid, record in RECORDS.items():
        assert ("steps" in record) and (bool(record["steps"]) == (sid != "rest")), sid


@pytest.mark.parametrize("session", TRAINING, ids=lambda s: s.id)
def test_steps_use_the_zones_of_the_session(session: Session) -> None:
    zones = {seg["zone"] for seg in RECORDS[session.id]["zones"]}
    assert {s.zone for s in workout(session.id).flat()} == zones


@pytest.mark.parametrize("session", TRAINING, ids=lambda s: s.id)
def test_steps_add_up_to_the_minutes(session: Session) -> None:
    """Within 1 min, plus each repeat's last recovery (run, though the catalog's minutes
    often leave it out), plus 10% of the distance steps' time at the reference paces."""
    w = workout(session.id)
    total = workout_seconds(w, PACES)
    distance_time = sum(step_seconds(s, PACES) for s in w.flat() if s.meters is not None)
    trailing = sum(
        step_seconds(i.steps[-1], PACES)
        for i in w.steps
        if isinstance(i, Repeat) and i.steps[-1].kind == "recovery"
    )
    slack = 60 + 0.1 * distance_time
    assert session.minutes * 60 - slack <= total <= session.minutes * 60 + trailing + slack


def straight(session: Session) -> bool:
    """No repeat and no distance: the steps must add up to the minutes exactly."""
    w = workout(session.id)
    return all(isinstance(i, Step) and i.meters is None for i in w.steps)


@pytest.mark.parametrize("session", [s for s in TRAINING if straight(s)], ids=lambda s: s.id)
def test_straight_time_sessions_add_up_exactly(session: Session) -> None:
    assert workout_seconds(workout(session.id), PACES) == session.minutes * 60


@pytest.mark.parametrize("distance", ["5k", "10k", "half", "marathon"])
def test_a_race_is_one_step_of_its_distance(distance: str) -> None:
    w = workout(f"race-{distance}")
    (step,) = w.steps
    assert isinstance(step, Step)
    assert step.meters == pytest.approx(RACE_DISTANCE_KM[distance] * 1000)
    assert step.zone == distance and step.target.kind == "pace"
    assert w.name.startswith("Race: ")


def test_rest_has_no_workout() -> None:
    assert workout_for(SESSIONS["rest"], PACES) is None
    assert workout_for(custom(type="rest", minutes=0, load=0), None) is None


def test_repeat_structure_of_a_known_session() -> None:
    w = workout("se-5x400")
    warmup, block, cooldown = w.steps
    assert isinstance(warmup, Step) and warmup.kind == "warmup" and warmup.seconds == 900
    assert isinstance(block, Repeat) and block.count == 5
    assert [(s.kind, s.meters, s.seconds, s.zone) for s in block.steps] == [
        ("work", 400, None, "3k"),
        ("recovery", None, 120, "jog"),
    ]
    assert isinstance(cooldown, Step) and cooldown.kind == "cooldown"
    assert len(w.flat()) == 1 + 5 * 2 + 1
    assert w.name == "Speed endurance: 5 x 400 m @ 3K"


def test_names() -> None:
    assert workout("easy-45").name == "Easy run 45 min"
    assert workout("hills-8x30s").name == "Hills: 8 x 30 s uphill"
    assert workout("thr-3x10-surge").name == "Threshold: 3 x (9 min @ threshold + 1 min @ 5K)"
    assert workout("race-half").name == "Race: half marathon"


# ---------------------------------------------------------------- targets


def test_pace_targets_bracket_the_zone_pace() -> None:
    for zone in PACE_ZONES:
        target = make_target(zone, PACES)
        assert target.kind == "pace" and target.pace is not None
        fast, slow = target.pace
        assert fast < PACES[zone] < slow
        band = 0.05 if zone in ("recovery", "easy", "steady") else 0.02  # the documented bands
        assert (slow - fast) / PACES[zone] == pytest.approx(2 * band)


def test_without_paces_targets_are_heart_rate_zones() -> None:
    for zone in PACE_ZONES:
        target = make_target(zone, None)
        assert (target.kind, target.hr_zone) == ("hr", HR_ZONE[zone])
    assert make_target("easy", None).hr_zone == 2
    assert make_target("5k", None).hr_zone == 5
    assert make_target("cross", PACES) == Target("cross", hr_zone=2)


def test_jogs_strides_and_hill_reps_are_open() -> None:
    assert make_target("jog", PACES).kind == "open"
    assert make_target("strides", PACES).kind == "open"
    hill = workout("hills-6x60s").flat()[1]
    assert (hill.zone, hill.target.kind, hill.cue) == ("3k", "open", "uphill")


def test_the_same_session_without_paces_keeps_its_steps() -> None:
    with_paces, without = workout("vo2-5x1000"), workout("vo2-5x1000", None)
    assert [(s.kind, s.seconds, s.meters, s.zone) for s in with_paces.flat()] == [
        (s.kind, s.seconds, s.meters, s.zone) for s in without.flat()
    ]
    assert {s.target.kind for s in without.flat()} == {"hr", "open"}


# ---------------------------------------------------------------- sessions without steps


def test_a_custom_easy_session_is_one_step_at_easy_pace() -> None:
    w = workout_for(custom(minutes=35), PACES)
    assert w is not None
    (step,) = w.steps
    assert isinstance(step, Step)
    assert (step.kind, step.seconds, step.zone, step.target.kind) == ("work", 2100, "easy", "pace")
    assert w.name == "Easy run 35 min"


def test_a_custom_hard_session_is_run_by_effort() -> None:
    w = workout_for(custom(type="threshold", minutes=40, load=50, hard=True), PACES)
    assert w is not None
    (step,) = w.flat()
    assert (step.seconds, step.zone, step.target.kind, step.cue) == (
        2400,
        "threshold",
        "open",
        "as described",
    )


def test_a_custom_race_is_one_step_of_its_distance() -> None:
    race = custom(id="my-race", type="race", minutes=30, load=40, hard=True, distance="5k")
    w = workout_for(race, None)
    assert w is not None
    (step,) = w.flat()
    assert (step.meters, step.target.hr_zone) == (5000, 5)


def test_a_replaced_builtin_id_does_not_take_the_builtin_steps() -> None:
    replaced = custom(id="se-5x400", type="speed_endurance", minutes=50, load=55, hard=True)
    w = workout_for(replaced, PACES)
    assert w is not None
    assert len(w.steps) == 1 and w.flat()[0].seconds == 3000


# ---------------------------------------------------------------- parsing and checks


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ([{"kind": "work", "minutes": 5, "zone": "easy", "pace": 3}], "unknown step keys"),
        ([{"kind": "work", "minutes": 5, "meters": 400, "zone": "easy"}], "one of minutes"),
        ([{"kind": "work", "zone": "easy"}], "one of minutes"),
        ([{"kind": "sprint", "minutes": 5, "zone": "easy"}], "unknown step kind"),
        ([{"kind": "work", "minutes": 5, "zone": "fast"}], "unknown zone"),
        ([{"kind": "work", "seconds": 0, "zone": "easy"}], "above zero"),
        ([{"repeat": 0, "steps": [{"kind": "work", "seconds": 5, "zone": "easy"}]}], "at least 1"),
        (
            [{"repeat": 2, "steps": [{"repeat": 2, "steps": []}]}],
            "a repeat needs at least one step",
        ),
        (
            [
                {
                    "repeat": 2,
                    "steps": [
                        {"repeat": 2, "steps": [{"kind": "work", "seconds": 5, "zone": "easy"}]}
                    ],
                }
            ],
            "cannot hold another repeat",
        ),
    ],
)
def test_malformed_steps_are_refused(raw: list[dict[str, Any]], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_steps(raw, PACES)


def test_a_distance_step_without_a_pace_has_no_time() -> None:
    step = Step("work", make_target("jog", PACES), meters=200)
    with pytest.raises(ValueError, match="no pace"):
        step_seconds(step, PACES)


@pytest.mark.parametrize(
    ("seconds", "meters", "text"),
    [
        (2700, None, "45 min"),
        (90, None, "1 min 30 s"),
        (20, None, "20 s"),
        (None, 400, "400 m"),
        (None, 1609, "1 mile"),
        (None, 5000, "5 km"),
        (None, 21097.5, "21.1 km"),
    ],
)
def test_format_amount(seconds: int | None, meters: float | None, text: str) -> None:
    assert format_amount(Step("work", Target("easy"), seconds=seconds, meters=meters)) == text
