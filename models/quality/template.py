"""A rule-based template plan: the fixed weekly pattern that coaches and plan generators
use today, laid onto the block with a ramp, a deload every fourth week and a step taper.

It is the baseline the optimized plan is measured against (`benchmarks/plan_quality.py`),
so it is built from the same catalog, in the same plan shape, and judged by the same
checker. It is a heuristic, not an optimizer, and it never imports the solver. The same
scenario always gives the same plan.

The rules, in order:

1. **Weekly pattern** (`weekly_pattern`). Training weekdays are those with enough
   availability for some session; when there are more than `max_sessions_per_week`, the
   shortest ones rest (ties: the day after the long run first). The long run goes on
   `athlete.long_run_day`, else on the weekday with the most availability. Two quality
   days (at most `max_hard_per_week`) are the pair that keeps `hard_spacing_days` across
   the repeating week, avoids the days next to the long run, and is closest to Tuesday
   and Thursday. One easy day (the one farthest from the quality days) carries strides.
2. **Weekly load.** Week 1 aims at `athlete.chronic_load`. Each later build week aims at
   the highest load of the last `ramp_reference_weeks` weeks (the chronic load for weeks
   before the block) plus `min(8, ramp_pct)` percent, never above `weekly_load_max`.
   Every `deload_every`-th week (4 when deloads are off) that holds no taper or race day
   of an A or B race is a deload week, `max(25, deload_pct + 5)` percent below that
   reference.
3. **Step taper.** Before an A race, the 7 days before the race week at 75 % and the
   race week (the 6 days before the race) at 55 % of the reference; before a B race,
   the race week at 70 %. C races are trained through. A race week keeps its first
   quality session a rung lower and turns the second, and the long run, into easy
   running; the eve of any race is a recovery jog. After a race, the scenario's
   `recovery_days` hold no quality: a rest day after an A race, a recovery jog after a B
   or C race, easy running after that, at 50 % (A) or 80 % (B) of the load.
4. **Sessions.** Quality types follow the distance of the next A race (else the next
   race): 5K speed endurance and VO2max; 10K threshold, and tempo or race pace; half
   threshold, and tempo or race pace; marathon threshold, and race pace or tempo; no
   race: speed endurance or hills, and threshold. The alternatives take turns week by
   week; a quota `min` swaps a required type in, a quota `max` swaps one out. Each time a
   type comes back it climbs one rung of its ladder, never past the progression rule;
   deload and taper weeks go a rung down. The long run grows by up to 10 minutes a build
   week, within the long-run spike rule and its ladder, up to 90 / 100 / 120 / 150
   minutes for 5K / 10K / half / marathon (and the day's availability); deload weeks cut
   it to 80 % and taper weeks to 75 % of the longest so far. Easy and recovery runs
   (and the strides session) then fill the rest of the week's load, day by day the
   catalog session closest to the day's share, never past the week's target.
5. **Always kept**: races on race days, rest on blocked days and on days without
   availability, every session within the day's availability, at most
   `max_sessions_per_week` training days, no quality session within `hard_spacing_days`
   of another hard day or on a recovery day, at most `max_hard_per_week` hard days, the
   progression ladder and the long-run spike rule. Ramp, deload and taper are aimed at
   by the numbers above, and quotas by the type choice; monotony, ACWR and the easy
   share are not looked at, which is what the benchmark measures.

The plan's status is `FEASIBLE` (it has days; it is not a claim that every rule holds:
run the checker), its `objective` is the plain objective of the plan (weighted
Banister sum minus the soft penalties, `models.plan.plain_objective`), `bound` is null
and `solver` is `{"generator": "template", ...}` with the numbers used.
"""

from __future__ import annotations

from typing import Any

from models.plan import Plan, SolveStatus, assemble_plan, plain_objective
from models.quality.template_days import TemplateBuilder
from models.quality.template_week import (
    GENERATOR,
    TAPER_A,
    TAPER_B,
    deload_cut_pct,
    deload_every,
    ramp_pct,
)
from models.scenario import WEEKDAYS, Scenario, Session


def template_sessions(scenario: Scenario) -> list[Session]:
    """One catalog session per day of the block, by the template's rules."""
    return TemplateBuilder(scenario).build()


def template_plan(scenario: Scenario) -> Plan:
    """The template plan in plan format v1 (see the module docstring for its fields)."""
    builder = TemplateBuilder(scenario)
    sessions = builder.build()
    pattern = builder.pattern
    info: dict[str, Any] = {
        "generator": GENERATOR,
        "pattern": {wd: pattern.role(wd) for wd in WEEKDAYS},
        "ramp_pct": ramp_pct(scenario),
        "deload_every": deload_every(scenario),
        "deload_cut_pct": deload_cut_pct(scenario),
        "taper_a": [round(100 * TAPER_A[n]) for n in sorted(TAPER_A, reverse=True)],
        "taper_b": [round(100 * TAPER_B[n]) for n in sorted(TAPER_B, reverse=True)],
        "week_levels": [round(level, 1) for level in builder.levels],
        "week_kinds": builder.kinds,
    }
    plan = assemble_plan(
        scenario,
        sessions,
        status=SolveStatus.FEASIBLE,
        message="rule-based template plan, not optimized: run the checker for rule violations",
        solver_info=info,
    )
    return plan.model_copy(update={"objective": plain_objective(scenario, plan.days)})
