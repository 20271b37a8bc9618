"""Dashboard and notebook queries: filters, row-level access, KPIs and SQL injection."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from callqa.records import Review
from store import CallFilter, Store
from store.filters import ORDER_COLUMNS

from tests.store.store_factories import CATEGORIES, make_call, make_scorecard, make_transcript, table_counts

N = 24


@pytest.fixture(scope="module")
def filled(tmp_path_factory):
    """24 calls over 4 weeks, 3 teams, 5 agents, levels 0-4; call 23 is ingested but not scored.

    Built once for the module: tests here only read it (the review test uses its own store).
    """
    store = Store(tmp_path_factory.mktemp("filled") / "filled.duckdb")
    calls = [make_call(i) for i in range(N)]
    store.add_calls(calls)
    for i, call in enumerate(calls[:-1]):
        words = "pizza" if i % 6 == 0 else "order"
        store.save_call_results(
            call.call_id, make_transcript(call.call_id, words=words, verdict="review" if i == 5 else "ok"),
            "t1",
            make_scorecard(call.call_id, level=i % 5, compliance=(i % 4) / 4,
                           violations={"rude": 1} if i % 7 == 0 else None,
                           category=CATEGORIES[i % len(CATEGORIES)], shift=-0.5 + (i % 5) * 0.25),
            "s1")
    return store


def ids(df) -> set[int]:
    return {int(c, 16) for c in df["call_id"]}


def test_every_call_has_one_overview_row(filled):
    df = filled.find_calls(CallFilter(limit=None))
    assert len(df) == N and df["call_id"].is_unique
    assert filled.count_calls() == N
    assert df["score_version"].isna().sum() == 1


@pytest.mark.parametrize("flt, expected", [
    (CallFilter(teams=("alpha",)), {i for i in range(N) if i % 3 == 0}),
    (CallFilter(agent_ids=("A1", "A2")), {i for i in range(N) if i % 5 in (1, 2)}),
    (CallFilter(queues=("refunds",)), {i for i in range(N) if i % 2 == 1}),
    (CallFilter(categories=("rider_issue",)), {i for i in range(N - 1) if i % 6 == 4}),
    (CallFilter(levels=(4,)), {i for i in range(N - 1) if i % 5 == 4}),
    (CallFilter(levels=(0, 1)), {i for i in range(N - 1) if i % 5 in (0, 1)}),
    (CallFilter(violation_codes=("rude",)), {0, 7, 14, 21}),
    (CallFilter(violation_codes=("evasive",)), set()),
    (CallFilter(has_violation=True), {0, 7, 14, 21}),
    (CallFilter(compliance_min=0.5, compliance_max=0.5), {i for i in range(N - 1) if i % 4 == 2}),
    (CallFilter(shift_max=-0.5), {i for i in range(N - 1) if i % 5 == 0}),
    (CallFilter(shift_min=0.5), {i for i in range(N - 1) if i % 5 == 4}),
    (CallFilter(verdicts=("review",)), {5}),
    (CallFilter(scored=False), {N - 1}),
    (CallFilter(text="PIZZA"), {0, 6, 12, 18}),
    (CallFilter(text="%"), set()),  # a literal percent sign, not a wildcard
    (CallFilter(date_from=date(2025, 3, 10), date_to=date(2025, 3, 10)), {7}),
    (CallFilter(date_from=datetime(2025, 3, 29)), {i for i in range(N) if i % 28 >= 26}),
])
def test_filters(filled, flt, expected):
    assert ids(filled.find_calls(flt)) == expected
    assert filled.count_calls(flt) == len(expected)


def test_filters_combine(filled):
    flt = CallFilter(teams=("alpha", "beta"), levels=(0,), has_violation=True)
    # alpha/beta: i % 3 in (0, 1); level 0: i % 5 == 0; a violation: i % 7 == 0
    assert ids(filled.find_calls(flt)) == {0}


INJECTIONS = ["'; DROP TABLE calls; --", "alpha' OR '1'='1", "\" OR 1=1 --", "1); DELETE FROM scores; --",
              "%' OR team LIKE '%", "x' UNION SELECT * FROM audit_log --"]


@pytest.mark.parametrize("evil", INJECTIONS)
def test_injection_through_every_text_filter_finds_nothing_and_harms_nothing(filled, evil):
    before = table_counts(filled)
    for flt in (CallFilter(teams=(evil,)), CallFilter(agent_ids=(evil,)), CallFilter(text=evil),
                CallFilter(categories=(evil,)), CallFilter(violation_codes=(evil,)),
                CallFilter(verdicts=(evil,)), CallFilter(queues=(evil,)), CallFilter(call_ids=(evil,)),
                CallFilter(allowed_teams=(evil,)), CallFilter(allowed_agent_id=evil)):
        assert filled.find_calls(flt).empty, flt
        assert filled.count_calls(flt) == 0
    assert filled.reviews(call_id=evil, reviewer=evil).empty
    assert table_counts(filled) == before


def test_ordering_is_a_whitelist(filled):
    with pytest.raises(ValueError, match="cannot order"):
        filled.find_calls(CallFilter(order_by="team; DROP TABLE calls"))
    df = filled.find_calls(CallFilter(order_by="resolution_level", descending=False, limit=None))
    levels = df["resolution_level"].dropna().tolist()
    assert levels == sorted(levels) and df["resolution_level"].isna().iloc[-1]
    for column in ORDER_COLUMNS:
        filled.find_calls(CallFilter(order_by=column, limit=3))


def test_paging(filled):
    pages = [filled.find_calls(CallFilter(limit=10, offset=o)) for o in (0, 10, 20)]
    assert [len(p) for p in pages] == [10, 10, 4]
    assert set().union(*map(ids, pages)) == set(range(N))


def test_row_level_access_always_applies(filled):
    lead = CallFilter(allowed_teams=("beta",))
    assert ids(filled.find_calls(lead)) == {i for i in range(N) if i % 3 == 1}
    # asking for another team's calls through the other filters shows nothing more
    assert filled.find_calls(CallFilter(teams=("alpha",), allowed_teams=("beta",))).empty
    assert filled.find_calls(CallFilter(allowed_teams=())).empty
    agent = CallFilter(allowed_agent_id="A3", agent_ids=("A1", "A3"))
    assert ids(filled.find_calls(agent)) == {i for i in range(N) if i % 5 == 3}
    kpis = filled.weekly_kpis("team", CallFilter(allowed_teams=("beta",)))
    assert set(kpis["team"]) == {"beta"}


def test_weekly_kpis(filled):
    kpis = filled.weekly_kpis("team")
    assert kpis["calls"].sum() == N
    assert set(kpis["team"]) == {"alpha", "beta", "gamma"}
    assert len(set(kpis["week"])) == 4  # 2025-03-03 (a Monday) .. 2025-03-30: four ISO weeks
    overall = filled.weekly_kpis("all")
    df = filled.find_calls(CallFilter(limit=None))
    assert overall["calls"].sum() == N
    total_surprise = (overall["surprise_rate"] * overall["scored_calls"]).sum()
    assert total_surprise == pytest.approx((df["resolution_level"] == 4).sum())
    by_category = filled.weekly_kpis("category")
    assert set(by_category["category"].dropna()) == set(CATEGORIES)
    with pytest.raises(ValueError):
        filled.weekly_kpis("team; DROP TABLE calls")


def test_trends_and_distribution(filled):
    trend = filled.category_trend()
    assert trend["calls"].sum() == N - 1
    dist = filled.level_distribution()
    assert dist["level"].tolist() == [0, 1, 2, 3, 4] and dist["calls"].sum() == N - 1


def test_agent_scorecard_against_the_team(filled):
    card = filled.agent_scorecard("A1").set_index("measure")
    mine = filled.find_calls(CallFilter(agent_ids=("A1",), limit=None))
    assert card.loc["calls", "agent"] == len(mine)
    assert card.loc["mean_level", "agent"] == pytest.approx(mine["resolution_level"].mean())
    assert "script.greeting" in card.index and "violation.rude" in card.index
    scores = [filled.load_scorecard(c) for c in mine.call_id[mine.score_version.notna()]]
    greeting = [s.value("script.greeting") for s in scores]
    assert card.loc["script.greeting", "agent"] == pytest.approx(sum(greeting) / len(greeting))
    rude = [bool(s.value("violation.rude")) for s in scores]
    assert card.loc["violation.rude", "agent"] == pytest.approx(sum(rude) / len(rude))
    assert "script.transfer_notice" not in card.index  # never applicable
    counts = mine["team"].value_counts()
    home = sorted(counts[counts == counts.max()].index)[0]  # most calls, then by name
    team = filled.find_calls(CallFilter(teams=(home,), limit=None))
    assert card.loc["calls", "team"] == len(set(team.call_id) | set(mine.call_id))


def test_agreement_and_reviewer_pairs(store):
    call_id = f"{1:064x}"
    store.add_calls([make_call(1)])
    store.save_call_results(call_id, make_transcript(call_id), "t1", make_scorecard(call_id, level=1), "s1")
    filled = store
    filled.add_review(Review(call_id, "resolution_level", "rita", "confirm"))
    filled.add_review(Review(call_id, "resolution_level", "sam", "correct", value=3, reason="customer thanked"))
    filled.add_review(Review(call_id, "resolution_level", "sam", "correct", value=2, reason="second look"))
    pairs = filled.agreement_pairs("resolution_level")
    assert sorted(zip(pairs.reviewer, pairs.machine_value, pairs.human_value)) == [
        ("rita", 1.0, 1.0), ("sam", 1.0, 2.0)]
    assert len(filled.agreement_pairs(latest_per_reviewer=False)) == 3
    both = filled.reviewer_pairs()
    assert both[["reviewer_a", "value_a", "reviewer_b", "value_b"]].values.tolist() == [["rita", 1.0, "sam", 2.0]]
