"""`speedblock serve`: the workbench on a local web server (uvicorn)."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable

from models.extras import require
from workbench.workspace import Workspace

LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(folder: str, host: str, port: int, time_limit: float, say: Callable[[str], None]) -> int:
    """Serve the workspace `folder` until interrupted; the exit code."""
    for module in ("fastapi", "uvicorn", "jinja2", "tomlkit"):
        require(module, "speedblock serve", field="serve")
    workspace = Workspace.open(folder)
    import uvicorn

    from workbench.app import create_app

    app = create_app(workspace, time_limit=time_limit)
    if not is_loopback(host):
        say(
            f"warning: serving on {host}: anyone who can reach this address can read and "
            "change the scenarios and plans of the workspace, and start solves"
        )
    shown = f"[{host}]" if ":" in host else host
    say(f"speedblock workbench on http://{shown}:{port}/ for {workspace.root} (Ctrl-C stops it)")
    uvicorn.run(app, host=host, port=port, log_level="warning")
    return 0
