"""Another process holding the file: opens retry with backoff, then give up with StoreBusy."""

from __future__ import annotations

import multiprocessing
import time

import pytest

from store import Store, StoreBusy

from tests.store.store_factories import make_call, table_counts


def _hold_write_lock(path: str, seconds: float, ready) -> None:
    """In a second process: open the file for writing, add a row, hold it, then close."""
    import duckdb

    con = duckdb.connect(path)
    con.execute("INSERT INTO input_failures VALUES ('/held.wav', 'held by the other process', 'ingest', now())")
    ready.set()
    time.sleep(seconds)
    con.close()


def _hold(path, seconds):
    ctx = multiprocessing.get_context("spawn")
    ready = ctx.Event()
    holder = ctx.Process(target=_hold_write_lock, args=(str(path), seconds, ready))
    holder.start()
    assert ready.wait(60), "the holding process did not start"
    return holder


def test_write_waits_for_a_brief_lock_and_succeeds(tmp_db):
    store = Store(tmp_db, lock_timeout_s=20)
    holder = _hold(tmp_db, 1.0)
    try:
        started = time.monotonic()
        result = store.add_calls([make_call(1)])  # blocked until the other process closes
        waited = time.monotonic() - started
        assert result.new == [make_call(1).call_id]
        assert waited > 0.2, "the lock should have made the write wait"
        # reads retry too, and see both processes' rows
        assert table_counts(store)["input_failures"] == 1
    finally:
        holder.join(30)
    assert holder.exitcode == 0


def test_a_lock_held_too_long_gives_store_busy(tmp_db):
    store = Store(tmp_db, lock_timeout_s=0.5)
    holder = _hold(tmp_db, 4.0)
    try:
        started = time.monotonic()
        with pytest.raises(StoreBusy, match="busy"):
            store.find_calls()
        with pytest.raises(StoreBusy):
            store.add_calls([make_call(2)])
        assert time.monotonic() - started < 3.5  # bounded by the timeout, not by the holder
    finally:
        holder.join(30)
    assert store.add_calls([make_call(2)]).new == [make_call(2).call_id]  # and free again afterwards


def test_threads_of_one_process_can_write_at_once(tmp_db):
    """Two dashboard sessions saving at the same moment (one process, separate connections)."""
    from concurrent.futures import ThreadPoolExecutor

    store = Store(tmp_db)
    calls = [make_call(i) for i in range(12)]
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda c: store.add_calls([c]), calls))
        list(pool.map(lambda i: store.audit(f"user{i}", "login"), range(12)))
        list(pool.map(lambda c: store.find_calls(), calls[:4]))
    assert sum(len(r.new) for r in results) == 12
    assert table_counts(store)["calls"] == 12 and table_counts(store)["audit_log"] == 12


def test_a_session_shares_one_connection_and_lets_writes_through(tmp_db, monkeypatch):
    from store import db

    store = Store(tmp_db)
    opened = []
    real_open = db.open_connection

    def counting_open(*args, **kwargs):
        opened.append(kwargs.get("write"))
        return real_open(*args, **kwargs)

    monkeypatch.setattr(db, "open_connection", counting_open)
    with store.session():
        store.find_calls()
        store.count_calls()
        with store.read() as con:
            con.execute("SELECT 1").fetchall()
        assert opened == [False]
        store.add_calls([make_call(1)])  # a write inside the session: its reader steps aside
        assert store.count_calls() == 1
        assert opened == [False, True, False]
    # after the block nothing is held: another process can write at once
    holder = _hold(tmp_db, 0.1)
    holder.join(30)
    assert holder.exitcode == 0
