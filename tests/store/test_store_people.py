"""Reviews beside machine scores, disputes, sampling plans, assignments and the audit log."""

from __future__ import annotations

import pytest

from callqa.records import Review
from store import NotAllowed, NotFound

from tests.store.store_factories import make_call, make_scorecard, make_transcript, table_counts


@pytest.fixture
def call_id(store):
    call = make_call(1)
    store.add_calls([call])
    store.save_call_results(call.call_id, make_transcript(call.call_id), "t1",
                            make_scorecard(call.call_id, level=2), "s1")
    return call.call_id


def test_a_correction_sits_beside_the_machine_score(store, call_id):
    review_id = store.add_review(Review(call_id, "resolution_level", "rita", "correct", value=4,
                                        reason="unrequested coupon and delight", note="great save",
                                        coaching=True))
    assert store.load_scorecard(call_id).value("resolution_level") == 2  # untouched
    reviews = store.reviews(call_id=call_id)
    row = reviews.iloc[0]
    assert row.review_id == review_id and row.score_version == "s1"
    assert (row.machine_value, row.human_value, row.coaching) == (2.0, 4.0, True)
    assert store.load_review(review_id).reason == "unrequested coupon and delight"
    log = store.audit_log(actor="rita")
    assert log["action"].tolist() == ["review.correct"] and log["target"].tolist() == [call_id]


def test_review_rules(store, call_id):
    with pytest.raises(NotAllowed, match="reason"):
        store.add_review(Review(call_id, "resolution_level", "rita", "correct", value=1))
    with pytest.raises(NotAllowed, match="value or label"):
        store.add_review(Review(call_id, "resolution_level", "rita", "correct", reason="wrong"))
    with pytest.raises(NotAllowed, match="confirm or correct"):
        store.add_review(Review(call_id, "resolution_level", "rita", "overwrite", value=1))
    with pytest.raises(NotFound):
        store.add_review(Review("unknown-call", "resolution_level", "rita", "confirm"))
    assert table_counts(store)["reviews"] == 0 and table_counts(store)["audit_log"] == 0


def test_reviews_respect_row_level_access(store, call_id):
    store.add_review(Review(call_id, "script.greeting", "rita", "confirm"))
    assert len(store.reviews(allowed_teams=("beta",))) == 1  # make_call(1) is in team beta
    assert store.reviews(allowed_teams=("alpha",)).empty
    assert store.reviews(allowed_agent_id="A9").empty


def test_disputes_are_resolved_by_a_second_reviewer(store, call_id):
    review_id = store.add_review(Review(call_id, "violation.rude", "rita", "correct", value=1,
                                        reason="said calm down"))
    plan = store.add_sampling_plan("week 10", 42, {"per_agent": 2}, [(call_id, "rita")], "lead")
    dispute_id = store.raise_dispute(review_id, "agent-a1", "I was quoting the customer")
    assert store.assignments(plan_id=plan)["status"].tolist() == ["disputed"]
    for wrong in ("rita", "agent-a1"):
        with pytest.raises(NotAllowed, match="second reviewer"):
            store.resolve_dispute(dispute_id, wrong, "upheld")
    store.resolve_dispute(dispute_id, "sam", "overturned: quoting the customer")
    row = store.disputes(call_id=call_id).iloc[0]
    assert (row.status, row.resolver) == ("resolved", "sam")
    with pytest.raises(NotAllowed, match="already resolved"):
        store.resolve_dispute(dispute_id, "tom", "again")
    with pytest.raises(NotAllowed):
        store.raise_dispute(review_id, "agent-a1", "  ")
    actions = store.audit_log()["action"].tolist()
    assert actions.count("dispute.resolve.refused") == 2  # every refusal is logged
    assert {"review.correct", "plan.create", "dispute.raise", "dispute.resolve"} <= set(actions)


def test_sampling_plans_and_assignments(store, call_id):
    other = make_call(2)
    store.add_calls([other])
    plan = store.add_sampling_plan("risky first", 7, {"oversample": ["low level"]},
                                   [(call_id, "rita"), (other.call_id, None)], "lead")
    plans = store.sampling_plans()
    assert plans[["name", "seed", "calls", "done"]].values.tolist() == [["risky first", 7, 2, 0]]
    todo = store.assignments(plan_id=plan)
    assert todo["status"].tolist() == ["todo", "todo"]
    unassigned = todo[todo.reviewer.isna()].assignment_id.item()
    store.set_assignment(unassigned, "lead", reviewer="sam", status="in_review")
    store.set_assignment(unassigned, "sam", status="done")
    assert store.assignments(reviewer="sam")["status"].tolist() == ["done"]
    assert store.sampling_plans()["done"].item() == 1
    with pytest.raises(NotAllowed):
        store.set_assignment(unassigned, "sam", status="finished")
    with pytest.raises(NotFound):
        store.set_assignment("nope", "sam", status="done")


def test_audit_keeps_detail_json(store):
    store.audit("admin", "access.denied", "call-9", {"page": "listening room", "role": "agent"})
    row = store.audit_log(action="access.denied").iloc[0]
    import json

    assert json.loads(row.detail) == {"page": "listening room", "role": "agent"}


def test_a_review_panel_is_saved_whole_or_not_at_all(store, call_id):
    good = Review(call_id, "script.greeting", "rita", "confirm")
    bad = Review("missing-call", "script.closing", "rita", "confirm")
    with pytest.raises(NotFound):
        store.add_reviews([good, bad])
    assert table_counts(store)["reviews"] == 0
    ids = store.add_reviews([good, Review(call_id, "violation.rude", "rita", "correct", value=1,
                                          reason="sighed and said calm down")])
    assert len(set(ids)) == 2 and len(store.reviews(call_id=call_id)) == 2
    assert store.add_reviews([]) == []
