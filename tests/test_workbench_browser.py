"""The workbench in a real browser: Debian's Chromium, headless, driven by Playwright
with `executable_path` (nothing downloads a browser). On an example scenario a coach
changes a race date, solves, pins a day, re-optimizes, finds the pin kept, no rule
broken and the moved days listed, and downloads the calendar."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

playwright_api = pytest.importorskip("playwright.sync_api")
pytest.importorskip("fastapi")

from test_workbench_server import free_port, start_server  # noqa: E402

from models.check import check_plan  # noqa: E402
from models.io import load_scenario  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "scenarios" / "5k-first-sub20.toml"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SOLVE_SECONDS = "8"
WAIT_MS = 180_000

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (Debian: apt-get install chromium)"
)


def test_a_coach_edits_solves_pins_and_reoptimizes(tmp_path: Path) -> None:
    import icalendar

    shutil.copy(EXAMPLE, tmp_path / EXAMPLE.name)
    port = free_port()
    server = start_server(tmp_path, port)
    try:
        with playwright_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            problems: list[str] = []
            page.on("pageerror", lambda exc: problems.append(str(exc)))
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)

            # 1. the app on an example
            page.goto(f"http://127.0.0.1:{port}/")
            page.click(f"text={EXAMPLE.name}")
            page.wait_for_selector("#app[data-ready=true]")

            # 2. a race date changed
            race_date = page.locator('[data-field="races[0].date"]')
            assert race_date.input_value() == "2027-05-02"
            race_date.fill("2027-05-01")
            page.fill("#time-limit", SOLVE_SECONDS)

            # 3. solved (Solve saves the scenario first)
            page.click("#solve")
            page.wait_for_selector("#plan-status", timeout=WAIT_MS)
            assert "2027-05-01" in (tmp_path / EXAMPLE.name).read_text()
            race_cell = page.locator('.day.race[data-date="2027-05-01"]')
            assert race_cell.count() == 1

            # 4. a day pinned, then re-optimized around it
            day = page.locator('.day[data-date="2027-03-10"]')
            before = day.get_attribute("data-session")
            day.click()
            page.wait_for_selector("#picker:not([hidden]) button[data-session]")
            options = page.locator("#picker button[data-session]")
            choice = next(
                s
                for i in range(options.count())
                if (s := options.nth(i).get_attribute("data-session")) not in (before, "rest")
            )
            page.click(f'#picker button[data-session="{choice}"]')
            page.wait_for_selector('.day.pinned[data-date="2027-03-10"]')
            assert page.locator("#undo").is_enabled()
            page.click("#reoptimize")
            page.wait_for_selector("#changed-days", timeout=WAIT_MS, state="attached")

            # 5. the pin kept, no rule broken, the moved days listed
            pinned = page.locator('.day[data-date="2027-03-10"]')
            assert pinned.get_attribute("data-session") == choice
            assert "pinned" in (pinned.get_attribute("class") or "")
            page.wait_for_selector("#no-violation")
            assert "day(s) moved" in page.inner_text("#changes")
            scenario = load_scenario(tmp_path / EXAMPLE.name)
            plan = json.loads((tmp_path / "5k-first-sub20.plan.json").read_text())
            assert check_plan(scenario, plan) == []
            listed = page.locator("#changed-days li").count()
            assert listed == len(plan["workbench_changes"]["days"])

            # 6. the calendar downloaded and read back
            with page.expect_download() as download:
                page.click('a[data-format="ics"]')
            ics = Path(download.value.path()).read_bytes()
            events = [c for c in icalendar.Calendar.from_ical(ics).walk() if c.name == "VEVENT"]
            assert len(events) == sum(1 for d in plan["days"] if d["session"] != "rest")
            assert problems == []
            browser.close()
    finally:
        server.kill()
        server.wait()
