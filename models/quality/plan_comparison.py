"""Two plans of one scenario side by side (`speedblock compare-plans`): typically the book
plan an import wrote and the plan `speedblock solve` found inside the book's envelope.

For each plan: the weekly load by session type, each race's modelled performance (the
scenario's Banister formula), the highest monotony and ACWR, the taper weeks before each
race (daily load of each 7-day chunk against the 28 days before the taper, as the taper
rules read them), the longest long run of each week, and every rule it breaks
(models/check/). The plans are read leniently, as the metrics read them (a missing day
is rest), so a broken plan still gets its numbers and its violations.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from models.calendar import build_calendar
from models.check import check_plan
from models.files import write_output
from models.quality.metrics import PlanMetrics, json_number, plan_day_loads, plan_metrics
from models.scenario import SESSION_TYPES, Scenario


@dataclass(frozen=True)
class TaperRow:
    race: str
    reference: float  # daily load of the 28 days before the taper window
    chunks: tuple[tuple[str, float], ...]  # (first date, daily load) of each taper week


@dataclass(frozen=True)
class PlanSide:
    name: str
    metrics: PlanMetrics
    load_by_type: tuple[dict[str, float], ...]  # per week
    long_run: tuple[float, ...]  # per week: the longest long-type session's minutes (0: none)
    tapers: tuple[TaperRow, ...]
    violations: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class PlanComparison:
    scenario: str
    types: tuple[str, ...]
    sides: tuple[PlanSide, PlanSide]

    def to_json_dict(self) -> dict[str, Any]:
        def side(s: PlanSide) -> dict[str, Any]:
            return {
                "name": s.name,
                "races": [
                    {k: json_number(v) for k, v in asdict(r).items()} for r in s.metrics.races
                ],
                "max_monotony": json_number(s.metrics.max_monotony),
                "max_acwr": json_number(s.metrics.max_acwr),
                "weekly_load_by_type": s.load_by_type,
                "long_run_minutes": s.long_run,
                "tapers": [asdict(t) for t in s.tapers],
                "violations": list(s.violations),
            }

        return {"scenario": self.scenario, "plans": [side(s) for s in self.sides]}


def compare_two(
    scenario: Scenario,
    first: Mapping[str, Any],
    second: Mapping[str, Any],
    names: tuple[str, str] = ("book", "plan"),
) -> PlanComparison:
    sides = (plan_side(scenario, first, names[0]), plan_side(scenario, second, names[1]))
    used = {t for s in sides for week in s.load_by_type for t, v in week.items() if v}
    types = tuple(t for t in SESSION_TYPES if t in used) + tuple(sorted(used - set(SESSION_TYPES)))
    return PlanComparison(scenario=scenario.name, types=types, sides=sides)


def plan_side(scenario: Scenario, plan: Mapping[str, Any], name: str) -> PlanSide:
    cal = build_calendar(scenario)
    days = plan_day_loads(cal, plan)
    by_type = []
    longest = []
    for week in cal.weeks:
        loads: dict[str, float] = {}
        for d in week.day_range:
            loads[days[d].type] = loads.get(days[d].type, 0.0) + days[d].load
        by_type.append(loads)
        longest.append(
            max((days[d].minutes for d in week.day_range if days[d].type == "long"), default=0.0)
        )
    chronic_daily = scenario.athlete.chronic_load / 7
    tapers = []
    for w in cal.taper_windows:
        ref = [days[d].load if d >= 0 else chronic_daily for d in w.reference]
        chunks = tuple(
            (cal.date(c.start).isoformat(), sum(days[d].load for d in c) / len(c)) for c in w.weeks
        )
        tapers.append(TaperRow(f"{w.race.priority} {w.race.label}", sum(ref) / len(ref), chunks))
    violations = tuple(v.as_dict() for v in check_plan(scenario, plan))
    return PlanSide(
        name=name,
        metrics=plan_metrics(scenario, plan),
        load_by_type=tuple(by_type),
        long_run=tuple(longest),
        tapers=tuple(tapers),
        violations=violations,
    )


def _pct(new: float, old: float) -> str:
    return f"{100 * (new - old) / abs(old):+.1f}%" if old else "-"


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [
        max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)
    ]
    line = "  ".join(
        h.ljust(w) if i == 0 else h.rjust(w)
        for i, (h, w) in enumerate(zip(headers, widths, strict=True))
    )
    out = [line]
    for r in rows:
        out.append(
            "  ".join(
                c.ljust(w) if i == 0 else c.rjust(w)
                for i, (c, w) in enumerate(zip(r, widths, strict=True))
            )
        )
    return out


def render_comparison(c: PlanComparison) -> str:
    a, b = c.sides
    out = [f"{c.scenario}: {a.name} (1) against {b.name} (2)", ""]
    out.append("race-day performance")
    rows = [
        [
            f"{ra.priority} {ra.name}",
            ra.date,
            f"{ra.perf:.1f}",
            f"{rb.perf:.1f}",
            _pct(rb.perf, ra.perf),
        ]
        for ra, rb in zip(a.metrics.races, b.metrics.races, strict=True)
    ]
    out += _table(["race", "date", "perf (1)", "perf (2)", "change"], rows)
    out += ["", "load and form"]
    rows = [
        ["total load", f"{a.metrics.total_load:.0f}", f"{b.metrics.total_load:.0f}"],
        ["highest monotony", _num(a.metrics.max_monotony), _num(b.metrics.max_monotony)],
        ["highest ACWR", _num(a.metrics.max_acwr), _num(b.metrics.max_acwr)],
        ["easy share", _num(a.metrics.easy_share), _num(b.metrics.easy_share)],
    ]
    out += _table(["", "(1)", "(2)"], rows)
    out += ["", "weekly load by type, (1) / (2)"]
    rows = []
    for k, (wa, wb) in enumerate(zip(a.load_by_type, b.load_by_type, strict=True)):
        cells = [f"{wa.get(t, 0):.0f}/{wb.get(t, 0):.0f}" for t in c.types]
        rows.append([str(k + 1), *cells, f"{sum(wa.values()):.0f}/{sum(wb.values()):.0f}"])
    out += _table(["week", *c.types, "total"], rows)
    out += ["", "long-run progression: the longest long run of each week, minutes (1) / (2)"]
    out.append(
        "  " + "  ".join(f"{x:.0f}/{y:.0f}" for x, y in zip(a.long_run, b.long_run, strict=True))
    )
    out += ["", "taper weeks: daily load against the 28 days before the taper"]
    for ta, tb in zip(a.tapers, b.tapers, strict=True):
        out.append(f"  {ta.race}: reference {ta.reference:.1f} / {tb.reference:.1f}")
        for (start, la), (_, lb) in zip(ta.chunks, tb.chunks, strict=True):
            out.append(
                f"    from {start}: {la:.1f} ({_share(la, ta.reference)}) / "
                f"{lb:.1f} ({_share(lb, tb.reference)})"
            )
    for side, label in ((a, "(1)"), (b, "(2)")):
        out += ["", f"rules broken by {label} {side.name}: {len(side.violations) or 'none'}"]
        for v in side.violations:
            where = f"week {v['week']}" if v.get("week") is not None else ""
            out.append(f"  {where} {v['constraint']}: {v['detail']}".rstrip())
    return "\n".join(out) + "\n"


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _share(load: float, reference: float) -> str:
    return f"{100 * load / reference:.0f}%" if reference else "-"


def draw_comparison(
    scenario: Scenario,
    first: Mapping[str, Any],
    second: Mapping[str, Any],
    comparison: PlanComparison,
    path: Path,
) -> None:
    """Weekly load by type of both plans (bars side by side) and their fitness (CTL) with
    each race's performance, as one PNG."""
    from matplotlib.figure import Figure

    from models.outputs.charts import figure_png, mpl_text
    from models.outputs.palette import type_colour

    a, b = comparison.sides
    fig = Figure(figsize=(10.0, 6.0))
    top, bottom = fig.subplots(2, 1, gridspec_kw={"height_ratios": [3, 2]})
    n = len(a.load_by_type)
    for offset, side, hatch in ((-0.2, a, "//"), (0.2, b, "")):
        base = [0.0] * n
        for t in comparison.types:
            values = [w.get(t, 0.0) for w in side.load_by_type]
            top.bar(
                [k + 1 + offset for k in range(n)],
                values,
                width=0.38,
                bottom=base,
                color=type_colour(t),
                hatch=hatch,
                edgecolor="white",
                linewidth=0.3,
                label=t if side is b else None,
            )
            base = [x + y for x, y in zip(base, values, strict=True)]
    top.set_title(
        mpl_text(f"{scenario.name}: weekly load, {a.name} (hatched, left) vs {b.name} (right)"),
        fontsize=10,
    )
    top.set_xlabel("week")
    top.set_ylabel("load")
    top.set_xticks(range(1, n + 1))
    tallest = max(sum(w.values()) for side in comparison.sides for w in side.load_by_type)
    top.set_ylim(0, 1.3 * max(tallest, 1.0))
    top.legend(fontsize=7, ncol=7, loc="upper left", frameon=False)
    for side, style in ((a, "--"), (b, "-")):
        bottom.plot(
            range(1, len(side.metrics.ctl) + 1),
            side.metrics.ctl,
            style,
            color="#1565c0",
            label=mpl_text(f"CTL {side.name}"),
        )
    cal = build_calendar(scenario)
    for day, race in sorted(cal.race_days.items()):
        bottom.axvline(day + 1, color="#1a237e", linewidth=0.6)
        perf_a = next(r.perf for r in a.metrics.races if r.date == race.date.isoformat())
        perf_b = next(r.perf for r in b.metrics.races if r.date == race.date.isoformat())
        bottom.annotate(
            mpl_text(f"{race.priority} {race.distance}: {perf_a:.0f} -> {perf_b:.0f}"),
            (day + 0.5, 0.05),
            xycoords=("data", "axes fraction"),
            fontsize=7,
            rotation=90,
            ha="right",
            va="bottom",
            bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 1},
        )
    bottom.set_xlim(0, cal.n_days + 2)
    bottom.set_xlabel("day")
    bottom.set_ylabel("CTL (fitness)")
    bottom.legend(fontsize=7, frameon=False)
    fig.tight_layout()
    write_output(path, figure_png(fig), field="--picture")
