"""A call stored without an agent is claimed by the agent whose voice the speech stage recognised."""

from __future__ import annotations

from dataclasses import replace

from store import agent_weeks
from tests.store.store_factories import make_call, make_scorecard, make_transcript


def unassigned(call):
    return replace(call, meta=replace(call.meta, agent_id=None, agent_name=None, team=None))


def agent_of(store, call_id):
    sql = ("SELECT c.agent_id, c.agent_name, c.team, s.agent_id, s.agent_name, s.team "
           "FROM calls c JOIN call_summary s USING (call_id) WHERE call_id = ?")
    return store.query_df(sql, [call_id]).iloc[0].tolist()


def kept_and_rebuilt(store):
    kept = store.query_df("SELECT * FROM agent_weeks ORDER BY ALL")
    store.transaction(lambda con: (con.execute("DELETE FROM agent_weeks"), con.execute(agent_weeks.BACKFILL)))
    return kept, store.query_df("SELECT * FROM agent_weeks ORDER BY ALL")


def test_an_unassigned_call_is_claimed_by_the_recognised_voice(store):
    known = make_call(1, agent="a-101", team="North")
    nobody = unassigned(make_call(2))
    other = make_call(3, agent="a-102", team="South")
    store.add_calls([known, nobody, other])
    for call in (known, nobody, other):
        store.save_call_results(call.call_id, make_transcript(call.call_id), "t1",
                                make_scorecard(call.call_id), "s1")
    before = store.query_df("SELECT count(*) AS n FROM agent_weeks WHERE agent_id IS NULL").n[0]
    assert before > 0  # the unassigned call is counted in the unassigned group

    voiced = replace(make_transcript(nobody.call_id), agent_id="a-101")
    store.save_call_results(nobody.call_id, voiced, "t2", make_scorecard(nobody.call_id, level=4), "s2")
    assert agent_of(store, nobody.call_id) == ["a-101", "Agent 1", "North"] * 2
    assert store.query_df("SELECT count(*) AS n FROM agent_weeks WHERE agent_id IS NULL").n[0] == 0
    kept, rebuilt = kept_and_rebuilt(store)
    assert kept.equals(rebuilt)

    # a call that has an agent from its manifest keeps it, whatever the voice says
    store.save_call_results(other.call_id, replace(make_transcript(other.call_id), agent_id="a-101"), "t2",
                            make_scorecard(other.call_id), "s2")
    assert agent_of(store, other.call_id) == ["a-102", "Agent 3", "South"] * 2


def test_the_agent_id_travels_through_the_interchange_format():
    from callqa.interchange import transcript_from_dict, transcript_to_dict

    voiced = replace(make_transcript("c" * 64), agent_id="a-101")
    back, _ = transcript_from_dict(transcript_to_dict(voiced), source="test")
    assert back.agent_id == "a-101"
    assert transcript_from_dict(transcript_to_dict(make_transcript("c" * 64)), source="test")[0].agent_id is None
