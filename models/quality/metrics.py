"""Plan-quality metrics of any plan JSON, solved or hand-written, without the solver.

Definitions (shared/docs/domain.md):

- perf per race: the scenario's Banister formula on the plan's daily loads; the weighted
  perf is the objective without soft penalties (sum of weight[priority] x perf).
- CTL, ATL (Coggan's Performance Management Chart): exponentially weighted averages of
  daily load with time constants 42 and 7 days, `x = load (1 - e^(-1/T)) + x_prev e^(-1/T)`,
  both starting at `athlete.chronic_load / 7` (the 4 weeks before `start` at their
  average). TSB on a day is yesterday's CTL minus yesterday's ATL.
- acute:chronic ratio, as the spec's `acwr_max_pct` rule: on day d,
  4 x load(d-6..d) / load(d-27..d), days before `start` at `chronic_load / 7`.
- Foster monotony of a full week with load: mean daily load / population standard
  deviation (infinite for equal non-zero loads); strain = weekly load x monotony.
- week-over-week ramp of a full week k: 100 x (load_k / load_(k-1) - 1), week 0 being
  `athlete.chronic_load`; a week after a week without load has no ramp.

- the block's shape (plateaus, long-run build, the last fortnight): models/quality/structure.py.

Days missing from a plan count as rest, so a broken hand-written plan still gets numbers
(`speedblock check` reports what is wrong with it).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from models.calendar import ACUTE_DAYS, REFERENCE_DAYS, BlockCalendar, build_calendar
from models.performance import perf, scored_races
from models.plan_document import parse_date
from models.quality.structure import Structure, plan_structure
from models.scenario import Scenario

CTL_DAYS = 42
ATL_DAYS = 7


@dataclass(frozen=True)
class DayLoad:
    """What the metrics read of one plan day."""

    load: float
    minutes: float
    hard: bool
    type: str


REST_DAY = DayLoad(load=0.0, minutes=0.0, hard=False, type="rest")


@dataclass(frozen=True)
class RaceMetrics:
    date: str
    distance: str
    priority: str
    name: str
    perf: float
    ctl: float
    atl: float
    tsb: float


@dataclass(frozen=True)
class WeekMetrics:
    index: int
    start: str
    days: int
    load: float
    minutes: float
    hard_days: int
    sessions: int
    easy_share: float | None
    ramp_pct: float | None
    monotony: float | None
    strain: float | None
    acwr_max: float | None


@dataclass(frozen=True)
class PlanMetrics:
    races: tuple[RaceMetrics, ...]
    weeks: tuple[WeekMetrics, ...]
    weighted_perf: float
    total_load: float
    total_minutes: float
    hard_days: int
    easy_share: float | None
    max_acwr: float | None
    max_monotony: float | None
    max_strain: float | None
    max_ramp_pct: float | None
    ctl: tuple[float, ...]
    atl: tuple[float, ...]
    tsb: tuple[float, ...]
    structure: Structure

    def summary(self) -> dict[str, Any]:
        """The scalar metrics, one flat mapping (a row of a results table)."""
        row: dict[str, Any] = {
            "weighted_perf": self.weighted_perf,
            "total_load": self.total_load,
            "total_minutes": self.total_minutes,
            "hard_days": self.hard_days,
            "easy_share": self.easy_share,
            "max_acwr": self.max_acwr,
            "max_monotony": self.max_monotony,
            "max_strain": self.max_strain,
            "max_ramp_pct": self.max_ramp_pct,
            **self.structure.as_dict(),
        }
        return {key: json_number(value) for key, value in row.items()}

    def to_json_dict(self) -> dict[str, Any]:
        """Everything but the daily series, JSON-safe (an infinite monotony is "inf")."""
        return {
            **self.summary(),
            "races": [{k: json_number(v) for k, v in asdict(r).items()} for r in self.races],
            "weeks": [{k: json_number(v) for k, v in asdict(w).items()} for w in self.weeks],
        }


def json_number(value: Any) -> Any:
    """Floats rounded for reading; infinity as the string "inf" (JSON has none)."""
    if isinstance(value, float):
        if math.isinf(value):
            return "inf"
        return round(value, 4)
    return value


def plan_day_loads(cal: BlockCalendar, plan: Mapping[str, Any]) -> list[DayLoad]:
    """The plan's days by day index of the block; missing or unreadable days are rest
    (a date is read under the plan document's rule: `20270104` is unreadable)."""
    out = [REST_DAY] * cal.n_days
    days = plan.get("days")
    if not isinstance(days, list):
        return out
    for entry in days:
        if not isinstance(entry, Mapping):
            continue
        date = parse_date(entry.get("date"))
        if date is None:
            continue
        index = cal.day_index(date)
        if 0 <= index < cal.n_days:
            out[index] = DayLoad(
                load=_number(entry.get("load")),
                minutes=_number(entry.get("minutes")),
                hard=entry.get("hard") is True,
                type=str(entry.get("type", "")),
            )
    return out


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return 0.0
    return float(value) if math.isfinite(value) else 0.0


def pmc(loads: Sequence[float], chronic_daily: float) -> tuple[list[float], list[float]]:
    """CTL and ATL at the end of each day."""
    ctl_decay = math.exp(-1 / CTL_DAYS)
    atl_decay = math.exp(-1 / ATL_DAYS)
    ctl, atl = [], []
    c = a = chronic_daily
    for load in loads:
        c = load * (1 - ctl_decay) + c * ctl_decay
        a = load * (1 - atl_decay) + a * atl_decay
        ctl.append(c)
        atl.append(a)
    return ctl, atl


def form(ctl: Sequence[float], atl: Sequence[float], chronic_daily: float) -> list[float]:
    """TSB of each day: yesterday's CTL - ATL (zero on day 0, both at the chronic level)."""
    return [0.0 if d == 0 else ctl[d - 1] - atl[d - 1] for d in range(len(ctl))]


def acwr_by_day(loads: Sequence[float], chronic_daily: float) -> list[float | None]:
    """4 x acute / chronic of each day; None where the 28 days hold no load."""
    out: list[float | None] = []
    for d in range(len(loads)):
        acute = sum(_load_at(loads, i, chronic_daily) for i in range(d - ACUTE_DAYS + 1, d + 1))
        chronic = sum(
            _load_at(loads, i, chronic_daily) for i in range(d - REFERENCE_DAYS + 1, d + 1)
        )
        out.append(4 * acute / chronic if chronic > 0 else None)
    return out


def _load_at(loads: Sequence[float], day: int, chronic_daily: float) -> float:
    return chronic_daily if day < 0 else loads[day]


def monotony(daily: Sequence[float]) -> float | None:
    """Foster monotony of one week's daily loads; None for a week without load."""
    total = sum(daily)
    if total <= 0:
        return None
    mean = total / len(daily)
    sd = math.sqrt(sum((x - mean) ** 2 for x in daily) / len(daily))
    return math.inf if sd <= 1e-12 * mean else mean / sd


def plan_metrics(scenario: Scenario, plan: Mapping[str, Any]) -> PlanMetrics:
    """Every metric of the plan JSON `plan` under `scenario`."""
    cal = build_calendar(scenario)
    days = plan_day_loads(cal, plan)
    loads = [d.load for d in days]
    chronic_daily = scenario.athlete.chronic_load / 7
    ctl, atl = pmc(loads, chronic_daily)
    tsb = form(ctl, atl, chronic_daily)
    acwr = acwr_by_day(loads, chronic_daily)
    weeks = week_metrics(cal, days, acwr, scenario.athlete.chronic_load)
    races = tuple(
        RaceMetrics(
            date=race.date.isoformat(),
            distance=race.distance,
            priority=race.priority,
            name=race.label,
            perf=perf(scenario.objective, loads, day),
            ctl=ctl[day - 1] if day > 0 else chronic_daily,
            atl=atl[day - 1] if day > 0 else chronic_daily,
            tsb=tsb[day],
        )
        for day, race in sorted(cal.race_days.items())
    )
    total_minutes = sum(d.minutes for d in days)
    easy_minutes = sum(d.minutes for d in days if not d.hard)
    return PlanMetrics(
        races=races,
        weeks=weeks,
        weighted_perf=sum(
            race.weight * perf(scenario.objective, loads, race.day)
            for race in scored_races(scenario, cal)
        ),
        total_load=sum(loads),
        total_minutes=total_minutes,
        hard_days=sum(d.hard for d in days),
        easy_share=easy_minutes / total_minutes if total_minutes > 0 else None,
        max_acwr=_max(a for a in acwr if a is not None),
        max_monotony=_max(w.monotony for w in weeks if w.monotony is not None),
        max_strain=_max(w.strain for w in weeks if w.strain is not None),
        max_ramp_pct=_max(w.ramp_pct for w in weeks if w.ramp_pct is not None),
        ctl=tuple(ctl),
        atl=tuple(atl),
        tsb=tuple(tsb),
        structure=plan_structure(scenario, cal, days),
    )


def week_metrics(
    cal: BlockCalendar,
    days: Sequence[DayLoad],
    acwr: Sequence[float | None],
    chronic_load: int,
) -> tuple[WeekMetrics, ...]:
    out = []
    previous_load: float = chronic_load
    previous_full = True
    for week in cal.weeks:
        span = [days[d] for d in week.day_range]
        load = sum(d.load for d in span)
        minutes = sum(d.minutes for d in span)
        week_monotony = monotony([d.load for d in span]) if week.full else None
        ramp = (
            100 * (load / previous_load - 1)
            if week.full and previous_full and previous_load > 0
            else None
        )
        out.append(
            WeekMetrics(
                index=week.index,
                start=cal.date(week.first).isoformat(),
                days=week.days,
                load=load,
                minutes=minutes,
                hard_days=sum(d.hard for d in span),
                sessions=sum(d.type != "rest" for d in span),
                easy_share=sum(d.minutes for d in span if not d.hard) / minutes
                if minutes > 0
                else None,
                ramp_pct=ramp,
                monotony=week_monotony,
                strain=load * week_monotony if week_monotony is not None else None,
                acwr_max=_max(a for d in week.day_range if (a := acwr[d]) is not None),
            )
        )
        previous_load, previous_full = load, week.full
    return tuple(out)


def _max(values: Any) -> float | None:
    found = list(values)
    return max(found) if found else None
