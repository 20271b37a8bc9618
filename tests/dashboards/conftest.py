"""Fixtures for the dashboard tests: one synthetic store (fixed seed) and a users file per session."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from tests.dashboards.synthetic import build_store  # noqa: E402

from dashboards import auth  # noqa: E402

PASSWORD = "s3cret-pass"
USERS = {  # username: (role, teams, agent_id)
    "qa": ("qa_reviewer", (), None),
    "qa2": ("qa_reviewer", (), None),
    "lead": ("team_lead", ("north",), None),
    "boss": ("manager", (), None),
    "a01": ("agent", (), "A01"),
    "root": ("admin", (), None),
}


@pytest.fixture(scope="session")
def fixture_store_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("dashboard-store")
    build_store(folder / "calls.duckdb", n=60, seed=7)
    users = folder / "users.toml"
    for name, (role, teams, agent_id) in USERS.items():
        auth.add_user(users, name, PASSWORD, role, teams=teams, agent_id=agent_id, name=name.upper())
    return folder


@pytest.fixture
def demo(fixture_store_dir, tmp_path, monkeypatch) -> Path:
    """A fresh copy of the synthetic store per test (tests write reviews), wired through the environment."""
    for item in fixture_store_dir.iterdir():
        shutil.copy(item, tmp_path / item.name)
    monkeypatch.setenv("CALLQA_DB", str(tmp_path / "calls.duckdb"))
    monkeypatch.setenv("CALLQA_USERS_FILE", str(tmp_path / "users.toml"))
    return tmp_path
