"""Reaching a call without the right role, and injecting SQL through the search box, in the real app
(streamlit.testing.v1.AppTest runs dashboards/app.py headless, logged in through its own form).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.pipeline.conftest import callqa
from tests.trust import app_session
from tests.trust.integrity import ZH_TRANSCRIPTS, assert_preserved, snapshot

APP = app_session.APP
PASSWORD = "trust-pass-1"
USERS = {"lead": ("team_lead", ("North",), None), "a201": ("agent", (), "a-201"), "qa": ("qa_reviewer", (), None)}
DENIED = "This call does not exist or you may not see it."

pytestmark = pytest.mark.skipif(not APP.exists(), reason="dashboards/app.py is not there yet")


@pytest.fixture(scope="module")
def master(tmp_path_factory) -> Path:
    from dashboards import auth

    folder = tmp_path_factory.mktemp("dashboard-access")
    result = callqa("run", *map(str, ZH_TRANSCRIPTS), "--db", str(folder / "calls.duckdb"), "-q")
    assert result.code == 0, result.err
    for name, (role, teams, agent_id) in USERS.items():
        auth.add_user(folder / "users.toml", name, PASSWORD, role, teams=teams, agent_id=agent_id)
    return folder


@pytest.fixture
def app_env(master, tmp_path, monkeypatch) -> Path:
    for item in master.iterdir():
        shutil.copy(item, tmp_path / item.name)
    monkeypatch.setenv("CALLQA_DB", str(tmp_path / "calls.duckdb"))
    monkeypatch.setenv("CALLQA_USERS_FILE", str(tmp_path / "users.toml"))
    return tmp_path / "calls.duckdb"


def logged_in(username: str):
    return app_session.logged_in(username, PASSWORD)


def calls(db: Path):
    from store import Store

    return Store(db).call_overview()


def denials(db: Path) -> list[tuple[str, str]]:
    from store import Store

    log = Store(db).audit_log(action="access.denied")
    return sorted(zip(log.actor, log.target))


def test_team_lead_cannot_open_another_teams_call_by_state_or_link(app_env):
    overview = calls(app_env)
    south = overview[overview.team == "South"].call_id.iloc[0]
    north = overview[overview.team == "North"].call_id.iloc[0]
    at = logged_in("lead")
    assert set(at.dataframe[0].value["Team"]) == {"North"}
    at.session_state["call_id"] = south
    at.run()
    assert DENIED in [e.value for e in at.error] and not at.tabs
    linked = logged_in("lead")
    linked.query_params["call"] = south  # a shared link ?call=<id>
    linked.run()
    assert DENIED in [e.value for e in linked.error] and not linked.tabs
    assert denials(app_env) == [("lead", south), ("lead", south)]
    own = logged_in("lead")
    own.session_state["call_id"] = north
    own.run()
    assert not own.error and own.tabs  # the lead's own team opens


def test_agent_cannot_open_another_agents_call_nor_review_their_own(app_env):
    overview = calls(app_env)
    at = logged_in("a201")
    assert set(at.dataframe[0].value["Agent"]) == {"a-201"}
    for other in overview[overview.agent_id != "a-201"].call_id:
        at.session_state["call_id"] = other
        at.run()
        assert DENIED in [e.value for e in at.error] and not at.tabs
    assert len(denials(app_env)) == (overview.agent_id != "a-201").sum()
    at.session_state["call_id"] = overview[overview.agent_id == "a-201"].call_id.iloc[0]
    at.run()
    assert "Your role can read this call but not review it." in [i.value for i in at.info]
    assert not [f for f in at.get("form") if f.proto.form_id.startswith("review_")]
    assert at.radio(key="page").options == ["Listening room", "QA queue", "Coaching"]  # no admin, no trends


@pytest.mark.parametrize("payload", ["'; DROP TABLE calls; --", "North' OR '1'='1", "%' OR 1=1 --"])
def test_search_box_injection_shows_nothing_and_changes_nothing(app_env, payload):
    before = snapshot(app_env)
    at = logged_in("lead")
    at.text_input(key="f_text").input(payload).run()
    assert not at.exception
    assert "No calls match." in [i.value for i in at.info] and not at.dataframe
    at.text_input(key="f_text").input("").run()
    assert set(at.dataframe[0].value["Team"]) == {"North"}
    assert_preserved(before, snapshot(app_env), unchanged_tables=tuple(t for t in before if t != "audit_log"))
    from store import Store

    assert Store(app_env).audit_log().action.tolist() == ["login"]  # the log-in, nothing else


def test_log_ins_and_refused_log_ins_are_audited(app_env):
    from streamlit.testing.v1 import AppTest

    from store import Store
    from tests.trust.app_session import APP

    logged_in("lead")
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    at.text_input(key="login_user").input("lead")
    at.text_input(key="login_password").input("wrong password")
    at.button[0].click().run()
    assert "user" not in at.session_state
    store = Store(app_env)
    assert store.audit_log(action="login").actor.tolist() == ["lead"]
    assert store.audit_log(action="login.refused").actor.tolist() == ["lead"]
