"""Taper shape: frequency kept, load falling week by week, and a floor."""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction

from models.calendar import ACUTE_DAYS, REFERENCE_DAYS, TaperWindow
from models.check.base import CheckContext, Violation, rule_checker
from models.check.text import num, span_text, window_text
from models.rules.registry import TAPER_FALL, TAPER_FLOOR, TAPER_SESSIONS


def _reference_x7(ctx: CheckContext, w: TaperWindow) -> int:
    """7 x the load of the 28 days before a taper window, pre-start days at chronic / 7."""
    n_pre = sum(1 for d in w.reference if d < 0)
    return 7 * ctx.load_sum(w.reference) + ctx.scenario.athlete.chronic_load * n_pre


def _at_taper_week(
    ctx: CheckContext, key: str, w: TaperWindow, week: range, detail: str, name: str = "taper week"
) -> Violation:
    """A violation of a taper week, dated its first day and read until its last: the
    detail follows the week's and its window's names."""
    return ctx.at_day(
        key,
        week.start,
        f"{name} {span_text(ctx, week)} of {window_text(ctx, w)} {detail}",
        read_until=week[-1],
    )


@rule_checker(TAPER_SESSIONS)
def check_taper_min_sessions(ctx: CheckContext) -> Iterator[Violation]:
    """Taper shape, frequency: when the 28 days before a taper window hold n >= 7 block
    days, s of them not rest, every taper week of L days holds c non-rest days with
    7 x n x c >= L x (7 x s - taper_min_sessions_drop x n)."""
    drop = ctx.scenario.constraints.taper_min_sessions_drop
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
                yield _at_taper_week(
                    ctx,
                    TAPER_SESSIONS.key,
                    w,
                    chunk,
                    f"holds {c} sessions, fewer than {num(need)}: the 28 days before the taper "
                    f"average {num(avg)} sessions a week, and a taper week keeps all but "
                    f"{drop} of them (pro rata for {length} days)",
                )


@rule_checker(TAPER_FALL)
def check_taper_fall(ctx: CheckContext) -> Iterator[Violation]:
    """Taper shape, fall: the daily load falls from the 28 days before a taper window
    through each taper week, strictly unless the rate before is already 0. With rates
    num/den (the reference: 7 x its load / 196; a taper week of L days: its load / L):
    num_b x den_a < num_a x den_b when num_a > 0, else num_b = 0."""
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
            before = (num_b, den_b, known_b, f"the taper week before it ({span_text(ctx, chunk)})")
            if not (known_a and known_b):
                continue
            falls = num_b * den_a < num_a * den_b if num_a > 0 else num_b == 0
            if falls:
                continue
            rate_a, rate_b = Fraction(num_a, den_a), Fraction(num_b, den_b)
            if den_a == 7 * REFERENCE_DAYS:
                rate_a /= 7  # the reference's num is 7 x its load
            yield _at_taper_week(
                ctx,
                TAPER_FALL.key,
                w,
                chunk,
                f"averages {num(rate_b)} load a day, not below {name_a}, "
                f"{num(rate_a)} a day: the load must fall week by week",
            )


@rule_checker(TAPER_FLOOR)
def check_taper_floor(ctx: CheckContext) -> Iterator[Violation]:
    """Taper shape, floor: the last taper week (the days right before the race, L of them)
    keeps at least taper_floor_pct % of the reference's daily load:
    196 x 100 x load >= pct x L x (7 x the reference's load)."""
    pct = ctx.scenario.constraints.taper_floor_pct
    for w in ctx.cal.taper_windows:
        if not w.weeks:
            continue
        last = w.weeks[-1]
        if not (ctx.known(last) and ctx.known(w.reference)):
            continue
        load, ref_x7 = ctx.load_sum(last), _reference_x7(ctx, w)
        if 7 * REFERENCE_DAYS * 100 * load < pct * len(last) * ref_x7:
            ref_rate = Fraction(ref_x7, 7 * 7 * REFERENCE_DAYS)
            yield _at_taper_week(
                ctx,
                TAPER_FLOOR.key,
                w,
                last,
                f"averages {num(Fraction(load, len(last)))} load a day, less than "
                f"{pct}% of the {REFERENCE_DAYS}-day reference average {num(ref_rate)} "
                f"({num(ref_rate * pct / 100)}): a taper falls progressively, not off a "
                "cliff",
                name="the last taper week",
            )


def _session_type(ctx: CheckContext, day: int) -> str | None:
    s = ctx.days[day]
    return s.type if s is not None else None
