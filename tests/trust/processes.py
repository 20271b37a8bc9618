"""Starting the real command line in the background and killing it with SIGKILL (kill -9).

Only the processes a test started are killed: the command's own process group and every descendant
it spawned (Ray's raylet and workers included), each by its process id.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.trust.integrity import ROOT


def start(*args: str, env: dict | None = None, log: Path | None = None) -> subprocess.Popen:
    """`callqa ARGS` in its own session (so the whole tree can be killed), stderr to ``log``."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("CALLQA_")}
    full_env.update({"PYTHONUNBUFFERED": "1", **(env or {})})
    err = open(log, "ab") if log else subprocess.DEVNULL
    try:
        return subprocess.Popen([sys.executable, "-m", "pipeline.cli", *args], cwd=ROOT, env=full_env,
                                stdout=subprocess.DEVNULL, stderr=err, start_new_session=True)
    finally:
        if log:
            err.close()


def descendants(pid: int) -> list[int]:
    try:
        import psutil
    except ImportError:
        return []
    try:
        return [p.pid for p in psutil.Process(pid).children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def kill_tree(proc: subprocess.Popen) -> None:
    """SIGKILL the command, its process group and every process it spawned; reap the command."""
    children = descendants(proc.pid)
    for pid in [proc.pid, *children]:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    proc.wait(timeout=30)
    _wait_gone(children)


def run_then_kill(*args: str, after_s: float, env: dict | None = None, log: Path | None = None) -> int | None:
    """Start `callqa ARGS`, SIGKILL it after ``after_s`` seconds; the exit status if it ended first,
    None when it was killed."""
    proc = start(*args, env=env, log=log)
    deadline = time.monotonic() + after_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return proc.returncode
        time.sleep(0.02)
    if proc.poll() is not None:
        return proc.returncode
    kill_tree(proc)
    return None


def _wait_gone(pids: list[int], timeout_s: float = 10.0) -> None:
    """Wait until the killed processes are gone (or zombies waiting for init to reap them)."""
    try:
        import psutil
    except ImportError:
        return
    deadline = time.monotonic() + timeout_s
    for pid in pids:
        while time.monotonic() < deadline:
            try:
                if psutil.Process(pid).status() == psutil.STATUS_ZOMBIE:
                    break
            except psutil.NoSuchProcess:
                break
            time.sleep(0.05)


def run_then_kill_after(pattern: str, *args: str, then_s: float, log: Path, timeout_s: float = 120.0,
                        env: dict | None = None) -> int | None:
    """Start `callqa ARGS`, wait until its stderr (written to ``log``) matches ``pattern``, wait
    ``then_s`` more seconds and SIGKILL it; the exit status if it ended first, None when killed."""
    import re

    offset = log.stat().st_size if log.exists() else 0
    proc = start(*args, env=env, log=log)
    deadline = time.monotonic() + timeout_s
    seen = None
    while proc.poll() is None and time.monotonic() < deadline:
        if seen is None:
            with open(log, "rb") as fh:
                fh.seek(offset)
                if re.search(pattern, fh.read().decode("utf-8", "replace")):
                    seen = time.monotonic()
        elif time.monotonic() >= seen + then_s:
            break
        time.sleep(0.02)
    if proc.poll() is not None:
        return proc.returncode
    kill_tree(proc)
    return None
