"""The checker's layout: a package that mirrors solver/constraints/ and never reads the
solver."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_checker_never_imports_the_solver() -> None:
    """The checker is the rules' independent definition: no module of it reads the model."""
    modules = [*sorted((ROOT / "models" / "check").glob("*.py")), ROOT / "models/plan_document.py"]
    assert len(modules) > 10
    for path in modules:
        text = path.read_text("utf-8")
        assert not re.search(r"^\s*(from|import)\s+solver\b", text, re.M), path.name


def test_the_checker_mirrors_the_solver_families() -> None:
    """Every constraint family of the solver has a checker module of the same name."""
    families = {p.stem for p in (ROOT / "solver" / "constraints").glob("*.py")} - {"__init__"}
    checker = {p.stem for p in (ROOT / "models" / "check").glob("*.py")}
    assert families <= checker, families - checker
