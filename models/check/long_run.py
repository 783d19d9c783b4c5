"""Long-run spike against the longest session of the 30 days before."""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction

from models.calendar import SPIKE_LOOKBACK_DAYS
from models.check.base import CheckContext, Violation, rule_checker
from models.check.text import num
from models.rules.registry import LONG_RUN_SPIKE


@rule_checker(LONG_RUN_SPIKE)
def check_long_run_spike(ctx: CheckContext) -> Iterator[Violation]:
    """A non-race session's minutes on day d <= (1 + pct/100) x the longest non-race session
    of days d-30..d-1, days before start counting as longest_recent_run_min."""
    pct = ctx.scenario.constraints.long_run_spike_pct
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
            yield ctx.at_day(
                LONG_RUN_SPIKE.key,
                day,
                f"'{s.id}' on {ctx.cal.date(day)} lasts {s.minutes} min, more than "
                f"{100 + pct}% of {source}, {longest} min "
                f"({num(Fraction((100 + pct) * longest, 100))} min)",
            )
