"""The book plan's envelope: every rule at the tightest value the book plan still meets.

Each value is found with the checker's own rule functions (models/check/), so the book
plan passes its scenario by construction: a number is searched (binary search, the
rules are monotone in it) for the tightest value under which that rule reports nothing
on the book, and a rule that no value lets the book keep is switched off. Each
`Derived` says how its value was found, for the comment beside it in the scenario.

The athlete's values (availability, sessions per week, chronic load) come from
`athlete.py` first, as the rules read them.

The order matters where rules exempt each other's days: recovery days and tapers first
(they decide which weeks the easy-share, quota and deload rules read), then the rest.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, get_args

from models.calendar import build_calendar
from models.check import (
    check_acwr_max,
    check_deload,
    check_hard_spacing,
    check_long_run_spike,
    check_max_hard_per_week,
    check_max_monotony,
    check_min_easy,
    check_ramp,
    check_recovery_days,
    check_taper,
    check_taper_fall,
    check_taper_floor,
    check_taper_keep_intensity,
    check_taper_min_sessions,
)
from models.importing.probe import Probe, Rule, largest, smallest
from models.importing.shape import derive_shape
from models.quality.metrics import monotony
from models.scenario import PRIORITIES, Scenario, Session, SessionType

# The A race's taper length by its distance (shared/docs/domain.md: 5K-10K 7-10 days,
# half 10-14, marathon 2-3 weeks); shorter ones are tried when the book does not cut
# its load over that many days.
A_TAPER_DAYS = {"5k": 7, "10k": 10, "half": 14, "marathon": 21}
TAPER_FALLBACK_DAYS = (14, 10, 7)
B_TAPER_DAYS = 5
RECOVERY_CAP = 7  # recovery days are searched up to a week after a race
DELOAD_PERIODS = (3, 4, 5, 6)
# Every session type a quota can count: the scenario's types but the unstructured ones.
QUOTA_TYPES = tuple(
    t for t in get_args(SessionType) if t not in ("rest", "recovery", "easy", "cross", "race")
)


@dataclass
class Envelope:
    constraints: dict[str, Any] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)

    def set(self, key: str, value: Any, how: str) -> None:
        self.constraints[key] = value
        self.notes[key] = how


def derive_envelope(
    scenario: Scenario,
    sessions: Sequence[Session],
    *,
    acwr: bool = False,
    monotony_limit: bool = False,
    quotas: bool = False,
) -> Envelope:
    """Every rule of the scenario format at the tightest value the book's days meet."""
    probe = Probe(scenario, sessions)
    env = Envelope()
    _recovery(probe, env)
    _taper(probe, env)
    _taper_shape(probe, env)
    _spacing_and_hard_days(probe, env)
    _load(probe, env)
    _deload(probe, env)
    _spike(probe, env)
    if quotas:
        _quotas(probe, env)
    _easy(probe, env)
    if acwr:
        _acwr(probe, env)
    if monotony_limit:
        _monotony(probe, env)
    derive_shape(probe, env)
    env.notes["progression_enabled"] = "imported sessions are all level 0: no ladder to climb"
    return env


def _record(probe: Probe, env: Envelope, key: str, value: Any, how: str) -> None:
    env.set(key, value, how)
    probe.current[key] = value


def _lowest(
    probe: Probe, env: Envelope, rule: Rule, key: str, high: int, how: str, unit: str = "%"
) -> int | None:
    """Records the smallest value of `key` in 0..high that the book keeps, saying where one
    less breaks the rule; None, recording nothing, when even `high` breaks it."""
    value = smallest(lambda v: probe.passes(rule, **{key: v}), 0, high)
    if value is None:
        return None
    if value > 0:
        how += f" ({value - 1}{unit} breaks {probe.breaks(rule, **{key: value - 1})})"
    _record(probe, env, key, value, how)
    return value


def _highest(probe: Probe, env: Envelope, rule: Rule, key: str, high: int, how: str) -> int | None:
    """Records the largest value of `key` in 0..high that the book keeps, saying where one
    more breaks the rule; None, recording nothing, when even 0 breaks it."""
    value = largest(lambda v: probe.passes(rule, **{key: v}), 0, high)
    if value is None:
        return None
    if value < high:
        how += f" ({value + 1}% breaks {probe.breaks(rule, **{key: value + 1})})"
    _record(probe, env, key, value, how)
    return value


def _priorities(scenario: Scenario) -> set[str]:
    return {r.priority for r in scenario.races}


def _recovery(probe: Probe, env: Envelope) -> None:
    days = dict(probe.scenario.constraints.recovery_days)
    notes = []
    for p in PRIORITIES:
        if p not in _priorities(probe.scenario):
            continue
        only: dict[str, int] = dict.fromkeys(PRIORITIES, 0)

        def ok(n: int, p: str = p, only: dict[str, int] = only) -> bool:
            return probe.passes(check_recovery_days, recovery_days={**only, p: n})

        n = largest(ok, 0, RECOVERY_CAP)
        assert n is not None  # 0 recovery days always pass
        days[p] = n
        notes.append(
            f"{p} {n}: the most days after every {p} race that hold no hard session"
            + (f" (up to {RECOVERY_CAP})" if n == RECOVERY_CAP else "")
        )
    _record(probe, env, "recovery_days", days, "; ".join(notes) or "no race: the defaults")


def _taper(probe: Probe, env: Envelope) -> None:
    scenario = probe.scenario
    taper: dict[str, dict[str, int]] = {p: {"days": 0, "cut_pct": 0} for p in PRIORITIES}
    notes = []
    goal = [r for r in scenario.races if r.priority == "A"]
    for p in ("A", "B"):
        if p not in _priorities(scenario):
            taper[p] = scenario.constraints.taper[p].model_dump()
            continue
        if p == "A":
            first = A_TAPER_DAYS[goal[-1].distance]
            candidates = [first, *(d for d in TAPER_FALLBACK_DAYS if d < first)]
        else:
            candidates = [B_TAPER_DAYS]
        for days in candidates:

            def ok(cut: int, p: str = p, days: int = days) -> bool:
                trial = {**taper, p: {"days": days, "cut_pct": cut}}
                return probe.passes(check_taper, taper=trial, taper_enabled=True)

            cut = largest(ok, 0, 100)
            if cut is not None:
                taper[p] = {"days": days, "cut_pct": cut}
                note = (
                    f"{p}: over {days} days the book cuts its daily load {cut}% below the 28 "
                    "days before"
                )
                if cut < 100:
                    tighter = {**taper, p: {"days": days, "cut_pct": cut + 1}}
                    note += f" ({cut + 1}% breaks {probe.breaks(check_taper, taper=tighter)})"
                notes.append(note)
                break
        else:
            notes.append(f"{p}: the book does not cut its load before its {p} races: no taper")
    _record(probe, env, "taper", taper, "; ".join(notes) or "no A or B race: no taper")
    keep = probe.passes(check_taper_keep_intensity, taper_keep_intensity=True)
    _record(
        probe,
        env,
        "taper_keep_intensity",
        keep,
        "the book keeps a hard session a week in its tapers"
        if keep
        else "the book drops its hard sessions in a taper",
    )


def _taper_shape(probe: Probe, env: Envelope) -> None:
    falls = probe.passes(check_taper_fall, taper_shape_enabled=True)
    _record(
        probe,
        env,
        "taper_shape_enabled",
        falls,
        "the book's taper load falls week by week"
        if falls
        else "the book's taper load does not fall week by week, so the shape rules are off",
    )
    if not falls:
        return
    floor = _highest(
        probe,
        env,
        check_taper_floor,
        "taper_floor_pct",
        100,
        "the largest share of the reference's daily load the book's last taper week keeps",
    )
    assert floor is not None
    drop = _lowest(
        probe,
        env,
        check_taper_min_sessions,
        "taper_min_sessions_drop",
        7,
        "the fewest sessions a week the book's taper drops",
        unit="",
    )
    assert drop is not None


def _spacing_and_hard_days(probe: Probe, env: Envelope) -> None:
    spacing = largest(lambda v: probe.passes(check_hard_spacing, hard_spacing_days=v), 0, 30)
    assert spacing is not None
    how = "the fewest non-hard days between two hard days of the book"
    if spacing == 0:
        how += ": it has back-to-back hard days"
    _record(probe, env, "hard_spacing_days", spacing, how)
    hard = smallest(lambda v: probe.passes(check_max_hard_per_week, max_hard_per_week=v), 0, 7)
    assert hard is not None
    _record(probe, env, "max_hard_per_week", hard, "the most hard days of any week, races included")


def _load(probe: Probe, env: Envelope) -> None:
    sessions = probe.sessions
    weeks = [sum(s.load for s in sessions[i : i + 7]) for i in range(0, len(sessions), 7)]
    top = max(weeks)
    _record(
        probe,
        env,
        "weekly_load_max",
        top,
        f"the book's highest weekly load (week {weeks.index(top) + 1})",
    )
    _record(probe, env, "ramp_reference_weeks", 4, "the spec's four-week reference")
    how = "the smallest rise over the highest of the four weeks before that the book keeps"
    if _lowest(probe, env, check_ramp, "ramp_pct", 1000, how) is None:
        _record(probe, env, "ramp_enabled", False, "no ramp up to 1000% holds the book")


def _deload(probe: Probe, env: Envelope) -> None:
    best: tuple[int, int] | None = None
    for every in DELOAD_PERIODS:

        def ok(pct: int, every: int = every) -> bool:
            return probe.passes(
                check_deload, deload_enabled=True, deload_every=every, deload_pct=pct
            )

        cal = build_calendar(probe.scenario_with())
        if not any(cal.is_deload_week(week, every) for week in cal.weeks):
            continue  # no week of the book would be a deload week: nothing to learn
        pct = largest(ok, 0, 100)
        if pct is not None and pct >= 1 and (best is None or pct > best[1]):
            best = (every, pct)
    if best is None:
        _record(probe, env, "deload_enabled", False, "the book has no regular cutback weeks")
        return
    every, pct = best
    _record(probe, env, "deload_enabled", True, "the book's cutback weeks")
    _record(
        probe,
        env,
        "deload_every",
        every,
        f"of {', '.join(map(str, DELOAD_PERIODS))}, the period whose weeks the book cuts most",
    )
    how = f"every {every}th build week the book cuts at least {pct}% below the four weeks before"
    if pct < 100:
        how += f" ({pct + 1}% breaks {probe.breaks(check_deload, deload_pct=pct + 1)})"
    _record(probe, env, "deload_pct", pct, how)


def _spike(probe: Probe, env: Envelope) -> None:
    how = "the smallest step over the longest session of the 30 days before that the book keeps"
    if _lowest(probe, env, check_long_run_spike, "long_run_spike_pct", 1000, how) is None:
        _record(probe, env, "long_run_spike_enabled", False, "no spike up to 1000% holds")


def _quotas(probe: Probe, env: Envelope) -> None:
    scenario = probe.scenario_with()
    cal = build_calendar(scenario)
    quotas = []
    for kind in QUOTA_TYPES:
        counts = [
            (week, sum(1 for d in week.day_range if probe.sessions[d].type == kind))
            for week in cal.weeks
        ]
        most = max(c for _, c in counts)
        if most == 0:
            continue
        fewest = min((c for w, c in counts if cal.is_quota_min_week(w)), default=0)
        quota: dict[str, Any] = {"type": kind, "max": most}
        if fewest > 0:
            quota["min"] = fewest
        quotas.append(quota)
    _record(
        probe,
        env,
        "quotas",
        quotas,
        "per quality type and long runs: the book's most sessions in a week, and its fewest "
        "in weeks without a race, taper or recovery day",
    )


def _easy(probe: Probe, env: Envelope) -> None:
    how = "the lowest share of minutes in non-hard sessions of the book's build weeks"
    easy = _highest(probe, env, check_min_easy, "min_easy_pct", 100, how)
    assert easy is not None


def _acwr(probe: Probe, env: Envelope) -> None:
    pct = smallest(lambda v: probe.passes(check_acwr_max, acwr_max_pct=v), 0, 1000)
    if pct is None:
        env.notes["acwr_max_pct"] = "the book's acute:chronic ratio tops 10: no limit"
        return
    _record(probe, env, "acwr_max_pct", pct, "the book's highest acute:chronic ratio, rounded up")


def _monotony(probe: Probe, env: Envelope) -> None:
    cal = build_calendar(probe.scenario)
    values = [
        monotony([float(probe.sessions[d].load) for d in week.day_range])
        for week in cal.weeks
        if week.full
    ]
    top = max((v for v in values if v is not None), default=None)
    if top is None or math.isinf(top) or top > 100:
        env.notes["max_monotony"] = "a week of the book has equal daily loads: no limit"
        return
    limit = math.ceil(top * 100 - 1e-9) / 100
    assert probe.passes(check_max_monotony, max_monotony=limit)
    _record(probe, env, "max_monotony", limit, "the book's highest weekly monotony, rounded up")
