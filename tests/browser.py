"""Headless Chromium for the report tests: a screenshot of a local page with the console
messages Chromium logged while loading it, the page's DOM, and the page printed to PDF.

Also a command, to make the README's screenshot:

    python tests/browser.py REPORT.html OUT.png [--width 1280] [--height 2000]

(`python -m tests.browser` does not work where a dependency installs its own top-level
`tests` package, as garmin-fit-sdk does, so the file runs as a script.)
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

TIMEOUT_S = 90.0

# No sandbox (the tests may run as root in a container), no GPU, and nothing that reaches
# the network on its own: the page must render from the file alone.
CHROMIUM_FLAGS: tuple[str, ...] = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
)
LOG_FLAGS: tuple[str, ...] = ("--enable-logging=stderr", "--v=0")

# `[pid:tid:time:INFO:CONSOLE:12] "message", source: file:///... (12)`; older builds write
# `INFO:CONSOLE(12)`. Chromium logs every console message this way, errors included.
CONSOLE_LINE = re.compile(r":CONSOLE[:(]")


def chromium_path() -> str | None:
    """Debian's /usr/bin/chromium, else a `chromium` on PATH, else None."""
    if os.access("/usr/bin/chromium", os.X_OK):
        return "/usr/bin/chromium"
    return shutil.which("chromium")


@dataclass(frozen=True)
class BrowserRun:
    """One Chromium run: its exit code, stdout and the log it wrote to stderr."""

    returncode: int
    stdout: str
    log: str

    @property
    def console_messages(self) -> list[str]:
        """Every console message of the page: logs, warnings, errors, uncaught exceptions.

        Chromium's log does not keep a message's level (`console.error` is logged at INFO
        like `console.log`), so a page without scripts, as the report is, should have
        none: any message is the browser reporting a problem with the page."""
        return [line for line in self.log.splitlines() if CONSOLE_LINE.search(line)]


def run_chromium(url: str, extra: Sequence[str], timeout: float = TIMEOUT_S) -> BrowserRun:
    """Chromium on `url` with the flags above, a fresh profile and `extra` flags."""
    exe = chromium_path()
    if exe is None:
        raise FileNotFoundError("Chromium is not installed (no /usr/bin/chromium)")
    with tempfile.TemporaryDirectory(prefix="speedblock-chromium-") as profile:
        proc = subprocess.run(
            [exe, *CHROMIUM_FLAGS, *LOG_FLAGS, f"--user-data-dir={profile}", *extra, url],
            capture_output=True,
            text=True,
            errors="replace",
            timeout=timeout,
            check=False,
        )
    return BrowserRun(proc.returncode, proc.stdout, proc.stderr)


def file_url(path: Path) -> str:
    return Path(path).resolve().as_uri()


def screenshot(
    html_path: Path, png_path: Path, width: int = 1280, height: int = 2000
) -> BrowserRun:
    """A `width` x `height` PNG of the top of the page at `html_path`."""
    return run_chromium(
        file_url(html_path),
        [f"--window-size={width},{height}", f"--screenshot={Path(png_path).resolve()}"],
    )


def dump_dom(html_path: Path) -> BrowserRun:
    """The page's DOM after loading, serialised on stdout."""
    return run_chromium(file_url(html_path), ["--dump-dom"])


def print_pdf(html_path: Path, pdf_path: Path) -> BrowserRun:
    """The page printed to PDF, page size from its CSS `@page`."""
    return run_chromium(
        file_url(html_path),
        ["--no-pdf-header-footer", f"--print-to-pdf={Path(pdf_path).resolve()}"],
    )


def png_size(path: Path) -> tuple[int, int]:
    """(width, height) from a PNG's IHDR chunk."""
    head = Path(path).read_bytes()[:24]
    if head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        raise ValueError(f"{path} is not a PNG")
    width, height = struct.unpack(">II", head[16:24])
    return width, height


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Screenshot a local HTML file.")
    parser.add_argument("html", type=Path)
    parser.add_argument("png", type=Path)
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=2000)
    args = parser.parse_args(argv)
    run = screenshot(args.html, args.png, args.width, args.height)
    for line in run.console_messages:
        print(line, file=sys.stderr)
    if run.returncode != 0 or not args.png.exists():
        print(run.log, file=sys.stderr)
        return 1
    width, height = png_size(args.png)
    print(f"{args.png}: {width} x {height}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
