"""The app while another PROCESS writes the database: a page waits for the lock, never errors.

DuckDB lets one process write a file and, while it does, no other process may even read it
(shared/FACTS.md). The dashboard opens the file once per page render (``Store.session()``) and
retries a locked open; past the lock timeout it says "busy" and draws the page again.
"""

from __future__ import annotations

import multiprocessing
import time

import duckdb
import pytest

from dashboards.i18n import t
from store import Store
from tests.dashboards.test_app import logged_in, open_call, open_page

HELD = "/recordings/held-by-the-pipeline.wav"


def _hold_write_lock(path: str, seconds: float, ready) -> None:
    """In a second process: open the file read-write, record a failed input, hold it, close."""
    con = duckdb.connect(path)
    con.execute("INSERT INTO input_failures VALUES (?, 'written while the dashboard waited', 'ingest', now())",
                [HELD])
    ready.set()
    time.sleep(seconds)
    con.close()


def _hold(path, seconds: float):
    ctx = multiprocessing.get_context("spawn")
    ready = ctx.Event()
    holder = ctx.Process(target=_hold_write_lock, args=(str(path), seconds, ready))
    holder.start()
    assert ready.wait(60), "the holding process did not start"
    with pytest.raises(duckdb.Error, match="(?i)lock"):  # the lock really is held now
        duckdb.connect(str(path), read_only=True).close()
    return holder


def _no_error(at) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def _failures_shown(at) -> set[str]:
    return {path for frame in at.dataframe if "path" in frame.value.columns for path in frame.value["path"]}


def test_a_page_waits_for_a_brief_write_lock_of_another_process(demo):
    at = open_page(logged_in("root"), "listening")
    holder = _hold(demo / "calls.duckdb", 1.0)
    try:
        open_page(at, "admin")  # every query of the render waits for the one connection it needs
    finally:
        holder.join(30)
    assert holder.exitcode == 0
    _no_error(at)
    assert t("db_busy", "en") not in [w.value for w in at.warning]
    assert HELD in _failures_shown(at)  # the page read after the other process's write


def test_a_review_saved_during_a_write_lock_is_stored(demo):
    store = Store(demo / "calls.duckdb")
    call = store.call_overview().iloc[0]
    at = open_call(logged_in("qa"), call.call_id)
    holder = _hold(demo / "calls.duckdb", 1.0)
    try:
        at.button(key=f"FormSubmitter:review_{call.call_id[:12]}-Save review").click().run()
    finally:
        holder.join(30)
    _no_error(at)
    assert any("confirmed" in s.value for s in at.success)
    assert set(store.reviews(call_id=call.call_id).reviewer) == {"qa"}


def test_a_lock_held_past_the_timeout_shows_busy_then_draws_the_page(demo, monkeypatch):
    monkeypatch.setenv("CALLQA_LOCK_TIMEOUT_S", "0.2")  # read when the app first opens this store
    at = open_page(logged_in("root"), "listening")
    holder = _hold(demo / "calls.duckdb", 2.0)
    try:
        open_page(at, "admin")  # busy (a gentle warning), a pause, then drawn again until the lock is gone
    finally:
        holder.join(30)
    _no_error(at)
    assert at.session_state["busy_reruns"] >= 1
    assert at.header[0].value == t("page_admin", "en") and HELD in _failures_shown(at)
