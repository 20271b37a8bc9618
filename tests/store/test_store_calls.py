"""Calls: dedup by content hash, every source path kept, bad inputs and stage status."""

from __future__ import annotations

from dataclasses import replace

import pytest

from callqa.records import Call, CallMeta
from store import NotFound

from tests.store.store_factories import make_call, make_scorecard, make_transcript, table_counts


def test_the_same_recording_twice_is_one_call_with_both_paths(store):
    first = make_call(1, source="/in/a.wav")
    again = replace(first, source="/in/copy of a.wav", meta=CallMeta(team="other team"))
    assert store.add_calls([first]).new == [first.call_id]
    result = store.add_calls([again, make_call(2)])
    assert result.new == [make_call(2).call_id]
    assert result.existing == [first.call_id]
    assert store.load_call(first.call_id) == first  # nothing overwritten
    assert store.call_sources(first.call_id) == ["/in/a.wav", "/in/copy of a.wav"]
    assert table_counts(store)["calls"] == 2


def test_duplicates_inside_one_batch(store):
    a = make_call(3, source="/x/1.wav")
    b = replace(a, source="/x/2.wav")
    result = store.add_calls([a, b, a])
    assert result.new == [a.call_id] and result.existing == [a.call_id, a.call_id]
    assert table_counts(store)["call_sources"] == 2


def test_adding_nothing_touches_nothing(store):
    assert store.add_calls([]).new == []
    assert table_counts(store)["calls"] == 0


def test_unicode_and_transcript_calls_round_trip(store):
    call = Call(call_id="f" * 64, source="/数据/客服 通话 #1.json", media="transcript",
                meta=CallMeta(agent_name="王小明", team="华东"))
    store.add_calls([call])
    assert store.load_call(call.call_id) == call


def test_unknown_call_is_not_found(store):
    with pytest.raises(NotFound):
        store.load_call("nope")


def test_input_failures_are_kept_with_their_reasons(store):
    store.record_failure("/in/empty.wav", "zero-byte file")
    store.record_failure("/in/list.csv", "row 3: file missing", stage="manifest")
    failures = store.input_failures()
    assert set(zip(failures.path, failures.reason, failures.stage)) == {
        ("/in/empty.wav", "zero-byte file", "ingest"), ("/in/list.csv", "row 3: file missing", "manifest")}
    summary = store.status_summary()
    assert summary.query("stage == 'ingest' and status == 'failed'")["calls"].item() == 2


def test_pending_calls_follow_versions_and_failures(store):
    calls = [make_call(i) for i in range(4)]
    store.add_calls(calls)
    ids = lambda found: {c.call_id for c in found}  # noqa: E731
    assert ids(store.pending_calls("t1", "s1")) == {c.call_id for c in calls}

    done = calls[0].call_id
    store.save_call_results(done, make_transcript(done), "t1", make_scorecard(done), "s1")
    store.record_stage_failure(calls[1].call_id, "transcribe", "t1", "decoder: broken frame")
    assert ids(store.pending_calls("t1", "s1")) == {calls[2].call_id, calls[3].call_id}
    assert ids(store.pending_calls("t1", "s1", retry_failed=True)) == {c.call_id for c in calls[1:]}
    assert len(store.pending_calls("t1", "s1", limit=1)) == 1
    # a new scorer version makes the scored call pending again; a new speech version too
    assert done in ids(store.pending_calls("t1", "s2"))
    assert done in ids(store.pending_calls("t2", "s1"))
    # oldest first
    assert [c.call_id for c in store.pending_calls("t1", "s1")] == [calls[2].call_id, calls[3].call_id]


def test_transcript_calls_need_no_speech_version(store):
    call = Call(call_id="e" * 64, source="/t/x.json", media="transcript")
    store.add_calls([call])
    store.save_call_results(call.call_id, make_transcript(call.call_id), "import-1",
                            make_scorecard(call.call_id), "s1")
    assert store.pending_calls("t1", "s1") == []


def test_a_stage_failure_never_hides_a_stored_result(store):
    call = make_call(5)
    store.add_calls([call])
    store.save_call_results(call.call_id, make_transcript(call.call_id), "t1",
                            make_scorecard(call.call_id), "s1")
    store.record_stage_failure(call.call_id, "score", "s1", "late failure")
    status = store.stage_statuses(call.call_id)
    assert set(status.status) == {"done"}
    store.record_stage_failure(call.call_id, "score", "s2", "rubric: bad threshold")
    store.record_stage_failure(call.call_id, "score", "s2", "rubric: still bad")
    failed = store.failed_calls()
    assert failed[["stage", "version", "error"]].values.tolist() == [["score", "s2", "rubric: still bad"]]
