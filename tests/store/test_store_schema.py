"""Migrations: a fresh file gets the latest schema; an old file is upgraded in place, data kept."""

from __future__ import annotations

from datetime import datetime

import duckdb
import pytest

from callqa.errors import CallqaError
from store import LATEST_VERSION, MIGRATIONS, CallFilter, SchemaTooNew, Store
from store.schema import migrate, schema_version

from tests.store.store_factories import make_call, make_scorecard, make_transcript

EXPECTED_TABLES = {
    "call_summary", "calls", "call_sources", "input_failures", "stage_status", "transcripts", "turns", "scorecards",
    "scores", "turn_sentiment", "rubrics", "reviews", "review_assignments", "sampling_plans",
    "disputes", "audit_log", "schema_migrations",
}
EXPECTED_VIEWS = {"current_transcripts", "current_scorecards", "current_scores", "current_turns",
                  "call_overview", "machine_vs_human"}


def test_versions_are_ordered_and_unique():
    versions = [m.version for m in MIGRATIONS]
    assert versions == sorted(set(versions)) and versions[0] == 1
    assert LATEST_VERSION == versions[-1]


def test_fresh_file_gets_every_table_and_view(store):
    with store.read() as con:
        rows = con.execute("SELECT table_name, table_type FROM information_schema.tables "
                           "WHERE table_schema = 'main'").fetchall()
        applied = con.execute("SELECT version FROM schema_migrations ORDER BY version").fetchall()
    tables = {name for name, kind in rows if kind == "BASE TABLE"}
    views = {name for name, kind in rows if kind == "VIEW"}
    assert EXPECTED_TABLES <= tables
    assert EXPECTED_VIEWS <= views
    assert [v for (v,) in applied] == [m.version for m in MIGRATIONS]
    assert store.schema_version() == LATEST_VERSION


def test_opening_twice_applies_nothing_twice(tmp_db):
    Store(tmp_db)
    with duckdb.connect(str(tmp_db)) as con:
        assert migrate(con) == []
        assert con.execute("SELECT count(*) FROM schema_migrations").fetchone()[0] == len(MIGRATIONS)


def test_old_version_file_is_upgraded_with_its_data_kept(tmp_db):
    """A file written by the first schema (calls and results, no reviews yet) opens with the latest."""
    call = make_call(1)
    with duckdb.connect(str(tmp_db)) as con:
        assert migrate(con, target=1) == [1]
        assert schema_version(con) == 1
        con.execute("INSERT INTO calls (call_id, source, media, agent_id, team, started_at, ingested_at) "
                    "VALUES (?, ?, 'audio', 'A1', 'alpha', ?, ?)",
                    [call.call_id, call.source, datetime(2025, 1, 6, 9), datetime(2025, 1, 6, 10)])
        con.execute("INSERT INTO transcripts (call_id, version, language, verdict, created_at) "
                    "VALUES (?, 't1', 'en', 'ok', ?)", [call.call_id, datetime(2025, 1, 6, 11)])
        con.execute("INSERT INTO turns (call_id, transcript_version, turn_index, speaker, start_s, end_s, text) "
                    "VALUES (?, 't1', 0, 'agent', 0, 1, 'hello')", [call.call_id])
        tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        assert "reviews" not in tables

    store = Store(tmp_db)  # migrates on open
    assert store.schema_version() == LATEST_VERSION
    assert store.load_call(call.call_id).meta.team == "alpha"
    transcript = store.load_transcript(call.call_id)
    assert [t.text for t in transcript.turns] == ["hello"]
    overview = store.find_calls()
    assert overview["transcript_version"].tolist() == ["t1"]  # call_summary was backfilled
    assert len(store.find_calls(CallFilter(text="HELLO"))) == 1  # and its search text too
    # and the upgraded file takes the newer kinds of rows
    store.save_scorecard(call.call_id, "t1", make_scorecard(call.call_id), "s1")
    assert store.reviews().empty


def test_failed_migration_leaves_the_previous_version(tmp_db, monkeypatch):
    from store import schema

    broken = schema.Migration(LATEST_VERSION + 1, "broken", (
        "CREATE TABLE half_done (x INTEGER)", "THIS IS NOT SQL"))
    monkeypatch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS + (broken,))
    with duckdb.connect(str(tmp_db)) as con:
        with pytest.raises(duckdb.Error):
            schema.migrate(con, target=LATEST_VERSION + 1)
        assert schema_version(con) == LATEST_VERSION
        tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        assert "half_done" not in tables


def test_newer_file_is_refused_with_a_clear_error(tmp_db):
    Store(tmp_db)
    with duckdb.connect(str(tmp_db)) as con:
        con.execute("INSERT INTO schema_migrations VALUES (?, 'from the future', ?)",
                    [LATEST_VERSION + 5, datetime(2030, 1, 1)])
    from store import base

    base._MIGRATED.clear()
    with pytest.raises(SchemaTooNew, match="newer than this callqa"):
        Store(tmp_db)


def test_a_file_that_is_not_a_database_names_the_file(tmp_path):
    bogus = tmp_path / "notes.duckdb"
    bogus.write_text("just some text, not a database\n" * 100)
    with pytest.raises(CallqaError, match="notes.duckdb"):
        Store(bogus)


def test_results_round_trip_through_a_fresh_file(store):
    call = make_call(7)
    store.add_calls([call])
    transcript, scorecard = make_transcript(call.call_id), make_scorecard(call.call_id)
    store.save_call_results(call.call_id, transcript, "t1", scorecard, "s1")
    assert store.load_call(call.call_id) == call
    assert store.load_transcript(call.call_id) == transcript
    assert store.load_scorecard(call.call_id) == scorecard
