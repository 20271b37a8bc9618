"""Single sign-on for real: Streamlit's ``st.login`` (Authlib) against a loopback OpenID Connect provider.

The test starts the provider (tests/dashboards/oidc_provider.py), writes ``.streamlit/secrets.toml``
with its ``[auth]`` section in a fresh folder, serves the app from there and logs in through the
provider in headless Chromium: a known email lands with the role the users file gives it, an unknown
one is refused, and logging out really logs out. Every server the test starts is stopped.
"""

from __future__ import annotations

import json
import os
import secrets

import pytest

from dashboards import auth
from dashboards.launch import streamlit_command
from store import Store
from tests.dashboards.oidc_provider import OidcProvider
from tests.dashboards.test_browser import _free_port, _shot, browser, needs_browser, serving  # noqa: F401

pytestmark = pytest.mark.slow
CLIENT_ID = "callqa-dashboard"


def _secrets(port: int, provider: OidcProvider, client_secret: str) -> str:
    return "\n".join([
        "[auth]",
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"',
        f'cookie_secret = "{secrets.token_hex(32)}"',
        f'client_id = "{CLIENT_ID}"',
        f'client_secret = "{client_secret}"',
        f'server_metadata_url = "{provider.metadata_url}"', ""])


@pytest.fixture
def sso_app(demo, tmp_path_factory):
    needs_browser()
    pytest.importorskip("authlib", reason="st.login needs Authlib (pip install Authlib)")
    auth.add_user(demo / "users.toml", "wang", "unused-password", "team_lead", teams=("north",),
                  name="Wang Fang", email="Wang@Example.com")
    client_secret = secrets.token_urlsafe(16)
    home = tmp_path_factory.mktemp("sso-app")  # the app's working folder: its .streamlit/secrets.toml
    port = _free_port()
    with OidcProvider(CLIENT_ID, client_secret) as provider:
        (home / ".streamlit").mkdir()
        (home / ".streamlit" / "secrets.toml").write_text(_secrets(port, provider, client_secret))
        command = streamlit_command(demo / "calls.duckdb", port, demo / "users.toml")
        with serving(command, cwd=home, env=dict(os.environ, HOME=str(home))) as url:
            yield url, provider, demo


def _sso_login(browser, url: str):  # noqa: F811 (the browser fixture)
    page = browser.new_page(viewport={"width": 1500, "height": 1000})  # a fresh context: no cookies
    page.goto(url)
    page.get_by_role("button", name="Log in with single sign-on").click()
    return page


def test_sso_logs_in_known_emails_with_their_role_and_refuses_others(sso_app, browser):  # noqa: F811
    url, provider, demo = sso_app
    store = Store(demo / "calls.duckdb")
    calls = store.call_overview()

    provider.user = {"email": "wang@example.com", "name": "Wang Fang"}
    page = _sso_login(browser, url)
    page.get_by_text("Wang Fang (Team lead)").wait_for(timeout=30_000)
    page.get_by_text(f"{int((calls.team == 'north').sum())} calls").wait_for()  # the lead's teams only
    assert page.url.startswith(url)
    assert ("POST", "/token") in provider.requests and ("GET", "/jwks") in provider.requests
    issued = provider.tokens_issued[-1]
    assert issued["email"] == "wang@example.com" and issued["aud"] == CLIENT_ID and issued["nonce"]
    _shot(page, "sso-team-lead")
    logins = store.audit_log(action="login.sso")
    # once per browser session (a reconnect under load is a new session, hence the set)
    assert set(logins.actor) == {"wang"}
    assert json.loads(logins.detail.iloc[0]) == {"method": "sso", "email": "wang@example.com"}
    # logging out ends the provider's session cookie too: the log-in form comes back
    page.locator('[data-testid="stSidebar"]').get_by_role("button", name="Log out").click()
    page.get_by_role("button", name="Log in with single sign-on").wait_for(timeout=30_000)
    page.get_by_label("User name").wait_for()
    page.reload()
    page.get_by_role("button", name="Log in with single sign-on").wait_for(timeout=30_000)
    assert page.get_by_text("(Team lead)").count() == 0
    page.close()

    provider.user = {"email": "stranger@example.com", "name": "Stranger"}
    page = _sso_login(browser, url)
    page.get_by_text("Your identity stranger@example.com has no callqa user").wait_for(timeout=30_000)
    assert page.locator('[data-testid="stSidebar"] [role="radiogroup"]').count() == 1  # the language only
    assert page.get_by_text(" calls").count() == 0 and page.locator("audio").count() == 0
    _shot(page, "sso-unknown-refused")
    refused = store.audit_log(action="login.sso.refused")
    assert set(refused.actor) == {"stranger@example.com"} and set(refused.target.dropna()) == set()
    page.close()
