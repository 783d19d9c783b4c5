"""Who is solving a job: the claims a batch takes in the results database before it
solves a job, and whether the process behind a claim is still alive.

A claim names its process by host, pid, the pid's start time (so a pid the system has
since given to another process does not keep a claim alive) and a token of its run (so a
claim left by an earlier run in the same process is stale). On the claimant's own host a
claim lives exactly as long as its process; a claim from another host (a folder shared
over the network) cannot be checked that way and lives until its lease expires.
"""

from __future__ import annotations

import os
import socket
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")


@dataclass(frozen=True)
class Claimant:
    """This run of this process."""

    pid: int
    hostname: str
    started: str | None
    run: str

    @classmethod
    def current(cls) -> Claimant:
        pid = os.getpid()
        return cls(pid, socket.gethostname(), process_started(pid), uuid.uuid4().hex)


@dataclass(frozen=True)
class Claim:
    """A row of the claims table."""

    job: str
    pid: int
    hostname: str
    started: str | None
    run: str
    claimed_at: float
    expires_at: float


def process_state(pid: int) -> tuple[str, str] | None:
    """The state letter and start time (clock ticks since boot) of a process, from
    /proc; None when there is no such process or no /proc to ask."""
    try:
        text = (PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    fields = text[text.rfind(")") + 2 :].split()
    return (fields[0], fields[19]) if len(fields) > 19 else None


def process_started(pid: int) -> str | None:
    state = process_state(pid)
    return state[1] if state else None


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, under another user
        return True
    except OSError:
        return False
    return True


def is_live(claim: Claim, me: Claimant, now: float | None = None) -> bool:
    """Whether the claim's process may still be solving its job."""
    if claim.run == me.run:
        return True
    if claim.hostname != me.hostname:
        return (time.time() if now is None else now) < claim.expires_at
    if claim.pid == me.pid:  # an earlier run of this process, which has ended
        return False
    if not pid_alive(claim.pid):
        return False
    state = process_state(claim.pid)
    if state is None:
        return not PROC.is_dir()  # without /proc, a live pid is all there is to know
    letter, started = state
    if letter in ("Z", "X"):  # exited, not yet reaped
        return False
    return claim.started is None or claim.started == started
