"""Re-planning from a training log: the lived part of a block as a scenario's `history`,
the fatigue rule, and the difference between the old plan and the new one.

- Days before `until` hold what the log says; a day without a log row was a rest day
  (`missing = "rest"`), or, with `missing = "planned"`, what the old plan said.
- A rule instance that reads only days before `until` is not enforced: the log already
  decided it. Instances that reach `until` or later are, with the logged days as they
  were (a ramp over logged weeks, spacing after a logged hard day, a taper whose
  reference holds logged days, a long run after a logged long run, the ladder rungs
  already climbed).
- Fatigue rule (`constraints.fatigue_enabled`, `fatigue_cut_pct`): when, among the last
  `RPE_WINDOW` logged sessions that had a prescribed session and an RPE, at least
  `RPE_SESSIONS` felt `RPE_EXCESS` or more above the prescribed session's intended RPE,
  or when at least `MISSED_DAYS` planned training days of the last 7 were missed, the
  first week that starts on or after `until` may load at most (100 - fatigue_cut_pct)%
  of the highest full logged week of the `ramp_reference_weeks` before it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from models.calendar import BlockCalendar, build_calendar
from models.catalog import resolve_catalog
from models.history.training_log import LogEntry, intended_rpe
from models.plan_document import parse_date
from models.scenario import Scenario, Session

RPE_WINDOW = 5
RPE_SESSIONS = 3
RPE_EXCESS = 2.0
MISSED_DAYS = 2


def until_index(scenario: Scenario) -> int:
    """The first day index that is not history (0 without history)."""
    if scenario.history is None:
        return 0
    return (scenario.history.until - scenario.start).days


def history_sessions(scenario: Scenario) -> dict[int, Session]:
    """The session each history day holds, as a session of its own."""
    history = scenario.history
    if history is None:
        return {}
    races = {r.date: r for r in scenario.races}
    listed = {day.date: day for day in history.days}
    known = {s.id: s for s in resolve_catalog(scenario)}
    out = {}
    for d in range(until_index(scenario)):
        date = scenario.start + dt.timedelta(days=d)
        day = listed.get(date)
        if day is None:
            out[d] = Session(id="rest", type="rest", minutes=0, load=0, hard=False)
            continue
        distance = day.distance or (races[date].distance if date in races else None)
        kind = day.type if day.type != "race" or distance else "time_trial"
        out[d] = Session(
            id=day.session,
            type=kind,
            minutes=day.minutes,
            load=day.load,
            hard=day.hard or kind == "race",
            level=day.level,
            description=day.note
            or (known[day.session].description if day.session in known else "")
            or f"logged: {day.type}, {day.minutes} min",
            distance=distance if kind == "race" else None,
        )
    return out


def planned_sessions(scenario: Scenario) -> dict[int, str]:
    """Day index -> the old plan's session id, for the days still to come."""
    if scenario.history is None:
        return {}
    return {(p.date - scenario.start).days: p.session for p in scenario.history.planned}


# ---------------------------------------------------------------- building a history


@dataclass(frozen=True)
class FatigueSignal:
    reason: str
    week: int
    cap: int


def history_table(
    scenario: Scenario,
    catalog: Mapping[str, Session],
    old_plan: Mapping[str, Any],
    log: Sequence[LogEntry],
    today: dt.date,
    missing: str = "rest",
) -> tuple[dict[str, Any], FatigueSignal | None]:
    """The `history` table of the re-plan (plain data, as a scenario file holds it)."""
    cal = build_calendar(scenario)
    old_days = plan_sessions(old_plan)
    logged = {e.date: e for e in log if e.date < today}
    days = []
    for d in range(cal.day_index(today)):
        date = cal.date(d)
        if date in logged:
            days.append(logged_day(logged[date], catalog))
        elif missing == "planned" and old_days.get(date) in catalog:
            days.append(catalog_day(date, catalog[old_days[date]]))
    planned = [
        {"date": date.isoformat(), "session": sid}
        for date, sid in sorted(old_days.items())
        if date >= today and sid in catalog
    ]
    table: dict[str, Any] = {"until": today.isoformat(), "days": days, "planned": planned}
    signal = fatigue_signal(scenario, cal, catalog, old_days, log, today, days)
    if signal is not None:
        table["load_caps"] = [{"week": signal.week, "load": signal.cap, "reason": signal.reason}]
    return table, signal


def plan_sessions(plan: Mapping[str, Any]) -> dict[dt.date, str]:
    """Date -> session id of a plan JSON's readable days."""
    return {date: value for date, value in plan_field(plan, "session") if isinstance(value, str)}


def day_loads(plan: Mapping[str, Any]) -> dict[dt.date, int]:
    """Date -> load of a plan JSON's readable days."""
    return {
        date: value
        for date, value in plan_field(plan, "load")
        if isinstance(value, int) and not isinstance(value, bool)
    }


def plan_field(plan: Mapping[str, Any], name: str) -> list[tuple[dt.date, Any]]:
    out = []
    for day in plan.get("days") or []:
        if isinstance(day, Mapping) and (date := parse_date(day.get("date"))) is not None:
            out.append((date, day.get(name)))
    return out


def logged_day(entry: LogEntry, catalog: Mapping[str, Session]) -> dict[str, Any]:
    session = catalog.get(entry.session) if entry.session else None
    day: dict[str, Any] = {
        "date": entry.date.isoformat(),
        "session": entry.plan_session,
        "type": entry.type,
        "minutes": entry.minutes,
        "load": entry.load,
        "hard": entry.hard,
        "level": session.level if session else 0,
    }
    if session is not None and session.distance is not None:
        day["distance"] = session.distance
    if entry.note:
        day["note"] = entry.note
    return day


def catalog_day(date: dt.date, session: Session) -> dict[str, Any]:
    day = {
        "date": date.isoformat(),
        "session": session.id,
        "type": session.type,
        "minutes": session.minutes,
        "load": session.load,
        "hard": session.hard,
        "level": session.level,
    }
    if session.distance is not None:
        day["distance"] = session.distance
    return day


def fatigue_signal(
    scenario: Scenario,
    cal: BlockCalendar,
    catalog: Mapping[str, Session],
    old_days: Mapping[dt.date, str],
    log: Sequence[LogEntry],
    today: dt.date,
    history_days: Sequence[Mapping[str, Any]],
) -> FatigueSignal | None:
    cons = scenario.constraints
    if not cons.fatigue_enabled or cons.fatigue_cut_pct == 0:
        return None
    reasons = []
    rated = [
        (e.rpe, intended)
        for e in log
        if e.date < today
        and e.rpe is not None
        and (prescribed := catalog.get(old_days.get(e.date, ""))) is not None
        and (intended := intended_rpe(prescribed)) is not None
    ][-RPE_WINDOW:]
    too_hard = sum(1 for rpe, intended in rated if rpe >= intended + RPE_EXCESS)
    if too_hard >= RPE_SESSIONS:
        reasons.append(f"{too_hard} of the last {len(rated)} sessions felt much harder than meant")
    logged = {e.date for e in log if e.type != "rest"}
    recent = [today - dt.timedelta(days=i) for i in range(1, 8)]
    missed = 0
    for date in recent:
        sid = old_days.get(date, "")
        if date >= scenario.start and sid in catalog and catalog[sid].type != "rest":
            missed += date not in logged
    if missed >= MISSED_DAYS:
        reasons.append(f"{missed} planned sessions missed in the last 7 days")
    if not reasons:
        return None
    first = cal.day_index(today)
    week = next((w for w in cal.weeks if w.first >= first), None)
    if week is None:
        return None
    loads = [0] * cal.n_days
    for day in history_days:
        loads[cal.day_index(dt.date.fromisoformat(day["date"]))] = int(day["load"])
    recent_weeks = [
        sum(loads[d] for d in w.day_range)
        for w in cal.weeks
        if w.full and w.index < week.index and w.day_range[-1] < first
    ][-cons.ramp_reference_weeks :]
    reference = max(recent_weeks, default=scenario.athlete.chronic_load)
    if week.index <= cons.ramp_reference_weeks:
        reference = max(reference, scenario.athlete.chronic_load)
    cap = reference * (100 - cons.fatigue_cut_pct) // 100
    return FatigueSignal(reason="; ".join(reasons), week=week.index, cap=cap)


# ---------------------------------------------------------------- the difference


@dataclass(frozen=True)
class DayChange:
    date: dt.date
    before: str
    after: str
    reason: str

    def as_dict(self) -> dict[str, str]:
        return {
            "date": self.date.isoformat(),
            "before": self.before,
            "after": self.after,
            "reason": self.reason,
        }


def plan_changes(
    scenario: Scenario,
    old_plan: Mapping[str, Any],
    new_plan: Mapping[str, Any],
    signal: FatigueSignal | None,
) -> list[DayChange]:
    """The days from `history.until` on whose session changed, each with a likely reason."""
    assert scenario.history is not None
    cal = build_calendar(scenario)
    today = scenario.history.until
    old, new = plan_sessions(old_plan), plan_sessions(new_plan)
    old_loads = day_loads(old_plan)
    new_loads = day_loads(new_plan)
    week_reason: dict[int, str] = {}
    lived = range(cal.day_index(today))
    logged_load = sum(new_loads.get(cal.date(d), 0) for d in lived)
    planned_load = sum(old_loads.get(cal.date(d), 0) for d in lived)
    for w in cal.weeks:
        if signal is not None and w.index == signal.week:
            week_reason[w.index] = f"load capped at {signal.cap}: {signal.reason}"
        elif logged_load < planned_load:
            week_reason[w.index] = (
                f"ramp from lighter weeks: logged load {logged_load} against {planned_load} planned"
            )
        elif logged_load > planned_load:
            week_reason[w.index] = (
                f"logged load {logged_load} above the {planned_load} planned: the rules "
                "that look back see more"
            )
    changes = []
    for date in sorted(d for d in new if d >= today):
        before, after = old.get(date, "-"), new[date]
        if before != after:
            week = cal.week_of(cal.day_index(date)).index
            reason = week_reason.get(week, "re-optimized around the logged days")
            changes.append(DayChange(date, before, after, reason))
    return changes
