"""Short English labels of weekdays, months and dates, as the report and the rule
settings show them."""

from __future__ import annotations

import datetime as dt

WEEKDAY_LABELS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day_month(date: dt.date) -> str:
    return f"{date.day} {MONTHS[date.month - 1]}"
