"""The optional extras: a command whose output-only library is not installed exits 2
naming the extra to install, before any work, and pyproject declares what it names."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import pytest
from click.testing import Result

from cli import cli
from models.extras import EXTRA_OF

from conftest import ROOT, cli_runner, solve_checked, tiny


def run(*args: str | Path) -> Result:
    return cli_runner().invoke(cli, [str(a) for a in args])


def hide(monkeypatch: pytest.MonkeyPatch, *modules: str) -> None:
    """Make the modules look uninstalled (import fails, find_spec finds nothing)."""
    for name in modules:
        monkeypatch.setitem(sys.modules, name, None)


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    plan = solve_checked(tiny(days=7), time_limit=5)
    assert plan.status.has_plan
    path = tmp_path / "plan.json"
    path.write_text(plan.to_json())
    return path


def assert_needs_extra(result: Result, extra: str) -> None:
    assert result.exit_code == 2, result.output
    assert f"pip install 'speedblock[{extra}]'" in result.stderr
    assert result.stderr.startswith("error: ")
    assert "Traceback" not in result.stderr + result.stdout


@pytest.mark.parametrize(("fmt", "module"), [("ics", "icalendar"), ("fit", "fit_tool")])
def test_export_without_the_export_extra(
    fmt: str, module: str, plan_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hide(monkeypatch, module)
    out = tmp_path / f"out-{fmt}"
    result = run("export", plan_file, "--format", fmt, "-o", out)
    assert_needs_extra(result, "export")
    assert "--format" in result.stderr
    assert not out.exists()


def test_the_other_exports_need_no_extra(
    plan_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hide(monkeypatch, "icalendar", "fit_tool", "matplotlib")
    for fmt in ("md", "csv", "intervals"):
        out = tmp_path / f"plan-{fmt}"
        result = run("export", plan_file, "--format", fmt, "-o", out)
        assert result.exit_code == 0, result.output
        assert out.exists()


def test_solve_refuses_a_format_without_its_extra_before_solving(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import solver.solve

    hide(monkeypatch, "icalendar")

    def no_solve(*args: object, **kwargs: object) -> None:
        raise AssertionError("solved before refusing the format")

    monkeypatch.setattr(solver.solve, "solve_scenario", no_solve)
    scenario = tmp_path / "s.json"
    scenario.write_text(tiny(days=7).model_dump_json())
    out = tmp_path / "plan.ics"
    result = run("solve", scenario, "--format", "ics", "-o", out)
    assert_needs_extra(result, "export")
    assert not out.exists()


def test_report_without_the_report_extra(
    plan_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hide(monkeypatch, "matplotlib")
    out = tmp_path / "report.html"
    assert_needs_extra(run("report", plan_file, "-o", out), "report")
    assert not out.exists()


def test_report_without_jinja2(
    plan_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hide(monkeypatch, "jinja2")
    out = tmp_path / "report.html"
    assert_needs_extra(run("report", plan_file, "-o", out), "report")
    assert not out.exists()
    # The comparison's picture is matplotlib alone.
    scenario = tmp_path / "s.json"
    scenario.write_text(tiny(days=7).model_dump_json())
    picture = tmp_path / "both.png"
    result = run("compare-plans", scenario, plan_file, plan_file, "--picture", picture)
    assert result.exit_code == 0, result.output
    assert picture.exists()


def test_compare_plans_picture_without_the_report_extra(
    plan_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hide(monkeypatch, "matplotlib")
    scenario = tmp_path / "s.json"
    scenario.write_text(tiny(days=7).model_dump_json())
    picture = tmp_path / "both.png"
    result = run("compare-plans", scenario, plan_file, plan_file, "--picture", picture)
    assert_needs_extra(result, "report")
    assert "--picture" in result.stderr
    assert not picture.exists()
    assert run("compare-plans", scenario, plan_file, plan_file).exit_code == 0


def test_batch_scheduler_without_the_dask_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hide(monkeypatch, "distributed")
    scenario = tmp_path / "s.json"
    scenario.write_text(tiny(days=7).model_dump_json())
    result = run("batch", scenario, "--out", tmp_path / "out", "--scheduler", "tcp://x:1")
    assert_needs_extra(result, "dask")
    assert "--scheduler" in result.stderr


def test_pyproject_declares_the_extras_the_errors_name() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    required = " ".join(project["dependencies"])
    for package, extra in EXTRA_OF.values():
        assert any(d.startswith(package) for d in extras[extra]), (package, extra)
        assert package.split("[")[0] not in required
    assert any(d.startswith("highspy") for d in extras["bench"])
    dev = " ".join(extras["dev"])
    for extra in ("export", "report", "dask", "bench"):
        assert extra in dev.split("speedblock[")[1].split("]")[0]
