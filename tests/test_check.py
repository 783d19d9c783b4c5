"""The checker (models/check/) against hand-built scenarios and hand-written plans.

Every scenario starts on Monday 2027-01-04 and uses a small custom catalog of
one-letter session ids, so a plan reads as a string, one id a day:

    R rest      0 min    0 load
    E easy     40 min   40 load
    L long     90 min  100 load
    T tempo    50 min   70 load  hard
    X race 5k  30 min   90 load  hard
    Y race 10k 60 min  150 load  hard

`only=(...)` switches every rule off except the named families, so a plan that
breaks one rule reports that rule and nothing else.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterable, Sequence
from typing import Any

import pytest

from models.catalog import resolve_catalog
from models.check import Violation, check_plan, check_sessions
from models.io import validate_scenario
from models.rules.registry import switches
from models.scenario import Scenario

START = dt.date(2027, 1, 4)  # a Monday


def day(i: int) -> dt.date:
    return START + dt.timedelta(days=i)


def S(sid: str, type_: str, minutes: int, load: int, hard: bool = False, **kw: Any) -> dict:
    return {"id": sid, "type": type_, "minutes": minutes, "load": load, "hard": hard, **kw}


CATALOG = [
    S("R", "rest", 0, 0),
    S("E", "easy", 40, 40),
    S("L", "long", 90, 100),
    S("T", "tempo", 50, 70, True),
    S("X", "race", 30, 90, True, distance="5k"),
    S("Y", "race", 60, 150, True, distance="10k"),
]


def scenario(
    *,
    days: int | None = 7,
    races: Iterable[dict] = (),
    only: Iterable[str] = (),
    constraints: dict | None = None,
    athlete: dict | None = None,
    sessions: list[dict] | None = None,
    pins: Iterable[dict] = (),
) -> Scenario:
    """A scenario of `days` days (or ending on its last race when days is None)."""
    keep = {f"{name}_enabled" for name in only}
    unknown = keep - set(switches())
    assert not unknown, unknown
    cons: dict[str, Any] = {sw: False for sw in switches() if sw not in keep}
    cons.update(constraints or {})
    ath: dict[str, Any] = {
        "chronic_load": 280,
        "longest_recent_run_min": 120,
        "max_sessions_per_week": 7,
    }
    ath.update(athlete or {})
    raw: dict[str, Any] = {
        "name": "test",
        "start": START,
        "athlete": ath,
        "races": [
            {**r, "date": day(r["date"]) if isinstance(r["date"], int) else r["date"]}
            for r in races
        ],
        "constraints": cons,
        "catalog": {"include_default": False, "sessions": sessions or CATALOG},
        "pins": [
            {**p, "date": day(p["date"]) if isinstance(p["date"], int) else p["date"]} for p in pins
        ],
    }
    if days is not None:
        raw["end"] = day(days - 1)
    return validate_scenario(raw)


def plan(scn: Scenario, ids: str | Sequence[str]) -> dict[str, Any]:
    """The plan JSON a solver would write for one session id a day."""
    if isinstance(ids, str):
        ids = ids.split()
    catalog = {s.id: s for s in resolve_catalog(scn)}
    out = []
    for i, sid in enumerate(ids):
        s = catalog[sid]
        out.append(
            {
                "date": day(i).isoformat(),
                "session": sid,
                "type": s.type,
                "minutes": s.minutes,
                "load": s.load,
                "hard": s.hard,
                "level": s.level,
                "description": s.description,
            }
        )
    return {"days": out}


def check(scn: Scenario, ids: str | Sequence[str]) -> list[Violation]:
    return check_plan(scn, plan(scn, ids))


def where(violations: Iterable[Violation]) -> list[tuple[str, dt.date | None, int | None]]:
    return [(v.constraint, v.date, v.week) for v in violations]


WEEK_E = "E E E E E E E"  # 7 x 40 = 280 load, 280 min


# ---------------------------------------------------------------------------
# races
# ---------------------------------------------------------------------------


def test_races_accepts_race_session_on_race_day() -> None:
    scn = scenario(days=None, races=[{"date": 6, "distance": "5k"}])
    assert check(scn, "E E E E E E X") == []


def test_races_rejects_race_day_without_race_session() -> None:
    scn = scenario(days=None, races=[{"date": 6, "distance": "5k"}])
    assert where(check(scn, "E E E E E E E")) == [("races", day(6), 1)]


def test_races_rejects_wrong_distance_on_race_day() -> None:
    # the 5k race day holds the 10k race session Y
    scn = scenario(days=None, races=[{"date": 6, "distance": "5k"}])
    vs = check(scn, "E E E E E E Y")
    assert where(vs) == [("races", day(6), 1)]
    assert "10k" in vs[0].detail


def test_races_rejects_race_session_on_other_day() -> None:
    scn = scenario(days=None, races=[{"date": 6, "distance": "5k"}])
    assert where(check(scn, "X E E E E E X")) == [("races", day(0), 1)]


# ---------------------------------------------------------------------------
# blocked
# ---------------------------------------------------------------------------


def test_blocked_day_must_be_rest() -> None:
    scn = scenario(athlete={"blocked": [day(2)]})
    assert where(check(scn, "E E E E E E E")) == [("blocked", day(2), 1)]
    assert check(scn, "E E R E E E E") == []


# ---------------------------------------------------------------------------
# pins
# ---------------------------------------------------------------------------


def test_pin_by_id() -> None:
    scn = scenario(pins=[{"date": 2, "session": "L"}])
    assert check(scn, "E E L E E E R") == []
    vs = check(scn, "E E T E E E R")
    assert where(vs) == [("pins", day(2), 1)]
    assert vs[0].detail == "2027-01-06 is pinned to 'L' but holds 'T' (tempo)"


def test_pin_by_type() -> None:
    sessions = [*CATALOG, S("L2", "long", 120, 130)]
    scn = scenario(sessions=sessions, pins=[{"date": 5, "type": "long"}])
    assert check(scn, "E E E E E L R") == []
    assert check(scn, "E E E E E L2 R") == []
    vs = check(scn, "E E E E E E R")
    assert where(vs) == [("pins", day(5), 1)]
    assert vs[0].detail == "2027-01-09 is pinned to any long session but holds 'E' (easy)"


def test_pin_of_rest_on_a_blocked_day() -> None:
    scn = scenario(athlete={"blocked": [day(1)]}, pins=[{"date": 1, "session": "R"}])
    assert check(scn, "E R E E E E E") == []


def test_pin_waives_no_other_rule() -> None:
    # a pinned long run on a Saturday (day 5) with 60 minutes breaks availability only
    scn = scenario(athlete={"availability": {"sat": 60}}, pins=[{"date": 5, "session": "L"}])
    assert where(check(scn, "E E E E E L R")) == [("availability", day(5), 1)]


def test_pin_on_a_missing_day_is_reported_as_days_only() -> None:
    scn = scenario(pins=[{"date": 6, "session": "L"}])
    doc = plan(scn, "E E E E E E R")
    doc["days"].pop()
    assert [v.constraint for v in check_plan(scn, doc)] == ["days"]


# ---------------------------------------------------------------------------
# availability
# ---------------------------------------------------------------------------


def test_availability_zero_requires_rest() -> None:
    # day 2 is a Wednesday
    scn = scenario(athlete={"availability": {"wed": 0}})
    assert where(check(scn, "E E E E E E E")) == [("availability", day(2), 1)]
    assert check(scn, "E E R E E E E") == []


def test_availability_minutes_boundary() -> None:
    # Thursday (day 3): E lasts 40 min -> 40 <= 40 accepted, 40 > 39 rejected
    assert check(scenario(athlete={"availability": {"thu": 40}}), WEEK_E) == []
    vs = check(scenario(athlete={"availability": {"thu": 39}}), WEEK_E)
    assert where(vs) == [("availability", day(3), 1)]
    assert "40 min" in vs[0].detail and "39 min" in vs[0].detail


def test_availability_does_not_apply_to_race_days() -> None:
    # the race falls on a Sunday with availability 0, and lasts 60 min > 45 on Saturday...
    scn = scenario(
        days=None,
        races=[{"date": 6, "distance": "10k"}],
        athlete={"availability": {"sun": 0}},
    )
    assert check(scn, "E E E E E E Y") == []


# ---------------------------------------------------------------------------
# max_sessions_per_week
# ---------------------------------------------------------------------------


def test_max_sessions_per_week() -> None:
    scn = scenario(athlete={"max_sessions_per_week": 5})
    # 6 non-rest days > 5
    assert where(check(scn, "E E E E E E R")) == [("max_sessions_per_week", None, 1)]
    # 5 non-rest days <= 5
    assert check(scn, "E E E E E R R") == []


def test_max_sessions_per_week_does_not_count_race_days() -> None:
    # 5 training days + the race day: the race is not counted, 5 <= 5
    scn = scenario(
        days=None, races=[{"date": 6, "distance": "5k"}], athlete={"max_sessions_per_week": 5}
    )
    assert check(scn, "E E E E E R X") == []


def test_max_sessions_per_week_applies_to_partial_week() -> None:
    # 10 days: week 2 has 3 days, all training; 3 > 2
    scn = scenario(days=10, athlete={"max_sessions_per_week": 2})
    vs = check(scn, "E E R R R R R E E E")
    assert where(vs) == [("max_sessions_per_week", None, 2)]


# ---------------------------------------------------------------------------
# hard_spacing
# ---------------------------------------------------------------------------


def test_hard_spacing_rejects_back_to_back() -> None:
    scn = scenario(only=["hard_spacing"])
    # hard days 0 and 1: 1 - 0 = 1 <= 1
    assert where(check(scn, "T T E E E E E")) == [("hard_spacing_days", day(1), 1)]
    # hard days 0 and 2: 2 - 0 = 2 > 1
    assert check(scn, "T E T E E E E") == []


def test_hard_spacing_two_days() -> None:
    scn = scenario(only=["hard_spacing"], constraints={"hard_spacing_days": 2})
    # 2 - 0 = 2 <= 2: one non-hard day between is not enough
    assert where(check(scn, "T E T E E E E")) == [("hard_spacing_days", day(2), 1)]
    # 3 - 0 = 3 > 2
    assert check(scn, "T E E T E E E") == []


def test_hard_spacing_counts_races_and_crosses_weeks() -> None:
    scn = scenario(days=None, races=[{"date": 7, "distance": "5k"}], only=["hard_spacing"])
    # tempo on day 6 (week 1) and the race on day 7 (week 2): 7 - 6 = 1 <= 1
    assert where(check(scn, "E E E E E E T X")) == [("hard_spacing_days", day(7), 2)]
    assert check(scn, "E E E E E T E X") == []


def test_hard_spacing_zero_allows_back_to_back() -> None:
    scn = scenario(only=["hard_spacing"], constraints={"hard_spacing_days": 0})
    assert check(scn, "T T T E E E E") == []


# ---------------------------------------------------------------------------
# max_hard_per_week
# ---------------------------------------------------------------------------


def test_max_hard_per_week() -> None:
    scn = scenario(only=["max_hard_per_week"], constraints={"max_hard_per_week": 2})
    # 3 hard days > 2
    assert where(check(scn, "T E T E T E E")) == [("max_hard_per_week", None, 1)]
    assert check(scn, "T E T E E E E") == []


def test_max_hard_per_week_counts_races() -> None:
    # 2 tempos + the race = 3 > 2
    scn = scenario(
        days=None,
        races=[{"date": 6, "distance": "5k"}],
        only=["max_hard_per_week"],
        constraints={"max_hard_per_week": 2},
    )
    assert where(check(scn, "T E T E E E X")) == [("max_hard_per_week", None, 1)]
    assert check(scn, "T E E E E E X") == []


def test_max_hard_per_week_partial_week() -> None:
    # week 2 = days 7..9: 2 hard > 1
    scn = scenario(days=10, only=["max_hard_per_week"], constraints={"max_hard_per_week": 1})
    assert where(check(scn, "T E E E E E E T E T")) == [("max_hard_per_week", None, 2)]


# ---------------------------------------------------------------------------
# weekly_load_max
# ---------------------------------------------------------------------------


def test_weekly_load_max_boundary() -> None:
    # E x 7 = 280: 280 <= 280 accepted, 280 > 279 rejected
    assert (
        check(scenario(only=["weekly_load_max"], constraints={"weekly_load_max": 280}), WEEK_E)
        == []
    )
    vs = check(scenario(only=["weekly_load_max"], constraints={"weekly_load_max": 279}), WEEK_E)
    assert where(vs) == [("weekly_load_max", None, 1)]
    assert "280" in vs[0].detail and "279" in vs[0].detail


def test_weekly_load_max_partial_week() -> None:
    # week 2 (3 days) = L + L + E = 240 > 200; week 1 = E x 5 = 200
    scn = scenario(days=10, only=["weekly_load_max"], constraints={"weekly_load_max": 200})
    assert where(check(scn, "E E E E E R R L L E")) == [("weekly_load_max", None, 2)]


def test_weekly_load_max_none_is_off() -> None:
    scn = scenario(only=["weekly_load_max"])  # enabled, but the value is none
    assert check(scn, "L L L L L L L") == []


# ---------------------------------------------------------------------------
# ramp
# ---------------------------------------------------------------------------


def test_ramp_boundary_against_chronic_load() -> None:
    # week 1 = 280, ref = chronic; ramp 40%:
    # chronic 200: 100 x 280 = 28000 <= 140 x 200 = 28000 accepted
    # chronic 199: 28000 > 140 x 199 = 27860 rejected
    cons = {"ramp_pct": 40}
    ok = scenario(only=["ramp"], constraints=cons, athlete={"chronic_load": 200})
    assert check(ok, WEEK_E) == []
    bad = scenario(only=["ramp"], constraints=cons, athlete={"chronic_load": 199})
    vs = check(bad, WEEK_E)
    assert where(vs) == [("ramp_pct", None, 1)]
    assert "280" in vs[0].detail and "199" in vs[0].detail and "278.6" in vs[0].detail


def test_ramp_reference_is_the_max_of_the_previous_weeks() -> None:
    # chronic 280. Week 1 = 280, week 2 = 0 (all rest), week 3 = 280.
    # N = 2: ref(3) = max(280, 0) = 280 -> 28000 <= 110 x 280 accepted
    # N = 1: ref(3) = 0 -> 28000 > 0 rejected
    ids = " ".join([WEEK_E, "R R R R R R R", WEEK_E])
    two = scenario(days=21, only=["ramp"], constraints={"ramp_reference_weeks": 2})
    assert check(two, ids) == []
    one = scenario(days=21, only=["ramp"], constraints={"ramp_reference_weeks": 1})
    assert where(check(one, ids)) == [("ramp_pct", None, 3)]


def test_ramp_weeks_before_start_count_as_chronic() -> None:
    # chronic 400, N = 4: ref(2) = max(400, 400, 400, L1 = 0) = 400, week 2 = 280 <= 440
    scn = scenario(days=14, only=["ramp"], athlete={"chronic_load": 400})
    assert check(scn, "R R R R R R R " + WEEK_E) == []
    # N = 1: ref(2) = L1 = 0 -> rejected
    scn1 = scenario(
        days=14,
        only=["ramp"],
        athlete={"chronic_load": 400},
        constraints={"ramp_reference_weeks": 1},
    )
    assert where(check(scn1, "R R R R R R R " + WEEK_E)) == [("ramp_pct", None, 2)]


def test_ramp_ignores_partial_week() -> None:
    # chronic 0: a full week with load is rejected, a partial week is not constrained.
    scn = scenario(days=10, only=["ramp"], athlete={"chronic_load": 0})
    assert check(scn, "R R R R R R R L L L") == []
    scn14 = scenario(days=14, only=["ramp"], athlete={"chronic_load": 0})
    assert where(check(scn14, "R R R R R R R " + WEEK_E)) == [("ramp_pct", None, 2)]


# ---------------------------------------------------------------------------
# deload
# ---------------------------------------------------------------------------

HEAVY_250 = "L E E T R R R"  # 100 + 40 + 40 + 70 = 250
FIVE_E = "E E E E E R R"  # 200
SIX_E = "E E E E E E R"  # 240


def deload_scenario(days: int = 14, **cons: Any) -> Scenario:
    return scenario(
        days=days,
        only=["deload"],
        constraints={"deload_every": 2, "ramp_reference_weeks": 1, **cons},
    )


def test_deload_boundary() -> None:
    # week 2 is a deload week, ref(2) = L1 = 250, 20% cut:
    # 100 x 200 = 20000 <= 80 x 250 = 20000 accepted
    assert check(deload_scenario(), f"{HEAVY_250} {FIVE_E}") == []
    # 21% cut: 20000 > 79 x 250 = 19750 rejected
    vs = check(deload_scenario(deload_pct=21), f"{HEAVY_250} {FIVE_E}")
    assert where(vs) == [("deload_pct", None, 2)]
    # 240 > 200 rejected
    vs = check(deload_scenario(), f"{HEAVY_250} {SIX_E}")
    assert where(vs) == [("deload_pct", None, 2)]
    assert "240" in vs[0].detail and "250" in vs[0].detail and "(200)" in vs[0].detail


def test_deload_only_on_multiples() -> None:
    # deload every 2: week 1 and week 3 are not deload weeks
    ids = f"{HEAVY_250} {FIVE_E} {HEAVY_250}"
    assert check(deload_scenario(days=21), ids) == []
    assert check(deload_scenario(deload_every=0), f"{HEAVY_250} {SIX_E}") == []


def test_deload_week_holding_a_taper_day_is_exempt() -> None:
    # B race on day 16: its 5-day taper window is days 11..15, and days 11..13 lie in week 2
    races = [{"date": 16, "distance": "5k", "priority": "B"}]
    ids = f"{HEAVY_250} {SIX_E} E E X"
    base = {"deload_every": 2, "ramp_reference_weeks": 1}
    # taper on, with a 0% cut: window 11..15 averages 160 / 5 = 32 <= the reference's 38.9
    with_taper = {**base, "taper": {"B": {"days": 5, "cut_pct": 0}}}
    scn = scenario(days=None, races=races, only=["deload", "taper"], constraints=with_taper)
    assert check(scn, ids) == []
    # still exempt when the taper rule itself is switched off
    scn_off = scenario(days=None, races=races, only=["deload"], constraints=base)
    assert scn_off.constraints.taper_enabled is False
    assert check(scn_off, ids) == []
    # the same plan without the race: week 2 is a deload week again, 240 > 200
    plain = deload_scenario(days=17)
    assert where(check(plain, f"{HEAVY_250} {SIX_E} E E E")) == [("deload_pct", None, 2)]


def test_deload_week_holding_a_race_is_exempt() -> None:
    races = [{"date": 13, "distance": "5k", "priority": "C"}]
    scn = scenario(
        days=14,
        races=races,
        only=["deload"],
        constraints={"deload_every": 2, "ramp_reference_weeks": 1},
    )
    assert check(scn, f"{HEAVY_250} E E E E E E X") == []


def test_deload_partial_week_is_exempt() -> None:
    # week 2 has 3 days
    assert check(deload_scenario(days=10), f"{HEAVY_250} L L L") == []


# ---------------------------------------------------------------------------
# long_run_spike
# ---------------------------------------------------------------------------


def test_long_run_spike_boundary_against_recent_run() -> None:
    # L = 90 min on day 0, pct 50: M = longest recent run
    # M 60: 100 x 90 = 9000 <= 150 x 60 = 9000 accepted; M 59: 9000 > 8850 rejected
    cons = {"long_run_spike_pct": 50}
    ok = scenario(only=["long_run_spike"], constraints=cons, athlete={"longest_recent_run_min": 60})
    assert check(ok, "L E E E E E E") == []
    bad = scenario(
        only=["long_run_spike"], constraints=cons, athlete={"longest_recent_run_min": 59}
    )
    vs = check(bad, "L E E E E E E")
    assert where(vs) == [("long_run_spike_pct", day(0), 1)]
    assert "90 min" in vs[0].detail and "59 min" in vs[0].detail


def test_long_run_spike_pre_start_counts_for_30_days_only() -> None:
    # recent run 200 min. Days 0..28 easy (40 min).
    # day 29: window = days -1..28 holds a pre-start day -> M = 200, 90 <= 220
    # day 30: window = days 0..29 -> M = 40, 100 x 90 = 9000 > 110 x 40 = 4400
    athlete = {"longest_recent_run_min": 200}
    ok = scenario(days=31, only=["long_run_spike"], athlete=athlete)
    assert check(ok, ["E"] * 29 + ["L", "E"]) == []
    bad = scenario(days=31, only=["long_run_spike"], athlete=athlete)
    assert where(check(bad, ["E"] * 30 + ["L"])) == [("long_run_spike_pct", day(30), 5)]


def test_long_run_spike_ignores_race_minutes() -> None:
    # a 10k race session of 150 min on day 1, and B, a 130-min long run, on day 2
    sessions = [
        *CATALOG[:5],
        S("Y", "race", 150, 150, True, distance="10k"),
        S("B", "long", 130, 150),
    ]
    scn = scenario(
        days=4,
        races=[{"date": 1, "distance": "10k"}],
        only=["long_run_spike"],
        athlete={"longest_recent_run_min": 85, "availability": {"wed": 200}},
        sessions=sessions,
    )
    # day 0: L 90 min: 9000 <= 110 x 85 = 9350
    # day 1: the 150-min race is exempt itself (15000 > 110 x 90)
    # day 2: the race counts as 0, so M = max(85, 90) = 90: 13000 > 110 x 90 = 9900 rejected
    #        (counted, the race would allow it: 13000 <= 110 x 150)
    assert where(check(scn, "L Y B E")) == [("long_run_spike_pct", day(2), 1)]
    assert check(scn, "L Y L E") == []


def test_long_run_spike_skips_zero_minute_days() -> None:
    scn = scenario(only=["long_run_spike"], athlete={"longest_recent_run_min": 0})
    assert check(scn, "R R R R R R R") == []
    assert where(check(scn, "R E R R R R R")) == [("long_run_spike_pct", day(1), 1)]


# ---------------------------------------------------------------------------
# taper
# ---------------------------------------------------------------------------

# A race on day 35 (week 6), 7-day taper: window days 28..34, reference days 0..27
# (all E: 28 x 40 = 1120, average 40 a day). chronic does not enter.
TAPER_REF = " ".join(["E"] * 28)


def taper_scenario(cut: int, keep_intensity: bool = False, **kw: Any) -> Scenario:
    return scenario(
        days=None,
        races=[{"date": 35, "distance": "5k"}],
        only=["taper"],
        constraints={
            "taper": {"A": {"days": 7, "cut_pct": cut}},
            "taper_keep_intensity": keep_intensity,
        },
        **kw,
    )


def test_taper_cut() -> None:
    # cut 40: 19600 x A <= 60 x 7 x (7 x 1120) = 3292800
    # E x 4 = 160: 3136000 accepted; E x 5 = 200: 3920000 rejected
    assert check(taper_scenario(40), f"{TAPER_REF} E E E E R R R X") == []
    vs = check(taper_scenario(40), f"{TAPER_REF} E E E E E R R X")
    assert where(vs) == [("taper", day(28), 5)]
    assert "28.57" in vs[0].detail and "24" in vs[0].detail


def test_taper_boundary() -> None:
    # A = T + T = 140 (20 a day):
    # cut 50: 19600 x 140 = 2744000 <= 50 x 7 x 7840 = 2744000 accepted
    # cut 51: 2744000 > 49 x 7 x 7840 = 2689120 rejected
    ids = f"{TAPER_REF} T R R T R R R X"
    assert check(taper_scenario(50), ids) == []
    assert where(check(taper_scenario(51), ids)) == [("taper", day(28), 5)]


def test_taper_window_reaching_before_start() -> None:
    # race on day 3, 7-day taper: window days -4..2, T' = 3; reference days -32..-5, all
    # before start: 7 x B = chronic 280 x 28 = 7840, i.e. 40 a day. cut 40 -> 24 a day.
    # E R R = 40: 19600 x 40 = 784000 <= 60 x 3 x 7840 = 1411200 accepted
    # E E R = 80: 1568000 > 1411200 rejected
    scn = scenario(
        days=None,
        races=[{"date": 3, "distance": "5k"}],
        only=["taper"],
        constraints={"taper": {"A": {"days": 7, "cut_pct": 40}}, "taper_keep_intensity": False},
    )
    assert check(scn, "E R R X") == []
    assert where(check(scn, "E E R X")) == [("taper", day(0), 1)]


def test_taper_reference_mixes_pre_start_and_block_days() -> None:
    # race on day 21, 7-day taper: window 14..20, reference days -14..13:
    # 14 pre-start days (chronic 560 = 80 a day) and days 0..13 all E (560):
    # 7 x B = 7 x 560 + 560 x 14 = 11760, i.e. 60 a day. cut 50 -> 30 a day, 210 a week.
    # window L T E = 210: 19600 x 210 = 4116000 <= 50 x 7 x 11760 = 4116000 accepted
    # window L T E E = 250: rejected
    scn = scenario(
        days=None,
        races=[{"date": 21, "distance": "5k"}],
        only=["taper"],
        athlete={"chronic_load": 560},
        constraints={"taper": {"A": {"days": 7, "cut_pct": 50}}, "taper_keep_intensity": False},
    )
    ref = " ".join(["E"] * 14)
    assert check(scn, f"{ref} L R T R E R R X") == []
    assert where(check(scn, f"{ref} L R T R E E R X")) == [("taper", day(14), 3)]


def test_taper_switched_off_and_race_on_start() -> None:
    off = scenario(
        days=None,
        races=[{"date": 3, "distance": "5k"}],
        constraints={"taper": {"A": {"days": 7, "cut_pct": 40}}},
    )
    assert check(off, "L L L X") == []
    # a race on the first day has no taper rule
    first = scenario(days=3, races=[{"date": 0, "distance": "5k"}], only=["taper"])
    assert check(first, "X L L") == []


# ---------------------------------------------------------------------------
# taper_keep_intensity
# ---------------------------------------------------------------------------


def test_taper_keep_intensity() -> None:
    # T' = 7 -> at least floor(7/7) = 1 hard non-race day in days 28..34
    scn = taper_scenario(0, keep_intensity=True)
    assert where(check(scn, f"{TAPER_REF} E E E E E E E X")) == [
        ("taper_keep_intensity", day(28), 5)
    ]
    # window load 40 x 5 + 70 = 270 <= 280: the cut of 0% holds
    assert check(scn, f"{TAPER_REF} E E T E E R E X") == []


def test_taper_keep_intensity_does_not_count_races() -> None:
    # a C race on day 31 lies inside the A race's window; it is hard but not counted
    scn = scenario(
        days=None,
        races=[{"date": 31, "distance": "5k", "priority": "C"}, {"date": 35, "distance": "5k"}],
        only=["taper"],
        constraints={"taper": {"A": {"days": 7, "cut_pct": 0}}},
    )
    # window loads 40 + 90 + 80 = 210 and 70 + 90 + 80 = 240, both <= 280 (cut 0%)
    assert where(check(scn, f"{TAPER_REF} E R R X R E E X")) == [
        ("taper_keep_intensity", day(28), 5)
    ]
    assert check(scn, f"{TAPER_REF} T R R X R E E X") == []


def test_taper_keep_intensity_short_window_needs_nothing() -> None:
    # race on day 3: T' = 3, floor(3/7) = 0
    scn = scenario(
        days=None,
        races=[{"date": 3, "distance": "5k"}],
        only=["taper"],
        constraints={"taper": {"A": {"days": 7, "cut_pct": 0}}},
    )
    assert check(scn, "E E E X") == []


def test_taper_keep_intensity_off_with_taper() -> None:
    # taper_enabled = false also switches off taper_keep_intensity
    scn = scenario(
        days=None,
        races=[{"date": 35, "distance": "5k"}],
        constraints={"taper": {"A": {"days": 7, "cut_pct": 0}}, "taper_keep_intensity": True},
    )
    assert check(scn, f"{TAPER_REF} E E E E E E E X") == []


# ---------------------------------------------------------------------------
# taper shape: taper_min_sessions_drop, taper_shape_enabled (the fall), taper_floor_pct
# ---------------------------------------------------------------------------

# e: a light session, so that loads can sit on a boundary
SHAPE_CATALOG = [*CATALOG, S("e", "recovery", 20, 20)]
# Days 0..27, the reference of a 14-day taper before a race on day 42: 5 sessions and
# 200 load a week, so 7 x its load = 7 x 800 = 5600, and 800 / 28 = 28.57 a day.
SHAPE_REF = " ".join(["E E E E E R R"] * 4)


def shape_scenario(
    race_day: int = 42, taper_days: int = 14, priority: str = "A", **cons: Any
) -> Scenario:
    """Only the taper family is on, with a 0% cut (the window's average at most the
    reference's) and no keep-intensity rule, so the shape alone decides."""
    return scenario(
        days=None,
        races=[{"date": race_day, "distance": "5k", "priority": priority}],
        only=["taper", "taper_shape"],
        constraints={
            "taper": {priority: {"days": taper_days, "cut_pct": 0}},
            "taper_keep_intensity": False,
            **cons,
        },
        sessions=SHAPE_CATALOG,
    )


def test_taper_shape_accepts_a_progressive_taper() -> None:
    # taper weeks 28..34 (160, 4 sessions) and 35..41 (100, 4 sessions): 4 >= 5 - 1;
    # 160/7 < 28.57 and 100 < 160; 100 >= 40% of 200 a week
    assert check(shape_scenario(), f"{SHAPE_REF} E E E E R R R E e e e R R R X") == []


def test_taper_min_sessions_boundary() -> None:
    # the last taper week holds 3 sessions: 7 x 28 x 3 = 588 < 7 x (7 x 20 - 1 x 28) = 784
    ids = f"{SHAPE_REF} E E E E R R R E E E R R R R X"
    vs = check(shape_scenario(), ids)
    assert where(vs) == [("taper_min_sessions_drop", day(35), 6)]
    assert "holds 3 sessions, fewer than 4" in vs[0].detail
    # two fewer allowed: 588 >= 7 x (140 - 56) = 588
    assert check(shape_scenario(taper_min_sessions_drop=2), ids) == []


def test_taper_min_sessions_pro_rata_for_a_partial_week() -> None:
    # race on day 38, 10-day taper: taper weeks 28..30 (3 days) and 31..37, reference 0..27.
    # The 3-day week needs 7 x 28 x c >= 3 x 112 = 336, so c >= 2 (1.71)
    scn = shape_scenario(race_day=38, taper_days=10)
    assert where(check(scn, f"{SHAPE_REF} E R R e e e e R R R X")) == [
        ("taper_min_sessions_drop", day(28), 5)
    ]
    assert check(scn, f"{SHAPE_REF} E e R e e e e R R R X") == []


def test_taper_min_sessions_needs_a_week_of_block_days_before_the_taper() -> None:
    # race on day 20, 14-day taper: its reference -22..5 holds only 6 block days, so
    # frequency is not judged (the load rules still are; the floor is off here)
    few = shape_scenario(race_day=20, taper_floor_pct=0)
    assert check(few, "E E E E E E e e R R R R R e R R R R R R X") == []
    # race on day 21: the reference -21..6 holds 7 block days with 7 sessions, so each
    # taper week needs 6
    week = shape_scenario(race_day=21, taper_floor_pct=0)
    assert where(check(week, "E E E E E E E e e R R R R R e R R R R R R X")) == [
        ("taper_min_sessions_drop", day(7), 2),
        ("taper_min_sessions_drop", day(14), 3),
    ]


def test_taper_fall_from_the_reference_and_week_by_week() -> None:
    # the first taper week at the reference's own rate (200 a week) does not fall
    vs = check(shape_scenario(), f"{SHAPE_REF} E E E E E R R E E E E R R R X")
    assert where(vs) == [("taper_shape_enabled", day(28), 5)]
    assert "must fall" in vs[0].detail
    # a flat taper: the second week holds as much as the first
    vs = check(shape_scenario(), f"{SHAPE_REF} E E E E R R R E E E E R R R X")
    assert where(vs) == [("taper_shape_enabled", day(35), 6)]


def test_taper_fall_after_a_rate_of_zero_needs_zero() -> None:
    # chronic 0 and a reference of rest: the rate before is 0, so the taper stays at 0
    rest = " ".join(["R"] * 42)
    scn = scenario(
        days=None,
        races=[{"date": 42, "distance": "5k"}],
        only=["taper", "taper_shape"],
        athlete={"chronic_load": 0},
        constraints={"taper_keep_intensity": False},
        sessions=SHAPE_CATALOG,
    )
    assert check(scn, f"{rest} X") == []
    ids = rest.split()
    ids[29] = "e"
    assert where(check(scn, [*ids, "X"])) == [
        ("taper", day(28), 5),
        ("taper_shape_enabled", day(28), 5),
    ]


def test_taper_floor_boundary() -> None:
    # the last taper week holds 80: 196 x 100 x 80 = 1568000 = 40 x 7 x 5600
    ids = f"{SHAPE_REF} E E E E R R R e e e e R R R X"
    assert check(shape_scenario(), ids) == []
    vs = check(shape_scenario(taper_floor_pct=41), ids)
    assert where(vs) == [("taper_floor_pct", day(35), 6)]
    assert "41%" in vs[0].detail
    # 0 switches the floor off
    cliff = f"{SHAPE_REF} E E E E R R R e R R R R R R X"
    assert "taper_floor_pct" in {v.constraint for v in check(shape_scenario(), cliff)}
    off = {v.constraint for v in check(shape_scenario(taper_floor_pct=0), cliff)}
    assert "taper_floor_pct" not in off


def test_taper_shape_of_a_short_b_taper() -> None:
    # B race on day 33, 5-day taper: one taper week 28..32 of 5 days; it needs
    # 7 x 28 x c >= 5 x 112, c >= 2.86, so 3 sessions
    scn = shape_scenario(race_day=33, taper_days=5, priority="B")
    assert check(scn, f"{SHAPE_REF} E e e R R X") == []
    assert where(check(scn, f"{SHAPE_REF} E e R R R X")) == [
        ("taper_min_sessions_drop", day(28), 5)
    ]


def test_taper_shape_switched_off() -> None:
    # a cliff: full load up to the last week, then one session
    ids = f"{SHAPE_REF} E E E E E R R e R R R R R R X"
    on = where(check(shape_scenario(), ids))
    assert {c for c, _, _ in on} == {
        "taper_min_sessions_drop",
        "taper_shape_enabled",
        "taper_floor_pct",
    }
    assert check(shape_scenario(taper_shape_enabled=False), ids) == []
    # taper_enabled = false switches the shape off too
    off = scenario(
        days=None,
        races=[{"date": 42, "distance": "5k"}],
        constraints={"taper_shape_enabled": True},
        sessions=SHAPE_CATALOG,
    )
    assert off.constraints.taper_enabled is False
    assert check(off, ids) == []


def test_taper_shape_skips_unknown_days() -> None:
    scn = shape_scenario()
    days = days_of(scn, f"{SHAPE_REF} E E E E R R R e R R R R R R X")
    # known: the last week breaks the floor and frequency
    assert {v.constraint for v in check_plan(scn, {"days": days})} == {
        "taper_min_sessions_drop",
        "taper_floor_pct",
    }
    days[36]["session"] = "??"
    assert where(check_plan(scn, {"days": days})) == [("catalog", day(36), 6)]


# ---------------------------------------------------------------------------
# recovery_days
# ---------------------------------------------------------------------------


def test_recovery_days() -> None:
    # A race on day 3, 7 recovery days: days 4..10
    scn = scenario(days=12, races=[{"date": 3, "distance": "5k"}], only=["recovery_days"])
    assert where(check(scn, "E E E X E E E E E E T E")) == [("recovery_days", day(10), 2)]
    assert check(scn, "E E E X E E E E E E E T") == []


def test_recovery_days_allow_a_race() -> None:
    # a C race on day 5 lies within the A race's recovery days
    scn = scenario(
        days=8,
        races=[{"date": 3, "distance": "5k"}, {"date": 5, "distance": "5k", "priority": "C"}],
        only=["recovery_days"],
    )
    assert check(scn, "E E E X E X E E") == []


def test_recovery_days_custom_count() -> None:
    scn = scenario(
        days=8,
        races=[{"date": 3, "distance": "5k", "priority": "B"}],
        only=["recovery_days"],
        constraints={"recovery_days": {"B": 2}},
    )
    # recovery days 4, 5
    assert where(check(scn, "E E E X E T E E")) == [("recovery_days", day(5), 1)]
    assert check(scn, "E E E X E E T E") == []


# ---------------------------------------------------------------------------
# quotas
# ---------------------------------------------------------------------------

TEMPO_QUOTA = {"quotas": [{"type": "tempo", "min": 1, "max": 1}]}


def test_quota_max_and_min() -> None:
    scn = scenario(days=14, only=["quotas"], constraints=TEMPO_QUOTA)
    # week 1: 2 tempos > 1; week 2: 0 tempos < 1
    vs = check(scn, "T E T E E E E " + WEEK_E)
    assert where(vs) == [("quotas", None, 1), ("quotas", None, 2)]
    assert "more than" in vs[0].detail and "fewer than" in vs[1].detail
    assert check(scn, "T E E E E E E E T E E E E E") == []


def test_quota_min_not_applied_in_partial_week() -> None:
    # week 2 has 3 days and no tempo
    scn = scenario(days=10, only=["quotas"], constraints=TEMPO_QUOTA)
    assert check(scn, "T E E E E E E E E E") == []


def test_quota_min_not_applied_in_race_or_recovery_week() -> None:
    # C race on day 6 (week 1), 1 recovery day: day 7 (week 2). Week 3 is a quota-min week.
    scn = scenario(
        days=21,
        races=[{"date": 6, "distance": "5k", "priority": "C"}],
        only=["quotas"],
        constraints=TEMPO_QUOTA,
    )
    ids = f"E E E E E E X {WEEK_E} {WEEK_E}"
    assert where(check(scn, ids)) == [("quotas", None, 3)]
    assert check(scn, f"E E E E E E X {WEEK_E} E T E E E E E") == []


def test_quota_max_applies_to_race_weeks() -> None:
    scn = scenario(
        days=None, races=[{"date": 6, "distance": "5k"}], only=["quotas"], constraints=TEMPO_QUOTA
    )
    assert where(check(scn, "T E T E E E X")) == [("quotas", None, 1)]


def test_quota_min_not_applied_in_taper_week() -> None:
    # B race on day 16: taper days 11..15 touch week 2 (days 7..13), which has no tempo
    scn = scenario(
        days=None,
        races=[{"date": 16, "distance": "5k", "priority": "B"}],
        only=["quotas"],
        constraints=TEMPO_QUOTA,
    )
    assert check(scn, f"T E E E E E E {WEEK_E} E E X") == []


# ---------------------------------------------------------------------------
# min_easy
# ---------------------------------------------------------------------------


def test_min_easy_boundary() -> None:
    # T + E x 5: easy 200 of 250 minutes = 80%
    ids = "T E E E E E R"
    assert check(scenario(only=["min_easy"], constraints={"min_easy_pct": 80}), ids) == []
    # 100 x 200 = 20000 < 81 x 250 = 20250
    vs = check(scenario(only=["min_easy"], constraints={"min_easy_pct": 81}), ids)
    assert where(vs) == [("min_easy_pct", None, 1)]
    assert "200 of its 250" in vs[0].detail


def test_min_easy_exempt_weeks() -> None:
    hard_week = "T R T R T R R"  # easy 0 of 150 minutes
    # partial week 2
    scn = scenario(days=10, only=["min_easy"])
    assert check(scn, f"{WEEK_E} T R T") == []
    # a race week
    race = scenario(days=None, races=[{"date": 6, "distance": "5k"}], only=["min_easy"])
    assert check(race, "T R T R T R X") == []
    # a week holding a taper day (B race on day 8: taper days 3..7) - also with taper off
    taper = scenario(
        days=None, races=[{"date": 8, "distance": "5k", "priority": "B"}], only=["min_easy"]
    )
    assert check(taper, f"{hard_week} R X") == []
    assert where(check(scenario(only=["min_easy"]), hard_week)) == [("min_easy_pct", None, 1)]


# ---------------------------------------------------------------------------
# progression
# ---------------------------------------------------------------------------

LADDER = [
    S("R", "rest", 0, 0),
    S("E", "easy", 40, 40),
    S("T0", "tempo", 40, 60, True, level=0),
    S("T1", "tempo", 45, 65, True, level=1),
    S("T2", "tempo", 50, 70, True, level=2),
]


def ladder(days: int = 14, **athlete: Any) -> Scenario:
    return scenario(days=days, only=["progression"], sessions=LADDER, athlete=athlete)


def test_progression_one_rung_a_week() -> None:
    # start level 0: week 1 allows level <= 1, so T2 is rejected
    assert where(check(ladder(7), "T2 E E E E E E")) == [("progression_enabled", day(0), 1)]
    assert check(ladder(7), "T1 E E E E E E") == []
    # week 1 reaches level 1, week 2 allows level 2
    assert check(ladder(), "T1 E E E E E E T2 E E E E E E") == []


def test_progression_same_week_does_not_count() -> None:
    # T1 and T2 in week 1: the T1 of the same week does not unlock T2
    assert where(check(ladder(7), "T1 E T2 E E E E")) == [("progression_enabled", day(2), 1)]


def test_progression_start_levels_and_going_down() -> None:
    assert check(ladder(7, start_levels={"tempo": 1}), "T2 E E E E E E") == []
    # going back down is allowed; a week without tempo keeps the reached level
    assert check(ladder(21), f"T1 E E E E E E {WEEK_E} T2 E T0 E E E E") == []


def test_progression_gap_week_does_not_climb() -> None:
    # week 1 level 1, week 2 nothing, week 3 level 2 allowed (1 + 1), not 3
    sessions = [*LADDER, S("T3", "tempo", 55, 75, True, level=3)]
    scn = scenario(days=21, only=["progression"], sessions=sessions)
    assert where(check(scn, f"T1 E E E E E E {WEEK_E} T3 E E E E E E")) == [
        ("progression_enabled", day(14), 3)
    ]


# ---------------------------------------------------------------------------
# acwr_max
# ---------------------------------------------------------------------------


def test_acwr_boundary_steady_load() -> None:
    # chronic 280 = 40 a day, and every block day is E (40): on every day d,
    # 7 x acute = 7 x 280 = 1960 and 7 x chronic = 7840 -> 400 x 1960 = 784000 = 100 x 7840
    ok = scenario(only=["acwr_max"], constraints={"acwr_max_pct": 100})
    assert check(ok, WEEK_E) == []
    # 99%: 784000 > 99 x 7840 = 776160 on every day
    bad = scenario(only=["acwr_max"], constraints={"acwr_max_pct": 99})
    assert where(check(bad, WEEK_E)) == [("acwr_max_pct", day(d), 1) for d in range(7)]


def test_acwr_spike() -> None:
    # pct 110, day 0 holds load a: 400 x (7a + 6 x 280) <= 110 x (7a + 27 x 280)
    # <=> 2030 a <= 159600 <=> a <= 78.6: E (40) accepted, L (100) rejected
    scn = scenario(only=["acwr_max"], constraints={"acwr_max_pct": 110})
    assert check(scn, "E R R R R R R") == []
    vs = check(scn, "L R R R R R R")
    assert where(vs) == [("acwr_max_pct", day(0), 1)]


def test_acwr_none_is_off() -> None:
    assert check(scenario(only=["acwr_max"]), "L L L L L L L") == []


# ---------------------------------------------------------------------------
# max_monotony
# ---------------------------------------------------------------------------


def test_monotony_equal_loads_break_it() -> None:
    scn = scenario(only=["max_monotony"], constraints={"max_monotony": 10.0})
    vs = check(scn, WEEK_E)
    assert where(vs) == [("max_monotony", None, 1)]
    assert "same load 40" in vs[0].detail
    # no load at all: not checked
    assert check(scn, "R R R R R R R") == []


def test_monotony_boundary() -> None:
    # six days of 40 and one of 0: mean 240/7, pstdev 40 sqrt(6)/7, monotony = sqrt(6) = 2.449
    ids = "E E E E E E R"
    ok = scenario(only=["max_monotony"], constraints={"max_monotony": math.sqrt(6)})
    assert check(ok, ids) == []
    bad = scenario(only=["max_monotony"], constraints={"max_monotony": math.sqrt(6) - 1e-6})
    vs = check(bad, ids)
    assert where(vs) == [("max_monotony", None, 1)]
    assert "2.449" in vs[0].detail
    # five days of 40: monotony sqrt(5/2) = 1.58 <= 2
    assert (
        check(scenario(only=["max_monotony"], constraints={"max_monotony": 2.0}), "E E E E E R R")
        == []
    )


def test_monotony_partial_week_not_checked() -> None:
    scn = scenario(days=10, only=["max_monotony"], constraints={"max_monotony": 2.0})
    assert check(scn, "E E E R R R R E E E") == []


# ---------------------------------------------------------------------------
# Switches: each rule's violating plan reports nothing once its switch is off
# ---------------------------------------------------------------------------

SWITCH_CASES: list[tuple[str, str, dict[str, Any], str]] = [
    ("hard_spacing", "hard_spacing_days", {}, "T T E E E E E"),
    ("max_hard_per_week", "max_hard_per_week", {"max_hard_per_week": 1}, "T E T E E E E"),
    ("weekly_load_max", "weekly_load_max", {"weekly_load_max": 100}, WEEK_E),
    ("ramp", "ramp_pct", {"ramp_pct": 0}, "L L L L L L L"),
    ("deload", "deload_pct", {"deload_every": 1, "ramp_reference_weeks": 1}, WEEK_E),
    ("long_run_spike", "long_run_spike_pct", {"long_run_spike_pct": 0}, "L R R R R R R"),
    ("quotas", "quotas", {"quotas": [{"type": "tempo", "max": 0}]}, "T E E E E E E"),
    ("min_easy", "min_easy_pct", {"min_easy_pct": 100}, "T E E E E E E"),
    ("acwr_max", "acwr_max_pct", {"acwr_max_pct": 50}, WEEK_E),
    ("max_monotony", "max_monotony", {"max_monotony": 1.0}, WEEK_E),
]


@pytest.mark.parametrize(("family", "key", "cons", "ids"), SWITCH_CASES)
def test_switched_off_rule_reports_nothing(
    family: str, key: str, cons: dict[str, Any], ids: str
) -> None:
    athlete = {"longest_recent_run_min": 60, "chronic_load": 280}
    on = scenario(only=[family], constraints=cons, athlete=athlete)
    assert key in {v.constraint for v in check(on, ids)}
    off = scenario(only=[], constraints=cons, athlete=athlete)
    assert check(off, ids) == []


def test_switched_off_taper_family_and_recovery_and_progression() -> None:
    races = [{"date": 3, "distance": "5k"}]
    taper = {"taper": {"A": {"days": 7, "cut_pct": 90}}}
    sessions = [*CATALOG, S("T5", "tempo", 50, 70, True, level=5)]
    ids = "L L T5 X R T R"
    on = scenario(
        days=7,
        races=races,
        only=["taper", "recovery_days", "progression"],
        constraints=taper,
        sessions=sessions,
    )
    assert {v.constraint for v in check(on, ids)} == {
        "taper",
        "recovery_days",
        "progression_enabled",
    }
    off = scenario(days=7, races=races, constraints=taper, sessions=sessions)
    assert check(off, ids) == []


# ---------------------------------------------------------------------------
# All rules on: a realistic plan passes, and every rule reports in one pass
# ---------------------------------------------------------------------------


def test_defaults_accept_a_sensible_two_week_block() -> None:
    # defaults everywhere (6 sessions a week, spacing 1, 3 hard, ramp 10, min easy 60 ...)
    scn = scenario(
        days=None,
        races=[{"date": 13, "distance": "5k", "priority": "C"}],
        only=[sw.removesuffix("_enabled") for sw in switches()],
        athlete={"max_sessions_per_week": 6, "chronic_load": 300},
        constraints={"max_monotony": 2.0, "acwr_max_pct": 150},
    )
    # week 1: T E R T E L R = 70+40+70+40+100 = 320 <= 330; min easy: 170 of 270 min = 63%
    # week 2: E T R E E R X (race week, 6th of 7 days)
    vs = check(scn, "T E R T E L R E T R E E R X")
    assert vs == []


def test_as_dict_and_check_sessions() -> None:
    scn = scenario(only=["hard_spacing"])
    catalog = {s.id: s for s in resolve_catalog(scn)}
    sessions = [catalog[i] for i in ["T", "T", "E", "E", "E", "E", "E"]]
    vs = check_sessions(scn, sessions)
    assert vs == check(scn, "T T E E E E E")
    d = vs[0].as_dict()
    assert d == {
        "constraint": "hard_spacing_days",
        "date": "2027-01-05",
        "week": 1,
        "detail": d["detail"],
    }
    json.dumps([v.as_dict() for v in vs])
    assert Violation("days", None, None, "x").as_dict()["date"] is None


# ---------------------------------------------------------------------------
# The plan's structure: days and catalog
# ---------------------------------------------------------------------------


def days_of(scn: Scenario, ids: str) -> list[dict[str, Any]]:
    return list(plan(scn, ids)["days"])


def test_missing_days_key_or_not_a_list() -> None:
    scn = scenario()
    assert where(check_plan(scn, {})) == [("days", None, None)]
    for bad in (None, "x", 3, {"a": 1}, True):
        assert where(check_plan(scn, {"days": bad})) == [("days", None, None)]
    assert where(check_plan(scn, [])) == [("days", None, None)]  # type: ignore[arg-type]


def test_empty_days_is_one_missing_run() -> None:
    scn = scenario(days=10)
    vs = check_plan(scn, {"days": []})
    assert where(vs) == [("days", day(0), 1)]
    assert "10 days" in vs[0].detail


def test_missing_dates_are_reported_and_the_rest_is_checked() -> None:
    scn = scenario(days=10, only=["hard_spacing"])
    days = days_of(scn, "T T E E E E E E E E")
    del days[4:6]  # days 4 and 5 missing: one run
    del days[7]  # day 9 missing (now at index 7)
    vs = check_plan(scn, {"days": days})
    assert where(vs) == [
        ("days", day(4), 1),
        ("days", day(9), 2),
        ("hard_spacing_days", day(1), 1),
    ]
    assert "2027-01-08 to 2027-01-09 (2 days)" in vs[0].detail


def test_extra_duplicate_and_unreadable_dates() -> None:
    scn = scenario()
    days = days_of(scn, WEEK_E)
    extra = {**days[0], "date": day(7).isoformat()}
    before = {**days[0], "date": day(-1).isoformat()}
    dup = {**days[3], "session": "T"}  # repeats day 3 (and would differ from the catalog)
    bad_dates = [
        {**days[0], "date": d} for d in ("2027-13-01", "Jan 4", 20270104, "2027-1-4", None)
    ]
    no_date = {k: v for k, v in days[0].items() if k != "date"}
    vs = check_plan(scn, {"days": [*days, extra, before, dup, *bad_dates, no_date, 7, []]})
    got = where(vs)
    assert ("days", day(7), None) in got
    assert ("days", day(-1), None) in got
    assert ("days", day(3), 1) in got  # the duplicate
    assert got.count(("days", None, None)) == len(bad_dates) + 1 + 2
    # the first entry of day 3 is the one checked: E, so nothing else
    assert {c for c, _, _ in got} == {"days", "catalog"}
    assert [v.detail for v in vs if "appears more than once" in v.detail]


def test_out_of_order_dates_are_reported_and_placed_by_date() -> None:
    scn = scenario(only=["hard_spacing"])
    days = days_of(scn, "T E T E E E E")
    days[1], days[2] = days[2], days[1]  # 0, 2, 1, 3, ...
    vs = check_plan(scn, {"days": days})
    assert where(vs) == [("days", day(1), 1)]
    assert "date order" in vs[0].detail


def test_unknown_session_ids() -> None:
    scn = scenario(athlete={"blocked": [day(2)]})
    days = days_of(scn, "E E R E E E E")
    days[2] = {"date": day(2).isoformat(), "session": "nope"}
    days[4] = {"date": day(4).isoformat(), "session": 5}
    days[5] = {"date": day(5).isoformat()}
    vs = check_plan(scn, {"days": days})
    # the blocked day holds an unknown id: reported as catalog only, not as blocked
    assert where(vs) == [
        ("catalog", day(2), 1),
        ("catalog", day(4), 1),
        ("catalog", day(5), 1),
    ]
    assert "'nope'" in vs[0].detail or '"nope"' in vs[0].detail


def test_fields_that_differ_from_the_catalog() -> None:
    scn = scenario(only=["weekly_load_max"], constraints={"weekly_load_max": 300})
    days = days_of(scn, WEEK_E)
    days[0]["load"] = 1000  # the catalog's 40 counts for the rules: 280 <= 300
    days[1]["minutes"] = 41
    days[2]["hard"] = "false"
    days[3]["type"] = "tempo"
    days[4]["level"] = True
    days[5]["description"] = "anything at all"  # free text, never compared
    del days[6]["minutes"]  # a field left out is not compared
    vs = check_plan(scn, {"days": days})
    assert where(vs) == [("catalog", day(i), 1) for i in range(5)]
    assert "1000" in vs[0].detail and "40" in vs[0].detail


def test_numbers_written_as_floats_match() -> None:
    scn = scenario()
    days = days_of(scn, WEEK_E)
    days[0]["load"] = 40.0
    days[0]["minutes"] = 40.0
    assert check_plan(scn, {"days": days}) == []
    days[0]["load"] = 40.5
    assert where(check_plan(scn, {"days": days})) == [("catalog", day(0), 1)]


def test_date_objects_are_accepted() -> None:
    scn = scenario()
    days = days_of(scn, WEEK_E)
    for i, d in enumerate(days):
        d["date"] = day(i)
    assert check_plan(scn, {"days": days}) == []
    days[0]["date"] = dt.datetime(2027, 1, 4, 0, 0)
    assert ("days", None, None) in where(check_plan(scn, {"days": days}))


# ---------------------------------------------------------------------------
# Unknown days: upper bounds still report, ratios skip
# ---------------------------------------------------------------------------


def test_unknown_day_upper_bound_still_reports() -> None:
    scn = scenario(days=14, only=["weekly_load_max"], constraints={"weekly_load_max": 250})
    days = days_of(scn, f"{WEEK_E} {WEEK_E}")
    days[0]["session"] = "??"
    # week 1: known 6 x 40 = 240 <= 250 (whatever day 0 held, only the sum of known is sure)
    # week 2: 280 > 250
    assert where(check_plan(scn, {"days": days})) == [
        ("catalog", day(0), 1),
        ("weekly_load_max", None, 2),
    ]


def test_unknown_day_in_ramp_reference_skips_the_week() -> None:
    # chronic 0 and N = 1: week 2's ref = week 1, which has an unknown day -> week 2 skipped;
    # week 1 (ref = chronic 0) is rejected whatever the unknown day held.
    scn = scenario(
        days=14,
        only=["ramp"],
        athlete={"chronic_load": 0},
        constraints={"ramp_reference_weeks": 1},
    )
    days = days_of(scn, f"R R R R R R R {WEEK_E}")
    del days[3]
    assert where(check_plan(scn, {"days": days})) == [("days", day(3), 1)]
    days = days_of(scn, f"E R R R R R R {WEEK_E}")
    days[3]["session"] = "??"
    assert where(check_plan(scn, {"days": days})) == [
        ("catalog", day(3), 1),
        ("ramp_pct", None, 1),
    ]
