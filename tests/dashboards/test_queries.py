"""The dashboard's store queries: row-level scope in SQL, bound parameters, reviews beside scores."""

from __future__ import annotations

import pytest

from callqa.records import Review
from store import Store
from store import dashboard_queries as q
from store.dashboard_queries import Scope

INJECTIONS = ("'; DROP TABLE calls; --", "north' OR '1'='1", "A01') OR TRUE --")


@pytest.fixture
def store(demo):
    return Store(demo / "calls.duckdb")


def test_scope_limits_every_listing(store):
    everyone = store.find_calls().call_id.tolist()
    with store.read() as con:
        north = q.filter_options(con, Scope(teams=("north",)))
        assert north["teams"] == ["north"]
        assert {a for a, _ in north["agents"]} <= {"A01", "A02", "A03", "A04"}
        assert q.filter_options(con, Scope(teams=()))["agents"] == []
        own = q.agents(con, Scope(agent_id="A01"))
        assert own["agent_id"].tolist() == ["A01"]
        for call_id in everyone:
            row = q.call_in_scope(con, call_id, Scope(agent_id="A01"))
            assert (row is not None) == (row is not None and row["agent_id"] == "A01")
        assert q.call_in_scope(con, everyone[0], Scope()) is not None
        assert q.call_in_scope(con, "no-such-call", Scope()) is None


@pytest.mark.parametrize("evil", INJECTIONS)
def test_injection_strings_match_nothing_and_change_nothing(store, evil):
    before = len(store.find_calls())
    with store.read() as con:
        assert q.filter_options(con, Scope(teams=(evil,)))["teams"] == []
        assert q.agents(con, Scope(agent_id=evil)).empty
        assert q.call_in_scope(con, evil, Scope()) is None
        assert q.coaching_notes(con, Scope(), agent_id=evil).empty
        assert q.assignments(con, Scope(), reviewer=evil).empty
        assert q.disputes(con, Scope(), status=evil).empty
        assert q.rescore_diff(con, evil, evil).empty
    assert len(store.find_calls()) == before


def test_reviews_pairs_library_and_disputes(store):
    calls = store.call_overview()
    north = calls[calls.team == "north"].call_id.tolist()[:2]
    south = calls[calls.team == "south"].call_id.tolist()[:1]
    machine = {c: calls.set_index("call_id").loc[c, "resolution_level"] for c in north + south}
    for reviewer in ("qa", "qa2"):
        for call_id in north + south:
            store.add_review(Review(call_id, "resolution_level", reviewer, "correct",
                                    value=(machine[call_id] + 1) % 5, reason="too low",
                                    note="well handled" if reviewer == "qa" else None,
                                    coaching=reviewer == "qa" and call_id == north[0]))
    review_id = store.reviews(call_id=north[0], reviewer="qa")["review_id"].iloc[0]
    store.raise_dispute(review_id, "a01", "I did resolve it")
    with store.read() as con:
        pairs = q.machine_human_pairs(con, Scope(teams=("north",)))
        assert set(pairs.call_id) == set(north) and len(pairs) == 4
        assert (pairs.human_value == (pairs.machine_value + 1) % 5).all()
        assert len(q.reviewer_pairs(con, Scope())) == 3
        assert q.reviewer_pairs(con, Scope(teams=("south",))).call_id.tolist() == south
        library = q.coaching_library(con, Scope())
        assert library.call_id.tolist() == [north[0]]
        assert library.level.iloc[0] == (machine[north[0]] + 1) % 5  # the human's level wins
        assert q.coaching_library(con, Scope(teams=("south",))).empty
        notes = q.coaching_notes(con, Scope(teams=("north",)))
        assert set(notes.call_id) == set(north) and set(notes.note) == {"well handled"}
        assert len(q.disputes(con, Scope(teams=("north",)), status="open")) == 1
        assert q.disputes(con, Scope(teams=("south",))).empty
        disputed = q.disputed_calls(con, Scope())
        assert disputed.call_id.iloc[0] == north[0] and disputed.disputes.iloc[0] == 1
        reviews = q.call_reviews(con, north[0], Scope())
        assert len(reviews) == 2 and reviews.open_disputes.max() == 1
        assert q.call_reviews(con, north[0], Scope(teams=("south",))).empty
    # the machine's score is never overwritten
    assert store.call_scores(north[0]).set_index("criterion").loc["resolution_level", "value"] == machine[north[0]]
