"""Training paces from one recent race, session descriptions, and session load.

Paces
-----
`training_paces` predicts race times from one result with Riegel's formula,

    T2 = T1 * (D2 / D1) ** 1.06

and turns them into paces (seconds per km) for these zones, fastest first:

- `mile`, `3k`, `5k`, `10k`, `half`, `marathon`: the predicted race pace over
  that distance (mile = 1.609344 km, half = 21.0975 km, marathon = 42.195 km).
- `threshold`: the pace of a 1-hour race. Riegel solved for the distance run in
  3600 s, D60 = D1 * (3600 / T1) ** (1 / 1.06), gives pace 3600 / D60. It is
  clamped to lie between 10K pace and half-marathon pace, so that for a runner
  whose 10K takes longer than an hour the threshold is 10K pace (and for one
  whose half takes less than an hour, half pace); the zone order below then
  holds for every input.
- `steady` = marathon pace x 1.08, `easy` = marathon pace x 1.20,
  `recovery` = marathon pace x 1.30.

So mile < 3k < 5k < 10k <= threshold <= half < marathon < steady < easy <
recovery, in seconds per km.

Descriptions
------------
Catalog descriptions are templates with placeholders named after those zones,
e.g. `6 x 800 m at {5k}`. `render_description` replaces each by a pace such as
`4:02/km` when paces are known, or by an effort phrase such as `5K effort` when
they are not.

Load
----
A session's load is rTSS-like, from its zone segments (minutes, zone):

    load = round(100 / 60 * sum(minutes * IF(zone) ** 2))

with Python's round() (half to even) and the intensity factors in `ZONE_IF`:
recovery 0.65, easy 0.75, steady 0.82, marathon 0.85, half 0.90,
threshold 0.95, 10k 1.00, 5k 1.04, 3k 1.07, mile 1.10, strides 1.15,
jog 0.60, cross 0.70. So an hour at 10K intensity (IF 1.0) is 100, and
45 min easy is round(100/60 * 45 * 0.5625) = 42.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping

from models.scenario import RACE_DISTANCE_KM, RecentRace

RIEGEL_EXPONENT = 1.06

ZONE_IF: dict[str, float] = {
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

# Zones that have a pace (and may appear as description placeholders), slowest first.
PACE_ZONES: tuple[str, ...] = (
    "recovery",
    "easy",
    "steady",
    "marathon",
    "half",
    "threshold",
    "10k",
    "5k",
    "3k",
    "mile",
)

# Race zones predicted directly with Riegel's formula.
_RACE_ZONES: tuple[str, ...] = ("mile", "3k", "5k", "10k", "half", "marathon")

# Easy zones as multiples of marathon pace (seconds per km).
EASY_FACTORS: dict[str, float] = {"steady": 1.08, "easy": 1.20, "recovery": 1.30}

EFFORT_PHRASES: dict[str, str] = {
    "recovery": "very easy effort",
    "easy": "easy effort",
    "steady": "steady effort",
    "marathon": "marathon effort",
    "half": "half-marathon effort",
    "threshold": "threshold effort",
    "10k": "10K effort",
    "5k": "5K effort",
    "3k": "3K effort",
    "mile": "mile effort",
}

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def riegel_time(seconds: float, from_km: float, to_km: float) -> float:
    """Predicted time in seconds over `to_km` from `seconds` over `from_km`."""
    if seconds <= 0 or from_km <= 0 or to_km <= 0:
        raise ValueError("times and distances must be greater than zero")
    return seconds * (to_km / from_km) ** RIEGEL_EXPONENT


def training_paces(recent: RecentRace) -> dict[str, float]:
    """Seconds per km for each zone in PACE_ZONES (slowest first), from one race result.

    See the module docstring for the model.
    """
    d1 = RACE_DISTANCE_KM[recent.distance]
    t1 = float(recent.seconds)
    race = {z: riegel_time(t1, d1, RACE_DISTANCE_KM[z]) / RACE_DISTANCE_KM[z] for z in _RACE_ZONES}
    d60 = d1 * (3600.0 / t1) ** (1.0 / RIEGEL_EXPONENT)
    threshold = min(max(3600.0 / d60, race["10k"]), race["half"])
    marathon = race["marathon"]
    paces = {z: marathon * f for z, f in EASY_FACTORS.items()}
    paces.update(race)
    paces["threshold"] = threshold
    return {z: paces[z] for z in PACE_ZONES}


def format_pace(sec_per_km: float) -> str:
    """`245.0` -> `"4:05/km"`.

    The pace is first rounded to the nearest whole second, halves up (so 59.5 ->
    "1:00/km", 244.4 -> "4:04/km").
    """
    if not math.isfinite(sec_per_km) or sec_per_km <= 0:
        raise ValueError(f"pace {sec_per_km!r} must be a finite number of seconds above zero")
    total = math.floor(sec_per_km + 0.5)
    minutes, seconds = divmod(total, 60)
    return f"{minutes}:{seconds:02d}/km"


def render_description(template: str, paces: Mapping[str, float] | None) -> str:
    """Fill the zone placeholders of a description template.

    `{zone}` (a key of PACE_ZONES) becomes the zone's pace, e.g. "4:02/km", when
    `paces` is given and holds that zone, else an effort phrase, e.g. "5K effort".
    An unknown placeholder, or a brace that opens or closes no placeholder,
    raises ValueError.
    """

    def fill(match: re.Match[str]) -> str:
        zone = match.group(1)
        if zone not in EFFORT_PHRASES:
            raise ValueError(
                f"unknown placeholder {{{match.group(1)}}} in description {template!r}; "
                f"known: {', '.join(PACE_ZONES)}"
            )
        if paces is not None and zone in paces:
            return format_pace(paces[zone])
        return EFFORT_PHRASES[zone]

    if "{" in _PLACEHOLDER.sub("", template) or "}" in _PLACEHOLDER.sub("", template):
        raise ValueError(f"unbalanced brace in description {template!r}")
    return _PLACEHOLDER.sub(fill, template)


def placeholders(template: str) -> list[str]:
    """The placeholder names in a template, in order of appearance."""
    return [m.group(1) for m in _PLACEHOLDER.finditer(template)]


def derive_load(zones: Iterable[tuple[int, str]]) -> int:
    """round(100/60 * sum(minutes * IF(zone)^2)) over (minutes, zone) segments."""
    total = 0.0
    for minutes, zone in zones:
        if zone not in ZONE_IF:
            raise ValueError(f"unknown zone {zone!r}; known: {', '.join(ZONE_IF)}")
        if minutes < 0:
            raise ValueError(f"segment minutes must be >= 0, got {minutes}")
        total += minutes * ZONE_IF[zone] ** 2
    return round(100 / 60 * total)
