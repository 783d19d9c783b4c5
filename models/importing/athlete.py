"""The athlete of an imported scenario, read off the book plan.

Availability per weekday is the book's longest session on that weekday (0 when the book
never trains then, races aside); sessions per week is the book's most; the chronic load
is week 1's load and the longest recent run the longest session of week 1, as the book
assumes an athlete who already trains at its first week (an athlete file may give both);
the long-run day is the weekday of the longest long run in most of the book's weeks.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from models.scenario import WEEKDAYS, Session


def derive_athlete(
    start_weekday: int,
    sessions: Sequence[Session],
    race_days: set[int],
    given: dict[str, Any],
) -> tuple[dict[str, Any], dict[str, str]]:
    """Availability, sessions per week, chronic load, longest recent run and long-run day
    from the book; `given` (an athlete file's values) wins over the derived ones."""
    notes: dict[str, str] = {}
    availability = {}
    for w, weekday in enumerate(WEEKDAYS):
        offset = (w - start_weekday) % 7
        longest = max(
            (s.minutes for d, s in enumerate(sessions) if d % 7 == offset and d not in race_days),
            default=0,
        )
        availability[weekday] = longest
    notes["availability"] = (
        "the book's longest session on each weekday, races aside (0: it never trains then)"
    )
    weeks = [sessions[i : i + 7] for i in range(0, len(sessions), 7)]
    most = max(
        sum(1 for j, s in enumerate(week) if s.type != "rest" and 7 * k + j not in race_days)
        for k, week in enumerate(weeks)
    )
    notes["max_sessions_per_week"] = "the most training days of any week of the book"
    first = weeks[0]
    chronic = sum(s.load for s in first)
    longest_first = max((s.minutes for s in first if s.type != "race"), default=0)
    athlete: dict[str, Any] = {
        "availability": availability,
        "max_sessions_per_week": max(1, most),
        "chronic_load": chronic,
        "longest_recent_run_min": longest_first,
    }
    notes["chronic_load"] = "week 1's load: the book assumes you already train at its first week"
    notes["longest_recent_run_min"] = "the longest session of week 1"
    long_days: Counter[str] = Counter()
    for k, week in enumerate(weeks):
        runs = [(s.minutes, j) for j, s in enumerate(week) if s.type == "long"]
        if runs:
            day = 7 * k + max(runs)[1]
            long_days[WEEKDAYS[(start_weekday + day) % 7]] += 1
    if long_days:
        day_name, count = long_days.most_common(1)[0]
        athlete["long_run_day"] = day_name
        notes["long_run_day"] = (
            f"the weekday of the longest run in {count} of the book's {sum(long_days.values())} "
            "weeks with a long run"
        )
    for key, value in given.items():
        athlete[key] = value
        notes[key] = "from the athlete file"
    return athlete, notes
