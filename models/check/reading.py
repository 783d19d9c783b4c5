"""Reading the plan's `days` list: one session per day index and the violations of
`days` (structure, dates, lived days) and `catalog` (unknown ids, fields that differ)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from models.calendar import BlockCalendar
from models.check.base import Violation
from models.check.text import kind, show
from models.plan_document import DATE_RULE, parse_date
from models.rules.registry import CATALOG, DAYS
from models.scenario import Session

COMPARED_FIELDS = ("type", "minutes", "load", "hard", "level")


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
        out.append(Violation(DAYS, None, None, f"the plan is {kind(plan)}, not an object"))
        return slots, out
    raw = plan.get("days")
    if "days" not in plan:
        out.append(Violation(DAYS, None, None, "the plan has no 'days' list"))
        return slots, out
    if not isinstance(raw, list):
        out.append(Violation(DAYS, None, None, f"the plan's 'days' is {kind(raw)}, not a list"))
        return slots, out

    seen: set[int] = set()
    latest: dt.date | None = None
    first_day, last_day = cal.start, cal.date(cal.n_days - 1)
    for i, entry in enumerate(raw):
        where = f"days[{i}]"
        if not isinstance(entry, Mapping):
            out.append(Violation(DAYS, None, None, f"{where} is {kind(entry)}, not an object"))
            continue
        date = parse_date(entry.get("date"))
        day: int | None = None
        if date is None:
            if "date" not in entry:
                text = f"{where} has no date"
            else:
                text = f"{where} date {show(entry.get('date'))} is not a date ({DATE_RULE})"
            out.append(Violation(DAYS, None, None, text))
        elif not first_day <= date <= last_day:
            out.append(
                Violation(
                    DAYS,
                    date,
                    None,
                    f"{where} date {date} lies outside the block {first_day} to {last_day}",
                )
            )
        elif cal.day_index(date) in seen:
            out.append(
                _dated(
                    cal,
                    DAYS,
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
                        DAYS,
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
                out.append(_dated(cal, DAYS, date, text))
        else:
            session, problem = _match_session(catalog, entry)
            if problem is not None:
                out.append(_dated(cal, CATALOG, date, f"{label}: {problem}"))
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
        out.append(Violation(DAYS, cal.date(first), cal.week_of(first).index, text))
    return out


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
        return None, f"session {show(sid)} is not a session id"
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
            diffs.append(f"{name} {show(value)} (the catalog says {show(expected)})")
    if diffs:
        return session, f"session {sid!r} differs from the catalog: " + ", ".join(diffs)
    return session, None


def _same(value: Any, expected: Any) -> bool:
    if isinstance(expected, bool):
        return isinstance(value, bool) and value == expected
    if isinstance(expected, int):
        return isinstance(value, int | float) and not isinstance(value, bool) and value == expected
    return isinstance(value, str) and value == expected
