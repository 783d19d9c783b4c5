"""The process a workbench solve runs in (workbench/jobs.py starts it).

Reads one request, a JSON line, from stdin: `scenario` (a scenario document),
`time_limit`, `workers`, `seed` and optionally `warm_start` (a session id a day).
Writes JSON lines to stdout: `["progress", {objective, bound, seconds}]` for each
improved plan, then `["plan", PLAN]` or `["error", TEXT]`.

The server keeps stdin open while it waits for the answer. When stdin ends before the
solve does, the server is gone (stopped, or killed with no chance to cancel), and the
child ends at once rather than search for no one.
"""

from __future__ import annotations

import json
import os
import sys
import threading
from typing import Any

from models.errors import InputError


def send(kind: str, body: Any) -> None:
    sys.stdout.write(json.dumps([kind, body]) + "\n")
    sys.stdout.flush()


def end_with_the_server() -> None:
    for _ in sys.stdin:
        pass
    os._exit(3)


def main() -> int:
    try:
        # The solver is imported before the request is read: the server starts a child
        # ahead of need, so a solve does not wait for the imports.
        from models.io import validate_scenario
        from solver.options import SolveOptions
        from solver.solve import solve_scenario

        line = sys.stdin.readline()
        if not line:
            return 0  # the server stopped before it needed this child
        request = json.loads(line)
        threading.Thread(target=end_with_the_server, daemon=True).start()

        def progress(objective: float, bound: float | None, seconds: float) -> None:
            send("progress", {"objective": objective, "bound": bound, "seconds": round(seconds, 2)})

        scenario = validate_scenario(request["scenario"])
        options = SolveOptions(
            time_limit=float(request.get("time_limit", 10.0)),
            workers=int(request.get("workers", 2)),
            seed=int(request.get("seed", 0)),
            progress=progress,
        )
        plan = solve_scenario(scenario, options, warm_start=request.get("warm_start"))
        send("plan", plan.to_json_dict())
    except InputError as exc:
        send("error", str(exc))
    except Exception as exc:  # reported in the page; the server stays up
        send("error", f"internal error: {type(exc).__name__}: {exc}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
