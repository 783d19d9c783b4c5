"""Long-run build: step-backs of the week's longest run, no long run of equal longest runs,
the block's peak run in a window before each A race, and no long run in the last days
before it."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from models.calendar import Week
from models.check.base import CheckContext, Violation, rule_checker
from models.rules.registry import (
    LONG_RUN_FINAL,
    LONG_RUN_PEAK,
    LONG_RUN_REPEAT,
    LONG_RUN_STEP_BACK,
)
from models.shape import a_race_stretches, build_windows, full_windows


def run_minutes(ctx: CheckContext, day: int) -> int:
    """The day's minutes when it holds a non-race session, else 0 (unknown days too)."""
    s = ctx.days[day]
    return 0 if s is None or s.type == "race" else s.minutes


def longest_run(ctx: CheckContext, week: Week) -> int:
    return max(run_minutes(ctx, d) for d in week.day_range)


@rule_checker(LONG_RUN_STEP_BACK)
def check_long_run_step_back(ctx: CheckContext) -> Iterator[Violation]:
    """Among any long_run_step_back_every + 1 consecutive build weeks, the longest
    non-race session of some week but the first is shorter than the week before's.
    A window holding an unknown day is not judged."""
    every = ctx.scenario.constraints.long_run_step_back_every
    for window in build_windows(ctx.cal, every + 1):
        if not all(ctx.known(w.day_range) for w in window):
            continue
        longest = [longest_run(ctx, w) for w in window]
        if any(b < a for a, b in itertools.pairwise(longest)):
            continue
        yield ctx.at_week(
            LONG_RUN_STEP_BACK.key,
            window[-1],
            f"the longest run of weeks {window[0].index}-{window[-1].index} "
            f"({', '.join(str(m) for m in longest)} min) never steps back: a week's longest "
            f"run shorter than the week before's at least every {every} weeks",
        )


@rule_checker(LONG_RUN_REPEAT)
def check_long_run_repeat(ctx: CheckContext) -> Iterator[Violation]:
    """Among any long_run_repeat_max_weeks + 1 consecutive full weeks, not all have the
    same longest run: two weeks in a row differ, or one week runs nothing. A window
    holding an unknown day is not judged."""
    most = ctx.scenario.constraints.long_run_repeat_max_weeks
    for window in full_windows(ctx.cal, most + 1):
        if not all(ctx.known(w.day_range) for w in window):
            continue
        longest = [longest_run(ctx, w) for w in window]
        if longest[0] == 0 or len(set(longest)) > 1:
            continue
        yield ctx.at_week(
            LONG_RUN_REPEAT.key,
            window[-1],
            f"weeks {window[0].index}-{window[-1].index} all have the same longest run "
            f"({longest[0]} min): at most {most} full weeks in a row with the same one",
        )


@rule_checker(LONG_RUN_PEAK)
def check_long_run_peak(ctx: CheckContext) -> Iterator[Violation]:
    """For each A race whose peak window (models/shape.py PEAK_WEEKS) lies in its segment,
    no non-race session of the segment outside the window is longer than the window's
    longest, and no long run (type `long`) after the window is as long: the block's
    peak long run, and its last one that long, come in the window. A segment holding an
    unknown day is not judged."""
    for stretch in a_race_stretches(ctx.cal):
        window = stretch.peak_window
        if window is None or not ctx.known(stretch.segment):
            continue
        peak = max(run_minutes(ctx, d) for d in window)
        for d in stretch.segment:
            run = run_minutes(ctx, d)
            session = ctx.days[d]
            tie = d > window[-1] and session is not None and session.type == "long"
            if d in window or run < peak or (run == peak and not tie):
                continue
            than = "as long as" if run == peak else "longer than"
            yield ctx.at_day(
                LONG_RUN_PEAK.key,
                d,
                f"'{ctx.sid(d)}' on {ctx.cal.date(d)} lasts {run} min, {than} the longest "
                f"run ({peak} min) of {ctx.cal.date(window.start)} .. "
                f"{ctx.cal.date(window[-1])}, where the {stretch.distance} A race on "
                f"{ctx.cal.date(stretch.race_day)} wants the block's longest run"
                + (" and the last long run that long" if tie else ""),
                read_until=max(d, window[-1]),
            )


@rule_checker(LONG_RUN_FINAL)
def check_long_run_final_cap(ctx: CheckContext) -> Iterator[Violation]:
    """No non-race session longer than the distance's cap in the distance's last days
    before each A race (models/shape.py FINAL_CAP)."""
    for stretch in a_race_stretches(ctx.cal):
        cap = stretch.final_cap
        for d in stretch.final_days:
            if run_minutes(ctx, d) > cap:
                yield ctx.at_day(
                    LONG_RUN_FINAL.key,
                    d,
                    f"'{ctx.sid(d)}' on {ctx.cal.date(d)} lasts {run_minutes(ctx, d)} min, "
                    f"more than the {cap} min allowed in the last {stretch.final_span} "
                    f"days before the {stretch.distance} A race on "
                    f"{ctx.cal.date(stretch.race_day)}",
                )
