"""Disputes end to end: an overturn adds the second reviewer's correction as a new review, the dispute
records its outcome, and agreement figures follow the latest judgement; an upheld review stays."""

from __future__ import annotations

import pandas as pd
import pytest

from callqa.records import Review
from dashboards.analysis import agreement_table
from store import NotAllowed, Store
from store import dashboard_queries as q
from store.dashboard_queries import Scope
from tests.dashboards.test_app import logged_in, open_page

LEVEL = "resolution_level"


@pytest.fixture
def store(demo):
    return Store(demo / "calls.duckdb")


def _double_review(store, call_id: str, machine: float, qa_value: float) -> str:
    """qa corrects the level to ``qa_value``, qa2 confirms the machine; returns qa's review id."""
    first = store.add_review(Review(call_id, LEVEL, "qa", "correct", value=qa_value, reason="missed the refund"))
    store.add_review(Review(call_id, LEVEL, "qa2", "confirm"))
    assert store.reviews(call_id=call_id, reviewer="qa2").human_value.iloc[0] == machine
    return first


def test_overturn_adds_the_correction_as_a_new_review_and_agreement_follows(store):
    calls = store.call_overview().set_index("call_id")
    call_id = calls[calls.team == "north"].index[0]
    machine = float(calls.loc[call_id, "resolution_level"])
    wrong, right = (machine + 2) % 5, (machine + 1) % 5
    disputed = _double_review(store, call_id, machine, wrong)
    plan = store.add_sampling_plan("week", 1, {}, [(call_id, "qa")], "boss")
    dispute = store.raise_dispute(disputed, "a01", "the customer accepted the refund")
    assert store.assignments(plan_id=plan).status.tolist() == ["disputed"]
    with store.read() as con:
        before = q.machine_human_pairs(con, Scope()).set_index("reviewer")
    assert before.loc["qa", "human_value"] == wrong

    new_review = store.resolve_dispute(dispute, "root", "listened again: partly resolved", overturn=True,
                                       value=right, label="level-right")
    row = store.disputes(call_id=call_id).iloc[0]
    assert (row.status, row.outcome, row.resolver, row.new_review_id) == ("resolved", "overturned", "root", new_review)
    assert store.assignments(plan_id=plan).status.tolist() == ["done"]  # no dispute left open on the call
    correction = store.reviews(call_id=call_id, reviewer="root").iloc[0]
    assert correction.review_id == new_review and correction.supersedes == disputed
    assert (correction.verdict, correction.value, correction.reason) == ("correct", right,
                                                                         "listened again: partly resolved")
    assert correction.created_at >= row.created_at and correction.machine_value == machine
    # the overturned review and the machine's score are kept as they were
    assert store.load_review(disputed).value == wrong and store.load_review(disputed).reviewer == "qa"
    assert store.call_scores(call_id).set_index("criterion").loc[LEVEL, "value"] == machine

    with store.read() as con:
        pairs = q.machine_human_pairs(con, Scope())
        reviewers = q.reviewer_pairs(con, Scope())
        history = q.call_reviews(con, call_id, Scope())
    assert set(pairs.reviewer) == {"qa2", "root"}  # qa's overturned judgement no longer counts
    assert pairs.set_index("reviewer").loc["root", "human_value"] == right
    assert len(reviewers) == 1 and sorted(reviewers[["reviewer_a", "reviewer_b"]].iloc[0]) == ["qa2", "root"]
    assert history.set_index("reviewer").overturned.to_dict() == {"qa": True, "qa2": False, "root": False}
    assert agreement_table(store.agreement_pairs(LEVEL)).set_index("criterion").loc[LEVEL, "agreement"] == 0.5
    assert set(store.reviewer_pairs(LEVEL)[["reviewer_a", "reviewer_b"]].iloc[0]) == {"root", "qa2"}

    audit = store.audit_log()
    resolve = audit[audit.action == "dispute.resolve"].detail.iloc[0]
    assert '"outcome": "overturned"' in resolve and new_review in resolve
    assert any(disputed in d for d in audit[audit.action == "review.correct"].detail if "supersedes" in d)
    with pytest.raises(NotAllowed, match="already overturned"):
        store.raise_dispute(disputed, "a01", "again")
    store.raise_dispute(new_review, "a01", "I still disagree")  # the correction itself may be disputed


def test_upheld_dispute_keeps_the_original_review(store):
    calls = store.call_overview().set_index("call_id")
    call_id = calls.index[1]
    machine = float(calls.loc[call_id, "resolution_level"])
    disputed = _double_review(store, call_id, machine, (machine + 1) % 5)
    dispute = store.raise_dispute(disputed, "a01", "no")
    assert store.resolve_dispute(dispute, "root", "the recording supports the review") is None
    row = store.disputes(call_id=call_id).iloc[0]
    assert row.outcome == "upheld" and pd.isna(row.new_review_id)
    assert len(store.reviews(call_id=call_id)) == 2
    with store.read() as con:
        assert set(q.machine_human_pairs(con, Scope()).reviewer) == {"qa", "qa2"}
        assert not q.call_reviews(con, call_id, Scope()).overturned.any()


def test_an_overturn_needs_a_reason_a_value_and_a_change(store):
    call_id = store.call_overview().call_id.iloc[2]
    machine = float(store.call_overview().set_index("call_id").loc[call_id, "resolution_level"])
    disputed = store.add_review(Review(call_id, LEVEL, "qa", "confirm"))
    dispute = store.raise_dispute(disputed, "a01", "too low")
    for kwargs, match in (({"value": (machine + 1) % 5}, "needs a reason"),
                          ({}, "correct value"),
                          ({"value": machine}, "repeats the disputed review")):
        text = "" if match == "needs a reason" else "listened"
        with pytest.raises(NotAllowed, match=match):
            store.resolve_dispute(dispute, "qa2", text, overturn=True, **kwargs)
    assert store.disputes(status="open").dispute_id.tolist() == [dispute]
    assert len(store.reviews(call_id=call_id)) == 1
    with pytest.raises(NotAllowed, match="second reviewer"):
        store.resolve_dispute(dispute, "qa", "mine", overturn=True, value=(machine + 1) % 5)
    # overturning a confirmation back to the machine's value is a confirmation by the resolver
    corrected = store.add_review(Review(call_id, LEVEL, "qa", "correct", value=(machine + 3) % 5, reason="x"))
    second = store.raise_dispute(corrected, "a01", "the machine was right")
    new_review = store.resolve_dispute(second, "qa2", "machine right", overturn=True, value=machine)
    assert store.reviews(call_id=call_id, reviewer="qa2").set_index("review_id").loc[new_review, "verdict"] == "confirm"


def test_the_queue_page_overturns_with_the_corrected_value(demo, store):
    calls = store.call_overview()
    own = calls[calls.agent_id == "A01"].iloc[0]
    machine = float(own.resolution_level)
    disputed = store.add_review(Review(own.call_id, LEVEL, "qa", "correct", value=(machine + 1) % 5, reason="r"))
    store.raise_dispute(disputed, "a01", "the customer thanked me")
    at = open_page(logged_in("qa2"), "queue")
    at.radio(key="dispute_outcome").set_value("overturn")
    widget = next(s for s in at.selectbox if str(s.key).startswith("dispute_value_"))
    widget.set_value(int(machine))
    at.button(key="FormSubmitter:resolve-Resolve").click().run()
    assert any("needs a reason" in e.value for e in at.error)  # refused without a reason, nothing stored
    assert store.disputes(status="open").shape[0] == 1
    at.radio(key="dispute_outcome").set_value("overturn")
    next(s for s in at.selectbox if str(s.key).startswith("dispute_value_")).set_value(int(machine))
    at.text_input(key="dispute_text").input("the customer did thank them")
    at.button(key="FormSubmitter:resolve-Resolve").click().run()
    assert not at.exception and "new review" in at.success[0].value
    row = store.disputes(call_id=own.call_id).iloc[0]
    assert (row.outcome, row.resolver) == ("overturned", "qa2")
    new = store.reviews(call_id=own.call_id, reviewer="qa2").iloc[0]
    assert (new.verdict, new.reason, new.supersedes) == ("confirm", "the customer did thank them", disputed)
    assert "overturned" in at.dataframe[-1].value.to_csv()


def test_migration_reads_old_free_text_outcomes(tmp_path):
    import duckdb

    from store.schema import migrate

    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    migrate(con, target=8)
    for n, (status, text) in enumerate((("resolved", "overturn: listened again"), ("resolved", "upheld"),
                                        ("open", None))):
        con.execute("INSERT INTO disputes VALUES (?, 'r', 'a', 'why', ?, NULL, ?, now(), NULL)",
                    [f"d{n}", status, text])
    con.close()
    outcomes = Store(path).query_rows("SELECT dispute_id, outcome FROM disputes ORDER BY 1")
    assert outcomes == [("d0", "overturned"), ("d1", "upheld"), ("d2", None)]
