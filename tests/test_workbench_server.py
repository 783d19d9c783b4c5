"""`speedblock serve` as a real server process: it binds to the loopback address, and
a `kill -9` in the middle of saves and a solve loses nothing saved and leaves no
search running."""

from __future__ import annotations

import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")

from test_workbench_api import NAME, SCENARIO

from models.io import load_scenario

ROOT = Path(__file__).resolve().parents[1]
SERVE = [sys.executable, str(ROOT / "cli.py"), "serve"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(workspace: Path, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [*SERVE, str(workspace), "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/scenarios", timeout=2):
                return process
        except OSError:
            if process.poll() is not None:
                error = process.stderr.read().decode() if process.stderr else ""
                raise AssertionError(error) from None
            time.sleep(0.2)
    process.kill()
    raise AssertionError("the server did not start")


def call(port: int, method: str, path: str, body: Any = None) -> Any:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        data=data,
        method=method,
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.loads(answer.read())


def call_listing(folder: Path) -> list[str]:
    from workbench.workspace import Workspace

    return Workspace.open(folder).scenarios()


def children_of(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found += [int(p) for p in text]
    return found


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split()[2] == "Z")


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux's /proc")
def test_a_killed_server_loses_no_save_and_leaves_no_search(tmp_path: Path) -> None:
    (tmp_path / NAME).write_text(SCENARIO)
    port = free_port()
    server = start_server(tmp_path, port)
    assert server.stderr is not None
    banner = server.stderr.readline().decode()
    assert "http://127.0.0.1:" in banner and "warning" not in banner
    try:
        values = call(port, "GET", f"/api/scenario?name={NAME}")["values"]
        call(port, "POST", "/api/solve", {"name": NAME, "time_limit": 120})
        time.sleep(1.0)
        children = children_of(server.pid)
        assert children, "the solve runs in a child process"
        sent: list[int] = []

        def keep_saving() -> None:
            for ramp in range(5, 60):
                values["constraints.ramp_pct"] = str(ramp)
                try:
                    call(port, "PUT", "/api/scenario", {"name": NAME, "values": values})
                except (OSError, urllib.error.URLError):
                    return
                sent.append(ramp)

        saver = threading.Thread(target=keep_saving)
        saver.start()
        time.sleep(random.Random(7).uniform(0.3, 1.0))
        server.send_signal(signal.SIGKILL)
        server.wait(10)
        saver.join(30)
    finally:
        if server.poll() is None:
            server.kill()
    assert sent, "no save went through before the kill"
    ramp = load_scenario(tmp_path / NAME).constraints.ramp_pct
    assert ramp in sent or ramp == sent[-1] + 1  # the last save may land as the kill comes
    # A kill in the middle of a write can leave the writer's hidden temp file behind (no
    # process survives to remove it); it is never read, nor listed as a scenario.
    left = [p.name for p in tmp_path.iterdir() if p.name not in (NAME, "three-weeks.plan.json")]
    assert all(name.startswith(f".{NAME}.") and name.endswith(".tmp") for name in left), left
    assert call_listing(tmp_path) == [NAME]
    deadline = time.monotonic() + 15
    while any(alive(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(alive(pid) for pid in children), "a search outlived its server"


def test_a_host_beyond_loopback_gets_a_warning(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [*SERVE, str(tmp_path), "--host", "0.0.0.0", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        assert process.stderr is not None
        line = process.stderr.readline().decode()
        assert line.startswith("warning: serving on 0.0.0.0")
    finally:
        process.kill()
        process.wait()
