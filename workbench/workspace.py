"""The workbench's folder: the scenarios and plans it may read and write, and nothing else.

Every name a request gives is relative to the workspace. It is resolved (symlinks
followed) and refused when it is absolute, climbs out with `..`, or lands outside the
folder, so a page can never read or write anywhere else. Writes go through the atomic
writer: a temp file beside the target, then a rename, so a server killed mid-save leaves
the old file or the new one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from models.errors import InputError
from models.files import write_bytes_atomic

SCENARIO_SUFFIXES = (".toml", ".yaml", ".yml", ".json")
PLAN_SUFFIX = ".plan.json"
# Plans and book plans are JSON too; they are never listed as scenarios.
NOT_SCENARIOS = (PLAN_SUFFIX, ".book.json")
# Folders a workspace listing never walks into.
SKIPPED_DIRS = {".git", ".venv", "node_modules", "__pycache__", ".pytest_cache"}
MAX_LISTED = 500


@dataclass(frozen=True)
class Workspace:
    root: Path

    @classmethod
    def open(cls, folder: str | Path) -> Workspace:
        root = Path(folder).expanduser().resolve()
        if not root.is_dir():
            raise InputError("is not a folder", file=str(folder), field="WORKSPACE")
        return cls(root)

    def resolve(self, name: str, field: str = "path") -> Path:
        """The file `name` (relative, with `/`) inside the workspace, or an InputError."""
        if not name or "\x00" in name:
            raise InputError("is empty or not a file name", file=name, field=field)
        pure = PurePosixPath(name.replace("\\", "/"))
        if pure.is_absolute() or Path(name).is_absolute() or (pure.parts and ":" in pure.parts[0]):
            raise InputError(
                "is an absolute path; give a name inside the workspace", file=name, field=field
            )
        if ".." in pure.parts:
            raise InputError("climbs out of the workspace with '..'", file=name, field=field)
        path = (self.root / Path(*pure.parts)).resolve()
        if not path.is_relative_to(self.root):
            raise InputError("lies outside the workspace", file=name, field=field)
        return path

    def name_of(self, path: Path) -> str:
        return path.resolve().relative_to(self.root).as_posix()

    def scenarios(self) -> list[str]:
        """The scenario files of the workspace (sub-folders too), by name."""
        found: list[str] = []
        for path in sorted(self.root.rglob("*")):
            if len(found) >= MAX_LISTED:
                break
            rel = path.relative_to(self.root)
            if any(part in SKIPPED_DIRS or part.startswith(".") for part in rel.parts):
                continue
            if not path.is_file() or path.suffix not in SCENARIO_SUFFIXES:
                continue
            if path.name.endswith(NOT_SCENARIOS) or not path.resolve().is_relative_to(self.root):
                continue
            if path.suffix == ".json" and not _looks_like_scenario(path):
                continue
            found.append(rel.as_posix())
        return found

    def plan_name(self, scenario_name: str) -> str:
        """Where the workbench keeps a scenario's plan: beside it, `<stem>.plan.json`."""
        pure = PurePosixPath(scenario_name)
        return str(pure.with_name(pure.stem + PLAN_SUFFIX))

    def read_bytes(self, name: str) -> bytes:
        path = self.resolve(name)
        if not path.is_file():
            raise InputError("no such file in the workspace", file=name, field="path")
        return path.read_bytes()

    def write(self, name: str, data: bytes) -> Path:
        """Write a file of the workspace whole or not at all; only regular files (or new
        names) are written, never a device, FIFO or folder."""
        path = self.resolve(name)
        if path.exists() and not path.is_file():
            raise InputError("is not a regular file; nothing written", file=name, field="path")
        if not path.parent.is_dir():
            raise InputError("its folder does not exist", file=name, field="path")
        try:
            write_bytes_atomic(path, data)
        except OSError as exc:
            raise InputError(f"cannot be written: {exc.strerror}", file=name, field="path") from exc
        return path

    def write_json(self, name: str, doc: Any) -> Path:
        return self.write(name, (json.dumps(doc, indent=2) + "\n").encode("utf-8"))


def _looks_like_scenario(path: Path) -> bool:
    """A JSON file is listed as a scenario when it is an object with `start` and `races`
    or `athlete` (plans and logs are JSON too)."""
    try:
        if path.stat().st_size > 2_000_000:
            return False
        doc = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(doc, dict) and "start" in doc and ("athlete" in doc or "races" in doc)
