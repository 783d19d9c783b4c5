"""Standard output and standard error for the commands: with `--json` exactly one JSON
document goes to stdout and every log, warning and table to stderr, and an `-o` target
is refused before any work when it cannot be written."""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from models.errors import InputError
from models.files import check_output_target, is_stdout

# models.outputs.export.EXPORT_FORMATS, spelled out so that every command does not pay for
# importing the exporters (tests/test_cli_export.py keeps the two equal).
EXPORT_FORMATS = ("ics", "fit", "intervals", "md", "csv")
FOLDER_FORMATS = ("fit", "intervals")


def emit_json(doc: Any) -> None:
    """The one JSON document of a `--json` run, on stdout."""
    click.echo(json.dumps(doc, indent=2, ensure_ascii=False))


def say(text: str) -> None:
    """A log, warning or status line: always stderr."""
    click.echo(text, err=True)


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


@contextlib.contextmanager
def printing_beside(out_path: Path | None) -> Iterator[None]:
    """With `-o -` the file is standard output, so the calendar text goes to stderr."""
    if out_path is not None and is_stdout(out_path):
        with stdout_to_stderr():
            yield
    else:
        yield


def output_name(path: Path) -> str:
    return "standard output" if is_stdout(path) else str(path)


def check_output_path(path: Path) -> None:
    """Refuse an -o target that cannot be written, before any solving."""
    check_output_target(path)


def check_output_paths(out_path: Path | None, as_json: bool) -> None:
    """An -o target that can be written and that does not share stdout with --json."""
    if out_path is not None:
        check_output_path(out_path)
        refuse_two_stdout_documents(out_path, as_json)


def refuse_two_stdout_documents(out_path: Path, as_json: bool) -> None:
    if as_json and is_stdout(out_path):
        raise InputError(
            "-o - and --json would both write to standard output; choose one", field="-o"
        )


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


def import_targets(plan_path: str, output: str | None) -> tuple[Path, Path]:
    """The scenario `import` writes (a .toml file, by default named after the book plan
    in this folder) and the book plan beside it, refused before any reading."""
    out_path = Path(output) if output else Path(Path(plan_path).stem + ".toml")
    if is_stdout(out_path):
        raise InputError(
            "import writes two files (the scenario and the book plan); give a .toml name",
            field="-o",
        )
    if out_path.suffix.lower() != ".toml":
        raise InputError("the scenario is written as TOML: give a .toml name", field="-o")
    check_output_path(out_path)
    return out_path, out_path.with_name(out_path.stem + ".book.json")


def check_picture_path(path: Path) -> None:
    """A PNG file that can be written, and matplotlib to draw it, before any reading."""
    check_output_target(path, "--picture")
    if is_stdout(path):
        raise InputError("the picture is a PNG file; give it a file name", field="--picture")
    from models.extras import require

    require("matplotlib", "the picture", field="--picture")


def check_batch_folder(out_dir: str) -> Path:
    """The batch's --out: a folder, or a name that is free to become one."""
    folder = Path(out_dir)
    if folder.exists() and not folder.is_dir():
        raise InputError("exists and is not a folder", file=out_dir, field="--out")
    return folder
