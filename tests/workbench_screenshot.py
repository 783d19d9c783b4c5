"""The README's picture of the workbench: an example scenario solved, one day pinned and
the block re-optimized around it, in headless Chromium.

    python tests/workbench_screenshot.py OUT.png [--seconds 20]

(It runs as a script, as tests/browser.py does.)
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from test_workbench_server import free_port, start_server

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "scenarios" / "10k-with-tuneup.toml"
PINNED_DAY = "2027-02-03"
WAIT_MS = 600_000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--seconds", default="20")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("Chromium is not installed", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as folder:
        workspace = Path(folder)
        shutil.copy(EXAMPLE, workspace / EXAMPLE.name)
        port = free_port()
        server = start_server(workspace, port)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
                page = browser.new_page(viewport={"width": 1500, "height": 1100})
                page.goto(f"http://127.0.0.1:{port}/plan?scenario={EXAMPLE.name}")
                page.wait_for_selector("#app[data-ready=true]")
                page.fill("#time-limit", args.seconds)
                page.click("#solve")
                page.wait_for_selector("#plan-status", timeout=WAIT_MS)
                page.click(f'.day[data-date="{PINNED_DAY}"]')
                page.click('#picker button[data-session="easy-45"]')
                page.wait_for_selector(f'.day.pinned[data-date="{PINNED_DAY}"]')
                page.click("#reoptimize")
                page.wait_for_selector("#changed-days", timeout=WAIT_MS, state="attached")
                page.wait_for_timeout(1500)  # the charts' images load
                page.screenshot(path=str(args.out), full_page=False)
                browser.close()
        finally:
            server.kill()
            server.wait()
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
