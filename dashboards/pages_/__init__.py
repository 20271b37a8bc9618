"""One module per page, each with ``render(ctx)``; imported only when its page is opened."""

from __future__ import annotations

import importlib

MODULES = {
    "listening": "dashboards.pages_.listening",
    "queue": "dashboards.pages_.queue",
    "coaching": "dashboards.pages_.coaching",
    "trends": "dashboards.pages_.trends",
    "calibration": "dashboards.pages_.calibration",
    "admin": "dashboards.pages_.admin",
}


def render(page: str, ctx) -> None:
    importlib.import_module(MODULES[page]).render(ctx)


def flash(message: str) -> None:
    """Show ``message`` at the top of the next run and run the page again (so tables show the change)."""
    import streamlit as st

    st.session_state["flash"] = message
    st.rerun()
