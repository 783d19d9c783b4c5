"""The block-shape rules and the plateau penalty (docs/rules.md) in the baseline model
(benchmarks/naive_model.py), each added as written: a day's run is an integer variable,
a week's longest run and (without a ceiling) the block's highest full week a max, each
"some week is lighter" or
"some week steps back" one boolean per week and a sum, the penalty's flatness a
boolean per week equal to its condition, a repeat of the longest run one boolean per
step that the two weeks differ."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ortools.sat.python import cp_model

from models.shape import SHARPENING_TYPES, a_race_stretches, build_windows, full_windows

if TYPE_CHECKING:
    from benchmarks.naive_model import _Builder


def runs(b: _Builder) -> list[cp_model.IntVar]:
    """Each day's minutes when it holds no race."""
    most = max(s.minutes for s in b.ss)
    return [
        b.int_of(b.over(d, lambda s: 0 if s.type == "race" else s.minutes), 0, most, f"run[{d}]")
        for d in range(b.n)
    ]


def add_shape_rules(b: _Builder) -> None:
    cons, m = b.cons, b.m
    if cons.wave_on:
        share = 100 - cons.plateau_pct
        full = [k for k, w in enumerate(b.cal.weeks) if w.full]
        top: cp_model.IntVar | int
        if cons.weekly_load_max is not None and cons.weekly_load_max_on:
            top = cons.weekly_load_max
        else:
            top = m.new_int_var(0, 7 * max(s.load for s in b.ss), "wave_top")
            m.add_max_equality(top, [b.week_load[k] for k in full])
        for i, window in enumerate(full_windows(b.cal, cons.plateau_max_weeks + 1)):
            loads = [b.week_load[w.index - 1] for w in window]
            lighter = [m.new_bool_var(f"lighter[{i},{j}]") for j in range(len(loads))]
            for flag, load in zip(lighter, loads, strict=True):
                m.add(100 * load <= share * top).only_enforce_if(flag)
            m.add(sum(lighter) >= 1)
    if not (cons.step_back_on or cons.repeat_on or cons.peak_window_on or cons.final_cap_on):
        return
    run = runs(b)
    most = max(s.minutes for s in b.ss)

    def longest(days: range, name: str) -> cp_model.IntVar:
        top = m.new_int_var(0, most, name)
        m.add_max_equality(top, [run[d] for d in days])
        return top

    if cons.step_back_on:
        for i, window in enumerate(build_windows(b.cal, cons.long_run_step_back_every + 1)):
            tops = [longest(w.day_range, f"longest[{i},{w.index}]") for w in window]
            backs = [m.new_bool_var(f"back[{i},{j}]") for j in range(1, len(tops))]
            for j, flag in enumerate(backs, start=1):
                m.add(tops[j] < tops[j - 1]).only_enforce_if(flag)
            m.add(sum(backs) >= 1)
    if cons.repeat_on:
        for i, window in enumerate(full_windows(b.cal, cons.long_run_repeat_max_weeks + 1)):
            tops = [longest(w.day_range, f"repeat_longest[{i},{w.index}]") for w in window]
            differ = [m.new_bool_var(f"differ[{i},{j}]") for j in range(1, len(tops))]
            for j, flag in enumerate(differ, start=1):
                m.add(tops[j] != tops[j - 1]).only_enforce_if(flag)
            empty = m.new_bool_var(f"none[{i}]")
            m.add(tops[0] == 0).only_enforce_if(empty)
            m.add(sum(differ) + empty >= 1)
    for stretch in a_race_stretches(b.cal):
        days = stretch.peak_window
        if cons.peak_window_on and days is not None:
            peak = longest(days, f"peak[{stretch.race_day}]")
            for d in stretch.segment:
                if d < days.start:
                    m.add(run[d] <= peak)
                elif d > days[-1]:
                    m.add(run[d] + b.over(d, lambda s: s.type == "long") <= peak)
        if cons.final_cap_on:
            for d in stretch.final_days:
                m.add(run[d] <= stretch.final_cap)


def add_sharpening(b: _Builder) -> None:
    cons = b.cons
    if not cons.sharpening_enabled:
        return
    for stretch in a_race_stretches(b.cal):
        days = stretch.last_days(cons.sharpening_days)
        b.m.add(b.count(days, SHARPENING_TYPES) <= cons.sharpening_max_quality)


def plateau_weeks(b: _Builder) -> cp_model.IntVar:
    """Windows of plateau_max_weeks + 1 build weeks that are all flat."""
    cons, m = b.cons, b.m
    pct = cons.plateau_pct
    ceiling = cons.weekly_load_max if cons.weekly_load_max_on else None

    def true_when(expr: cp_model.LinearExpr, name: str) -> cp_model.IntVar:
        """A boolean equal to expr >= 0."""
        flag = m.new_bool_var(name)
        m.add(expr >= 0).only_enforce_if(flag)
        m.add(expr < 0).only_enforce_if(flag.negated())
        return flag

    flat = []
    for k, w in enumerate(b.cal.weeks):
        load = b.week_load[k]
        reasons = []
        if ceiling is not None:
            reasons.append(true_when(100 * load - (100 - pct) * ceiling, f"ceiling[{w.index}]"))
        if k > 0 and b.cal.weeks[k - 1].full:
            prev = b.week_load[k - 1]
            up = true_when((100 + pct) * prev - 100 * load, f"up[{w.index}]")
            down = true_when(100 * load - (100 - pct) * prev, f"down[{w.index}]")
            both = m.new_bool_var(f"near[{w.index}]")
            m.add_multiplication_equality(both, [up, down])
            reasons.append(both)
        f = m.new_bool_var(f"flat[{w.index}]")
        m.add_max_equality(f, [0, *reasons])
        flat.append(f)
    windows = build_windows(b.cal, cons.plateau_max_weeks + 1)
    plateaus = []
    for window in windows:
        p = m.new_bool_var(f"plateau[{window[-1].index}]")
        m.add_min_equality(p, [flat[w.index - 1] for w in window])
        plateaus.append(p)
    return b.int_of(cp_model.LinearExpr.sum(plateaus), 0, len(windows), "plateau_weeks")
