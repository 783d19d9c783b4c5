"""How a command ends: the exit codes of plan-format.md, and what goes wrong said in
one clear line on stderr (and as the error JSON with `--json`) instead of a traceback.

Exit codes: 0 solved / no violation, 1 internal error (and MODEL_INVALID), 2 bad usage
or input, 3 infeasible, 4 time limit with no plan, 5 `check` found violations, 130 a
batch stopped by Ctrl-C or SIGTERM.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
import traceback
from collections.abc import Callable, Iterator
from typing import Any, ParamSpec

import click

from console.streams import emit_json, say
from models.errors import InputError

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_INPUT = 2
EXIT_INFEASIBLE = 3
EXIT_UNKNOWN = 4
EXIT_VIOLATIONS = 5
EXIT_INTERRUPTED = 130  # the shell's convention for a run stopped by Ctrl-C

STATUS_EXIT = {
    "OPTIMAL": EXIT_OK,
    "FEASIBLE": EXIT_OK,
    "INFEASIBLE": EXIT_INFEASIBLE,
    "UNKNOWN": EXIT_UNKNOWN,
    "MODEL_INVALID": EXIT_INTERNAL,
}
# The worst job of a batch (solver.batch_outcome.BatchOutcome.worst) gives its exit code.
BATCH_EXIT = {
    "FAILED_INTERNAL": EXIT_INTERNAL,
    "MODEL_INVALID": EXIT_INTERNAL,
    "FAILED_INPUT": EXIT_INPUT,
    "UNKNOWN": EXIT_UNKNOWN,
    "INFEASIBLE": EXIT_INFEASIBLE,
}
DEBUG_ENV = "SPEEDBLOCK_DEBUG"
_META_ARGS = "speedblock.args"

P = ParamSpec("P")


def batch_exit(worst: str | None) -> int:
    """The exit code of a batch whose worst job ended so (None: every job has a plan)."""
    return EXIT_OK if worst is None else BATCH_EXIT[worst]


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


def _usage_field(exc: click.UsageError) -> str | None:
    param = getattr(exc, "param", None)
    if param is None:
        return None
    if isinstance(param, click.Option) and param.opts:
        return str(param.opts[0])
    return str(param.human_readable_name)


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
