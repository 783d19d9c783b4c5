"""The HTML report (models/outputs/report.py): self-contained, complete, escaped, deterministic,
and it refuses a plan without days."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
import re
import subprocess
import sys
import tomllib
from fnmatch import fnmatch
from html.parser import HTMLParser
from importlib.resources import files
from pathlib import Path
from typing import Any

import jinja2
import pytest

from models.catalog import builtin_sessions
from models.errors import InputError
from models.io import validate_scenario
from models.outputs.report import PAGE_TEMPLATE, PALETTE, environment, render_report, write_report
from models.plan import SolveStatus, assemble_plan
from models.scenario import SESSION_TYPES, Scenario

ROOT = Path(__file__).resolve().parent.parent
START = dt.date(2027, 1, 4)  # a Monday

# One week of the sample block, Monday first; race days replace the day's session.
WEEK = ["rest", "easy-45", "thr-3x10", "easy-60", "rest", "long-75", "strides-6"]


def sample_scenario(name: str = "report sample", **overrides: Any) -> Scenario:
    """Six weeks and two days, a B 5K in week 4 and an A 10K on the last day."""
    raw: dict[str, Any] = {
        "name": name,
        "start": START,
        "athlete": {
            "name": "club runner",
            "chronic_load": 300,
            "longest_recent_run_min": 80,
            "blocked": [START + dt.timedelta(days=11)],
        },
        "races": [
            {"date": START + dt.timedelta(days=25), "distance": "5k", "priority": "B"},
            {
                "date": START + dt.timedelta(days=43),
                "distance": "10k",
                "priority": "A",
                "name": "City 10K",
            },
        ],
        "constraints": {
            "weekly_load_max": 600,
            "quotas": [{"type": "threshold", "min": 1, "max": 2}],
        },
    }
    raw.update(overrides)
    return validate_scenario(raw)


def sample_plan(scenario: Scenario) -> dict[str, Any]:
    """A plan JSON built from catalog sessions without the solver (not meant to satisfy
    every rule: the report shows any plan)."""
    by_id = {s.id: s for s in builtin_sessions()}
    race_ids = {r.date: f"race-{r.distance}" for r in scenario.races}
    n_days = (scenario.last_day - scenario.start).days + 1
    sessions = []
    for d in range(n_days):
        date = scenario.start + dt.timedelta(days=d)
        sid = race_ids.get(date, "rest" if date in scenario.athlete.blocked else WEEK[d % 7])
        sessions.append(by_id[sid])
    plan = assemble_plan(
        scenario,
        sessions,
        status=SolveStatus.FEASIBLE,
        objective=1234.5,
        bound=1250.0,
        solve_seconds=3.2,
        message="time limit reached: this is the best plan found, not proven optimal",
    )
    return plan.to_json_dict()


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return sample_scenario()


@pytest.fixture(scope="module")
def plan(scenario: Scenario) -> dict[str, Any]:
    return sample_plan(scenario)


@pytest.fixture(scope="module")
def report(scenario: Scenario, plan: dict[str, Any]) -> str:
    return render_report(scenario, plan)


class Links(HTMLParser):
    """Every tag and every attribute that can load something."""

    LOADING = frozenset({"src", "href", "srcset", "poster", "data", "action", "background"})

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.urls: list[tuple[str, str, str]] = []  # (tag, attribute, value)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name in self.LOADING:
                self.urls.append((tag, name, value or ""))


def parse(html_text: str) -> Links:
    parser = Links()
    parser.feed(html_text)
    parser.close()
    return parser


def test_self_contained(report: str) -> None:
    links = parse(report)
    assert "script" not in links.tags
    assert "<script" not in report.lower()
    assert "http://" not in report and "https://" not in report
    assert "@import" not in report and "url(" not in report
    for tag, attribute, value in links.urls:
        assert value.startswith("data:"), (tag, attribute, value[:80])
    images = [v for tag, a, v in links.urls if tag == "img" and a == "src"]
    assert len(images) == 2  # weekly load, fitness/fatigue/form
    for src in images:
        prefix = "data:image/png;base64,"
        assert src.startswith(prefix)
        png = base64.b64decode(src[len(prefix) :], validate=True)
        assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_every_week_and_race(scenario: Scenario, plan: dict[str, Any], report: str) -> None:
    n_weeks = len(plan["weeks"])
    assert n_weeks == 7
    assert report.count('class="week-row"') == n_weeks
    for k in range(1, n_weeks + 1):
        assert f'id="week-{k}"' in report
        assert f"<b>Week {k}</b>" in report
    race_cells = re.findall(r'<td class="day [^"]*\brace\b', report)
    assert len(race_cells) == len(scenario.races) == 2
    for race in scenario.races:
        assert race.label in report
        assert race.date.isoformat() in report
    assert "City 10K (A)" in report and "5k 2027-01-29 (B)" in report


def test_cells_show_session_minutes_and_load(report: str) -> None:
    assert "thr-3x10" in report and "59 min · load 71" in report
    assert "long-75" in report and "75 min · load 70" in report
    assert "race-10k" in report and "67 min · load 90" in report
    # Each cell is coloured by its type, from the one palette the chart uses too.
    assert f"border-left-color:{PALETTE['threshold']}" in report
    assert f"border-left-color:{PALETTE['race']}" in report
    assert "blocked" in report and "taper" in report and "recovery" in report


def test_metrics_penalties_and_rules(plan: dict[str, Any], report: str) -> None:
    for heading in ("Calendar", "Weekly load by session type", "Fitness, fatigue and form"):
        assert f"<h2>{heading}</h2>" in report
    for label in ("Perf", "CTL", "ATL", "TSB", "Max acute:chronic ratio", "Max monotony"):
        assert label in report
    for label in ("Max strain", "Max week-over-week ramp", "Easy share of minutes"):
        assert label in report
    for penalty in plan["penalties"]:
        assert penalty["name"] in report
    for key in ("hard_spacing_days", "ramp_pct", "taper", "quotas", "max_monotony"):
        assert f"<code>{key}</code>" in report
    assert "per week: threshold 1–2" in report
    assert "at most 600" in report
    assert "FEASIBLE" in report and "1234.50" in report and "1.26%" in report


def test_scenario_and_plan_text_is_escaped() -> None:
    nasty = "<script>alert('x')</script> & co"
    scenario = sample_scenario(
        name=nasty,
        athlete={"name": '<img src=x onerror="boom">', "chronic_load": 300,
                 "longest_recent_run_min": 80},
        races=[
            {"date": START + dt.timedelta(days=20), "distance": "5k",
             "name": "<b>Park</b> $5k$ \"run\""},
        ],
    )  # fmt: skip
    plan = sample_plan(scenario)
    plan["days"][1]["description"] = '"><script>alert(2)</script>'
    plan["days"][2]["session"] = "<i>odd</i>"
    plan["penalties"].append({"name": "<u>hand</u>", "weight": 1, "value": 2})
    plan["message"] = "<marquee>note</marquee>"
    plan["scenario"] = "<script>other</script>"
    html_text = render_report(scenario, plan)
    assert "<script" not in html_text.lower()
    assert "&lt;script&gt;other&lt;/script&gt;" in html_text
    assert 'title="&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;"' in html_text
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; co" in html_text
    for raw in ("<img src=x", "<b>Park</b>", "<i>odd</i>", "<u>hand</u>", "<marquee>"):
        assert raw not in html_text
    assert "&lt;b&gt;Park&lt;/b&gt; $5k$ &quot;run&quot;" in html_text
    assert "&lt;u&gt;hand&lt;/u&gt;" in html_text
    assert parse(html_text).tags.count("img") == 2


def test_the_page_and_its_style_sheet_ship_in_the_package(report: str) -> None:
    """The template and the CSS are read through the package, and the CSS is inlined:
    the page links to no style sheet and to nothing on the network."""
    templates = files("models.outputs") / "templates"
    assert (templates / PAGE_TEMPLATE).is_file()
    css = (templates / "report.css").read_text("utf-8")
    assert "td.day" in css and "@page" in css
    assert report.count("<style>") == 1
    assert f"<style>\n{css}</style>" in report
    assert re.findall(r"<link\b[^>]*>", report, re.I) == ['<link rel="icon" href="data:,">']
    assert "stylesheet" not in report.lower()
    assert "http://" not in report and "https://" not in report


def test_pyproject_ships_every_template() -> None:
    """Each file of the templates folder matches the package data that pyproject
    declares, so an installed package renders the same page as the source tree."""
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert "models.outputs.templates" in setuptools["packages"]
    patterns = setuptools["package-data"]["models.outputs.templates"]
    shipped = sorted((ROOT / "models" / "outputs" / "templates").iterdir())
    assert shipped
    for path in shipped:
        assert any(fnmatch(path.name, pattern) for pattern in patterns), path.name


def test_a_value_the_page_lacks_is_an_error() -> None:
    with pytest.raises(jinja2.UndefinedError):
        environment().get_template(PAGE_TEMPLATE).render(title="no data")


def test_deterministic(scenario: Scenario, plan: dict[str, Any], report: str) -> None:
    assert render_report(scenario, plan) == report


def test_deterministic_across_processes(tmp_path: Path, report: str) -> None:
    """A fresh interpreter renders the same bytes (no time, no run-dependent state)."""
    code = (
        "import hashlib, sys\n"
        "sys.path[:0] = [sys.argv[1], sys.argv[2]]\n"
        "from test_report import render_report, sample_plan, sample_scenario\n"
        "s = sample_scenario()\n"
        "text = render_report(s, sample_plan(s))\n"
        "print(hashlib.sha256(text.encode()).hexdigest())\n"
    )
    env = {**os.environ, "MPLCONFIGDIR": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-c", code, str(ROOT), str(ROOT / "tests")],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=120,
    )
    assert out.stdout.strip() == hashlib.sha256(report.encode()).hexdigest()


def test_write_report(tmp_path: Path, scenario: Scenario, plan: dict[str, Any]) -> None:
    path = tmp_path / "report.html"
    write_report(scenario, plan, path)
    assert path.read_text("utf-8") == render_report(scenario, plan)
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


@pytest.mark.parametrize("status", ["INFEASIBLE", "UNKNOWN"])
def test_refuses_a_plan_without_days(
    tmp_path: Path, scenario: Scenario, plan: dict[str, Any], status: str
) -> None:
    empty = {**plan, "status": status, "days": [], "weeks": [], "objective": None}
    with pytest.raises(InputError) as info:
        render_report(scenario, empty)
    assert info.value.field == "days" and info.value.file is None
    assert status in info.value.message and "no days" in info.value.message
    # write_report leaves an existing file as it was, and no temp file behind.
    path = tmp_path / "report.html"
    path.write_text("before")
    with pytest.raises(InputError):
        write_report(scenario, empty, path)
    assert path.read_text() == "before"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


@pytest.mark.parametrize(
    "days",
    [None, "not a list", [], [{"date": "1999-01-01", "session": "rest"}], [{"date": 5}]],
    ids=["missing", "not-a-list", "empty", "outside-the-block", "no-date"],
)
def test_refuses_days_it_cannot_place(scenario: Scenario, days: Any) -> None:
    plan: dict[str, Any] = {"status": "FEASIBLE"}
    if days is not None:
        plan["days"] = days
    with pytest.raises(InputError) as info:
        render_report(scenario, plan)
    assert info.value.field == "days"


def test_hand_written_plan_with_odd_fields(scenario: Scenario, plan: dict[str, Any]) -> None:
    """Only days are needed: missing or odd fields render as '?' or '-', never a crash."""
    days = json.loads(json.dumps(plan["days"]))
    days[0] = {"date": days[0]["date"]}  # nothing but the date
    days[1].update(type="mystery", minutes="a lot", load=None, hard="yes")
    del days[2]  # a missing day
    odd = {"days": days, "constraints": {"ramp_pct": "ten"}, "penalties": "none"}
    html_text = render_report(scenario, odd)
    assert 'class="day missing"' in html_text
    assert "mystery" in html_text and "? min · load ?" not in html_text
    assert "- min · load -" in html_text
    assert "the plan&#x27;s own constraints could not be read" in html_text
    assert "The plan reports no penalties." in html_text


def test_palette_covers_every_session_type() -> None:
    assert set(PALETTE) == set(SESSION_TYPES)
    assert len(set(PALETTE.values())) == len(PALETTE)


def test_the_outputs_never_import_the_solver() -> None:
    modules = sorted((ROOT / "models" / "outputs").rglob("*.py"))
    assert ROOT / "models" / "outputs" / "report.py" in modules
    for module in modules:
        text = module.read_text("utf-8")
        assert not re.search(r"^\s*(from|import)\s+solver\b", text, re.M), module
