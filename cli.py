"""The `speedblock` command line: thin click commands that parse arguments, call the
models and the solver, print, and exit with the code of plan-format.md.

Exit codes: 0 solved / no violation, 1 internal error (and MODEL_INVALID), 2 bad usage
or input, 3 infeasible, 4 time limit with no plan, 5 `check` found violations.

With `--json` exactly one JSON document goes to stdout; every log, warning and table
goes to stderr.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.metadata
import json
import math
import os
import sys
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

import click

from models.errors import InputError
from models.files import check_output_target, is_stdout, write_output
from solver.options import MAX_SEED, MAX_WORKERS

if TYPE_CHECKING:
    from models.plan import Plan
    from models.scenario import Scenario, Session
    from solver.batch_outcome import BatchOutcome

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_INPUT = 2
EXIT_INFEASIBLE = 3
EXIT_UNKNOWN = 4
EXIT_VIOLATIONS = 5

STATUS_EXIT = {
    "OPTIMAL": EXIT_OK,
    "FEASIBLE": EXIT_OK,
    "INFEASIBLE": EXIT_INFEASIBLE,
    "UNKNOWN": EXIT_UNKNOWN,
    "MODEL_INVALID": EXIT_INTERNAL,
}
JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
DEBUG_ENV = "SPEEDBLOCK_DEBUG"
_META_ARGS = "speedblock.args"

P = ParamSpec("P")
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


# ---------------------------------------------------------------- output helpers


def emit_json(doc: Any) -> None:
    """The one JSON document of a `--json` run, on stdout."""
    click.echo(json.dumps(doc, indent=2, ensure_ascii=False))


def say(text: str) -> None:
    """A log, warning or status line: always stderr."""
    click.echo(text, err=True)


def report_error(error: dict[str, Any], line: str, as_json: bool) -> None:
    say(line)
    if as_json:
        emit_json({"error": error})


def report_input_error(exc: InputError, as_json: bool) -> None:
    """One `error:` line per problem of the input, the first the error itself; with
    --json, that one as `error` and, when there are more, every one in `errors`."""
    errors = exc.errors
    for error in errors:
        say(f"error: {error}")
    if as_json:
        doc: dict[str, Any] = {"error": exc.as_dict()}
        if len(errors) > 1:
            doc["errors"] = [error.as_dict() for error in errors]
        emit_json(doc)


def report_internal_error(exc: BaseException, as_json: bool) -> None:
    debug = os.environ.get(DEBUG_ENV) == "1"
    if debug:
        traceback.print_exception(exc, file=sys.stderr)
    message = f"internal error: {type(exc).__name__}: {exc}"
    hint = "" if debug else f" (set {DEBUG_ENV}=1 to see the traceback)"
    report_error({"file": None, "field": None, "message": message}, message + hint, as_json)


def guarded(func: Callable[P, int]) -> Callable[P, None]:
    """Run a command body and exit with its code; an InputError exits 2 with one clear
    line (and the error JSON with --json), any other exception exits 1 without a
    traceback unless SPEEDBLOCK_DEBUG=1."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> None:
        as_json = bool(kwargs.get("as_json"))
        try:
            code = func(*args, **kwargs)
        except InputError as exc:
            report_input_error(exc, as_json)
            code = EXIT_INPUT
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except Exception as exc:
            report_internal_error(exc, as_json)
            code = EXIT_INTERNAL
        click.get_current_context().exit(code)

    return wrapper


def _flush_stdout() -> None:
    for stream in (sys.stdout, sys.__stdout__):
        with contextlib.suppress(OSError, ValueError, AttributeError):
            stream.flush()  # type: ignore[union-attr]


@contextlib.contextmanager
def stdout_to_stderr() -> Iterator[None]:
    """Send whatever native code writes to file descriptor 1 (e.g. CP-SAT's search log)
    to stderr for the duration, so stdout keeps exactly what the command prints."""
    _flush_stdout()
    saved: int | None = None
    with contextlib.suppress(OSError):
        saved = os.dup(1)
        os.dup2(2, 1)
    try:
        yield
    finally:
        if saved is not None:
            _flush_stdout()
            os.dup2(saved, 1)
            os.close(saved)


def check_output_path(path: Path) -> None:
    """Refuse an -o target that cannot be written, before any solving."""
    check_output_target(path)


# models.outputs.export.EXPORT_FORMATS, spelled out so that every command does not pay for
# importing the exporters (tests/test_cli_export.py keeps the two equal).
EXPORT_FORMATS = ("ics", "fit", "intervals", "md", "csv")
FOLDER_FORMATS = ("fit", "intervals")


def output_name(path: Path) -> str:
    return "standard output" if is_stdout(path) else str(path)


def refuse_two_stdout_documents(out_path: Path, as_json: bool) -> None:
    if as_json and is_stdout(out_path):
        raise InputError(
            "-o - and --json would both write to standard output; choose one", field="-o"
        )


@contextlib.contextmanager
def printing_beside(out_path: Path | None) -> Iterator[None]:
    """With `-o -` the file is standard output, so the calendar text goes to stderr."""
    if out_path is not None and is_stdout(out_path):
        with stdout_to_stderr():
            yield
    else:
        yield


def check_export_path(path: Path, fmt: str) -> None:
    """Refuse an -o target before any work: a file name for files, a folder for folders,
    and a format whose library (the `export` extra) is not installed."""
    if fmt in EXPORT_FORMATS:
        from models.outputs.export import require_format

        require_format(fmt)
    if fmt not in FOLDER_FORMATS:
        check_output_path(path)
        return
    if is_stdout(path):
        raise InputError(
            f"--format {fmt} writes a folder; standard output cannot hold one", field="-o"
        )
    if path.exists() and not path.is_dir():
        raise InputError(
            f"exists and is not a folder; --format {fmt} writes a folder",
            file=str(path),
            field="-o",
        )
    parent = path.parent
    if not parent.is_dir():
        raise InputError(f"folder {str(parent)!r} does not exist", file=str(path), field="-o")


def _usage_field(exc: click.UsageError) -> str | None:
    param = getattr(exc, "param", None)
    if param is None:
        return None
    if isinstance(param, click.Option) and param.opts:
        return str(param.opts[0])
    return str(param.human_readable_name)


# ---------------------------------------------------------------- the command group


def package_version() -> str:
    try:
        return importlib.metadata.version("speedblock")
    except importlib.metadata.PackageNotFoundError:
        return "(not installed)"


class SpeedblockGroup(click.Group):
    """A click group that also answers a usage error with the error JSON when the
    command line asked for --json (click still prints its usage message on stderr)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        ctx.meta[_META_ARGS] = list(args)
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            if "--json" in ctx.meta.get(_META_ARGS, []):
                message = exc.format_message()
                emit_json({"error": {"file": None, "field": _usage_field(exc), "message": message}})
            raise


@click.group(cls=SpeedblockGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(version=package_version(), message="%(prog)s %(version)s")
def cli() -> None:
    """Plan progressive training blocks around fixed race calendars (CP-SAT)."""


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


# ---------------------------------------------------------------- solve


GAP_RANGE = click.FloatRange(min=0, max=1)


def solver_options(func: F) -> F:
    """--time-limit, --workers, --seed and --gap, shared by the commands that solve."""
    return time_limit_option(DEFAULT_TIME_LIMIT)(search_options(func))


# A re-plan keeps most of the old plan (the hint) and is wanted at once.
REPLAN_TIME_LIMIT = 4.0
DEFAULT_TIME_LIMIT = 60.0


def time_limit_option(default: float) -> Callable[[F], F]:
    return click.option(
        "--time-limit",
        metavar="SECONDS",
        type=FINITE_SECONDS,
        default=default,
        show_default=True,
        help="Seconds the solver may search.",
    )


def search_options(func: F) -> F:
    """--workers, --seed and --gap."""
    func = click.option(
        "--gap",
        type=GAP_RANGE,
        default=0.0,
        show_default=True,
        help="Stop once the relative gap (objective vs bound) is at most this, e.g. 0.01.",
    )(func)
    func = click.option(
        "--seed",
        type=click.IntRange(min=0, max=MAX_SEED),
        default=0,
        show_default=True,
        help="Random seed of the search.",
    )(func)
    return click.option(
        "--workers",
        metavar="N",
        type=click.IntRange(min=1, max=MAX_WORKERS),
        default=2,
        show_default=True,
        help="Search threads (CP-SAT's interleaved search); same N and seed, same plan.",
    )(func)


@cli.command()
@click.argument("scenario_path", metavar="SCENARIO")
@constraints_option
@solver_options
@click.option("-o", "--output", "output", metavar="PLAN", default=None, help="Write the plan here.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", *EXPORT_FORMATS]),
    default="json",
    show_default=True,
    help="Format of -o: the plan JSON, or an export (fit and intervals write a folder).",
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
    time_limit: float,
    workers: int,
    seed: int,
    gap: float,
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
    from models.pins import warm_start_days, with_pins
    from solver.options import SolveOptions

    scenario = with_pins(_load(scenario_path, constraints), pins)
    out_path = Path(output) if output else None
    if out_path is not None:
        check_export_path(out_path, fmt)
        refuse_two_stdout_documents(out_path, as_json)
    warm_start = None
    if warm_start_path is not None:
        with errors_field("--warm-start"):
            warm_start = warm_start_days(scenario, read_plan(warm_start_path))
        if warm_start is None:
            say(f"warning: {warm_start_path}: no day of the plan lies in the block; not used")
    from solver.solve import solve_scenario

    show_progress = (not as_json) if progress is None else progress
    options = SolveOptions(
        time_limit=time_limit,
        workers=workers,
        seed=seed,
        log=log,
        gap=gap,
        progress=ProgressLines() if show_progress else None,
    )
    with stdout_to_stderr():
        plan = solve_scenario(scenario, options, warm_start=warm_start)
    doc = plan.to_json_dict()
    if out_path is not None and fmt == "json":
        write_plan(out_path, doc)
    elif out_path is not None and plan.status.has_plan:
        from models.outputs.export import export_plan

        export_plan(doc, scenario, fmt, out_path)
    if as_json:
        emit_json(doc)
        say(status_line(plan, time_limit))
    else:
        with printing_beside(out_path):
            print_plan(plan, scenario, time_limit)
    return STATUS_EXIT[plan.status.value]


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


def _load(scenario_path: str, constraints: str | None) -> Scenario:
    from models.io import load_scenario

    return load_scenario(scenario_path, constraints)


def write_plan(path: Path, doc: dict[str, Any]) -> None:
    from models.plan_file import write_plan_file

    write_plan_file(path, doc, field="-o")


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


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _gap(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.2f}%"


# ---------------------------------------------------------------- check


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
    scenario = _load(scenario_path, constraints)
    plan_doc = read_plan(plan_path)
    from models.check import check_plan
    from models.quality.metrics import plan_metrics

    violations = check_plan(scenario, plan_doc)
    quality = plan_metrics(scenario, plan_doc) if metrics else None
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
    return EXIT_VIOLATIONS if violations else EXIT_OK


# ---------------------------------------------------------------- explain


@cli.command()
@click.argument("scenario_path", metavar="SCENARIO")
@constraints_option
@solver_options
@json_option
@guarded
def explain(
    scenario_path: str,
    constraints: str | None,
    time_limit: float,
    workers: int,
    seed: int,
    gap: float,
    as_json: bool,
) -> int:
    """Say why the SCENARIO has no plan, or which of its rules cost the most.

    Infeasible: the minimal set of conflicting rules and what would relax each (exit 3).
    Feasible: each rule in force switched off in turn and the block re-solved; the
    objective it gains is what the rule costs (exit 0). --time-limit is shared by all solves.
    """
    from solver.binding import explain_scenario
    from solver.options import SolveOptions

    scenario = _load(scenario_path, constraints)
    options = SolveOptions(time_limit=time_limit, workers=workers, seed=seed, gap=gap)
    with stdout_to_stderr():
        report = explain_scenario(scenario, options)
    if as_json:
        emit_json(report.to_json_dict())
    else:
        from models.outputs.terminal import render_explanation

        click.echo(render_explanation(report), nl=False)
    return STATUS_EXIT[report.status.value]


def read_plan(plan_path: str) -> dict[str, Any]:
    """The plan file as a JSON object, or an InputError naming it."""
    from models.plan_document import read_plan_file

    return read_plan_file(plan_path)


def violation_line(v: dict[str, Any]) -> str:
    """`week 3 / 2027-01-20  ramp_pct: detail`."""
    where = " / ".join(
        p
        for p in (f"week {v['week']}" if v.get("week") is not None else "", v.get("date") or "")
        if p
    )
    text = f"{v['constraint']}: {v['detail']}"
    return f"{where}  {text}" if where else text


# ---------------------------------------------------------------- export and report


plan_scenario_option = click.option(
    "--scenario",
    "scenario_path",
    metavar="SCENARIO",
    default=None,
    help="The scenario of the plan  [default: the one the plan carries]",
)


def scenario_of_plan(
    plan_doc: dict[str, Any], plan_path: str, scenario_path: str | None, constraints: str | None
) -> Scenario:
    """The scenario a plan was made for: --scenario (and --constraints) when given, else
    the `scenario_document` every plan speedblock writes carries."""
    if scenario_path is not None:
        return _load(scenario_path, constraints)
    if constraints is not None:
        raise InputError("needs --scenario", field="--constraints")
    from models.plan_file import carried_scenario

    return carried_scenario(plan_doc, plan_path, hint="name it with --scenario FILE")


def plan_and_scenario(
    plan_path: str, scenario_path: str | None, constraints: str | None
) -> tuple[dict[str, Any], Scenario]:
    plan_doc = read_plan(plan_path)
    return plan_doc, scenario_of_plan(plan_doc, plan_path, scenario_path, constraints)


@contextlib.contextmanager
def errors_field(option: str) -> Iterator[None]:
    """An input error that names no field names the option whose file it is about."""
    try:
        yield
    except InputError as exc:
        if exc.field is not None:
            raise
        raise InputError(exc.message, file=exc.file, field=option) from None


@contextlib.contextmanager
def errors_name(plan_path: str) -> Iterator[None]:
    """An input error about the plan's content that names no file names the plan file."""
    try:
        yield
    except InputError as exc:
        raise exc.with_file(plan_path) from None


@cli.command()
@click.argument("plan_path", metavar="PLAN")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(EXPORT_FORMATS),
    required=True,
    help="ics (calendar), fit (a folder of Garmin workouts), intervals (a folder of "
    "intervals.icu texts and a CSV), md or csv (a week-by-week table).",
)
@click.option("-o", "--output", "output", metavar="PATH", required=True, help="File or folder.")
@plan_scenario_option
@constraints_option
@guarded
def export(
    plan_path: str, fmt: str, output: str, scenario_path: str | None, constraints: str | None
) -> int:
    """Write a PLAN for calendars, watches, intervals.icu or spreadsheets."""
    from models.outputs.export import export_plan

    out_path = Path(output)
    check_export_path(out_path, fmt)
    plan_doc, scenario = plan_and_scenario(plan_path, scenario_path, constraints)
    with errors_name(plan_path):
        written = export_plan(plan_doc, scenario, fmt, out_path)
    say(f"wrote {len(written)} file{'s' if len(written) != 1 else ''} to {output_name(out_path)}")
    return EXIT_OK


@cli.command()
@click.argument("plan_path", metavar="PLAN")
@click.option("-o", "--output", "output", metavar="HTML", required=True, help="The report file.")
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
@time_limit_option(REPLAN_TIME_LIMIT)
@search_options
@click.option("-o", "--output", "output", metavar="PLAN", default=None, help="Write the new plan.")
@json_option
@guarded
def replan(
    scenario_path: str,
    plan_path: str,
    log_path: str,
    today: str | None,
    missing: str,
    constraints: str | None,
    time_limit: float,
    workers: int,
    seed: int,
    gap: float,
    output: str | None,
    as_json: bool,
) -> int:
    """Re-plan SCENARIO from --today on: the days before it as the LOG says, the rest
    re-optimized under every rule, changing as few days of PLAN as the best plans allow.

    Exit codes as for solve.
    """
    import datetime as dt

    from models.history.training_log import read_log
    from solver.options import SolveOptions
    from solver.replan import default_today
    from solver.replan import replan as run_replan

    scenario = _load(scenario_path, constraints)
    out_path = Path(output) if output else None
    if out_path is not None:
        check_output_path(out_path)
        refuse_two_stdout_documents(out_path, as_json)
    old_plan = read_plan(plan_path)
    from models.catalog import resolve_catalog

    log = read_log(Path(log_path), {s.id: s for s in resolve_catalog(scenario)})
    if today is None:
        first = default_today(log, scenario)
    else:
        try:
            first = dt.date.fromisoformat(today)
        except ValueError:
            raise InputError(f"{today!r} is not a date (YYYY-MM-DD)", field="--today") from None
    options = SolveOptions(time_limit=time_limit, workers=workers, seed=seed, gap=gap)
    with stdout_to_stderr():
        result = run_replan(scenario, old_plan, log, first, options, missing)
    doc = {**result.plan.to_json_dict(), "replan": result.report()}
    if out_path is not None:
        write_plan(out_path, doc)
    if as_json:
        emit_json(doc)
        say(status_line(result.plan, time_limit))
    else:
        with printing_beside(out_path):
            print_replan(result, time_limit)
    return STATUS_EXIT[result.plan.status.value]


def print_replan(result: Any, time_limit: float) -> None:
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


# ---------------------------------------------------------------- batch

EXIT_INTERRUPTED = 130  # the shell's convention for a run stopped by Ctrl-C


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
@click.option(
    "--workers",
    metavar="N",
    type=click.IntRange(min=1, max=MAX_WORKERS),
    default=None,
    help="CP-SAT workers per solve  [default: cores // jobs, so the cores are not "
    "oversubscribed; 1 on a Dask cluster]",
)
@click.option(
    "--time-limit",
    metavar="SECONDS",
    type=FINITE_SECONDS,
    default=60.0,
    show_default=True,
    help="Seconds each solve may search.",
)
@click.option(
    "--seed",
    type=click.IntRange(min=0, max=MAX_SEED),
    default=0,
    show_default=True,
    help="Random seed of every solve.",
)
@click.option(
    "--gap",
    type=GAP_RANGE,
    default=0.0,
    show_default=True,
    help="Stop each solve once its relative gap is at most this.",
)
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
    from solver import batch as b
    from solver.batch_outcome import batch_outcome, execute, parallelism

    folder = Path(out_dir)
    if folder.exists() and not folder.is_dir():
        raise InputError("exists and is not a folder", file=out_dir, field="--out")
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
    where = f"the Dask cluster at {scheduler}" if scheduler else f"{jobs} local processes"
    say(f"batch: {len(job_list)} jobs on {where}, {workers} CP-SAT worker(s) per solve")
    from solver.batch_progress import BatchProgress

    def waiting(count: int) -> None:
        say(f"batch: waiting for {count} job(s) another batch is solving in {folder}")

    try:
        with BatchProgress(progress) as bar, terminate_as_interrupt():
            summary = execute(
                job_list, folder, settings, jobs, scheduler, bar.start, bar.result, waiting
            )
    except b.BatchInterrupted as stop:
        say(
            f"interrupted: {stop.summary.finished} result(s) of this run kept in {folder}; "
            "run the same command again to finish the rest"
        )
        return EXIT_INTERRUPTED
    outcome = batch_outcome(job_list, folder, summary)
    return report_batch(outcome, as_json)


@contextlib.contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM stops a batch the way Ctrl-C does, keeping every finished result."""
    import signal

    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


BATCH_EXIT = {
    "FAILED_INTERNAL": EXIT_INTERNAL,
    "MODEL_INVALID": EXIT_INTERNAL,
    "FAILED_INPUT": EXIT_INPUT,
    "UNKNOWN": EXIT_UNKNOWN,
    "INFEASIBLE": EXIT_INFEASIBLE,
}


def report_batch(outcome: BatchOutcome, as_json: bool) -> int:
    """The summary line (and JSON) of a finished batch, and its exit code."""
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
    worst = outcome.worst
    return EXIT_OK if worst is None else BATCH_EXIT[worst]


# ---------------------------------------------------------------- compare


@cli.command()
@click.argument("results_path", metavar="RESULTS")
@click.option(
    "--reference",
    metavar="NAME",
    default=None,
    help="The constraint set the others are priced against  [default: 'default', "
    "'defaults' or 'scenario' if present, else the first by name]",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "md", "csv"]),
    default="table",
    show_default=True,
    help="A terminal table, Markdown, or CSV (the ranking; with --detail one row per scenario).",
)
@click.option("--detail", is_flag=True, help="CSV: one row per constraint set and scenario.")
@click.option("-o", "--output", "output", metavar="FILE", default=None, help="Write it here.")
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
    from models.quality import compare as cmp

    result = cmp.compare(cmp.load_results(Path(results_path)), reference)
    if fmt == "md":
        text = cmp.to_markdown(result)
    elif fmt == "csv":
        text = cmp.to_csv(result, detail)
    else:
        text = ""
    out_path = Path(output) if output else None
    if out_path is not None:
        check_output_path(out_path)
        refuse_two_stdout_documents(out_path, as_json)
        write_output(out_path, (text or cmp.to_markdown(result)).encode("utf-8"))
    if as_json:
        emit_json(result.to_json_dict())
    elif out_path is None:
        if text:
            click.echo(text, nl=False)
        else:
            print_comparison(result)
    return EXIT_OK


def print_comparison(result: Any) -> None:
    from rich.console import Console
    from rich.table import Table

    from models.quality.compare import CELL_HEADERS, SUMMARY_HEADERS, table_rows

    console = Console(file=sys.stdout, highlight=False)
    if not console.is_terminal:
        console.width = 160
    for title, headers, items in (
        (
            f"constraint sets ranked, priced against '{result.reference}'",
            SUMMARY_HEADERS,
            result.sets,
        ),
        ("per scenario", CELL_HEADERS, result.cells),
    ):
        table = Table(title=title)
        for i, (_, name) in enumerate(headers):
            table.add_column(name, justify="left" if i < 2 else "right")
        for row in table_rows(items, headers):
            table.add_row(*row)
        console.print(table)


# ---------------------------------------------------------------- results


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
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
    help="A terminal table, CSV with every column, or JSON with every race and penalty.",
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
        print_results(rows)
    say(f"results: {len(rows)} job(s)")
    return EXIT_OK


def print_results(rows: list[dict[str, Any]]) -> None:
    from rich.console import Console
    from rich.table import Table

    from models.results.query import TABLE_COLUMNS, table_rows

    console = Console(file=sys.stdout, highlight=False)
    if not console.is_terminal:
        console.width = 160
    table = Table()
    for i, name in enumerate(TABLE_COLUMNS):
        table.add_column(name, justify="left" if i < 2 or name == "error" else "right")
    for row in table_rows(rows):
        table.add_row(*row)
    console.print(table)


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
@click.option(
    "-o",
    "--output",
    "output",
    metavar="SCENARIO",
    default=None,
    help="The scenario to write (.toml); the book plan goes beside it as <name>.book.json  "
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

    from models.importing.importer import ImportOptions, import_plan

    try:
        if len(start) != 10:
            raise ValueError
        first = dt.date.fromisoformat(start)
    except ValueError:
        raise InputError(f"{start!r} is not a date (YYYY-MM-DD)", field="--start") from None
    out_path = Path(output) if output else Path(Path(plan_path).stem + ".toml")
    if is_stdout(out_path):
        raise InputError(
            "import writes two files (the scenario and the book plan); give a .toml name",
            field="-o",
        )
    if out_path.suffix.lower() != ".toml":
        raise InputError("the scenario is written as TOML: give a .toml name", field="-o")
    book_path = out_path.with_name(out_path.stem + ".book.json")
    check_output_path(out_path)
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
    write_plan(book_path, result.book_plan)
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
    from models.quality.plan_comparison import compare_two, draw_comparison, render_comparison

    scenario = _load(scenario_path, None)
    picture_path = Path(picture) if picture else None
    if picture_path is not None:
        check_output_target(picture_path, "--picture")
        if is_stdout(picture_path):
            raise InputError("the picture is a PNG file; give it a file name", field="--picture")
        from models.extras import require

        require("matplotlib", "the picture", field="--picture")
    names = (Path(book_path).name, Path(plan_path).name)
    with errors_name(book_path):
        book = read_plan(book_path)
    with errors_name(plan_path):
        plan = read_plan(plan_path)
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
    from models.catalog import builtin_sessions

    sessions = builtin_sessions()
    if as_json:
        emit_json({"sessions": [session_dict(s) for s in sessions]})
    else:
        print_catalog(sessions)
    return EXIT_OK


def session_dict(session: Session) -> dict[str, Any]:
    """A session in the scenario format's shape (`distance` for race sessions only)."""
    exclude = None if session.type == "race" else {"distance"}
    return session.model_dump(mode="json", exclude=exclude)


def print_catalog(sessions: tuple[Session, ...]) -> None:
    from rich.console import Console
    from rich.table import Table

    from models.paces import render_description
    from models.scenario import SESSION_TYPES

    table = Table(title=f"built-in catalog: {len(sessions)} sessions", show_lines=False)
    for name, justify in (("type", "left"), ("level", "right"), ("id", "left"), ("min", "right")):
        table.add_column(name, justify=justify, no_wrap=True)  # type: ignore[arg-type]
    table.add_column("load", justify="right", no_wrap=True)
    table.add_column("hard", justify="center", no_wrap=True)
    table.add_column("description")
    for kind in SESSION_TYPES:
        group = sorted((s for s in sessions if s.type == kind), key=lambda s: (s.level, s.minutes))
        for i, s in enumerate(group):
            ladder = "-" if kind in ("rest", "race") else str(s.level)
            table.add_row(
                kind if i == 0 else "",
                ladder,
                s.id,
                str(s.minutes),
                str(s.load),
                "H" if s.hard else "",
                render_description(s.description, None),
                end_section=i == len(group) - 1,
            )
    console = Console(file=sys.stdout, highlight=False)
    if not console.is_terminal:
        console.width = 120
    console.print(table)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Accepted for symmetry: the schema is JSON.")
@guarded
def schema(as_json: bool) -> int:
    """Print the JSON Schema of the scenario format."""
    from models.scenario import Scenario

    body = Scenario.model_json_schema()
    body.pop("title", None)
    emit_json(
        {
            "$schema": JSON_SCHEMA_DIALECT,
            "title": "speedblock scenario, format version 1",
            **body,
        }
    )
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
