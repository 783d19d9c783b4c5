"""The HTML report in a real browser: headless Chromium opens the file, and the
screenshot, the DOM, the console and the printed PDF show that the page rendered."""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib.image
import numpy as np
import pytest
from browser import chromium_path, dump_dom, png_size, print_pdf, screenshot
from test_report import sample_plan, sample_scenario

from models.outputs.report import write_report

pytestmark = pytest.mark.skipif(
    chromium_path() is None,
    reason="headless Chromium is not installed (/usr/bin/chromium or `chromium` on PATH); "
    "on Debian: apt-get install chromium",
)

WIDTH, HEIGHT = 1280, 2000
A4_POINTS = (595.28, 841.89)


def distinct_colours(png: Path) -> int:
    pixels = matplotlib.image.imread(png)[:, :, :3]
    as_bytes = np.round(pixels * 255).astype(np.uint8).reshape(-1, 3)
    return len(np.unique(as_bytes, axis=0))


def non_white_share(png: Path) -> float:
    pixels = matplotlib.image.imread(png)[:, :, :3]
    return float(np.mean(np.any(pixels < 0.95, axis=2)))


@pytest.fixture(scope="module")
def report_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    scenario = sample_scenario()
    path = tmp_path_factory.mktemp("report") / "report.html"
    write_report(scenario, sample_plan(scenario), path)
    return path


def test_report_renders_in_chromium(report_file: Path, tmp_path: Path) -> None:
    shot = tmp_path / "shot.png"
    run = screenshot(report_file, shot, WIDTH, HEIGHT)
    assert run.returncode == 0, run.log[-2000:]
    assert shot.exists(), run.log[-2000:]
    assert png_size(shot) == (WIDTH, HEIGHT)
    # The grid's type colours and the charts: far more than a blank or text-only page.
    assert distinct_colours(shot) > 200
    assert non_white_share(shot) > 0.10
    # No console errors; the page has no script, so no console message of any kind.
    assert run.console_messages == []


def test_dom_holds_the_grid(report_file: Path) -> None:
    run = dump_dom(report_file)
    assert run.returncode == 0, run.log[-2000:]
    dom = run.stdout
    assert '<table class="grid">' in dom
    assert len(re.findall(r'<tr class="week-row"', dom)) == 7
    assert len(re.findall(r'<td class="day [^"]*\brace\b', dom)) == 2
    assert len(re.findall(r'<img class="chart"', dom)) == 2
    assert run.console_messages == []


def test_prints_on_a4(report_file: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    run = print_pdf(report_file, pdf)
    assert run.returncode == 0 and pdf.exists(), run.log[-2000:]
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf.read_bytes())
    assert boxes, "no page in the PDF"
    for width, height in boxes:
        assert abs(float(width) - A4_POINTS[0]) < 1.5
        assert abs(float(height) - A4_POINTS[1]) < 1.5


def test_the_checks_catch_a_broken_page(tmp_path: Path) -> None:
    """The console and blank-page checks above are not vacuous."""
    page = tmp_path / "broken.html"
    page.write_text(
        "<!DOCTYPE html><html><head><title>x</title></head><body>"
        "<script>console.error('report-broke'); undefinedFunction();</script>"
        "</body></html>"
    )
    shot = tmp_path / "broken.png"
    run = screenshot(page, shot, 400, 300)
    assert png_size(shot) == (400, 300)
    assert distinct_colours(shot) <= 2
    assert any("report-broke" in line for line in run.console_messages)
    assert any("Uncaught ReferenceError" in line for line in run.console_messages)
