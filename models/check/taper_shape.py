"""Taper shape: frequency kept, load falling week by week, and a floor."""

from __future__ import annotations

from fractions import Fraction

from models.calendar import ACUTE_DAYS, REFERENCE_DAYS, TaperWindow
from models.check.base import CheckContext, Violation
from models.check.text import num, span_text, window_text
from models.rules.registry import TAPER_FALL, TAPER_FLOOR, TAPER_SESSIONS


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
                        TAPER_SESSIONS.key,
                        chunk.start,
                        f"taper week {span_text(ctx, chunk)} of {window_text(ctx, w)} holds "
                        f"{c} sessions, fewer than {num(need)}: the 28 days before the taper "
                        f"average {num(avg)} sessions a week, and a taper week keeps all but "
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
            before = (num_b, den_b, known_b, f"the taper week before it ({span_text(ctx, chunk)})")
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
                    TAPER_FALL.key,
                    chunk.start,
                    f"taper week {span_text(ctx, chunk)} of {window_text(ctx, w)} averages "
                    f"{num(rate_b)} load a day, not below {name_a}, "
                    f"{num(rate_a)} a day: the load must fall week by week",
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
                    TAPER_FLOOR.key,
                    last.start,
                    f"the last taper week {span_text(ctx, last)} of {window_text(ctx, w)} "
                    f"averages {num(Fraction(load, len(last)))} load a day, less than "
                    f"{pct}% of the {REFERENCE_DAYS}-day reference average {num(ref_rate)} "
                    f"({num(ref_rate * pct / 100)}): a taper falls progressively, not off a "
                    "cliff",
                    read_until=last[-1],
                )
            )
    return out


def _session_type(ctx: CheckContext, day: int) -> str | None:
    s = ctx.days[day]
    return s.type if s is not None else None
