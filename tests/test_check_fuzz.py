"""The checker never raises, whatever JSON a plan's `days` holds, and reads days by date."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.catalog import resolve_catalog
from models.check import Violation, check_plan, check_sessions, plan_days
from models.io import validate_scenario

START = dt.date(2027, 1, 4)

SESSIONS = [
    {"id": "R", "type": "rest", "minutes": 0, "load": 0, "hard": False},
    {"id": "E", "type": "easy", "minutes": 40, "load": 40, "hard": False},
    {"id": "L", "type": "long", "minutes": 90, "load": 100, "hard": False},
    {"id": "T0", "type": "tempo", "minutes": 45, "load": 60, "hard": True, "level": 0},
    {"id": "T2", "type": "tempo", "minutes": 50, "load": 75, "hard": True, "level": 2},
    {"id": "X", "type": "race", "minutes": 30, "load": 90, "hard": True, "distance": "5k"},
]

# Every rule on, with races, taper windows, recovery days, blocked days, quotas and pins.
SCENARIO = validate_scenario(
    {
        "name": "fuzz",
        "start": START,
        "end": START + dt.timedelta(days=40),
        "athlete": {
            "chronic_load": 250,
            "longest_recent_run_min": 80,
            "availability": {"fri": 0, "tue": 45},
            "blocked": [START + dt.timedelta(days=9)],
        },
        "races": [
            {"date": START + dt.timedelta(days=20), "distance": "5k", "priority": "B"},
            {"date": START + dt.timedelta(days=2), "distance": "5k", "priority": "C"},
            {"date": START + dt.timedelta(days=38), "distance": "5k", "priority": "A"},
        ],
        "constraints": {
            "weekly_load_max": 500,
            "acwr_max_pct": 150,
            "max_monotony": 2.0,
            "quotas": [{"type": "tempo", "min": 1, "max": 2}],
        },
        "catalog": {"include_default": False, "sessions": SESSIONS},
        "pins": [
            {"date": START + dt.timedelta(days=12), "type": "tempo"},
            {"date": START + dt.timedelta(days=9), "session": "R"},
        ],
    }
)
N_DAYS = 41
CATALOG = resolve_catalog(SCENARIO)
IDS = [s.id for s in CATALOG]
KEYS = {
    "days",
    "catalog",
    "races",
    "blocked",
    "availability",
    "max_sessions_per_week",
    "hard_spacing_days",
    "max_hard_per_week",
    "weekly_load_max",
    "ramp_pct",
    "deload_pct",
    "long_run_spike_pct",
    "taper",
    "taper_keep_intensity",
    "taper_min_sessions_drop",
    "taper_shape_enabled",
    "taper_floor_pct",
    "recovery_days",
    "quotas",
    "min_easy_pct",
    "progression_enabled",
    "acwr_max_pct",
    "max_monotony",
    "pins",
    "plateau_max_weeks",
    "long_run_step_back_every",
    "long_run_repeat_max_weeks",
    "long_run_peak_window",
    "long_run_final_cap",
    "sharpening_max_quality",
}

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12)
)
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=16,
)

dates = st.integers(min_value=-5, max_value=N_DAYS + 5).map(
    lambda i: (START + dt.timedelta(days=i)).isoformat()
)
plausible_entry = st.fixed_dictionaries(
    {},
    optional={
        "date": dates | json_values,
        "session": st.sampled_from([*IDS, "nope", ""]) | json_values,
        "type": st.sampled_from(["rest", "easy", "tempo", "race"]) | json_values,
        "minutes": st.integers(min_value=-1, max_value=100) | json_values,
        "load": st.integers(min_value=-1, max_value=100) | json_values,
        "hard": st.booleans() | json_values,
        "level": st.integers(min_value=0, max_value=3) | json_values,
        "description": json_values,
    },
)
days_values = json_values | st.lists(plausible_entry | json_values, max_size=60)


def assert_well_formed(violations: Any) -> None:
    assert isinstance(violations, list)
    for v in violations:
        assert isinstance(v, Violation)
        assert v.constraint in KEYS
        assert v.detail
    json.dumps([v.as_dict() for v in violations])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(days=days_values)
def test_any_days_value_never_raises(days: Any) -> None:
    assert_well_formed(check_plan(SCENARIO, {"days": days}))


@settings(max_examples=100, deadline=None)
@given(plan=json_values)
def test_any_plan_value_never_raises(plan: Any) -> None:
    assert_well_formed(check_plan(SCENARIO, plan))


session_lists = st.lists(st.sampled_from(CATALOG), min_size=N_DAYS, max_size=N_DAYS)


@settings(max_examples=150, deadline=None)
@given(sessions=session_lists, seed=st.randoms(use_true_random=False))
def test_complete_plans_are_read_by_date(sessions: list[Any], seed: Any) -> None:
    """A complete, catalog-true plan has no days/catalog violation, and shuffling its
    days only adds `days` (order) violations: the rules see the same calendar."""
    base = check_sessions(SCENARIO, sessions)
    assert_well_formed(base)
    assert not [v for v in base if v.constraint in ("days", "catalog")]
    days = plan_days(START, sessions)
    seed.shuffle(days)
    shuffled = check_plan(SCENARIO, {"days": days})
    assert [v for v in shuffled if v.constraint != "days"] == base
    assert all("date order" in v.detail for v in shuffled if v.constraint == "days")
