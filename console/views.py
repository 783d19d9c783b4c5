"""What the commands print: the progress and status lines of a solve, the plan with its
calendar, violations, a re-plan's changes, a check's verdict, and the summaries of a
batch, of a comparison of its constraint sets and of an import. The calendar and
metric texts themselves are models.outputs.terminal's."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from console.streams import emit_json, printing_beside, say
from models.files import write_output

if TYPE_CHECKING:
    from models.check import Violation
    from models.importing.importer import ImportResult
    from models.plan import Plan
    from models.quality.compare import Comparison
    from models.quality.metrics import PlanMetrics
    from models.scenario import Scenario
    from solver.batch import BatchInterrupted
    from solver.batch_outcome import BatchOutcome
    from solver.replan import Replan


class ProgressLines:
    """Progress of a long solve on stderr: a line for a better plan, at most one a
    second, none in the first second (short solves stay quiet)."""

    QUIET_SECONDS = 1.0

    def __init__(self) -> None:
        self.last = 0.0

    def __call__(self, objective: float, bound: float | None, seconds: float) -> None:
        if seconds < self.QUIET_SECONDS or seconds - self.last < 1.0:
            return
        self.last = seconds
        if bound is None:  # a long block's sweep over its weeks: no bound yet
            say(f"  {seconds:6.1f} s  objective {objective:.2f}  (sweeping the weeks)")
            return
        gap = abs(objective - bound) / max(1.0, abs(objective))
        say(
            f"  {seconds:6.1f} s  objective {objective:.2f}  bound {bound:.2f}  "
            f"gap {100 * gap:.2f}%"
        )


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _gap(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.2f}%"


def status_line(plan: Plan, time_limit: float) -> str:
    """One line on stderr that says how the solve ended."""
    status = plan.status.value
    if status == "OPTIMAL":
        return f"OPTIMAL: objective {_fmt(plan.objective)} in {plan.solve_seconds:.2f} s"
    if status == "FEASIBLE" and plan.solver.get("stopped_by_gap"):
        return (
            f"FEASIBLE: stopped within the requested gap; objective {_fmt(plan.objective)}, "
            f"bound {_fmt(plan.bound)}, gap {_gap(plan.gap)}"
        )
    if status == "FEASIBLE":
        return (
            f"FEASIBLE: the time limit of {time_limit:g} s ran out; best plan found, objective "
            f"{_fmt(plan.objective)}, bound {_fmt(plan.bound)}, gap {_gap(plan.gap)}"
        )
    if status == "INFEASIBLE":
        keys = ", ".join(dict.fromkeys(c.constraint for c in plan.conflicts)) or "not identified"
        return f"INFEASIBLE: no plan satisfies the hard constraints; conflicting: {keys}"
    if status == "UNKNOWN":
        return f"UNKNOWN: the time limit of {time_limit:g} s passed with no plan found"
    return f"{status}: {plan.message or 'the solver rejected the model'}"


def print_plan(plan: Plan, scenario: Scenario, time_limit: float) -> None:
    from models.outputs.terminal import render_calendar, render_summary

    click.echo(render_calendar(plan, scenario))
    click.echo(render_summary(plan), nl=False)
    status = plan.status.value
    if status == "FEASIBLE" and plan.solver.get("stopped_by_gap"):
        say(f"stopped within the requested gap: the plan is at most {_gap(plan.gap)} from optimal.")
    elif status == "FEASIBLE":
        say(
            f"warning: the time limit of {time_limit:g} s ran out before the plan was proven "
            f"optimal; this is the best plan found (gap {_gap(plan.gap)})."
        )
    elif status == "UNKNOWN":
        say(
            f"the time limit of {time_limit:g} s passed with no plan found; "
            "try a longer --time-limit or looser constraints."
        )
    elif status == "INFEASIBLE":
        say("infeasible: no plan satisfies the hard constraints (see the conflicts above).")
    elif status == "MODEL_INVALID":
        say(f"internal error: the solver rejected the model: {plan.message}")


def report_plan(
    plan: Plan,
    doc: dict[str, Any],
    time_limit: float,
    as_json: bool,
    out_path: Path | None,
    print_text: Callable[[], None],
) -> None:
    """A solved plan: its document with --json (and the status line on stderr), else
    `print_text`, on stderr when `-o -` holds the plan file."""
    if as_json:
        emit_json(doc)
        say(status_line(plan, time_limit))
    else:
        with printing_beside(out_path):
            print_text()


def violation_line(v: dict[str, Any]) -> str:
    """`week 3 / 2027-01-20  ramp_pct: detail`."""
    where = " / ".join(
        p
        for p in (f"week {v['week']}" if v.get("week") is not None else "", v.get("date") or "")
        if p
    )
    text = f"{v['constraint']}: {v['detail']}"
    return f"{where}  {text}" if where else text


def report_check(
    scenario: Scenario,
    violations: list[Violation],
    quality: PlanMetrics | None,
    as_json: bool,
) -> None:
    """A check's verdict: each violation, or that the plan keeps every rule in force,
    and the metrics when asked; the count of violations on stderr."""
    if as_json:
        doc: dict[str, Any] = {
            "valid": not violations,
            "violations": [v.as_dict() for v in violations],
        }
        if quality is not None:
            doc["metrics"] = quality.to_json_dict()
        emit_json(doc)
    else:
        if violations:
            for v in violations:
                click.echo(violation_line(v.as_dict()))
        else:
            from models.rules.registry import count_in_force

            click.echo(f"valid: no violation of {count_in_force(scenario)} rules")
        if quality is not None:
            from models.outputs.terminal import render_metrics

            click.echo(render_metrics(quality), nl=False)
    if violations:
        say(f"{len(violations)} violation{'s' if len(violations) != 1 else ''} found")


def print_replan(result: Replan, time_limit: float) -> None:
    report = result.report()
    click.echo(f"re-plan from {report['today']}: {report['logged_days']} logged days before it")
    if report["fatigue"]:
        f = report["fatigue"]
        click.echo(f"fatigue: week {f['week']} capped at load {f['cap']} ({f['reason']})")
    for v in report["broken_before_today"]:
        click.echo(f"logged days broke (not enforced): {violation_line(v)}")
    if result.plan.status.has_plan:
        changes = report["changes"]
        click.echo(f"{len(changes)} day{'s' if len(changes) != 1 else ''} changed:")
        for c in changes:
            click.echo(f"  {c['date']}  {c['before']} -> {c['after']}  ({c['reason']})")
    print_plan(result.plan, result.scenario, time_limit)


def say_batch_start(count: int, jobs: int, workers: int, scheduler: str | None) -> None:
    where = f"the Dask cluster at {scheduler}" if scheduler else f"{jobs} local processes"
    say(f"batch: {count} jobs on {where}, {workers} CP-SAT worker(s) per solve")


def say_batch_waiting(folder: Path, count: int) -> None:
    say(f"batch: waiting for {count} job(s) another batch is solving in {folder}")


def say_batch_interrupted(stop: BatchInterrupted, folder: Path) -> None:
    say(
        f"interrupted: {stop.summary.finished} result(s) of this run kept in {folder}; "
        "run the same command again to finish the rest"
    )


def report_batch(outcome: BatchOutcome, as_json: bool) -> None:
    """The summary line (and JSON) of a finished batch."""
    from models.results.table import RESULTS_CSV

    counts = outcome.statuses
    say(
        f"batch: {outcome.jobs} jobs, {outcome.run} run, {outcome.skipped} already done"
        + (f", {outcome.elsewhere} by another batch" if outcome.elsewhere else "")
        + ": "
        f"{outcome.solved} solved ({counts['OPTIMAL']} optimal), {counts['INFEASIBLE']} "
        f"infeasible, {counts['UNKNOWN']} no plan in time, {outcome.failed} failed; "
        f"table: {outcome.folder / RESULTS_CSV}"
    )
    for row in outcome.rows:
        if row["status"] == "FAILED":
            say(f"failed: {row['job']}: {row['error']}")
    if as_json:
        emit_json(outcome.to_json_dict())


def report_comparison(
    result: Comparison, fmt: str, detail: bool, out_path: Path | None, as_json: bool
) -> None:
    """The comparison of constraint sets as --format asks: to -o (Markdown unless CSV was
    asked), and on stdout the JSON document or, without -o, Markdown, CSV or the table."""
    from models.quality.compare import to_csv, to_markdown

    if fmt == "md":
        text = to_markdown(result)
    elif fmt == "csv":
        text = to_csv(result, detail)
    else:
        text = ""
    if out_path is not None:
        write_output(out_path, (text or to_markdown(result)).encode("utf-8"))
    if as_json:
        emit_json(result.to_json_dict())
    elif out_path is None:
        if text:
            click.echo(text, nl=False)
        else:
            from console.tables import print_comparison

            print_comparison(result)


def report_import(result: ImportResult, out_path: Path, book_path: Path, as_json: bool) -> None:
    """What an import wrote and how it read the book: the JSON document, or the summary."""
    if as_json:
        emit_json(
            {
                "scenario": str(out_path),
                "book_plan": str(book_path),
                "constraints": result.envelope.constraints,
                "notes": result.envelope.notes,
                "workouts": [
                    {
                        "date": result.book.date(c.workout.day).isoformat(),
                        "week": c.workout.week,
                        "title": c.workout.title,
                        "type": c.type,
                        "hard": c.hard,
                        "by": c.source,
                    }
                    for c in result.classified
                ],
            }
        )
    else:
        from models.importing.summary import import_summary

        click.echo(import_summary(result), nl=False)
    say(f"wrote {out_path} and {book_path}")
