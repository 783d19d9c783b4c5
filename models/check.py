"""The checker: the scenario format's hard rules written as plain Python.

`check_plan` reads any parsed plan JSON (solved, edited or hand-written) and
lists every violation; it never raises on a malformed plan. Structural problems
(a missing `days` list, missing, extra, duplicate, out-of-order or unreadable
dates) are violations of `days`; unknown session ids and day fields that differ
from the catalog are violations of `catalog`.

Each rule family has one function named after it (`check_ramp`, ...). It runs
only when the rule is switched on and uses the spec's exact integer comparisons;
only `max_monotony` is compared in floating point.

A day whose date is missing, or whose session id is unknown, is an *unknown*
day. Rules still run around it:

- counts and sums with an upper bound (sessions, hard days, load, quota max,
  hard spacing) treat it as holding nothing, so what they report is a real
  violation whatever that day held;
- ramp, deload and taper bound a sum by a reference: the bounded sum counts an
  unknown day as 0 too, but a reference holding an unknown day skips the check;
- lower bounds and the other ratios (quota min, taper intensity, long-run spike,
  min easy, ACWR, monotony, progression) skip every week, window or day whose
  verdict depends on an unknown day.

This module is the written definition of the rules: it never imports the solver.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from models.calendar import (
    ACUTE_DAYS,
    REFERENCE_DAYS,
    SPIKE_LOOKBACK_DAYS,
    BlockCalendar,
    TaperWindow,
    Week,
    build_calendar,
)
from models.catalog import resolve_catalog
from models.history import history_sessions, until_index
from models.scenario import LADDER_FREE_TYPES, Scenario, Session

MONOTONY_TOLERANCE = 1e-9
COMPARED_FIELDS = ("type", "minutes", "load", "hard", "level")
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_WEEKDAY_NAMES = {
    "mon": "Monday",
    "tue": "Tuesday",
    "wed": "Wednesday",
    "thu": "Thursday",
    "fri": "Friday",
    "sat": "Saturday",
    "sun": "Sunday",
}


@dataclass(frozen=True)
class Violation:
    constraint: str  # a key of the constraints table, or days, catalog, races, ...
    date: dt.date | None
    week: int | None
    detail: str
    # The last day index the broken rule instance reads (None: not tied to days). With a
    # history, an instance that reads only lived days is not enforced.
    read_until: int | None = field(default=None, compare=False)

    def as_dict(self) -> dict[str, Any]:
        return {
            "constraint": self.constraint,
            "date": self.date.isoformat() if self.date is not None else None,
            "week": self.week,
            "detail": self.detail,
        }


@dataclass(frozen=True)
class CheckContext:
    """What every rule reads: the scenario, its calendar and one session per day
    (None for an unknown day)."""

    scenario: Scenario
    cal: BlockCalendar
    days: tuple[Session | None, ...]

    # -- building violations -------------------------------------------------

    def at_day(
        self, constraint: str, day: int, detail: str, read_until: int | None = None
    ) -> Violation:
        last = day if read_until is None else read_until
        return Violation(constraint, self.cal.date(day), self.cal.week_of(day).index, detail, last)

    @staticmethod
    def at_week(constraint: str, week: Week, detail: str) -> Violation:
        return Violation(constraint, None, week.index, detail, week.day_range[-1])

    # -- reading days ----------------------------------------------------------

    def known(self, days: range) -> bool:
        """True when every in-block day of the range holds a known session."""
        return all(self.days[d] is not None for d in days if 0 <= d < self.cal.n_days)

    def load_sum(self, days: range) -> int:
        """Load of the in-block days of the range, unknown days counting 0."""
        return sum(_load(self.days[d]) for d in days if 0 <= d < self.cal.n_days)

    def week_load(self, week: Week) -> int | None:
        """The week's load, or None when one of its days is unknown."""
        return self.load_sum(week.day_range) if self.known(week.day_range) else None

    def sid(self, day: int) -> str:
        s = self.days[day]
        return s.id if s is not None else "?"


def _load(s: Session | None) -> int:
    return s.load if s is not None else 0


# ---------------------------------------------------------------------------
# Entry points
# ---------------------------------------------------------------------------


def check_plan(
    scenario: Scenario, plan: Mapping[str, Any], *, lived_rules: bool = False
) -> list[Violation]:
    """Every violation of the scenario's hard rules by a parsed plan JSON document.
    With a history, rule instances that read only lived days are left out, unless
    `lived_rules` asks for them too."""
    cal = build_calendar(scenario)
    catalog = {s.id: s for s in resolve_catalog(scenario)}
    days, violations = read_days(cal, catalog, plan, history_sessions(scenario))
    ctx = CheckContext(scenario, cal, tuple(days))
    for rule in RULES:
        violations.extend(rule(ctx))
    until = until_index(scenario)
    if until and not lived_rules:
        # With a history, a rule instance that reads only lived days is not enforced.
        violations = [v for v in violations if v.read_until is None or v.read_until >= until]
    return violations


def plan_days(start: dt.date, sessions: Sequence[Session]) -> list[dict[str, Any]]:
    """The plan JSON's `days` for one session per day from `start`."""
    return [
        {
            "date": (start + dt.timedelta(days=i)).isoformat(),
            "session": s.id,
            "type": s.type,
            "minutes": s.minutes,
            "load": s.load,
            "hard": s.hard,
            "level": s.level,
        }
        for i, s in enumerate(sessions)
    ]


def check_sessions(scenario: Scenario, sessions: Sequence[Session]) -> list[Violation]:
    """Check one session per day, in date order (the solver's output)."""
    return check_plan(scenario, {"days": plan_days(scenario.start, sessions)})


# ---------------------------------------------------------------------------
# Reading the days list
# ---------------------------------------------------------------------------


def read_days(
    cal: BlockCalendar,
    catalog: Mapping[str, Session],
    plan: Any,
    lived: Mapping[int, Session] | None = None,
) -> tuple[list[Session | None], list[Violation]]:
    """One session per day index (None = unknown) and the `days`/`catalog` violations.
    A lived day (`lived`, from the scenario's history) must hold what the log says."""
    lived = lived or {}
    out: list[Violation] = []
    slots: list[Session | None] = [None] * cal.n_days
    if not isinstance(plan, Mapping):
        out.append(Violation("days", None, None, f"the plan is {_kind(plan)}, not an object"))
        return slots, out
    raw = plan.get("days")
    if "days" not in plan:
        out.append(Violation("days", None, None, "the plan has no 'days' list"))
        return slots, out
    if not isinstance(raw, list):
        out.append(Violation("days", None, None, f"the plan's 'days' is {_kind(raw)}, not a list"))
        return slots, out

    seen: set[int] = set()
    latest: dt.date | None = None
    first_day, last_day = cal.start, cal.date(cal.n_days - 1)
    for i, entry in enumerate(raw):
        where = f"days[{i}]"
        if not isinstance(entry, Mapping):
            out.append(Violation("days", None, None, f"{where} is {_kind(entry)}, not an object"))
            continue
        date = _parse_date(entry.get("date"))
        day: int | None = None
        if date is None:
            if "date" not in entry:
                text = f"{where} has no date"
            else:
                text = f"{where} date {_show(entry.get('date'))} is not a date (YYYY-MM-DD)"
            out.append(Violation("days", None, None, text))
        elif not first_day <= date <= last_day:
            out.append(
                Violation(
                    "days",
                    date,
                    None,
                    f"{where} date {date} lies outside the block {first_day} to {last_day}",
                )
            )
        elif cal.day_index(date) in seen:
            out.append(
                _dated(
                    cal,
                    "days",
                    date,
                    f"{date} appears more than once ({where} repeats it); "
                    "only its first entry is checked",
                )
            )
        else:
            day = cal.day_index(date)
            seen.add(day)
            if latest is not None and date < latest:
                out.append(
                    _dated(
                        cal,
                        "days",
                        date,
                        f"{where} date {date} comes after {latest}; days must be in date order",
                    )
                )
        if date is not None and (latest is None or date > latest):
            latest = date

        label = f"{where} ({date})" if date is not None else where
        if day is not None and day in lived:
            logged = lived[day]
            session, problem = _match_session({logged.id: logged}, entry)
            if problem is not None:
                text = f"{label}: not the day the log holds ('{logged.id}'): {problem}"
                out.append(_dated(cal, "days", date, text))
        else:
            session, problem = _match_session(catalog, entry)
            if problem is not None:
                out.append(_dated(cal, "catalog", date, f"{label}: {problem}"))
        if day is not None:
            slots[day] = session

    out.extend(_missing_runs(cal, seen))
    return slots, out


def _dated(cal: BlockCalendar, constraint: str, date: dt.date | None, detail: str) -> Violation:
    if date is None:
        return Violation(constraint, None, None, detail)
    day = cal.day_index(date)
    week = cal.week_of(day).index if 0 <= day < cal.n_days else None
    return Violation(constraint, date, week, detail)


def _missing_runs(cal: BlockCalendar, seen: set[int]) -> list[Violation]:
    out = []
    day = 0
    while day < cal.n_days:
        if day in seen:
            day += 1
            continue
        first = day
        while day < cal.n_days and day not in seen:
            day += 1
        count = day - first
        if count == 1:
            text = f"{cal.date(first)} is missing from the plan's days"
        else:
            text = (
                f"{cal.date(first)} to {cal.date(day - 1)} ({count} days) "
                "are missing from the plan's days"
            )
        out.append(Violation("days", cal.date(first), cal.week_of(first).index, text))
    return out


def _parse_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _match_session(
    catalog: Mapping[str, Session], entry: Mapping[Any, Any]
) -> tuple[Session | None, str | None]:
    """The catalog session an entry names, and what is wrong with the entry, if anything.

    Fields an entry leaves out are not compared (a hand-written plan may list only
    date and session); description is free text and never compared."""
    sid = entry.get("session")
    if not isinstance(sid, str):
        if "session" not in entry:
            return None, "no session id"
        return None, f"session {_show(sid)} is not a session id"
    session = catalog.get(sid)
    if session is None:
        short = sid if len(sid) <= 40 else sid[:37] + "..."
        return None, f"session {short!r} is not in the catalog"
    diffs = []
    for name in COMPARED_FIELDS:
        if name not in entry:
            continue
        value, expected = entry[name], getattr(session, name)
        if not _same(value, expected):
            diffs.append(f"{name} {_show(value)} (the catalog says {_show(expected)})")
    if diffs:
        return session, f"session {sid!r} differs from the catalog: " + ", ".join(diffs)
    return session, None


def _same(value: Any, expected: Any) -> bool:
    if isinstance(expected, bool):
        return isinstance(value, bool) and value == expected
    if isinstance(expected, int):
        return isinstance(value, int | float) and not isinstance(value, bool) and value == expected
    return isinstance(value, str) and value == expected


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, Mapping):
        return "an object"
    return f"a {type(value).__name__}"


def _show(value: Any) -> str:
    try:
        text = json.dumps(value, default=str, ensure_ascii=False)
    except (TypeError, ValueError, RecursionError):
        text = f"<{type(value).__name__}>"
    return text if len(text) <= 40 else text[:37] + "..."


# ---------------------------------------------------------------------------
# Formatting numbers in details
# ---------------------------------------------------------------------------


def _num(x: Fraction | int | float) -> str:
    """An integer as is, anything else with at most two decimals."""
    if isinstance(x, Fraction) and x.denominator == 1:
        return str(x.numerator)
    if isinstance(x, int):
        return str(x)
    text = f"{float(x):.2f}".rstrip("0").rstrip(".")
    return text if text != "-0" else "0"


def _ref_text(k: int, n_ref: int, chronic: int) -> str:
    lo = k - n_ref
    parts = []
    if lo < 1:
        parts.append(f"the chronic load {chronic} for weeks before the block")
    first = max(1, lo)
    if first <= k - 1:
        parts.append(f"week {first}" if first == k - 1 else f"weeks {first}-{k - 1}")
    return "the highest of " + " and ".join(parts)


# ---------------------------------------------------------------------------
# The rules, one function per family
# ---------------------------------------------------------------------------


def check_races(ctx: CheckContext) -> list[Violation]:
    """Each race day holds a race session of that distance; no other day holds one."""
    out = []
    for day, s in enumerate(ctx.days):
        if s is None:
            continue
        race = ctx.cal.race_days.get(day)
        if race is not None:
            if s.type != "race":
                out.append(
                    ctx.at_day(
                        "races",
                        day,
                        f"{ctx.cal.date(day)} is the day of the {race.label} race "
                        f"({race.distance}) but holds '{s.id}' ({s.type}), not a race session",
                    )
                )
            elif s.distance != race.distance:
                out.append(
                    ctx.at_day(
                        "races",
                        day,
                        f"{ctx.cal.date(day)} is the day of the {race.label} race "
                        f"({race.distance}) but holds the {s.distance} race session '{s.id}'",
                    )
                )
        elif s.type == "race":
            out.append(
                ctx.at_day(
                    "races",
                    day,
                    f"'{s.id}' is a race session but {ctx.cal.date(day)} is not a race day",
                )
            )
    return out


def check_blocked(ctx: CheckContext) -> list[Violation]:
    """Blocked days hold a rest session."""
    out = []
    for day in sorted(ctx.cal.blocked_days):
        s = ctx.days[day]
        if s is not None and s.type != "rest":
            out.append(
                ctx.at_day(
                    "blocked",
                    day,
                    f"{ctx.cal.date(day)} is blocked but holds '{s.id}' ({s.type}, "
                    f"{s.minutes} min) instead of rest",
                )
            )
    return out


def check_pins(ctx: CheckContext) -> list[Violation]:
    """A pinned day holds the pinned session, or a session of the pinned type. A pin
    waives no other rule: each still judges the pinned day as any other."""
    out = []
    for pin in ctx.scenario.pins:
        day = ctx.cal.day_index(pin.date)
        if not 0 <= day < ctx.cal.n_days:
            continue
        s = ctx.days[day]
        if s is None or pin.allows(s):
            continue  # an unknown day is reported under days or catalog
        target = f"'{pin.session}'" if pin.session is not None else pin.target
        detail = f"{pin.date} is pinned to {target} but holds '{s.id}' ({s.type})"
        out.append(ctx.at_day("pins", day, detail))
    return out


def check_availability(ctx: CheckContext) -> list[Violation]:
    """Availability 0: a rest session; otherwise at most that many minutes. Race days exempt."""
    out = []
    availability = ctx.scenario.athlete.availability
    for day, s in enumerate(ctx.days):
        if s is None or day in ctx.cal.race_days:
            continue
        weekday = ctx.cal.weekday(day)
        avail = availability[weekday]
        if avail == 0:
            if s.type != "rest":
                out.append(
                    ctx.at_day(
                        "availability",
                        day,
                        f"{ctx.cal.date(day)} is a {_WEEKDAY_NAMES[weekday]}, when the athlete "
                        f"cannot train (availability 0), but holds '{s.id}' ({s.type})",
                    )
                )
        elif s.minutes > avail:
            out.append(
                ctx.at_day(
                    "availability",
                    day,
                    f"'{s.id}' on {ctx.cal.date(day)} takes {s.minutes} min, more than the "
                    f"{avail} min available on a {_WEEKDAY_NAMES[weekday]}",
                )
            )
    return out


def check_max_sessions_per_week(ctx: CheckContext) -> list[Violation]:
    """Non-rest days per week, race days not counted, at most the athlete's maximum."""
    out = []
    most = ctx.scenario.athlete.max_sessions_per_week
    for week in ctx.cal.weeks:
        count = 0
        for d in week.day_range:
            s = ctx.days[d]
            if s is not None and s.type != "rest" and d not in ctx.cal.race_days:
                count += 1
        if count > most:
            out.append(
                ctx.at_week(
                    "max_sessions_per_week",
                    week,
                    f"week {week.index} has {count} training days (race days not counted), "
                    f"more than the athlete's maximum of {most}",
                )
            )
    return out


def check_hard_spacing(ctx: CheckContext) -> list[Violation]:
    """Any two hard days d1 < d2 have d2 - d1 > hard_spacing_days (races are hard)."""
    cons = ctx.scenario.constraints
    spacing = cons.hard_spacing_days
    if not cons.hard_spacing_enabled or spacing == 0:
        return []
    out = []
    hard = [d for d, s in enumerate(ctx.days) if s is not None and s.hard]
    # Checking neighbours is enough: a close pair always contains a close neighbour pair.
    for d1, d2 in itertools.pairwise(hard):
        if d2 - d1 <= spacing:
            out.append(
                ctx.at_day(
                    "hard_spacing_days",
                    d2,
                    f"hard days {ctx.cal.date(d1)} ('{ctx.sid(d1)}') and {ctx.cal.date(d2)} "
                    f"('{ctx.sid(d2)}') have {d2 - d1 - 1} non-hard days between them, "
                    f"fewer than the {spacing} required",
                )
            )
    return out


def check_max_hard_per_week(ctx: CheckContext) -> list[Violation]:
    """Hard days per week, races included, at most max_hard_per_week (partial weeks too)."""
    cons = ctx.scenario.constraints
    if not cons.max_hard_per_week_enabled:
        return []
    out = []
    for week in ctx.cal.weeks:
        count = sum(1 for d in week.day_range if (s := ctx.days[d]) is not None and s.hard)
        if count > cons.max_hard_per_week:
            out.append(
                ctx.at_week(
                    "max_hard_per_week",
                    week,
                    f"week {week.index} has {count} hard days (races included), more than "
                    f"the maximum of {cons.max_hard_per_week}",
                )
            )
    return out


def check_weekly_load_max(ctx: CheckContext) -> list[Violation]:
    """Every week's load at most weekly_load_max."""
    cons = ctx.scenario.constraints
    if not cons.weekly_load_max_on:
        return []
    assert cons.weekly_load_max is not None
    out = []
    for week in ctx.cal.weeks:
        load = ctx.load_sum(week.day_range)
        if load > cons.weekly_load_max:
            out.append(
                ctx.at_week(
                    "weekly_load_max",
                    week,
                    f"week {week.index} load {load} exceeds the maximum weekly load "
                    f"{cons.weekly_load_max}",
                )
            )
    return out


def ramp_reference(ctx: CheckContext, week: Week) -> int | None:
    """ref(k): the highest load among weeks k-N..k-1, weeks before week 1 counting as the
    chronic load; None when one of those weeks holds an unknown day."""
    n_ref = ctx.scenario.constraints.ramp_reference_weeks
    loads = []
    for j in range(week.index - n_ref, week.index):
        if j < 1:
            loads.append(ctx.scenario.athlete.chronic_load)
            continue
        load = ctx.week_load(ctx.cal.weeks[j - 1])
        if load is None:
            return None
        loads.append(load)
    return max(loads)


def check_ramp(ctx: CheckContext) -> list[Violation]:
    """Full week k: 100 x L_k <= (100 + ramp_pct) x ref(k)."""
    cons = ctx.scenario.constraints
    if not cons.ramp_enabled:
        return []
    out = []
    chronic = ctx.scenario.athlete.chronic_load
    for week in ctx.cal.weeks:
        if not week.full:
            continue
        load, ref = ctx.load_sum(week.day_range), ramp_reference(ctx, week)
        if ref is None:
            continue
        if 100 * load > (100 + cons.ramp_pct) * ref:
            ceiling = Fraction((100 + cons.ramp_pct) * ref, 100)
            out.append(
                ctx.at_week(
                    "ramp_pct",
                    week,
                    f"week {week.index} load {load} exceeds {100 + cons.ramp_pct}% of the "
                    f"reference {ref} ({_num(ceiling)}), "
                    f"{_ref_text(week.index, cons.ramp_reference_weeks, chronic)}",
                )
            )
    return out


def check_deload(ctx: CheckContext) -> list[Violation]:
    """Deload weeks (BlockCalendar.is_deload_week): 100 x L_k <= (100 - deload_pct) x ref(k)."""
    cons = ctx.scenario.constraints
    if not cons.deload_on:
        return []
    out = []
    chronic = ctx.scenario.athlete.chronic_load
    for week in ctx.cal.weeks:
        if not ctx.cal.is_deload_week(week, cons.deload_every):
            continue
        load, ref = ctx.load_sum(week.day_range), ramp_reference(ctx, week)
        if ref is None:
            continue
        if 100 * load > (100 - cons.deload_pct) * ref:
            ceiling = Fraction((100 - cons.deload_pct) * ref, 100)
            out.append(
                ctx.at_week(
                    "deload_pct",
                    week,
                    f"week {week.index} is a deload week (every {cons.deload_every}th): its "
                    f"load {load} exceeds {100 - cons.deload_pct}% of the reference {ref} "
                    f"({_num(ceiling)}), "
                    f"{_ref_text(week.index, cons.ramp_reference_weeks, chronic)}",
                )
            )
    return out


def check_long_run_spike(ctx: CheckContext) -> list[Violation]:
    """A non-race session's minutes on day d <= (1 + pct/100) x the longest non-race session
    of days d-30..d-1, days before start counting as longest_recent_run_min."""
    cons = ctx.scenario.constraints
    if not cons.long_run_spike_enabled:
        return []
    out = []
    pct = cons.long_run_spike_pct
    recent = ctx.scenario.athlete.longest_recent_run_min
    for day, s in enumerate(ctx.days):
        if s is None or s.type == "race" or s.minutes == 0:
            continue
        window = range(day - SPIKE_LOOKBACK_DAYS, day)
        if not ctx.known(window):
            continue
        longest = 0
        from_before = False
        if window.start < 0:
            longest, from_before = recent, True
        for d in window:
            if d < 0:
                continue
            prev = ctx.days[d]
            assert prev is not None
            if prev.type != "race" and prev.minutes > longest:
                longest, from_before = prev.minutes, False
        if 100 * s.minutes > (100 + pct) * longest:
            source = (
                "the athlete's longest recent run before the block"
                if from_before
                else "the longest non-race session of the previous 30 days"
            )
            out.append(
                ctx.at_day(
                    "long_run_spike_pct",
                    day,
                    f"'{s.id}' on {ctx.cal.date(day)} lasts {s.minutes} min, more than "
                    f"{100 + pct}% of {source}, {longest} min "
                    f"({_num(Fraction((100 + pct) * longest, 100))} min)",
                )
            )
    return out


def _window_text(ctx: CheckContext, w: TaperWindow) -> str:
    span = w.in_block
    return (
        f"the {w.days}-day taper before the {w.race.priority} race {w.race.label} on "
        f"{w.race.date} ({ctx.cal.date(span.start)} to {ctx.cal.date(span.stop - 1)}, "
        f"{len(span)} days in the block)"
    )


def check_taper(ctx: CheckContext) -> list[Violation]:
    """Average daily load over a taper window's in-block days <= (1 - c/100) x the average
    over the 28 days before the window, pre-start days counting chronic_load / 7:

        A / T' <= (100 - c)/100 x (7 B_in + chronic x n_pre) / (7 x 28)
    <=> 28 x 7 x 100 x A <= (100 - c) x T' x (7 B_in + chronic x n_pre)
    """
    cons = ctx.scenario.constraints
    if not cons.taper_enabled:
        return []
    out = []
    chronic = ctx.scenario.athlete.chronic_load
    for w in ctx.cal.taper_windows:
        span, ref = w.in_block, w.reference
        if not ctx.known(ref):
            continue
        a_sum, t_in = ctx.load_sum(span), len(span)
        b_in = ctx.load_sum(ref)
        n_pre = sum(1 for d in ref if d < 0)
        ref_x7 = 7 * b_in + chronic * n_pre  # 7 x the reference window's load
        if REFERENCE_DAYS * 7 * 100 * a_sum > (100 - w.cut_pct) * t_in * ref_x7:
            avg = Fraction(a_sum, t_in)
            ref_avg = Fraction(ref_x7, 7 * REFERENCE_DAYS)
            ceiling = ref_avg * (100 - w.cut_pct) / 100
            out.append(
                ctx.at_day(
                    "taper",
                    span.start,
                    f"{_window_text(ctx, w)} averages {_num(avg)} load a day, more than "
                    f"{100 - w.cut_pct}% of the {REFERENCE_DAYS}-day reference average "
                    f"{_num(ref_avg)} ({_num(ceiling)})",
                    read_until=w.race_day - 1,
                )
            )
    return out


def check_taper_keep_intensity(ctx: CheckContext) -> list[Violation]:
    """A taper window holds at least floor(T'/7) hard days that are not races."""
    if not ctx.scenario.constraints.keep_intensity_on:
        return []
    out = []
    for w in ctx.cal.taper_windows:
        span = w.in_block
        need = len(span) // 7
        have = sum(
            1 for d in span if (s := ctx.days[d]) is not None and s.hard and s.type != "race"
        )
        if have < need and ctx.known(span):
            out.append(
                ctx.at_day(
                    "taper_keep_intensity",
                    span.start,
                    f"{_window_text(ctx, w)} holds {have} hard non-race days; at least "
                    f"{need} are required to keep intensity",
                    read_until=w.race_day - 1,
                )
            )
    return out


def _span_text(ctx: CheckContext, days: range) -> str:
    return f"{ctx.cal.date(days.start)} to {ctx.cal.date(days.stop - 1)} ({len(days)} days)"


def _reference_x7(ctx: CheckContext, w: TaperWindow) -> int:
    """7 x the load of the 28 days before a taper window, pre-start days at chronic / 7."""
    n_pre = sum(1 for d in w.reference if d < 0)
    return 7 * ctx.load_sum(w.reference) + ctx.scenario.athlete.chronic_load * n_pre


def check_taper_min_sessions(ctx: CheckContext) -> list[Violation]:
    """Taper shape, frequency: when the 28 days before a taper window hold n >= 7 block
    days, s of them not rest, every taper week of L days holds c non-rest days with
    7 x n x c >= L x (7 x s - taper_min_sessions_drop x n)."""
    cons = ctx.scenario.constraints
    if not cons.taper_shape_on:
        return []
    out = []
    drop = cons.taper_min_sessions_drop
    for w in ctx.cal.taper_windows:
        ref_in = range(max(0, w.reference.start), w.reference.stop)
        n = len(ref_in)
        if n < ACUTE_DAYS or not ctx.known(ref_in):
            continue
        s_ref = sum(1 for d in ref_in if _session_type(ctx, d) != "rest")
        for chunk in w.weeks:
            if not ctx.known(chunk):
                continue
            c = sum(1 for d in chunk if _session_type(ctx, d) != "rest")
            length = len(chunk)
            if 7 * n * c < length * (7 * s_ref - drop * n):
                avg = Fraction(7 * s_ref, n)
                need = max(Fraction(0), (avg - drop) * length / 7)
                out.append(
                    ctx.at_day(
                        "taper_min_sessions_drop",
                        chunk.start,
                        f"taper week {_span_text(ctx, chunk)} of {_window_text(ctx, w)} holds "
                        f"{c} sessions, fewer than {_num(need)}: the 28 days before the taper "
                        f"average {_num(avg)} sessions a week, and a taper week keeps all but "
                        f"{drop} of them (pro rata for {length} days)",
                        read_until=chunk[-1],
                    )
                )
    return out


def check_taper_fall(ctx: CheckContext) -> list[Violation]:
    """Taper shape, fall: the daily load falls from the 28 days before a taper window
    through each taper week, strictly unless the rate before is already 0. With rates
    num/den (the reference: 7 x its load / 196; a taper week of L days: its load / L):
    num_b x den_a < num_a x den_b when num_a > 0, else num_b = 0."""
    cons = ctx.scenario.constraints
    if not cons.taper_shape_on:
        return []
    out = []
    for w in ctx.cal.taper_windows:
        chunks = w.weeks
        ref_x7 = _reference_x7(ctx, w)
        before: tuple[int, int, bool, str] = (
            ref_x7,
            7 * REFERENCE_DAYS,
            ctx.known(w.reference),
            f"the {REFERENCE_DAYS}-day reference before it",
        )
        for chunk in chunks:
            num_a, den_a, known_a, name_a = before
            num_b, den_b, known_b = ctx.load_sum(chunk), len(chunk), ctx.known(chunk)
            before = (num_b, den_b, known_b, f"the taper week before it ({_span_text(ctx, chunk)})")
            if not (known_a and known_b):
                continue
            falls = num_b * den_a < num_a * den_b if num_a > 0 else num_b == 0
            if falls:
                continue
            rate_a, rate_b = Fraction(num_a, den_a), Fraction(num_b, den_b)
            if den_a == 7 * REFERENCE_DAYS:
                rate_a /= 7  # the reference's num is 7 x its load
            out.append(
                ctx.at_day(
                    "taper_shape_enabled",
                    chunk.start,
                    f"taper week {_span_text(ctx, chunk)} of {_window_text(ctx, w)} averages "
                    f"{_num(rate_b)} load a day, not below {name_a}, "
                    f"{_num(rate_a)} a day: the load must fall week by week",
                    read_until=chunk[-1],
                )
            )
    return out


def check_taper_floor(ctx: CheckContext) -> list[Violation]:
    """Taper shape, floor: the last taper week (the days right before the race, L of them)
    keeps at least taper_floor_pct % of the reference's daily load:
    196 x 100 x load >= pct x L x (7 x the reference's load)."""
    cons = ctx.scenario.constraints
    if not cons.taper_shape_on or cons.taper_floor_pct == 0:
        return []
    out = []
    pct = cons.taper_floor_pct
    for w in ctx.cal.taper_windows:
        if not w.weeks:
            continue
        last = w.weeks[-1]
        if not (ctx.known(last) and ctx.known(w.reference)):
            continue
        load, ref_x7 = ctx.load_sum(last), _reference_x7(ctx, w)
        if 7 * REFERENCE_DAYS * 100 * load < pct * len(last) * ref_x7:
            ref_rate = Fraction(ref_x7, 7 * 7 * REFERENCE_DAYS)
            out.append(
                ctx.at_day(
                    "taper_floor_pct",
                    last.start,
                    f"the last taper week {_span_text(ctx, last)} of {_window_text(ctx, w)} "
                    f"averages {_num(Fraction(load, len(last)))} load a day, less than "
                    f"{pct}% of the {REFERENCE_DAYS}-day reference average {_num(ref_rate)} "
                    f"({_num(ref_rate * pct / 100)}): a taper falls progressively, not off a "
                    "cliff",
                    read_until=last[-1],
                )
            )
    return out


def _session_type(ctx: CheckContext, day: int) -> str | None:
    s = ctx.days[day]
    return s.type if s is not None else None


def check_recovery_days(ctx: CheckContext) -> list[Violation]:
    """The days right after a race hold no hard session other than a race."""
    if not ctx.scenario.constraints.recovery_days_enabled:
        return []
    out = []
    race_days = sorted(ctx.cal.race_days.items())
    for day in sorted(ctx.cal.recovery_days):
        s = ctx.days[day]
        if s is None or not s.hard or s.type == "race":
            continue
        race = [r for rd, r in race_days if rd < day][-1]
        out.append(
            ctx.at_day(
                "recovery_days",
                day,
                f"{ctx.cal.date(day)} is a recovery day after the {race.priority} race "
                f"{race.label} on {race.date} but holds the hard session '{s.id}' ({s.type})",
            )
        )
    return out


def check_quotas(ctx: CheckContext) -> list[Violation]:
    """Per week, days of each quota's type: <= max in every week; >= min only in quota-min
    weeks (full, no race day, no taper-window day, no recovery day)."""
    cons = ctx.scenario.constraints
    if not cons.quotas_enabled:
        return []
    out = []
    for q in cons.quotas:
        for week in ctx.cal.weeks:
            count = sum(
                1 for d in week.day_range if (s := ctx.days[d]) is not None and s.type == q.type
            )
            if q.max is not None and count > q.max:
                out.append(
                    ctx.at_week(
                        "quotas",
                        week,
                        f"week {week.index} has {count} {q.type} sessions, more than the "
                        f"quota's max of {q.max}",
                    )
                )
            if count < q.min and ctx.cal.is_quota_min_week(week) and ctx.known(week.day_range):
                out.append(
                    ctx.at_week(
                        "quotas",
                        week,
                        f"week {week.index} has {count} {q.type} sessions, fewer than the "
                        f"quota's min of {q.min}",
                    )
                )
    return out


def check_min_easy(ctx: CheckContext) -> list[Violation]:
    """Min-easy weeks: 100 x minutes of non-hard sessions >= pct x the week's minutes."""
    cons = ctx.scenario.constraints
    if not cons.min_easy_enabled:
        return []
    out = []
    pct = cons.min_easy_pct
    for week in ctx.cal.weeks:
        if not ctx.cal.is_min_easy_week(week) or not ctx.known(week.day_range):
            continue
        sessions = [s for d in week.day_range if (s := ctx.days[d]) is not None]
        total = sum(s.minutes for s in sessions)
        easy = sum(s.minutes for s in sessions if not s.hard)
        if 100 * easy < pct * total:
            out.append(
                ctx.at_week(
                    "min_easy_pct",
                    week,
                    f"week {week.index}: non-hard sessions fill {easy} of its {total} minutes "
                    f"({_num(Fraction(100 * easy, total))}%), less than the required {pct}%",
                )
            )
    return out


def check_progression(ctx: CheckContext) -> list[Violation]:
    """A session of type t and level L in week k: L <= 1 + max(start level of t, highest
    level of t used in any earlier week). Rest and race have no ladder."""
    if not ctx.scenario.constraints.progression_enabled:
        return []
    out = []
    athlete = ctx.scenario.athlete
    highest: dict[str, int] = {}
    history_known = True
    for week in ctx.cal.weeks:
        used: dict[str, int] = {}
        for d in week.day_range:
            s = ctx.days[d]
            if s is None or s.type in LADDER_FREE_TYPES:
                continue
            used[s.type] = max(used.get(s.type, 0), s.level)
            if not history_known:
                continue
            start_level = athlete.level_start(s.type)
            base = max(start_level, highest.get(s.type, 0))
            if s.level > base + 1:
                so_far = (
                    f"the highest {s.type} level of earlier weeks is {highest[s.type]}"
                    if s.type in highest
                    else f"no {s.type} session in earlier weeks"
                )
                out.append(
                    ctx.at_day(
                        "progression_enabled",
                        d,
                        f"'{s.id}' on {ctx.cal.date(d)} is {s.type} level {s.level}, but week "
                        f"{week.index} allows at most level {base + 1} ({so_far}, start level "
                        f"{start_level}; one rung a week)",
                    )
                )
        for t, level in used.items():
            highest[t] = max(highest.get(t, 0), level)
        history_known = history_known and ctx.known(week.day_range)
    return out


def check_acwr_max(ctx: CheckContext) -> list[Violation]:
    """For every day d, with pre-start days counting chronic_load / 7 (all terms x 7):
    100 x 4 x 7 x acute(d-6..d) <= pct x 7 x chronic(d-27..d)."""
    cons = ctx.scenario.constraints
    if not cons.acwr_on:
        return []
    assert cons.acwr_max_pct is not None
    pct = cons.acwr_max_pct
    chronic_load = ctx.scenario.athlete.chronic_load
    out = []

    def x7(days: range) -> int:
        n_pre = sum(1 for d in days if d < 0)
        return 7 * ctx.load_sum(days) + chronic_load * n_pre

    for day in range(ctx.cal.n_days):
        long_window = range(day - REFERENCE_DAYS + 1, day + 1)
        if not ctx.known(long_window):
            continue
        acute = x7(range(day - ACUTE_DAYS + 1, day + 1))
        chronic = x7(long_window)
        if 400 * acute > pct * chronic:
            ratio = Fraction(400 * acute, chronic)  # acute > 0 implies chronic > 0
            out.append(
                ctx.at_day(
                    "acwr_max_pct",
                    day,
                    f"on {ctx.cal.date(day)} the 7-day load {_num(Fraction(acute, 7))} is "
                    f"{_num(ratio)}% of the 28-day weekly average "
                    f"{_num(Fraction(chronic, 7 * 4))}, above the maximum of {pct}%",
                )
            )
    return out


def check_max_monotony(ctx: CheckContext) -> list[Violation]:
    """Full weeks with any load: mean / population stdev of the 7 daily loads <= max
    (+1e-9); equal non-zero loads break it."""
    cons = ctx.scenario.constraints
    if not cons.monotony_on:
        return []
    assert cons.max_monotony is not None
    out = []
    for week in ctx.cal.weeks:
        if not week.full or not ctx.known(week.day_range):
            continue
        loads = [_load(ctx.days[d]) for d in week.day_range]
        total = sum(loads)
        if total == 0:
            continue
        n = len(loads)
        spread = n * sum(x * x for x in loads) - total * total  # n^2 x variance, exact
        mean = total / n
        if spread == 0:
            out.append(
                ctx.at_week(
                    "max_monotony",
                    week,
                    f"week {week.index} has the same load {loads[0]} every day, so its "
                    f"monotony is unbounded, above the maximum of {cons.max_monotony:g}",
                )
            )
            continue
        stdev = math.sqrt(spread) / n
        monotony = mean / stdev
        if monotony > cons.max_monotony + MONOTONY_TOLERANCE:
            out.append(
                ctx.at_week(
                    "max_monotony",
                    week,
                    f"week {week.index} monotony {monotony:.3f} (mean daily load {mean:.1f} / "
                    f"standard deviation {stdev:.1f}) exceeds the maximum of "
                    f"{cons.max_monotony:g}",
                )
            )
    return out


def check_load_caps(ctx: CheckContext) -> list[Violation]:
    """Re-planning after signs of fatigue: a capped week's load <= its cap."""
    history = ctx.scenario.history
    if history is None:
        return []
    out = []
    for cap in history.load_caps:
        week = ctx.cal.weeks[cap.week - 1]
        load = ctx.load_sum(week.day_range)
        if load > cap.load:
            out.append(
                ctx.at_week(
                    "fatigue_cut_pct",
                    week,
                    f"week {week.index} loads {load}, above its cap of {cap.load} "
                    f"({cap.reason or 'set by the re-plan'})",
                )
            )
    return out


RULES: tuple[Callable[[CheckContext], list[Violation]], ...] = (
    check_load_caps,
    check_races,
    check_blocked,
    check_pins,
    check_availability,
    check_max_sessions_per_week,
    check_hard_spacing,
    check_max_hard_per_week,
    check_weekly_load_max,
    check_ramp,
    check_deload,
    check_long_run_spike,
    check_taper,
    check_taper_keep_intensity,
    check_taper_min_sessions,
    check_taper_fall,
    check_taper_floor,
    check_recovery_days,
    check_quotas,
    check_min_easy,
    check_progression,
    check_acwr_max,
    check_max_monotony,
)
