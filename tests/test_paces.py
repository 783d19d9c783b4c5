"""Training paces (Riegel), pace formatting, description rendering and the load rule."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from models.paces import (
    PACE_ZONES,
    ZONE_IF,
    derive_load,
    format_pace,
    placeholders,
    render_description,
    riegel_time,
    training_paces,
)
from models.scenario import RACE_DISTANCE_KM, RecentRace

FIVE_K_20 = RecentRace(distance="5k", time="20:00")


def test_riegel_hand_example() -> None:
    # 5K in 20:00 -> 10K in 1200 * 2^1.06 = 2501.9 s = 41:41.9, i.e. 250.2 s/km = 4:10/km.
    assert riegel_time(1200, 5, 10) == pytest.approx(2501.9, abs=0.1)
    paces = training_paces(FIVE_K_20)
    assert paces["10k"] == pytest.approx(250.19, abs=0.01)
    assert format_pace(paces["10k"]) == "4:10/km"
    # The recent race's own distance gives back its own pace.
    assert paces["5k"] == pytest.approx(240.0)


def test_threshold_is_one_hour_race_pace() -> None:
    # 5K in 20:00: distance in 60 min = 5 * 3^(1/1.06) = 14.096 km -> 255.4 s/km = 4:15/km.
    paces = training_paces(FIVE_K_20)
    d60 = 5 * 3 ** (1 / 1.06)
    assert d60 == pytest.approx(14.096, abs=0.001)
    assert paces["threshold"] == pytest.approx(3600 / d60)
    assert format_pace(paces["threshold"]) == "4:15/km"


def test_easy_zones_are_multiples_of_marathon_pace() -> None:
    paces = training_paces(FIVE_K_20)
    marathon = 1200 * (42.195 / 5) ** 1.06 / 42.195
    assert paces["marathon"] == pytest.approx(marathon)
    assert paces["steady"] == pytest.approx(marathon * 1.08)
    assert paces["easy"] == pytest.approx(marathon * 1.20)
    assert paces["recovery"] == pytest.approx(marathon * 1.30)


def test_mile_is_predicted_from_a_half() -> None:
    paces = training_paces(RecentRace(distance="half", time="1:30:00"))
    mile_time = 5400 * (1.609344 / 21.0975) ** 1.06
    assert paces["mile"] == pytest.approx(mile_time / 1.609344)
    assert paces["half"] == pytest.approx(5400 / 21.0975)


def test_keys_are_the_pace_zones_slowest_first() -> None:
    paces = training_paces(FIVE_K_20)
    assert tuple(paces) == PACE_ZONES
    values = list(paces.values())
    assert values == sorted(values, reverse=True)


def test_threshold_is_clamped_for_slow_runners() -> None:
    # A 70-min 10K runner covers less than 10 km in an hour; threshold is then 10K pace.
    paces = training_paces(RecentRace(distance="10k", time="1:10:00"))
    assert paces["threshold"] == pytest.approx(paces["10k"])
    # And for a half under an hour, half pace.
    fast = training_paces(RecentRace(distance="half", time="58:30"))
    assert fast["threshold"] == pytest.approx(fast["half"])


@given(
    distance=st.sampled_from(sorted(RACE_DISTANCE_KM)),
    pace=st.floats(min_value=150, max_value=600),
)
def test_faster_zones_are_faster(distance: str, pace: float) -> None:
    seconds = max(1, round(pace * RACE_DISTANCE_KM[distance]))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    recent = RecentRace(distance=distance, time=f"{h}:{m:02d}:{s:02d}")
    paces = training_paces(recent)
    values = [paces[z] for z in PACE_ZONES]  # slowest first
    assert all(a >= b for a, b in itertools.pairwise(values))
    assert paces["recovery"] > paces["easy"] > paces["steady"] > paces["marathon"]
    assert paces["5k"] > paces["3k"] > paces["mile"]
    assert all(math.isfinite(v) and v > 0 for v in values)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (245.0, "4:05/km"),
        (244.4, "4:04/km"),
        (244.5, "4:05/km"),  # halves round up
        (59.6, "1:00/km"),
        (59.4, "0:59/km"),
        (299.5, "5:00/km"),
        (600.0, "10:00/km"),
    ],
)
def test_format_pace(seconds: float, text: str) -> None:
    assert format_pace(seconds) == text


@pytest.mark.parametrize("bad", [0.0, -3.0, math.inf, math.nan])
def test_format_pace_rejects_nonsense(bad: float) -> None:
    with pytest.raises(ValueError):
        format_pace(bad)


def test_render_with_paces() -> None:
    paces = training_paces(FIVE_K_20)
    text = render_description("6 x 800 m at {5k}, jog at {easy}", paces)
    assert text == f"6 x 800 m at 4:00/km, jog at {format_pace(paces['easy'])}"


def test_render_without_paces() -> None:
    text = render_description("2 x 8 min at {threshold}, then {5k} and {easy}", None)
    assert text == "2 x 8 min at threshold effort, then 5K effort and easy effort"


def test_render_every_zone_both_ways() -> None:
    paces = training_paces(FIVE_K_20)
    for zone in PACE_ZONES:
        assert render_description(f"{{{zone}}}", paces) == format_pace(paces[zone])
        assert render_description(f"{{{zone}}}", None).endswith("effort")


def test_render_without_placeholders_is_identity() -> None:
    assert render_description("Rest day.", None) == "Rest day."


@pytest.mark.parametrize("template", ["at {5K}", "at {tempo}", "{}", "{strides}", "{ easy }"])
def test_unknown_placeholder_raises(template: str) -> None:
    with pytest.raises(ValueError, match="unknown placeholder"):
        render_description(template, None)
    with pytest.raises(ValueError, match="unknown placeholder"):
        render_description(template, training_paces(FIVE_K_20))


@pytest.mark.parametrize("template", ["at {5k", "at 5k}", "{{5k}}"])
def test_unbalanced_brace_raises(template: str) -> None:
    with pytest.raises(ValueError):
        render_description(template, None)


def test_placeholders_lists_names_in_order() -> None:
    assert placeholders("{easy} then {5k} then {easy}") == ["easy", "5k", "easy"]


def test_derive_load_hand_examples() -> None:
    assert derive_load([(45, "easy")]) == 42  # 100/60 * 45 * 0.5625 = 42.1875
    assert derive_load([(60, "10k")]) == 100
    assert derive_load([]) == 0
    # 15 easy + 16 threshold + 2 jog + 10 easy = 100/60 * (14.0625 + 14.44 + 0.72 + 5.625)
    assert derive_load([(15, "easy"), (16, "threshold"), (2, "jog"), (10, "easy")]) == 49


def test_derive_load_rounds_half_to_even() -> None:
    # Easy is 100/60 * 0.5625 = 0.9375 per minute, so 24 min = 22.5 exactly -> 22 (half to
    # even; half up would give 23), 40 min = 37.5 -> 38, 120 min = 112.5 -> 112.
    assert derive_load([(24, "easy")]) == 22
    assert derive_load([(40, "easy")]) == 38
    assert derive_load([(120, "easy")]) == 112


def test_derive_load_rejects_unknown_zone_and_negative_minutes() -> None:
    with pytest.raises(ValueError, match="unknown zone"):
        derive_load([(10, "tempo")])
    with pytest.raises(ValueError):
        derive_load([(-1, "easy")])


def test_zone_if_values() -> None:
    assert ZONE_IF == {
        "recovery": 0.65,
        "easy": 0.75,
        "steady": 0.82,
        "marathon": 0.85,
        "half": 0.90,
        "threshold": 0.95,
        "10k": 1.00,
        "5k": 1.04,
        "3k": 1.07,
        "mile": 1.10,
        "strides": 1.15,
        "jog": 0.60,
        "cross": 0.70,
    }
