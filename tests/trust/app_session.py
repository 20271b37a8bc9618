"""The real app (dashboards/app.py) headless through streamlit.testing.v1.AppTest, logged in through its
own form."""

from __future__ import annotations

from tests.trust.integrity import ROOT

APP = ROOT / "dashboards" / "app.py"


def logged_in(username: str, password: str):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    at.text_input(key="login_user").input(username)
    at.text_input(key="login_password").input(password)
    at.button[0].click().run()
    assert "user" in at.session_state and not at.exception, [e.value for e in at.error]
    return at
