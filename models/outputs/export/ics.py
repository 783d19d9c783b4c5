"""The plan as an iCalendar file: one all-day event per training day.

- UID: a hash of (scenario name, date, session id) + `@speedblock`, so a re-solved
  plan keeps the UID of every day whose session did not change.
- DTSTAMP: midnight UTC of the block's first day, so that the same plan exported
  twice gives the same bytes.
- Race days: SUMMARY `RACE: <race name>` and the category `Race`.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from icalendar import Calendar, Event

from models.outputs.export.days import ExportDay, ExportPlan
from models.outputs.export.text import workout_text
from models.workout import TYPE_LABELS

PRODID = "-//speedblock//training plan//EN"


def day_uid(scenario_name: str, date: dt.date, session_id: str) -> str:
    key = "\x1f".join((scenario_name, date.isoformat(), session_id))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32] + "@speedblock"


def ics_bytes(plan: ExportPlan) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"{plan.scenario.name} (speedblock)")
    stamp = dt.datetime.combine(plan.start, dt.time(0), tzinfo=dt.UTC)
    for day in plan.training_days:
        cal.add_component(_event(plan, day, stamp))
    return bytes(cal.to_ical())


def _event(plan: ExportPlan, day: ExportDay, stamp: dt.datetime) -> Event:
    event = Event()
    event.add("uid", day_uid(plan.scenario.name, day.date, day.session.id))
    event.add("dtstamp", stamp)
    event.add("dtstart", day.date)
    event.add("dtend", day.date + dt.timedelta(days=1))
    event.add("summary", day.title)
    event.add("description", description(day))
    race = day.race is not None
    event.add("categories", ["Race"] if race else ["Training", TYPE_LABELS[day.session.type]])
    event.add("transp", "TRANSPARENT")
    return event


def description(day: ExportDay) -> str:
    """The workout step by step, then the catalog's description and the numbers."""
    assert day.workout is not None
    s = day.session
    facts = f"{s.minutes} min, load {s.load}{', hard' if s.hard else ''} (session {s.id})"
    return "\n\n".join(p for p in (workout_text(day.workout), day.description, facts) if p)
