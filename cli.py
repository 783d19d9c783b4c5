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
import tempfile
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

import click

from models.errors import InputError

if TYPE_CHECKING:
    from models.plan import Plan
    from models.scenario import Scenario, Session

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

MAX_WORKERS = 64
# CP-SAT's seed is a 32-bit integer and the workers use seed .. seed + N - 1.
MAX_SEED = 2**31 - 1 - MAX_WORKERS


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
    line = "error: " + ": ".join(p for p in (exc.file, exc.field, exc.message) if p)
    report_error(exc.as_dict(), line, as_json)


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


def write_atomic(path: Path, text: str) -> None:
    """Write a whole file or nothing: a temp file in the same folder, then os.replace.
    The file gets the usual permissions (those of the file it replaces, else 0666
    minus the umask), not mkstemp's private 0600."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
            os.chmod(tmp, _file_mode(path))
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _file_mode(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def check_output_path(path: Path) -> None:
    """Refuse an -o target that cannot be written, before any solving."""
    if path.is_dir():
        raise InputError("is a directory; -o needs a file name", file=str(path), field="-o")
    parent = path.parent
    if not parent.is_dir():
        raise InputError(f"folder {str(parent)!r} does not exist", file=str(path), field="-o")
    if not os.access(parent, os.W_OK):
        raise InputError(f"folder {str(parent)!r} is not writable", file=str(path), field="-o")


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


def solver_options(func: F) -> F:
    """--time-limit, --workers and --seed, shared by the commands that solve."""
    func = click.option(
        "--seed",
        type=click.IntRange(min=0, max=MAX_SEED),
        default=0,
        show_default=True,
        help="Random seed of the search.",
    )(func)
    func = click.option(
        "--workers",
        metavar="N",
        type=click.IntRange(min=1, max=MAX_WORKERS),
        default=2,
        show_default=True,
        help="Parallel searches: a portfolio of seeds seed..seed+N-1; same N and seed, same plan.",
    )(func)
    return click.option(
        "--time-limit",
        metavar="SECONDS",
        type=FINITE_SECONDS,
        default=60.0,
        show_default=True,
        help="Seconds the solver may search.",
    )(func)


@cli.command()
@click.argument("scenario_path", metavar="SCENARIO")
@constraints_option
@solver_options
@click.option("-o", "--output", "output", metavar="PLAN", default=None, help="Write the plan here.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json"]),
    default="json",
    show_default=True,
    help="Format of the -o file.",
)
@json_option
@click.option("--log", is_flag=True, help="Show CP-SAT's search log on stderr.")
@guarded
def solve(
    scenario_path: str,
    constraints: str | None,
    time_limit: float,
    workers: int,
    seed: int,
    output: str | None,
    fmt: str,
    as_json: bool,
    log: bool,
) -> int:
    """Solve the SCENARIO file and print its plan.

    Exit 0 solved, 2 bad input, 3 infeasible, 4 time limit with no plan, 1 internal error.
    """
    from solver.options import SolveOptions

    scenario = _load(scenario_path, constraints)
    out_path = Path(output) if output else None
    if out_path is not None:
        check_output_path(out_path)
    from solver.solve import solve_scenario

    options = SolveOptions(time_limit=time_limit, workers=workers, seed=seed, log=log)
    with stdout_to_stderr():
        plan = solve_scenario(scenario, options)
    doc = plan.to_json_dict()
    if out_path is not None:
        write_plan(out_path, doc)
    if as_json:
        emit_json(doc)
        say(status_line(plan, time_limit))
    else:
        print_plan(plan, scenario, time_limit)
    return STATUS_EXIT[plan.status.value]


def _load(scenario_path: str, constraints: str | None) -> Scenario:
    from models.io import load_scenario

    return load_scenario(scenario_path, constraints)


def write_plan(path: Path, doc: dict[str, Any]) -> None:
    try:
        write_atomic(path, json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    except OSError as exc:
        raise InputError(
            f"cannot write the plan: {exc.strerror}", file=str(path), field="-o"
        ) from None


def status_line(plan: Plan, time_limit: float) -> str:
    """One line on stderr that says how the solve ended."""
    status = plan.status.value
    if status == "OPTIMAL":
        return f"OPTIMAL: objective {_fmt(plan.objective)} in {plan.solve_seconds:.2f} s"
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
    from models.render import render_calendar, render_summary

    click.echo(render_calendar(plan, scenario))
    click.echo(render_summary(plan), nl=False)
    status = plan.status.value
    if status == "FEASIBLE":
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
@json_option
@guarded
def check(scenario_path: str, plan_path: str, constraints: str | None, as_json: bool) -> int:
    """Check a PLAN file against the SCENARIO's hard rules, without the solver.

    Exit 0 valid, 5 violations found, 2 unreadable input.
    """
    scenario = _load(scenario_path, constraints)
    plan_doc = read_plan(plan_path)
    from models.check import check_plan

    violations = check_plan(scenario, plan_doc)
    if as_json:
        emit_json({"valid": not violations, "violations": [v.as_dict() for v in violations]})
    elif violations:
        for v in violations:
            click.echo(violation_line(v.as_dict()))
    else:
        click.echo(f"valid: no violation of {rule_count(scenario)} rules")
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
    options = SolveOptions(time_limit=time_limit, workers=workers, seed=seed)
    with stdout_to_stderr():
        report = explain_scenario(scenario, options)
    if as_json:
        emit_json(report.to_json_dict())
    else:
        from models.render import render_explanation

        click.echo(render_explanation(report), nl=False)
    return STATUS_EXIT[report.status.value]


def read_plan(plan_path: str) -> dict[str, Any]:
    """The plan file as a JSON object, or an InputError naming it."""
    from models.io import read_text

    text = read_text(Path(plan_path))
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"the plan is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})",
            file=plan_path,
        ) from None
    if not isinstance(doc, dict):
        raise InputError(
            f"the plan must be a JSON object, not {type(doc).__name__}", file=plan_path
        )
    return doc


def violation_line(v: dict[str, Any]) -> str:
    """`week 3 / 2027-01-20  ramp_pct: detail`."""
    where = " / ".join(
        p
        for p in (f"week {v['week']}" if v.get("week") is not None else "", v.get("date") or "")
        if p
    )
    text = f"{v['constraint']}: {v['detail']}"
    return f"{where}  {text}" if where else text


STRUCTURAL_RULES = ("days", "catalog", "races", "availability", "blocked", "max_sessions_per_week")


def rule_count(scenario: Scenario) -> int:
    """How many rules a check applies: the structural ones and each constraint rule
    that is switched on (a rule whose value is "none" is off)."""
    c = scenario.constraints
    rules_on = (
        c.hard_spacing_enabled,
        c.max_hard_per_week_enabled,
        c.weekly_load_max_on,
        c.ramp_enabled,
        c.deload_on,
        c.long_run_spike_enabled,
        c.taper_enabled,
        c.keep_intensity_on,
        c.recovery_days_enabled,
        c.quotas_enabled and bool(c.quotas),
        c.min_easy_enabled,
        c.progression_enabled,
        c.acwr_on,
        c.monotony_on,
    )
    return len(STRUCTURAL_RULES) + sum(rules_on)


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


def main() -> None:
    """The console-script entry point."""
    cli(prog_name="speedblock")


if __name__ == "__main__":
    main()
