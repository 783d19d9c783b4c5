"""Taper before each race: the load cut and the kept intensity."""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction

from models.calendar import REFERENCE_DAYS
from models.check.base import CheckContext, Violation, rule_checker
from models.check.text import num, window_text
from models.rules.registry import TAPER, TAPER_INTENSITY


@rule_checker(TAPER)
def check_taper(ctx: CheckContext) -> Iterator[Violation]:
    """Average daily load over a taper window's in-block days <= (1 - c/100) x the average
    over the 28 days before the window, pre-start days counting chronic_load / 7:

        A / T' <= (100 - c)/100 x (7 B_in + chronic x n_pre) / (7 x 28)
    <=> 28 x 7 x 100 x A <= (100 - c) x T' x (7 B_in + chronic x n_pre)
    """
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
            yield ctx.at_day(
                TAPER.key,
                span.start,
                f"{window_text(ctx, w)} averages {num(avg)} load a day, more than "
                f"{100 - w.cut_pct}% of the {REFERENCE_DAYS}-day reference average "
                f"{num(ref_avg)} ({num(ceiling)})",
                read_until=w.race_day - 1,
            )


@rule_checker(TAPER_INTENSITY)
def check_taper_keep_intensity(ctx: CheckContext) -> Iterator[Violation]:
    """A taper window holds at least floor(T'/7) hard days that are not races."""
    for w in ctx.cal.taper_windows:
        span = w.in_block
        need = len(span) // 7
        have = sum(
            1 for d in span if (s := ctx.days[d]) is not None and s.hard and s.type != "race"
        )
        if have < need and ctx.known(span):
            yield ctx.at_day(
                TAPER_INTENSITY.key,
                span.start,
                f"{window_text(ctx, w)} holds {have} hard non-race days; at least "
                f"{need} are required to keep intensity",
                read_until=w.race_day - 1,
            )
