"""Pages by link (``?page=``): a role opening a page it may not see is refused, and the refusal is
written to the audit log like a refused call; a page it may see opens."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from dashboards.context import PAGE_ROLES, pages_for
from store import Store
from tests.dashboards.conftest import PASSWORD, USERS
from tests.dashboards.test_app import APP, open_page

FORBIDDEN = [(username, page) for username, (role, _, _) in USERS.items()
             for page in PAGE_ROLES if role not in PAGE_ROLES[page]]
NO_ACCESS = "You do not have access to this page."


def linked(username: str, page: str) -> AppTest:
    """Open the app at ``/?page=<page>`` and log in as ``username``."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["page"] = page
    at.run()
    at.text_input(key="login_user").input(username)
    at.text_input(key="login_password").input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception, at.exception
    assert "user" in at.session_state
    return at


def test_every_role_is_forbidden_some_page_except_the_admin():
    assert {u for u, _ in FORBIDDEN} == set(USERS) - {"root"}
    assert ("a01", "trends") in FORBIDDEN and ("a01", "calibration") in FORBIDDEN and ("lead", "admin") in FORBIDDEN


@pytest.mark.parametrize(("username", "page"), FORBIDDEN + [("boss", "no-such-page")])
def test_a_forbidden_page_is_refused_and_audited(demo, username, page):
    role = USERS[username][0]
    at = linked(username, page)
    assert NO_ACCESS in [e.value for e in at.error]
    assert not at.header and not at.dataframe  # nothing of any page is drawn
    assert at.radio(key="page").options == [at.radio(key="page").format_func(p) for p in pages_for(role)]
    audit = Store(demo / "calls.duckdb").audit_log(action="access.denied")
    assert audit.actor.tolist() == [username] and audit.target.tolist() == [page]
    assert json.loads(audit.detail.iloc[0]) == {"page": page, "role": role}
    # the refusal happens once: the address now names the page shown, which draws on the next run
    assert at.query_params["page"] == pages_for(role)[0]
    at.run()
    assert NO_ACCESS not in [e.value for e in at.error] and at.header
    assert len(Store(demo / "calls.duckdb").audit_log(action="access.denied")) == 1


def test_a_page_the_role_may_see_opens_from_its_link(demo):
    at = linked("boss", "trends")
    assert at.radio(key="page").value == "trends" and at.header[0].value == "Trends"
    open_page(at, "calibration")
    assert at.query_params["page"] == "calibration"  # the address follows the page
    assert Store(demo / "calls.duckdb").audit_log(action="access.denied").empty



def test_the_next_person_after_a_log_out_does_not_inherit_the_page(demo):
    at = open_page(linked("root", "admin"), "admin")
    at.button(key="logout").click().run()
    at.text_input(key="login_user").input("a01")
    at.text_input(key="login_password").input(PASSWORD)
    at.button[0].click().run()
    assert at.radio(key="page").value == "listening" and NO_ACCESS not in [e.value for e in at.error]
    assert Store(demo / "calls.duckdb").audit_log(action="access.denied").empty
