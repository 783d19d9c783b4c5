"""Solve a scenario: build, find a first plan, optimize, decode (or explain why there is
no plan).

Determinism: every search stops on a budget of CP-SAT's deterministic work, not
on the wall clock, so the same inputs stop at the same point. The optimizing search
is CP-SAT's interleaved search: its subsolvers (two LP-guided tree searches and six
large-neighbourhood searches) run in batches spread over the workers in a fixed
order, so the plan depends on the seed and the worker count only. Before it, a block
of more than SWEPT_BLOCK_WEEKS weeks is swept window of weeks by window of weeks from
its first plan (solver/sweep.py), one single-thread sweep per worker; the search then
runs beside one more sweep, single-threaded when that leaves it one worker, with each
week's load capped by what its own rules allow (solver/week_caps.py). A shorter
block's search is followed by a second round from its best plan: a bound search with
those caps beside the interleaved search hinted with that plan. The
wall-clock limit stays a hard ceiling; a solve that hits it says so in the plan's
`solver` block.
"""

from __future__ import annotations

import concurrent.futures as cf
import threading
import time
from collections.abc import Sequence
from dataclasses import replace

from ortools.sat.python import cp_model

from models.catalog import resolve_catalog
from models.plan import Plan, SolveStatus, assemble_plan
from models.scenario import Scenario, Session
from models.template import template_sessions
from solver.build import BuiltModel, build_model
from solver.decode import chosen_sessions
from solver.explain import explain_infeasible, summary
from solver.objective import OBJECTIVE_SCALE, set_objective
from solver.options import Progress, SolveOptions
from solver.search import (
    SearchResult,
    objective_value,
    search,
)
from solver.sweep import sweep_weeks
from solver.week_caps import WeekCaps, add_week_load_caps, week_load_caps

FIRST_PLAN_SHARE = 0.5  # of the time limit and work budget, at most
# A swept block's bound search gets the weeks' load caps (solver/week_caps.py), each
# searched on at most this share of a thread's budget and of the time limit. Blocks over
# LONG_BLOCK_WEEKS get them in every search, the first plan's and the sweeps' too: the
# 40- and 52-week plans came out higher (4873 against 4855, 5310 against 5274), while
# the 8- and 9-week blocks' plans came out lower on every seed tried (SPEED.md, change 9).
CAPS_WORK_SHARE = 0.1
CAPS_WALL_SHARE = 0.05
# Blocks longer than this, when not swept (time limits under SWEEP_MIN_TIME_LIMIT),
# optimize from the first plan's hint and without cutting planes: from that plan their
# root cut loop took about 25 s of wall time for 5-6 units of work on 52 weeks, so the
# wall clock, not the work budget, ended the search (benchmarks/SPEED.md, change 6).
LONG_BLOCK_WEEKS = 30
# Blocks longer than this are swept (optimize_swept): from 9 weeks on the sweep
# found better plans on every benchmark block and example; on 7 and 8 weeks, where
# two windows cover the block, the unhinted search did better (benchmarks/SPEED.md,
# change 7).
SWEPT_BLOCK_WEEKS = 8
# ... given at least this time limit: under it (a re-plan's default 4 s, quick batch
# solves) the search beside the second sweep got too little work to finish its presolve
# and the plan came without a bound (benchmarks/README.md, re-planning).
SWEEP_MIN_TIME_LIMIT = 10.0
FALLBACK_SHARE = 0.5  # of that, for CP-SAT's own search when the day-by-day one found nothing
# A block is swept (solver/sweep.py) in two rounds. In the first, every worker
# sweeps from the first plan, on SWEEP_WORK times one thread's work budget (a thread
# does about twice that budget's rate, so this takes about half the time limit) and
# at most SWEEP_WALL_SHARE of the wall time left. In the second, one worker sweeps
# again from the best of them while the others run the optimizing search, which
# proves the bound, each on FINAL_WORK times one thread's budget. On one worker that
# search keeps its cutting planes whatever the block's length: a single-thread search
# stops on its budget, and the cuts tightened the 52-week bound from 5461 to 5440
# (benchmarks/SPEED.md, changes 7 and 8). Their root needs about 0.5 of a thread's
# budget there: on 0.4 the bound was 5514.
SWEEP_WORK = 0.9
SWEEP_WALL_SHARE = 0.7
FINAL_WORK = 0.5
# A block that is not swept is optimized in two rounds as well. The first, CP-SAT's
# interleaved search on every worker, gets 1 - POLISH_SHARE of the work budget. The
# second, from its best plan, runs CP-SAT's single-thread search on the model with the
# weeks' load caps, which proves the bound, beside the interleaved search hinted with
# that plan on the other workers, each on POLISH_SHARE of a thread's budget per worker,
# so the whole solve keeps its budget. On the 8-week block (30 s, seeds 0-5) the gaps
# fell from 4.9-9.5% to 2.3-6.9% and the plans rose on four seeds of six (SPEED.md,
# change 10). Under POLISH_MIN_WORK units a search's presolve did not end (10 s: none
# of the two found a plan or a bound), so shorter solves keep a single round.
POLISH_SHARE = 0.2
POLISH_MIN_WORK = 1.0


class ProgressReporter(cp_model.CpSolverSolutionCallback):
    """Passes each better plan of one search to SolveOptions.progress."""

    def __init__(self, report: Progress, started: float) -> None:
        super().__init__()
        self.report = report
        self.started = started

    def on_solution_callback(self) -> None:
        self.report(
            self.objective_value / OBJECTIVE_SCALE,
            self.best_objective_bound / OBJECTIVE_SCALE,
            time.perf_counter() - self.started,
        )


def find_first_plan(
    built: BuiltModel, options: SolveOptions, warm_start: Sequence[str] | None = None
) -> SearchResult:
    """Solve the model without its objective; hint every variable with the result.

    Any plan at all is much easier to find than a good one. Without a warm start
    the optimizing search drops the hint and the plan is kept as a fallback. With a
    warm start (a session id per day) the days are first fixed to it, so a plan
    known to be valid becomes the complete hint; if it does not fit, the phase
    searches as usual: first day by day in calendar order (`chronological_order`),
    then, if that finds nothing in its budget, with CP-SAT's own search.
    """
    model = built.model
    model.clear_objective()

    def feasibility(
        fix_to_hint: bool = False, order: Sequence[cp_model.IntVar] = (), share: float = 1.0
    ) -> SearchResult:
        copy = model
        if order:
            copy = model.clone()
            copy.add_decision_strategy(order, cp_model.CHOOSE_FIRST, cp_model.SELECT_MAX_VALUE)
        # Probing and the linear-overlap presolve pay off when optimizing but mostly
        # delay the first plan: the overlap step alone charged 0.35 of the 0.6 units of
        # work a first plan took on the 10K example, for 0.06 s.
        return search(
            copy,
            options.seed,
            options.thread_work_limit * FIRST_PLAN_SHARE * share,
            options.time_limit * FIRST_PLAN_SHARE * share,
            options.log,
            probing_level=0,
            fix_to_hint=fix_to_hint,
            fixed_search=bool(order),
            linear_overlap=False,
        )

    result: SearchResult | None = None
    if warm_start is not None:
        hint_days(built, warm_start)
        result = feasibility(fix_to_hint=True)
        model.clear_hints()
        if not result.status.has_plan:
            result = None
    if result is None:
        result = feasibility(order=chronological_order(built))
        if result.status is SolveStatus.UNKNOWN:
            result = feasibility(share=FALLBACK_SHARE)
    set_objective(built.ctx)
    hint_solution(model, result.solution)
    return result


def hint_solution(model: cp_model.CpModel, solution: Sequence[int]) -> None:
    """Make `solution`, a value per variable, the model's only hint."""
    model.clear_hints()
    for index, value in enumerate(solution):
        model.add_hint(model.get_int_var_from_proto_index(index), value)


def optimize_swept(
    built: BuiltModel,
    first: SearchResult,
    options: SolveOptions,
    started: float,
    long_block: bool,
    caps: WeekCaps | None = None,
) -> tuple[SearchResult, float]:
    """A sweep per worker from the first plan; then, from the best of them, the
    optimizing search on all workers but one, with the weeks' load caps, and a sweep
    again on that one (see SWEEP_WORK). The best plan found, with the optimizing
    search's bound; and the seconds the caps took. `long_block`: over
    LONG_BLOCK_WEEKS weeks. `caps`: already in `built.model` (else worked out here
    for the optimizing search alone)."""
    progress = options.progress
    report = better_plans_only(progress, objective_value(built.model, first.solution))

    def report_sweep(objective: float) -> None:
        report(objective, None, time.perf_counter() - started)

    def one_sweep(seed: int, start: Sequence[int], work: float, wall: float) -> SearchResult:
        return sweep_weeks(built, start, seed, work, wall, report_sweep)

    thread_work = options.thread_work_limit
    wall = SWEEP_WALL_SHARE * (options.time_limit - (time.perf_counter() - started))
    seeds = [options.seed + i for i in range(max(1, options.workers))]
    with cf.ThreadPoolExecutor(max_workers=len(seeds)) as pool:
        swept = list(
            pool.map(
                lambda seed: one_sweep(seed, first.solution, SWEEP_WORK * thread_work, wall), seeds
            )
        )
        best = max(swept, key=lambda r: r.objective or 0.0)  # max keeps the first of ties
        hint_solution(built.model, best.solution)
        capped = built.model
        if caps is None:
            capped, caps = capped_copy(built, options)
        wall = seconds_left(options, started)
        search_workers = max(1, options.workers - 1)
        optimizing = pool.submit(
            optimize,
            capped,
            replace(options, workers=search_workers, progress=report if progress else None),
            wall,
            started,
            True,
            # An interleaved search over 30 weeks keeps change 6's rule: its first
            # batch would spend the root's cut loop on the wall clock.
            cuts=search_workers == 1 or not long_block,
            work_limit=FINAL_WORK * thread_work * search_workers,
            # On one worker the interleaved search's batches overran this small budget
            # by 80% and the wall clock ended them at different points: a plain
            # single-thread search stops on its budget.
            interleave=search_workers > 1,
        )
        # A second worker sweeps again beside the search; a single one only searches.
        polished = (
            one_sweep(options.seed, best.solution, FINAL_WORK * thread_work, wall)
            if options.workers > 1
            else best
        )
        result = optimizing.result()
    final = at_least(result, polished, polished.objective or 0.0)
    final.work = (
        result.work + sum(r.work for r in swept) + (polished.work if polished is not best else 0.0)
    )
    final.hit_wall_clock = any(r.hit_wall_clock for r in (*swept, polished, result))
    return final, caps.seconds


def seconds_left(options: SolveOptions, started: float) -> float:
    """The wall time left of the solve's limit (at least 0.1 s, so a search can report)."""
    return max(0.1, options.time_limit - (time.perf_counter() - started))


def week_caps(built: BuiltModel, options: SolveOptions) -> WeekCaps:
    """The weeks' load caps, each week searched on CAPS_WORK_SHARE of a thread's budget."""
    return week_load_caps(
        built.ctx,
        options.workers,
        options.seed,
        work=CAPS_WORK_SHARE * options.thread_work_limit,
        wall=CAPS_WALL_SHARE * options.time_limit,
    )


def capped_copy(built: BuiltModel, options: SolveOptions) -> tuple[cp_model.CpModel, WeekCaps]:
    """A copy of the model with the weeks' load caps added (the model keeps its hints)."""
    caps = week_caps(built, options)
    capped = built.model.clone()
    add_week_load_caps(capped, built.ctx, caps)
    return capped, caps


def better_plans_only(progress: Progress | None, start: float) -> Progress:
    """`progress`, called only with plans better than every plan reported before
    (searches running side by side each report their own)."""
    lock = threading.Lock()
    best = [start]

    def report(objective: float, bound: float | None, seconds: float) -> None:
        with lock:
            if progress and objective > best[0]:
                best[0] = objective
                progress(objective, bound, seconds)

    return report


def polishes(options: SolveOptions, long_block: bool) -> bool:
    """An unswept block's solve gets the second round (see POLISH_SHARE)."""
    return not long_block and POLISH_SHARE * options.thread_work_limit >= POLISH_MIN_WORK


def polish_and_bound(
    built: BuiltModel, best: SearchResult, options: SolveOptions, started: float
) -> tuple[SearchResult, float]:
    """The second round of an unswept block (see POLISH_SHARE) from `best`, a plan
    of the first: the best plan of the two rounds, the tighter of their bounds, and
    the seconds the weeks' load caps took."""
    capped, caps = capped_copy(built, options)
    hint_solution(capped, best.solution)
    hint_solution(built.model, best.solution)
    progress = options.progress
    report = better_plans_only(progress, best.objective or 0.0) if progress else None
    wall = seconds_left(options, started)
    budget = POLISH_SHARE * options.thread_work_limit
    others = options.workers - 1
    with cf.ThreadPoolExecutor(max_workers=2) as pool:
        bounding = pool.submit(
            optimize,
            capped,
            replace(options, workers=1, progress=report),
            wall,
            started,
            True,
            work_limit=budget,
            interleave=False,
        )
        polished = (
            optimize(
                built.model,
                replace(options, workers=others, progress=report),
                wall,
                started,
                True,
                work_limit=budget * others,
            )
            if others > 0
            else None
        )
        bounded = bounding.result()
    rounds = [r for r in (best, polished, bounded) if r is not None]
    final = max(
        (r for r in rounds if r.status.has_plan), key=lambda r: r.objective or 0.0, default=best
    )
    bounds = [proved_bound(r.bound, final.objective or 0.0) for r in rounds]
    final = replace(
        final,
        bound=min((b for b in bounds if b is not None), default=None),
        work=sum(r.work for r in rounds),
        hit_wall_clock=any(r.hit_wall_clock for r in rounds),
    )
    final.status = SolveStatus.OPTIMAL if closed(final) else SolveStatus.FEASIBLE
    if final.status is SolveStatus.OPTIMAL:
        final.bound = final.objective
    return final, caps.seconds


def chronological_order(built: BuiltModel) -> list[cp_model.IntVar]:
    """The day variables in calendar order, each day's sessions from the one a coach's
    template plan puts there (`models.template`), then the closest to it: the same
    hardness first, then the nearest load.

    Searched in this order, the first plan grows day by day like a coach's, and the
    rolling rules (ramp, taper, long-run spike, progression) are settled by the days
    already placed. The template keeps most rules by construction, so the search
    mostly repairs the weeks where it breaks one (monotony, the taper cut), and the
    first plan is as good as a coach's (benchmarks/SPEED.md).
    """
    ctx = built.ctx
    order: list[cp_model.IntVar] = []
    for xd, wanted in zip(ctx.x, template_sessions(ctx.scenario), strict=True):
        ranked = sorted(xd, key=lambda s: closeness(ctx.sessions[s], wanted, s))
        order.extend(xd[s] for s in ranked)
    return order


def closeness(session: Session, wanted: Session, index: int) -> tuple[bool, bool, int, int]:
    """Sort key: `wanted` itself, then the same hardness, then the nearest load."""
    return (
        session.id != wanted.id,
        session.hard != wanted.hard,
        abs(session.load - wanted.load),
        index,
    )


def hint_days(built: BuiltModel, session_ids: Sequence[str]) -> None:
    ctx = built.ctx
    for d, xd in enumerate(ctx.x):
        wanted = session_ids[d] if d < len(session_ids) else None
        for s, var in xd.items():
            built.model.add_hint(var, ctx.sessions[s].id == wanted)


def optimize(
    model: cp_model.CpModel,
    options: SolveOptions,
    wall: float,
    started: float,
    hinted: bool,
    cuts: bool = True,
    work_limit: float | None = None,
    interleave: bool = True,
) -> SearchResult:
    """The optimizing search on all workers (`cuts`: with CP-SAT's cutting planes), on
    `work_limit` (by default the options' budget).

    Without `hinted` the search starts without the first plan's hint: one that
    follows a poor first plan can stay near it when the rules are tight (monotony,
    taper shape), while the neighbourhood searches improve fastest from plans of
    their own. `solve_scenario` keeps the first plan when the search does no better.
    """
    copy = model.clone()
    if not hinted:
        copy.clear_hints()
    progress = options.progress
    result = search(
        copy,
        options.seed,
        options.work_limit if work_limit is None else work_limit,
        wall,
        options.log,
        gap=options.gap,
        callback=ProgressReporter(progress, started) if progress else None,
        workers=options.workers if interleave else 0,
        cuts=cuts,
    )
    if result.status is SolveStatus.OPTIMAL and not closed(result):
        # CP-SAT says OPTIMAL when it stops at --gap: the plan is not proven optimal.
        result.status = SolveStatus.FEASIBLE
    elif result.status is SolveStatus.OPTIMAL:
        result.bound = result.objective
    return result


def at_least(result: SearchResult, first: SearchResult, first_objective: float) -> SearchResult:
    """The search's result, or the first plan when the search found no better one (its
    bound is the search's)."""
    if result.status.has_plan and (result.objective or 0.0) >= first_objective:
        return result
    return SearchResult(
        seed=first.seed,
        status=SolveStatus.FEASIBLE,
        objective=first_objective,
        bound=proved_bound(result.bound, first_objective),
        solution=first.solution,
        wall_seconds=first.wall_seconds + result.wall_seconds,
        work=first.work + result.work,
        hit_wall_clock=result.hit_wall_clock,
    )


def proved_bound(bound: float | None, objective: float) -> float | None:
    """`bound`, unless it is below a plan's `objective`: a search stopped before its
    presolve ended reports a bound of 0."""
    return None if bound is None or bound < objective - 1e-6 else bound


def closed(result: SearchResult) -> bool:
    """The search proved its plan optimal (not merely within a gap limit)."""
    if result.objective is None or result.bound is None:
        return False
    return abs(result.bound - result.objective) * OBJECTIVE_SCALE < 0.5


def within_gap(result: SearchResult, gap_limit: float) -> bool:
    if result.objective is None or result.bound is None:
        return False
    gap = abs(result.objective - result.bound) / max(1.0, abs(result.objective))
    return gap <= gap_limit + 1e-12


def stopped_message(result: SearchResult, options: SolveOptions) -> str:
    if within_gap(result, options.gap):
        return f"stopped within the requested gap of {100 * options.gap:g}%: not proven optimal"
    return "time limit reached: this is the best plan found, not proven optimal"


def solve_scenario(
    scenario: Scenario,
    options: SolveOptions | None = None,
    warm_start: Sequence[str] | None = None,
) -> Plan:
    """The best plan the rules allow within the options' budget.

    `warm_start`, a session id per day, is a plan to start from (for example the
    plan of a stricter rule set): when it satisfies the rules, the result is at
    least as good.
    """
    options = options or SolveOptions()
    started = time.perf_counter()
    sessions = resolve_catalog(scenario)
    built = build_model(scenario, sessions)
    weeks = len(built.ctx.cal.weeks)
    long_block = weeks > LONG_BLOCK_WEEKS
    swept = weeks > SWEPT_BLOCK_WEEKS and options.time_limit >= SWEEP_MIN_TIME_LIMIT
    caps: WeekCaps | None = None
    if swept and long_block:
        caps = week_caps(built, options)
        add_week_load_caps(built.model, built.ctx, caps)
    first = find_first_plan(built, options, warm_start)
    caps_seconds = caps.seconds if caps else 0.0
    if first.status in (SolveStatus.INFEASIBLE, SolveStatus.MODEL_INVALID):
        result = first
    else:
        # A warm start stays the search's hint, so the result is at least as good. A
        # block over SWEPT_BLOCK_WEEKS is swept from its first plan, and the sweep's
        # plan hints the search: unhinted, the search found no plan of its own for 40
        # and 52 weeks in 45 s, and none better than the first plan for the season's
        # first 16 and 24 weeks (benchmarks/SPEED.md).
        hinted = warm_start is not None or long_block or swept
        if swept and first.status.has_plan:
            result, caps_seconds = optimize_swept(built, first, options, started, long_block, caps)
        else:
            wall = seconds_left(options, started)
            polish = polishes(options, long_block)
            result = optimize(
                built.model,
                options,
                wall,
                started,
                hinted,
                cuts=not long_block,
                work_limit=(1 - POLISH_SHARE) * options.work_limit if polish else None,
            )
            if not hinted and first.status.has_plan:
                result = at_least(result, first, objective_value(built.model, first.solution))
            if (
                polish
                and result.status is SolveStatus.FEASIBLE
                and not within_gap(result, options.gap)
            ):
                result, caps_seconds = polish_and_bound(built, result, options, started)
    status = result.status
    info = {
        "build_seconds": round(built.build_seconds, 3),
        "week_caps_seconds": round(caps_seconds, 3),
        "workers": options.workers,
        "seed": options.seed,
        "winning_seed": result.seed,
        "time_limit": options.time_limit,
        "work_limit": options.work_limit,
        "stopped_by_wall_clock": result.hit_wall_clock,
        "gap_limit": options.gap,
        "stopped_by_gap": result.status is SolveStatus.FEASIBLE
        and options.gap > 0
        and within_gap(result, options.gap),
        "objective_scale": OBJECTIVE_SCALE,
        "variables": len(built.model.proto.variables),
        "constraints": len(built.model.proto.constraints),
    }
    if status.has_plan:
        message = ""
        if status is SolveStatus.FEASIBLE and options.gap > 0 and result.objective is not None:
            message = stopped_message(result, options)
        elif status is SolveStatus.FEASIBLE:
            message = "time limit reached: this is the best plan found, not proven optimal"
        return assemble_plan(
            scenario,
            chosen_sessions(built.ctx, result.solution),
            status=status,
            objective=result.objective,
            bound=result.bound,
            solve_seconds=time.perf_counter() - started,
            message=message,
            solver_info=info,
        )
    if status is SolveStatus.INFEASIBLE:
        conflicts = explain_infeasible(scenario, sessions, time_limit=options.time_limit)
        plan = assemble_plan(
            scenario,
            [],
            status=status,
            solve_seconds=time.perf_counter() - started,
            message=summary(conflicts),
            solver_info=info,
        )
        return plan.model_copy(update={"conflicts": conflicts})
    message = (
        "time limit reached before any plan was found"
        if status is SolveStatus.UNKNOWN
        else f"the model is invalid: {built.model.validate()}"
    )
    return assemble_plan(
        scenario,
        [],
        status=status,
        solve_seconds=time.perf_counter() - started,
        message=message,
        solver_info=info,
    )
