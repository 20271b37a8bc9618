"""Users file, password hashing and row-level scope."""

from __future__ import annotations

import pytest

from callqa.errors import InputError
from dashboards import auth
from store.dashboard_queries import Scope


def test_password_hash_is_salted_and_verifies(tmp_path):
    first, second = auth.hash_password("geheim"), auth.hash_password("geheim")
    assert first != second and first.startswith("scrypt$")
    assert auth.verify_password("geheim", first) and auth.verify_password("geheim", second)
    assert not auth.verify_password("Geheim", first)
    assert not auth.verify_password("geheim", "not-a-hash")


def test_add_user_round_trips_and_never_stores_the_password(tmp_path):
    path = tmp_path / "users.toml"
    auth.add_user(path, "wang", "pw-1", "team_lead", teams=["north", "东区"], name="王芳", email="W@x.cn")
    auth.add_user(path, "a01", "pw-2", "agent", agent_id="A01")
    text = path.read_text(encoding="utf-8")
    assert "pw-1" not in text and "pw-2" not in text
    users = auth.load_users(path)
    assert users["wang"].teams == ("north", "东区") and users["wang"].name == "王芳"
    assert auth.authenticate(users, "wang", "pw-1") == users["wang"]
    assert auth.authenticate(users, "wang", "pw-2") is None
    assert auth.authenticate(users, "nobody", "pw-1") is None
    assert auth.user_for_email(users, "w@X.cn") == users["wang"]
    assert "password" not in repr(users["wang"]).lower().replace("password_hash", "")
    auth.add_user(path, "wang", "pw-3", "manager")  # replacing keeps one entry
    assert set(auth.load_users(path)) == {"wang", "a01"}
    assert auth.remove_user(path, "a01") and not auth.remove_user(path, "a01")


@pytest.mark.parametrize("username, role, kw, reason", [
    ("bad name", "admin", {}, "user name"),
    ("x", "boss", {}, "unknown role"),
    ("x", "agent", {}, "agent-id"),
    ("x", "team_lead", {}, "team"),
])
def test_add_user_refuses_bad_input(tmp_path, username, role, kw, reason):
    with pytest.raises(InputError, match=reason):
        auth.add_user(tmp_path / "u.toml", username, "pw", role, **kw)


def test_bad_users_file_is_a_clear_error(tmp_path):
    path = tmp_path / "users.toml"
    path.write_text('[users.x]\nrole = "king"\n', encoding="utf-8")
    with pytest.raises(InputError, match="unknown role"):
        auth.load_users(path)
    path.write_text("not toml [", encoding="utf-8")
    with pytest.raises(InputError, match="users.toml"):
        auth.load_users(path)
    assert auth.load_users(tmp_path / "missing.toml") == {}


@pytest.mark.parametrize("user, scope", [
    (auth.User("m", "manager"), Scope()),
    (auth.User("a", "admin"), Scope()),
    (auth.User("l", "team_lead", teams=("north",)), Scope(teams=("north",))),
    (auth.User("l", "team_lead"), Scope(teams=())),
    (auth.User("q", "qa_reviewer"), Scope()),
    (auth.User("q", "qa_reviewer", teams=("east",)), Scope(teams=("east",))),
    (auth.User("g", "agent", agent_id="A01"), Scope(agent_id="A01")),
])
def test_scope_of_each_role(user, scope):
    assert auth.scope_of(user) == scope


def test_agent_without_agent_id_sees_nothing():
    scope = auth.scope_of(auth.User("g", "agent"))
    assert scope.agent_id and scope.agent_id.startswith("\x00")
