"""The app around the pages: where the database is, who is logged in, language and navigation."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import streamlit as st

from dashboards import auth, i18n
from dashboards.context import PAGE_ROLES, Ctx, pages_for


def locations(argv: list[str] | None = None) -> tuple[Path, Path]:
    """The database and users file: ``-- --db X --users Y`` after ``streamlit run``, else environment."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--db")
    parser.add_argument("--users")
    args, _ = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    db = Path(args.db or os.environ.get("CALLQA_DB") or "callqa.duckdb")
    users = args.users or os.environ.get("CALLQA_USERS_FILE")
    return db, Path(users) if users else auth.default_users_file(db)


@st.cache_resource(show_spinner=False)
def _store(db: str):
    """One Store object per server. It holds only the path: each page render opens the file once
    (``Store.session()``) and closes it when the render ends."""
    from callqa.settings import load_settings
    from store import Store

    return Store(db, lock_timeout_s=load_settings().lock_timeout_s)


def _sso_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all
        return False


def _login(users_file: Path, lang: str, db: Path) -> auth.User | None:
    """The logged-in user, or None after drawing the log-in form."""
    if "user" in st.session_state:
        return st.session_state["user"]
    users = auth.load_users(users_file)
    if _sso_configured() and getattr(st.user, "is_logged_in", False):
        return _sso_user(users, lang, db)
    st.title(i18n.t("app_title", lang))
    if not users:
        st.info(i18n.t("no_users", lang))
    with st.form("login"):
        username = st.text_input(i18n.t("username", lang), key="login_user")
        password = st.text_input(i18n.t("password", lang), type="password", key="login_password")
        submitted = st.form_submit_button(i18n.t("login", lang))
    if submitted:
        user = auth.authenticate(users, username, password)
        if user is None:
            _store(str(db)).audit(username or "?", "login.refused", None, {"method": "password"})
            st.error(i18n.t("bad_login", lang))
        else:
            _store(str(db)).audit(user.username, "login", None, {"method": "password"})
            st.session_state["user"] = user
            st.rerun()
    if _sso_configured():
        st.button(i18n.t("login_sso", lang), on_click=st.login)
    return None


def _follow_page_link(allowed: list[str]) -> str | None:
    """Open the page a link names (``?page=trends``) when the user may see it; else return its name
    (refused, once per link). The app keeps ``?page=`` in step with the page shown."""
    requested = st.query_params.get("page")
    if requested is None or requested == st.session_state.get("page_link"):
        return None
    if requested in allowed:
        st.session_state["page"] = requested
        return None
    return requested


def _sso_user(users: dict[str, auth.User], lang: str, db: Path) -> auth.User | None:
    """The user the identity provider's email maps to (audited), or None after refusing it (audited once)."""
    email = st.user.get("email")
    user = auth.user_for_email(users, email)
    if user is not None:
        _store(str(db)).audit(user.username, "login.sso", None, {"method": "sso", "email": email})
        st.session_state["user"] = user
        return user
    if not st.session_state.get("sso_refused"):
        st.session_state["sso_refused"] = True
        _store(str(db)).audit(str(email or "?"), "login.sso.refused", None, {"email": email})
    st.error(i18n.t("sso_unknown", lang, email=email))
    st.button(i18n.t("logout", lang), on_click=st.logout)
    return None


def _logout() -> None:
    for key in list(st.session_state.keys()):
        if key != "lang":
            del st.session_state[key]
    st.query_params.clear()  # the next person starts on their own first page, not this one's
    if _sso_configured() and getattr(st.user, "is_logged_in", False):
        st.logout()  # else the identity cookie would log the same person straight back in


def main() -> None:
    from dashboards import pages_
    from store.db import StoreBusy

    st.set_page_config(page_title="callqa", page_icon="🎧", layout="wide")
    db, users_file = locations()
    lang = st.sidebar.radio(i18n.t("language", st.session_state.get("lang", "zh")), i18n.LANGS,
                            format_func=lambda code: {"en": "English", "zh": "中文"}[code],
                            horizontal=True, key="lang")
    user = _login(users_file, lang, db)
    if user is None:
        return
    ctx = Ctx(store=_store(str(db)), user=user, lang=lang, users_file=users_file)
    sidebar = st.sidebar
    sidebar.caption(ctx.t("signed_in_as", name=user.display_name, role=ctx.t(f"role_{user.role}")))
    sidebar.button(ctx.t("logout"), on_click=_logout, key="logout")
    allowed = pages_for(user.role)
    if "call" in st.query_params and st.session_state.get("page") not in (None, "listening"):
        st.query_params.clear()
    refused = _follow_page_link(allowed)
    page = sidebar.radio(ctx.t("page"), allowed, format_func=lambda p: ctx.t(f"page_{p}"), key="page")
    st.session_state["page_link"] = st.query_params["page"] = page  # the address bar links to the page
    if refused is None and (page not in PAGE_ROLES or user.role not in PAGE_ROLES[page]):
        refused = page
    if refused is not None:
        ctx.audit("access.denied", refused, {"page": refused, "role": user.role})
        st.error(ctx.t("no_access"))
        return
    if "flash" in st.session_state:
        st.success(st.session_state.pop("flash"))
    try:
        # One read connection for the whole render, closed when it ends: never held between reruns,
        # because while it is open the pipeline (another process) cannot write.
        with ctx.store.session():
            pages_.render(page, ctx)
    except StoreBusy:
        _busy(ctx)


BUSY_RETRY_S = 2.0  # pause before drawing the page again when the database stayed locked


def _busy(ctx: Ctx) -> None:
    """The database stayed locked past the store's lock timeout: say so gently, then draw again."""
    import time

    st.session_state["busy_reruns"] = st.session_state.get("busy_reruns", 0) + 1
    st.warning(ctx.t("db_busy"))
    time.sleep(BUSY_RETRY_S)
    st.rerun()
