"""Results: one transaction per call, idempotent saves, history kept on re-scoring."""

from __future__ import annotations

import multiprocessing
import os

import pytest

from store import CallFilter, NotFound, RubricText, Store
from store import bulk

from tests.store.store_factories import make_call, make_scorecard, make_transcript, table_counts


@pytest.fixture
def call(store):
    call = make_call(1)
    store.add_calls([call])
    return call


def _save(store, call_id, level=2, score_version="s1", rubric=None):
    store.save_call_results(call_id, make_transcript(call_id), "t1",
                            make_scorecard(call_id, level=level), score_version, rubric=rubric)


def test_failure_mid_save_leaves_nothing_partial(store, call, monkeypatch):
    before = table_counts(store)

    real_replace = bulk._replace

    def explode_at_scorecards(con, table, *args, **kwargs):
        if table == "scorecards":  # turns, transcript, scores and turn sentiment are already in
            raise RuntimeError("disk full while writing the scorecard")
        return real_replace(con, table, *args, **kwargs)

    monkeypatch.setattr(bulk, "_replace", explode_at_scorecards)
    with pytest.raises(RuntimeError, match="disk full"):
        _save(store, call.call_id)
    assert table_counts(store) == before
    assert store.stage_statuses(call.call_id).empty
    assert [c.call_id for c in store.pending_calls("t1", "s1")] == [call.call_id]


def _die_mid_save(path: str, call_id: str) -> None:
    """In a child process: start saving, then die abruptly before the commit."""
    real_replace = bulk._replace

    def die_at_scorecards(con, table, *args, **kwargs):
        if table == "scorecards":
            os._exit(3)
        return real_replace(con, table, *args, **kwargs)

    bulk._replace = die_at_scorecards
    Store(path).save_call_results(call_id, make_transcript(call_id), "t1", make_scorecard(call_id), "s1")


def test_a_killed_writer_leaves_the_call_unsaved(store, call):
    before = table_counts(store)
    child = multiprocessing.get_context("spawn").Process(
        target=_die_mid_save, args=(str(store.path), call.call_id))
    child.start()
    child.join(60)
    assert child.exitcode == 3
    assert table_counts(store) == before
    _save(store, call.call_id)  # and the file is fine to write afterwards
    assert table_counts(store)["transcripts"] == 1


def test_saving_the_same_results_twice_duplicates_nothing(store, call):
    _save(store, call.call_id, rubric=RubricText("rubric-1", "[rubric]\nname = 'en'", "en", "English"))
    once = table_counts(store)
    _save(store, call.call_id, rubric=RubricText("rubric-1", "[rubric]\nname = 'en'", "en", "English"))
    assert table_counts(store) == once
    assert once["turns"] == 4 and once["scorecards"] == 1 and once["rubrics"] == 1


def test_a_changed_result_at_the_same_version_replaces_it(store, call):
    _save(store, call.call_id, level=1)
    _save(store, call.call_id, level=3)
    assert store.load_scorecard(call.call_id).value("resolution_level") == 3
    assert table_counts(store)["scorecards"] == 1


def test_rescoring_keeps_the_old_scores(store, call):
    _save(store, call.call_id, level=1)
    new = make_scorecard(call.call_id, level=4, rubric_version="rubric-2")
    store.save_scorecard(call.call_id, "t1", new, "s2",
                         rubric=RubricText("rubric-2", "threshold = 2", "en", "English v2"))
    assert store.load_scorecard(call.call_id) == new  # current = latest saved
    assert store.load_scorecard(call.call_id, "s1").value("resolution_level") == 1
    history = store.scorecard_history(call.call_id)
    assert history["version"].tolist() == ["s2", "s1"]
    assert history["resolution_level"].tolist() == [4.0, 1.0]
    overview = store.find_calls()
    assert overview.loc[0, "score_version"] == "s2" and overview.loc[0, "rubric_version"] == "rubric-2"
    assert store.rubric("rubric-2").content == "threshold = 2"
    assert store.rubrics()["version"].tolist() == ["rubric-2"]


def test_summary_columns_come_from_the_scores(store, call):
    store.save_call_results(call.call_id, make_transcript(call.call_id), "t1",
                            make_scorecard(call.call_id, level=3, compliance=0.5, category="rider_issue",
                                           violations={"rude": 2, "long_silence": 1}, shift=0.6), "s1")
    row = store.find_calls().iloc[0]
    assert row.resolution_level == 3 and row.level_label.startswith("满意级")
    assert row.compliance == 0.5 and row.category == "rider_issue"
    assert row.violations == 3 and sorted(row.violation_codes) == ["long_silence", "rude"]
    assert row.customer_sentiment_shift == pytest.approx(0.6)
    assert row.handle_time_s == 20.0 and row.agent_politeness == 80.0


def test_transcript_alone_and_scoring_later(store, call):
    store.save_transcript(call.call_id, make_transcript(call.call_id), "t1")
    assert [c.call_id for c in store.pending_calls("t1", "s1")] == [call.call_id]
    with pytest.raises(NotFound):
        store.load_scorecard(call.call_id)
    with pytest.raises(NotFound, match="no transcript version t9"):
        store.save_scorecard(call.call_id, "t9", make_scorecard(call.call_id), "s1")
    store.save_scorecard(call.call_id, "t1", make_scorecard(call.call_id), "s1")
    assert store.pending_calls("t1", "s1") == []


def test_results_for_an_unknown_call_are_refused(store):
    with pytest.raises(NotFound, match="add_calls"):
        _save(store, "0" * 64)
    assert table_counts(store)["transcripts"] == 0


def test_turns_and_scores_for_the_call_page(store, call):
    _save(store, call.call_id)
    turns = store.call_turns(call.call_id)
    assert turns["turn_index"].tolist() == [0, 1, 2, 3]
    assert turns["sentiment"].round(2).tolist() == [-0.5, -0.3, -0.1, 0.1]
    scores = store.call_scores(call.call_id)
    assert "resolution_level" in scores["criterion"].tolist()
    assert store.call_scores(call.call_id, "s1").shape == scores.shape


SUMMARY_FROM_SOURCES = """
    SELECT c.call_id, t.version, t.verdict, lower(t.search_text), s.version, s.resolution_level,
           s.compliance, s.violations, coalesce(s.handle_time_s, t.duration_s, c.duration_s)
    FROM calls c
    LEFT JOIN (SELECT * FROM transcripts QUALIFY row_number() OVER
               (PARTITION BY call_id ORDER BY created_at DESC, version DESC) = 1) t USING (call_id)
    LEFT JOIN (SELECT * FROM scorecards QUALIFY row_number() OVER
               (PARTITION BY call_id ORDER BY created_at DESC, version DESC) = 1) s USING (call_id)"""
SUMMARY_STORED = """
    SELECT call_id, transcript_version, verdict, search_text, score_version, resolution_level,
           compliance, violations, handle_time_s FROM call_summary"""


def test_call_summary_always_matches_the_latest_results(store):
    calls = [make_call(i) for i in range(4)]
    store.add_calls(calls[:3])
    _save(store, calls[0].call_id, level=1)
    store.save_transcript(calls[1].call_id, make_transcript(calls[1].call_id, words="pizza"), "t1")
    store.save_scorecard(calls[0].call_id, "t1", make_scorecard(calls[0].call_id, level=4), "s2")
    store.add_calls(calls[3:])
    store.save_call_results(calls[1].call_id, make_transcript(calls[1].call_id, words="noodles"), "t2",
                            make_scorecard(calls[1].call_id, level=0), "s1")
    _save(store, calls[0].call_id, level=2, score_version="s1")  # re-saving s1 makes it current again
    with store.read() as con:
        expected = sorted(con.execute(SUMMARY_FROM_SOURCES).fetchall(), key=str)
        stored = sorted(con.execute(SUMMARY_STORED).fetchall(), key=str)
    assert stored == expected
    assert len(stored) == 4
    assert store.find_calls(CallFilter(call_ids=(calls[0].call_id,))).resolution_level.item() == 2
    assert store.find_calls(CallFilter(text="pizza")).empty  # the older transcript is not searched
    assert len(store.find_calls(CallFilter(text="NOODLES"))) == 1


def test_transcripts_to_rescore_with_a_new_scorer(store):
    calls = [make_call(i) for i in range(3)]
    store.add_calls(calls)
    _save(store, calls[0].call_id)
    store.save_transcript(calls[1].call_id, make_transcript(calls[1].call_id), "t1")
    assert store.transcripts_to_rescore("s1") == [(calls[1].call_id, "t1")]
    assert store.transcripts_to_rescore("s2") == [(calls[0].call_id, "t1"), (calls[1].call_id, "t1")]
    store.save_scorecard(calls[0].call_id, "t1", make_scorecard(calls[0].call_id), "s2")
    assert store.transcripts_to_rescore("s2") == [(calls[1].call_id, "t1")]
