"""The optional extras: the output-only libraries that a plain `pip install speedblock`
leaves out, and the clear error a command gives when the one it needs is missing."""

from __future__ import annotations

import importlib.util

from models.errors import InputError

# import name -> (the package to install, the extra that installs it)
EXTRA_OF: dict[str, tuple[str, str]] = {
    "icalendar": ("icalendar", "export"),
    "fit_tool": ("fit-tool", "export"),
    "matplotlib": ("matplotlib", "report"),
    "jinja2": ("jinja2", "report"),
    "distributed": ("dask[distributed]", "dask"),
    "fastapi": ("fastapi", "workbench"),
    "uvicorn": ("uvicorn", "workbench"),
    "tomlkit": ("tomlkit", "workbench"),
}


def require(module: str, what: str, field: str | None = None) -> None:
    """An InputError (exit 2) naming the extra to install when `module` is missing."""
    if importlib.util.find_spec(module) is not None:
        return
    package, extra = EXTRA_OF[module]
    raise InputError(
        f"{what} needs {package}, which is not installed: pip install 'speedblock[{extra}]'",
        field=field,
    )
