"""The Parquet landing zone: worker files loaded into DuckDB idempotently."""

from __future__ import annotations

import pytest

from store import NotFound, RubricText
from store.landing import write_failure_file, write_result_file

from tests.store.store_factories import make_call, make_scorecard, make_transcript, table_counts


def test_result_files_load_once_and_equal_a_direct_save(store, tmp_path):
    calls = [make_call(i) for i in range(3)]
    store.add_calls(calls)
    zone = tmp_path / "landing"
    for call in calls[:2]:
        write_result_file(zone, call.call_id, make_transcript(call.call_id), "t1",
                          make_scorecard(call.call_id, level=4), "s1",
                          RubricText("rubric-1", "content", "en", "English"))
    write_failure_file(zone, calls[2].call_id, "transcribe", "t1", "decoder: broken frame")
    (zone / ".half-written.parquet.tmp").write_bytes(b"PAR1 not finished")  # ignored

    loaded = store.load_parquet_results(zone)
    assert (loaded.files, loaded.results, loaded.failures) == (3, 2, 1)
    assert sorted(p.name for p in zone.iterdir()) == [".half-written.parquet.tmp"]
    for call in calls[:2]:
        assert store.load_transcript(call.call_id) == make_transcript(call.call_id)
        assert store.load_scorecard(call.call_id) == make_scorecard(call.call_id, level=4)
    assert store.failed_calls()["error"].tolist() == ["decoder: broken frame"]
    counts = table_counts(store)

    # a crash after the commit but before the files were removed: loading them again changes nothing
    write_result_file(zone, calls[0].call_id, make_transcript(calls[0].call_id), "t1",
                      make_scorecard(calls[0].call_id, level=4), "s1")
    assert store.load_parquet_results(zone).results == 1
    assert table_counts(store) == counts


def test_results_for_unknown_calls_stop_the_load_and_keep_the_files(store, tmp_path):
    zone = tmp_path / "landing"
    write_result_file(zone, "f" * 64, make_transcript("f" * 64), "t1")
    with pytest.raises(NotFound, match="not in"):
        store.load_parquet_results(zone)
    assert len(list(zone.glob("*.parquet"))) == 1
    assert table_counts(store)["transcripts"] == 0
