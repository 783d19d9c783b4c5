"""The `speedblock` command line: the click commands and their options. Each command
parses its arguments, calls the models and the solver, hands the result to console/
to print, and exits with the code of plan-format.md (console.errors).

With `--json` exactly one JSON document goes to stdout; every log, warning and table
goes to stderr (console.streams).
"""

from __future__ import annotations

import dataclasses
import functools
import importlib.metadata
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, cast

import click

from console.errors import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_VIOLATIONS,
    STATUS_EXIT,
    SpeedblockGroup,
    batch_exit,
    errors_field,
    errors_name,
    guarded,
    terminate_as_interrupt,
)
from console.streams import (
    EXPORT_FORMATS,
    check_batch_folder,
    check_export_path,
    check_output_path,
    check_output_paths,
    check_picture_path,
    emit_json,
    import_targets,
    output_name,
    refuse_two_stdout_documents,
    say,
    stdout_to_stderr,
)
from models.errors import InputError
from models.files import write_output
from solver.options import DEFAULT_TIME_LIMIT, MAX_SEED, MAX_WORKERS, SolveOptions

F = TypeVar("F", bound=Callable[..., Any])


class FiniteSeconds(click.FloatRange):
    """A positive, finite number of seconds (click's FloatRange lets nan through)."""

    name = "seconds"

    def convert(self, value: Any, param: Any, ctx: Any) -> Any:
        seconds = super().convert(value, param, ctx)
        if not math.isfinite(seconds):
            self.fail(f"{value!r} is not a finite number of seconds", param, ctx)
        return seconds


FINITE_SECONDS = FiniteSeconds(min=0, min_open=True)
GAP_RANGE = click.FloatRange(min=0, max=1)
# A re-plan keeps most of the old plan (the hint) and is wanted at once.
REPLAN_TIME_LIMIT = 4.0


def package_version() -> str:
    try:
        return importlib.metadata.version("speedblock")
    except importlib.metadata.PackageNotFoundError:
        return "(not installed)"


@click.group(cls=SpeedblockGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(version=package_version(), message="%(prog)s %(version)s")
def cli() -> None:
    """Plan progressive training blocks around fixed race calendars (CP-SAT)."""


# ---------------------------------------------------------------- shared options


json_option = click.option(
    "--json", "as_json", is_flag=True, help="Print exactly one JSON document on stdout."
)
constraints_option = click.option(
    "--constraints",
    "constraints",
    metavar="FILE",
    default=None,
    help="A constraint-set file (TOML, YAML or JSON) merged over the scenario's constraints.",
)
plan_scenario_option = click.option(
    "--scenario",
    "scenario_path",
    metavar="SCENARIO",
    default=None,
    help="The scenario of the plan  [default: the one the plan carries]",
)


def output_option(metavar: str, help: str, required: bool = False) -> Callable[[F], F]:
    return click.option(
        "-o", "--output", "output", metavar=metavar, required=required, default=None, help=help
    )


def format_option(choices: tuple[str, ...], help: str, **kwargs: Any) -> Callable[[F], F]:
    return click.option("--format", "fmt", type=click.Choice(choices), help=help, **kwargs)


def table_format_option(choices: tuple[str, ...], help: str) -> Callable[[F], F]:
    """--format of the commands that draw a terminal table unless asked for a text."""
    return format_option(("table", *choices), help, default="table", show_default=True)


def time_limit_option(
    default: float, help: str = "Seconds the solver may search."
) -> Callable[[F], F]:
    return click.option(
        "--time-limit",
        metavar="SECONDS",
        type=FINITE_SECONDS,
        default=default,
        show_default=True,
        help=help,
    )


def workers_option(default: int | None, help: str) -> Callable[[F], F]:
    return click.option(
        "--workers",
        metavar="N",
        type=click.IntRange(min=1, max=MAX_WORKERS),
        default=default,
        show_default=default is not None,
        help=help,
    )


def seed_option(help: str) -> Callable[[F], F]:
    return click.option(
        "--seed", type=click.IntRange(min=0, max=MAX_SEED), default=0, show_default=True, help=help
    )


def gap_option(help: str) -> Callable[[F], F]:
    return click.option("--gap", type=GAP_RANGE, default=0.0, show_default=True, help=help)


def solver_options(default_time_limit: float) -> Callable[[F], F]:
    """--time-limit, --workers, --seed and --gap, shared by the commands that solve; the
    command gets them as one SolveOptions, `options`."""

    def decorate(func: F) -> F:
        @functools.wraps(func)
        def collected(
            *args: Any, time_limit: float, workers: int, seed: int, gap: float, **kwargs: Any
        ) -> Any:
            options = SolveOptions(time_limit=time_limit, workers=workers, seed=seed, gap=gap)
            return func(*args, options=options, **kwargs)

        for option in (
            gap_option(
                "Stop once the relative gap (objective vs bound) is at most this, e.g. 0.01."
            ),
            seed_option("Random seed of the search."),
            workers_option(
                2, "Search threads (CP-SAT's interleaved search); same N and seed, same plan."
            ),
            time_limit_option(default_time_limit),
        ):
            collected = option(collected)
        return cast(F, collected)

    return decorate


# ---------------------------------------------------------------- solve


@cli.command()
@click.argument("scenario_path", metavar="SCENARIO")
@constraints_option
@solver_options(DEFAULT_TIME_LIMIT)
@output_option("PLAN", "Write the plan here.")
@format_option(
    ("json", *EXPORT_FORMATS),
    "Format of -o: the plan JSON, or an export (fit and intervals write a folder).",
    default="json",
    show_default=True,
)
@json_option
@click.option("--log", is_flag=True, help="Show CP-SAT's search log on stderr.")
@click.option(
    "--progress/--no-progress",
    default=None,
    help="A line on stderr for each better plan (objective, bound, gap, time)  "
    "[default: on, off with --json]",
)
@click.option(
    "--pin",
    "pins",
    metavar="DATE=SESSION_OR_TYPE",
    multiple=True,
    help="Fix a day to a catalog session, or to any session of a type (repeatable); "
    "added to the scenario's pins, replacing one of the same date.",
)
@click.option(
    "--warm-start",
    "warm_start_path",
    metavar="PLAN",
    default=None,
    help="A plan JSON to start from (e.g. the plan before a day was pinned).",
)
@guarded
def solve(
    scenario_path: str,
    constraints: str | None,
    options: SolveOptions,
    output: str | None,
    fmt: str,
    as_json: bool,
    log: bool,
    progress: bool | None,
    pins: tuple[str, ...],
    warm_start_path: str | None,
) -> int:
    """Solve the SCENARIO file and print its plan.

    Exit 0 solved, 2 bad input, 3 infeasible, 4 time limit with no plan, 1 internal error.
    """
    from console.views import ProgressLines, print_plan, report_plan
    from models.io import load_scenario
    from models.pins import warm_start_days, with_pins
    from models.plan_document import read_plan_file
    from models.plan_file import write_plan_as

    scenario = with_pins(load_scenario(scenario_path, constraints), pins)
    out_path = Path(output) if output else None
    if out_path is not None:
        check_export_path(out_path, fmt)
        refuse_two_stdout_documents(out_path, as_json)
    warm_start = None
    if warm_start_path is not None:
        with errors_field("--warm-start"):
            warm_start = warm_start_days(scenario, read_plan_file(warm_start_path))
        if warm_start is None:
            say(f"warning: {warm_start_path}: no day of the plan lies in the block; not used")
    from solver.solve import solve_scenario

    show_progress = (not as_json) if progress is None else progress
    options = dataclasses.replace(
        options, log=log, progress=ProgressLines() if show_progress else None
    )
    with stdout_to_stderr():
        plan = solve_scenario(scenario, options, warm_start=warm_start)
    doc = plan.to_json_dict()
    if out_path is not None:
        write_plan_as(out_path, fmt, doc, scenario, plan.status.has_plan)
    text = functools.partial(print_plan, plan, scenario, options.time_limit)
    report_plan(plan, doc, options.time_limit, as_json, out_path, text)
    return STATUS_EXIT[plan.status.value]


# ---------------------------------------------------------------- check and explain


@cli.command()
@click.argument("scenario_path", metavar="SCENARIO")
@click.argument("plan_path", metavar="PLAN")
@constraints_option
@click.option(
    "--metrics", is_flag=True, help="Also report the plan-quality metrics (perf, CTL, ACWR, ...)."
)
@json_option
@guarded
def check(
    scenario_path: str, plan_path: str, constraints: str | None, metrics: bool, as_json: bool
) -> int:
    """Check a PLAN file against the SCENARIO's hard rules, without the solver.

    Exit 0 valid, 5 violations found, 2 unreadable input.
    """
    from models.io import load_scenario
    from models.plan_document import read_plan_file

    scenario = load_scenario(scenario_path, constraints)
    plan_doc = read_plan_file(plan_path)
    from console.views import report_check
    from models.check import check_plan
    from models.quality.metrics import plan_metrics

    violations = check_plan(scenario, plan_doc)
    quality = plan_metrics(scenario, plan_doc) if metrics else None
    report_check(scenario, violations, quality, as_json)
    return EXIT_VIOLATIONS if violations else EXIT_OK


@cli.command()
@click.argument("scenario_path", metavar="SCENARIO")
@constraints_option
@solver_options(DEFAULT_TIME_LIMIT)
@json_option
@guarded
def explain(
    scenario_path: str,
    constraints: str | None,
    options: SolveOptions,
    as_json: bool,
) -> int:
    """Say why the SCENARIO has no plan, or which of its rules cost the most.

    Infeasible: the minimal set of conflicting rules and what would relax each (exit 3).
    Feasible: each rule in force switched off in turn and the block re-solved; the
    objective it gains is what the rule costs (exit 0). --time-limit is shared by all solves.
    """
    from models.io import load_scenario
    from solver.binding import explain_scenario

    scenario = load_scenario(scenario_path, constraints)
    with stdout_to_stderr():
        report = explain_scenario(scenario, options)
    if as_json:
        emit_json(report.to_json_dict())
    else:
        from models.outputs.terminal import render_explanation

        click.echo(render_explanation(report), nl=False)
    return STATUS_EXIT[report.status.value]


# ---------------------------------------------------------------- export and report


@cli.command()
@click.argument("plan_path", metavar="PLAN")
@format_option(
    EXPORT_FORMATS,
    "ics (calendar), fit (a folder of Garmin workouts), intervals (a folder of "
    "intervals.icu texts and a CSV), md or csv (a week-by-week table).",
    required=True,
)
@output_option("PATH", "File or folder.", required=True)
@plan_scenario_option
@constraints_option
@guarded
def export(
    plan_path: str, fmt: str, output: str, scenario_path: str | None, constraints: str | None
) -> int:
    """Write a PLAN for calendars, watches, intervals.icu or spreadsheets."""
    from models.outputs.export import export_plan
    from models.plan_file import plan_and_scenario

    out_path = Path(output)
    check_export_path(out_path, fmt)
    plan_doc, scenario = plan_and_scenario(plan_path, scenario_path, constraints)
    with errors_name(plan_path):
        written = export_plan(plan_doc, scenario, fmt, out_path)
    say(f"wrote {len(written)} file{'s' if len(written) != 1 else ''} to {output_name(out_path)}")
    return EXIT_OK


@cli.command()
@click.argument("plan_path", metavar="PLAN")
@output_option("HTML", "The report file.", required=True)
@plan_scenario_option
@constraints_option
@guarded
def report(plan_path: str, output: str, scenario_path: str | None, constraints: str | None) -> int:
    """Write a self-contained HTML report of a PLAN: calendar, load, fitness and form."""
    from models.extras import require

    out_path = Path(output)
    check_output_path(out_path)
    require("matplotlib", "the report")
    from models.outputs.report import write_report
    from models.plan_file import plan_and_scenario

    plan_doc, scenario = plan_and_scenario(plan_path, scenario_path, constraints)
    with errors_name(plan_path):
        write_report(scenario, plan_doc, out_path)
    say(f"wrote {output_name(out_path)}")
    return EXIT_OK


# ---------------------------------------------------------------- replan


@cli.command()
@click.argument("scenario_path", metavar="SCENARIO")
@click.option("--plan", "plan_path", metavar="PLAN", required=True, help="The plan being followed.")
@click.option(
    "--log", "log_path", metavar="LOG", required=True, help="The training log (CSV/JSON)."
)
@click.option(
    "--today",
    metavar="DATE",
    default=None,
    help="First day to re-plan (YYYY-MM-DD)  [default: the day after the last logged day]",
)
@click.option(
    "--missing",
    type=click.Choice(["rest", "planned"]),
    default="rest",
    show_default=True,
    help="What a day before --today without a log row was: a rest day, or as planned.",
)
@constraints_option
@solver_options(REPLAN_TIME_LIMIT)
@output_option("PLAN", "Write the new plan.")
@json_option
@guarded
def replan(
    scenario_path: str,
    plan_path: str,
    log_path: str,
    today: str | None,
    missing: str,
    constraints: str | None,
    options: SolveOptions,
    output: str | None,
    as_json: bool,
) -> int:
    """Re-plan SCENARIO from --today on: the days before it as the LOG says, the rest
    re-optimized under every rule, changing as few days of PLAN as the best plans allow.

    Exit codes as for solve.
    """
    import datetime as dt

    from models.history.training_log import read_log
    from models.io import load_scenario
    from models.plan_document import read_plan_file
    from models.plan_file import write_plan_file
    from solver.replan import default_today
    from solver.replan import replan as run_replan

    scenario = load_scenario(scenario_path, constraints)
    out_path = Path(output) if output else None
    check_output_paths(out_path, as_json)
    old_plan = read_plan_file(plan_path)
    from models.catalog import resolve_catalog

    log = read_log(Path(log_path), {s.id: s for s in resolve_catalog(scenario)})
    if today is None:
        first = default_today(log, scenario)
    else:
        try:
            first = dt.date.fromisoformat(today)
        except ValueError:
            raise InputError(f"{today!r} is not a date (YYYY-MM-DD)", field="--today") from None
    with stdout_to_stderr():
        result = run_replan(scenario, old_plan, log, first, options, missing)
    doc = {**result.plan.to_json_dict(), "replan": result.report()}
    if out_path is not None:
        write_plan_file(out_path, doc)
    from console.views import print_replan, report_plan

    text = functools.partial(print_replan, result, options.time_limit)
    report_plan(result.plan, doc, options.time_limit, as_json, out_path, text)
    return STATUS_EXIT[result.plan.status.value]


# ---------------------------------------------------------------- batch


@cli.command()
@click.argument("paths", metavar="SCENARIOS...", nargs=-1, required=True)
@click.option(
    "--constraints",
    "constraint_files",
    metavar="FILE",
    multiple=True,
    help="A constraint-set file; repeat to solve every scenario under each set.",
)
@click.option(
    "--out",
    "out_dir",
    metavar="DIR",
    required=True,
    help="Folder for plans/, results.db and its exports results.csv / results.jsonl.",
)
@click.option(
    "--jobs",
    type=click.IntRange(min=1, max=1024),
    default=None,
    help="Solves at once in the local process pool  [default: the machine's cores]",
)
@workers_option(
    None,
    "CP-SAT workers per solve  [default: cores // jobs, so the cores are not "
    "oversubscribed; 1 on a Dask cluster]",
)
@time_limit_option(DEFAULT_TIME_LIMIT, "Seconds each solve may search.")
@seed_option("Random seed of every solve.")
@gap_option("Stop each solve once its relative gap is at most this.")
@click.option(
    "--resume/--force",
    default=True,
    show_default=True,
    help="Skip jobs whose result is already in DIR from the same inputs, or redo them all.",
)
@click.option("--retry-failed", is_flag=True, help="Run failed jobs again when resuming.")
@click.option("--recursive", is_flag=True, help="Look for scenarios in sub-folders too.")
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    default=None,
    envvar="DASK_SCHEDULER_ADDRESS",
    help="Send the solves to this Dask scheduler (also read from DASK_SCHEDULER_ADDRESS).",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Show the progress bar on stderr  [default: when stderr is a terminal]",
)
@json_option
@guarded
def batch(
    paths: tuple[str, ...],
    constraint_files: tuple[str, ...],
    out_dir: str,
    jobs: int | None,
    workers: int | None,
    time_limit: float,
    seed: int,
    gap: float,
    resume: bool,
    retry_failed: bool,
    recursive: bool,
    scheduler: str | None,
    progress: bool | None,
    as_json: bool,
) -> int:
    """Solve every scenario in SCENARIOS (files or folders) under every constraint set.

    Each result is written to DIR as soon as it lands; a rerun skips what is done, and
    Ctrl-C keeps every finished result (exit 130). Exit 0 when every job has a plan,
    else the code of the worst job: 1 crashed, 2 invalid scenario, 4 no plan in time,
    3 infeasible.
    """
    from console import views
    from solver import batch as b
    from solver.batch_outcome import batch_outcome, execute, parallelism

    folder = check_batch_folder(out_dir)
    if scheduler:
        from models.extras import require

        require("distributed", "a Dask scheduler", field="--scheduler")
    files = b.discover_scenarios(paths, recursive)
    sets = b.load_constraint_sets(constraint_files)
    jobs, workers = parallelism(jobs, workers, scheduler)
    settings = b.BatchSettings(
        time_limit=time_limit,
        workers=workers,
        seed=seed,
        gap=gap,
        force=not resume,
        retry_failed=retry_failed,
    )
    job_list = b.plan_jobs(files, sets, settings)
    views.say_batch_start(len(job_list), jobs, workers, scheduler)
    from solver.batch_progress import BatchProgress

    waiting = functools.partial(views.say_batch_waiting, folder)
    try:
        with BatchProgress(progress) as bar, terminate_as_interrupt():
            summary = execute(
                job_list, folder, settings, jobs, scheduler, bar.start, bar.result, waiting
            )
    except b.BatchInterrupted as stop:
        views.say_batch_interrupted(stop, folder)
        return EXIT_INTERRUPTED
    outcome = batch_outcome(job_list, folder, summary)
    views.report_batch(outcome, as_json)
    return batch_exit(outcome.worst)


# ---------------------------------------------------------------- compare and results


@cli.command()
@click.argument("results_path", metavar="RESULTS")
@click.option(
    "--reference",
    metavar="NAME",
    default=None,
    help="The constraint set the others are priced against  [default: 'default', "
    "'defaults' or 'scenario' if present, else the first by name]",
)
@table_format_option(
    ("md", "csv"),
    "A terminal table, Markdown, or CSV (the ranking; with --detail one row per scenario).",
)
@click.option("--detail", is_flag=True, help="CSV: one row per constraint set and scenario.")
@output_option("FILE", "Write it here.")
@json_option
@guarded
def compare(
    results_path: str,
    reference: str | None,
    fmt: str,
    detail: bool,
    output: str | None,
    as_json: bool,
) -> int:
    """Rank the constraint sets of a batch (RESULTS: its --out folder or results.jsonl) by
    plan quality, and show what each costs against a reference set, per scenario."""
    from console.views import report_comparison
    from models.quality import compare as cmp

    result = cmp.compare(cmp.load_results(Path(results_path)), reference)
    out_path = Path(output) if output else None
    check_output_paths(out_path, as_json)
    report_comparison(result, fmt, detail, out_path, as_json)
    return EXIT_OK


@cli.command()
@click.argument("results_path", metavar="DIR")
@click.option(
    "--status", "statuses", metavar="S", multiple=True, help="Only jobs of this status (repeat)."
)
@click.option(
    "--set", "sets", metavar="NAME", multiple=True, help="Only this constraint set (repeat)."
)
@click.option(
    "--scenario",
    "scenarios",
    metavar="NAME",
    multiple=True,
    help="Only this scenario: its name, file or the job name's scenario part (repeat).",
)
@click.option(
    "--sort",
    metavar="COLUMN",
    default="job",
    show_default=True,
    help="A results column; a leading - sorts descending.",
)
@table_format_option(
    ("csv", "json"),
    "A terminal table, CSV with every column, or JSON with every race and penalty.",
)
@json_option
@guarded
def results(
    results_path: str,
    statuses: tuple[str, ...],
    sets: tuple[str, ...],
    scenarios: tuple[str, ...],
    sort: str,
    fmt: str,
    as_json: bool,
) -> int:
    """List the jobs of a batch folder (DIR: its --out folder, its results.db, or a
    results.jsonl), filtered and sorted. --json is --format json."""
    from models.results import query as rq
    from models.results.db import open_results
    from models.results.table import to_csv

    rq.sort_clause(sort)  # a bad column is a usage error before anything is read
    with open_results(Path(results_path)) as db:
        rows = rq.query(db, statuses, sets, scenarios, sort)
    if as_json or fmt == "json":
        click.echo(rq.to_json(rows))
    elif fmt == "csv":
        click.echo(to_csv(rows), nl=False)
    else:
        from console.tables import print_results

        print_results(rows)
    say(f"results: {len(rows)} job(s)")
    return EXIT_OK


# ---------------------------------------------------------------- import and compare-plans


@cli.command("import")
@click.argument("plan_path", metavar="PLAN")
@click.option("--start", "start", metavar="DATE", required=True, help="First day (YYYY-MM-DD).")
@click.option(
    "--units",
    type=click.Choice(["mi", "km"]),
    default=None,
    help="Units of the plan's distances  [default: the plan's own `units`]",
)
@click.option(
    "--paces",
    "paces_path",
    metavar="FILE",
    default=None,
    help="Athlete file: recent_race = {distance, time} (and optionally name, chronic_load, "
    "longest_recent_run_min).",
)
@click.option(
    "--map", "map_path", metavar="FILE", default=None, help="Title pieces to session types."
)
@click.option("--acwr", is_flag=True, help="Also limit ACWR at the book's own maximum.")
@click.option("--monotony", is_flag=True, help="Also limit monotony at the book's own maximum.")
@click.option(
    "--quotas", is_flag=True, help="Also keep the book's weekly counts of quality and long runs."
)
@output_option(
    "SCENARIO",
    "The scenario to write (.toml); the book plan goes beside it as <name>.book.json  "
    "[default: <PLAN's name>.toml here]",
)
@json_option
@guarded
def import_(
    plan_path: str,
    start: str,
    units: str | None,
    paces_path: str | None,
    map_path: str | None,
    acwr: bool,
    monotony: bool,
    quotas: bool,
    output: str | None,
    as_json: bool,
) -> int:
    """Import a book PLAN (calendar-hack YAML/JSON, or CSV) as a scenario whose catalog is
    the plan's sessions and whose rules are its envelope, and the plan itself as a plan.

    Exit 0 written, 2 bad input (nothing written).
    """
    import datetime as dt

    from console.views import report_import
    from models.importing.importer import ImportOptions, import_plan
    from models.plan_file import write_plan_file

    try:
        if len(start) != 10:
            raise ValueError
        first = dt.date.fromisoformat(start)
    except ValueError:
        raise InputError(f"{start!r} is not a date (YYYY-MM-DD)", field="--start") from None
    out_path, book_path = import_targets(plan_path, output)
    options = ImportOptions(
        start=first,
        units=units,
        athlete_file=Path(paces_path) if paces_path else None,
        map_file=Path(map_path) if map_path else None,
        acwr=acwr,
        monotony=monotony,
        quotas=quotas,
    )
    result = import_plan(Path(plan_path), options)
    write_output(out_path, result.scenario_text.encode("utf-8"))
    write_plan_file(book_path, result.book_plan)
    report_import(result, out_path, book_path, as_json)
    return EXIT_OK


@cli.command("compare-plans")
@click.argument("scenario_path", metavar="SCENARIO")
@click.argument("book_path", metavar="BOOK")
@click.argument("plan_path", metavar="PLAN")
@click.option("--picture", metavar="PNG", default=None, help="Also draw the two plans here.")
@json_option
@guarded
def compare_plans(
    scenario_path: str, book_path: str, plan_path: str, picture: str | None, as_json: bool
) -> int:
    """Show a BOOK plan and an optimized PLAN of one SCENARIO side by side: weekly load by
    type, race-day performance, monotony and ACWR, taper weeks, long runs, broken rules."""
    from models.io import load_scenario
    from models.plan_document import read_plan_file
    from models.quality.plan_comparison import compare_two, draw_comparison, render_comparison

    scenario = load_scenario(scenario_path, None)
    picture_path = Path(picture) if picture else None
    if picture_path is not None:
        check_picture_path(picture_path)
    names = (Path(book_path).name, Path(plan_path).name)
    with errors_name(book_path):
        book = read_plan_file(book_path)
    with errors_name(plan_path):
        plan = read_plan_file(plan_path)
    comparison = compare_two(scenario, book, plan, names)
    if picture_path is not None:
        draw_comparison(scenario, book, plan, comparison, picture_path)
        say(f"wrote {output_name(picture_path)}")
    if as_json:
        emit_json(comparison.to_json_dict())
    else:
        click.echo(render_comparison(comparison), nl=False)
    return EXIT_OK


# ---------------------------------------------------------------- catalog and schema


@cli.command()
@json_option
@guarded
def catalog(as_json: bool) -> int:
    """Print the built-in session catalog."""
    from models.catalog import builtin_sessions, session_document

    sessions = builtin_sessions()
    if as_json:
        emit_json({"sessions": [session_document(s) for s in sessions]})
    else:
        from console.tables import print_catalog

        print_catalog(sessions)
    return EXIT_OK


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Accepted for symmetry: the schema is JSON.")
@guarded
def schema(as_json: bool) -> int:
    """Print the JSON Schema of the scenario format."""
    from models.io import scenario_json_schema

    emit_json(scenario_json_schema())
    return EXIT_OK


@cli.command()
@click.argument("workspace", default=".", metavar="[WORKSPACE]")
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option(
    "--port", default=8765, show_default=True, type=click.IntRange(1, 65535), help="The port."
)
@time_limit_option(20.0)
@guarded
def serve(workspace: str, host: str, port: int, time_limit: float) -> int:
    """Open the workbench: edit, solve and re-plan the scenarios of WORKSPACE (a folder,
    the current one by default) in the browser."""
    from workbench.server import serve as run

    return run(workspace, host, port, time_limit, say)


def main() -> None:
    """The console-script entry point."""
    cli(prog_name="speedblock")


if __name__ == "__main__":
    main()
