"""Foster monotony per full week: mean daily load / population standard deviation <= M.

Since a day holds exactly one session, the sum of squared daily loads Q is linear
in the day variables, and the rule is exact with one product per week:
    M^2 x (7 Q - S^2) >= S^2   <=>   7 M^2 Q >= (M^2 + 1) S^2,
where S is the week's load. M^2 is taken as a fraction p/q no larger than M^2
(denominator at most 10 000), so the model is never looser than the rule.
A week without load satisfies it (0 >= 0).

The product alone is nearly free in the linear relaxation, which may set the square
to anything up to its upper bound. The tangents S^2 >= 2aS - a^2 (true for every
integer a) give the relaxation the square's lower envelope; they are redundant for
the integer model.
"""

from __future__ import annotations

from fractions import Fraction

from ortools.sat.python import cp_model

from solver.context import MONOTONY, BuildContext, Where

TANGENTS = 16  # per week, evenly spread over the week load's range


def monotony_square(limit: float) -> Fraction:
    exact = Fraction(limit) ** 2
    approx = exact.limit_denominator(10_000)
    if approx > exact:
        approx -= Fraction(1, approx.denominator)
    return approx


def add(ctx: BuildContext) -> None:
    cons = ctx.cons
    if not cons.monotony_on:
        return
    assert cons.max_monotony is not None
    m2 = monotony_square(cons.max_monotony)
    p, q = m2.numerator, m2.denominator
    for w in ctx.cal.weeks:
        if not w.full:
            continue
        load = ctx.week_load[w.index - 1]
        upper = ctx.week_load_upper[w.index - 1]
        square = ctx.model.new_int_var(0, upper * upper, f"week_load_sq[{w.index}]")
        ctx.model.add_multiplication_equality(square, [load, load])
        add_tangents(ctx.model, square, load, upper)
        sum_sq = ctx.weighted(w.day_range, lambda s: s.load * s.load)
        ctx.add(MONOTONY, 7 * p * sum_sq >= (p + q) * square, Where(week=w.index))


def add_tangents(
    model: cp_model.CpModel, square: cp_model.IntVar, value: cp_model.IntVar, upper: int
) -> None:
    for i in range(1, TANGENTS + 1):
        a = upper * i // TANGENTS
        if a > 0:
            model.add(square >= 2 * a * value - a * a)
