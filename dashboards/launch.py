"""Start the dashboard: ``streamlit run dashboards/app.py`` headless on a port (``callqa dashboard``)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from dashboards.auth import default_users_file

APP = Path(__file__).with_name("app.py")


def streamlit_command(db: str | Path, port: int, users_file: str | Path | None = None, *,
                      address: str = "127.0.0.1") -> list[str]:
    """The command line that serves the app (usage statistics off: nothing leaves the machine)."""
    users = Path(users_file) if users_file else default_users_file(db)
    return [
        sys.executable, "-m", "streamlit", "run", str(APP),
        "--server.headless", "true",
        "--server.port", str(int(port)),
        "--server.address", address,
        "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
        "--client.toolbarMode", "viewer",
        "--", "--db", str(Path(db).resolve()), "--users", str(users.resolve()),
    ]


def launch(db: str | Path, port: int = 8501, users_file: str | Path | None = None, *,
           address: str = "127.0.0.1") -> int:
    """Serve the dashboard until interrupted; returns the server's exit status.

    ``address`` is loopback by default; pass ``0.0.0.0`` to serve a whole office network.
    """
    env = dict(os.environ, CALLQA_DB=str(Path(db).resolve()))
    command = streamlit_command(db, port, users_file, address=address)
    if os.name == "posix":
        # become the server: a signal to `callqa dashboard` then stops Streamlit itself, no orphan left
        sys.stdout.flush()
        sys.stderr.flush()
        os.execve(command[0], command, env)
    try:
        return subprocess.call(command, env=env)
    except KeyboardInterrupt:
        return 130
