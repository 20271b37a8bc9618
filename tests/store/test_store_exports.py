"""Exports read back; retention removes words and keeps scores."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pandas as pd
import pyarrow.parquet as pq
import pytest

from callqa.records import Review

from tests.store.store_factories import make_call, make_scorecard, make_transcript


@pytest.fixture
def two_calls(store):
    old = make_call(1, started_at=datetime.now() - timedelta(days=400), source="/audio/old.wav")
    new = make_call(2, started_at=datetime.now() - timedelta(days=2))
    store.add_calls([old, new])
    for call in (old, new):
        store.save_call_results(call.call_id, make_transcript(call.call_id), "t1",
                                make_scorecard(call.call_id, level=3, violations={"rude": 1}), "s1")
    store.add_review(Review(old.call_id, "resolution_level", "rita", "correct", value=4, reason="extra",
                            note="客户很满意"))
    return old.call_id, new.call_id


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_export_files_read_back(store, two_calls, tmp_path, fmt):
    written = store.export(tmp_path / "out", fmt=fmt, actor="manager")
    assert sorted(p.name for p in written) == sorted(f"{n}.{fmt}" for n in ("calls", "turns", "scores", "reviews"))
    read = (lambda p: pd.read_csv(p, dtype={"call_id": str})) if fmt == "csv" else (lambda p: pq.read_table(p).to_pandas())
    frames = {p.stem: read(p) for p in written}
    assert sorted(frames["calls"]["call_id"]) == sorted(two_calls)
    assert frames["calls"]["violation_codes"].tolist() == ["rude", "rude"]
    assert len(frames["turns"]) == 8 and set(frames["turns"]["speaker"]) == {"agent", "customer"}
    assert frames["scores"].groupby("call_id").size().tolist() == [len(make_scorecard("x").scores)] * 2
    evidence = frames["scores"].query("criterion == 'resolution_level'")["evidence"].iloc[0]
    assert json.loads(evidence)[0]["quote"] == "my order is late"
    reviews = frames["reviews"]
    assert reviews[["reviewer", "machine_value", "value", "note"]].values.tolist() == [["rita", 3.0, 4.0, "客户很满意"]]
    assert not list((tmp_path / "out").glob(".*"))  # no temporary files left behind
    assert store.audit_log(action="export")["actor"].tolist() == ["manager"]


def test_unknown_export_format(store, tmp_path):
    with pytest.raises(ValueError, match="csv, parquet"):
        store.export(tmp_path, fmt="xlsx")


def test_purge_removes_old_words_and_keeps_scores(store, two_calls):
    old, new = two_calls
    before_old = store.load_scorecard(old)
    result = store.purge_older_than(days=365)
    assert result.calls == 1 and result.audio_paths == ("/audio/old.wav",)

    purged = store.load_transcript(old)
    assert all(t.text == "" and t.words == () for t in purged.turns)
    assert [(t.start, t.end, t.speaker) for t in purged.turns] == [
        (t.start, t.end, t.speaker) for t in make_transcript(old).turns]
    after = store.load_scorecard(old)
    assert [(s.criterion, s.value, s.label) for s in after.scores] == [
        (s.criterion, s.value, s.label) for s in before_old.scores]
    assert all(e.quote == "" for s in after.scores for e in s.evidence)
    assert all(e.turn is not None for s in after.scores for e in s.evidence)
    assert len(store.reviews(call_id=old)) == 1

    assert store.load_transcript(new) == make_transcript(new)  # recent calls untouched
    assert store.load_scorecard(new).get("resolution_level").evidence[0].quote == "my order is late"
    assert store.purge_older_than(days=365).calls == 0  # nothing left to purge
    assert store.find_calls()["resolution_level"].tolist() == [3.0, 3.0]
    assert store.audit_log(action="retention.purge")["actor"].tolist() == ["retention"]
