"""The coaching page's pre-aggregated figures (agent_weeks) equal the store's direct queries over the
same calls, for every scope, and stay equal while the writer adds calls and re-scores them."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from dashboards import coaching_figures as cf
from store import CallFilter, Store
from store import agent_weeks
from store import dashboard_queries as q
from store.dashboard_queries import Scope
from tests.dashboards.synthetic import SCORE_VERSION, TRANSCRIPT_VERSION, synthetic_call


@pytest.fixture
def store(demo):
    return Store(demo / "calls.duckdb")


def _close(a, b) -> bool:
    a, b = (None if x is None or (isinstance(x, float) and math.isnan(x)) else float(x) for x in (a, b))
    return a == b or (a is not None and b is not None and abs(a - b) < 1e-9)


def _check_agent(store, con, agent_id: str, team: str, scope: Scope, teams: tuple | None) -> None:
    """coaching_sums for ``scope`` against the direct queries over ``teams`` (None: every team)."""
    sums = q.coaching_sums(con, scope, agent_id, team)
    mine = cf.scorecard(sums).set_index("measure")
    direct = store.agent_scorecard(agent_id, CallFilter(allowed_teams=teams, limit=None))
    direct = direct.set_index("measure")
    assert set(mine.index) == set(direct.index)
    for measure in direct.index:
        for who in ("agent", "team"):
            assert _close(mine.loc[measure, who], direct.loc[measure, who]), (agent_id, measure, who)
    levels = cf.level_distribution(sums)
    weekly = cf.weekly(sums)
    for who, filters in (("agent", CallFilter(agent_ids=(agent_id,), limit=None)),
                         ("team", CallFilter(teams=(team,), limit=None))):
        expected = store.level_distribution(filters)
        got = levels[levels.who == who]
        assert got.level.tolist() == expected.level.tolist() and got.calls.tolist() == expected.calls.tolist()
        expected = store.weekly_kpis("all", filters)
        got = weekly[weekly.who == who]
        assert got.calls.tolist() == expected.calls.tolist()
        assert all(_close(a, b) for a, b in zip(got.mean_level, expected.mean_level))


def _check_everyone(store) -> None:
    with store.read() as con:
        agents = q.agents(con, Scope())
        assert len(agents) == 12 and agents.calls.sum() == len(store.call_overview())
        counts = store.call_overview().groupby(["agent_id", "team"]).size().rename("n").reset_index()
        main = counts.sort_values(["n", "team"], ascending=[False, True]).drop_duplicates("agent_id")
        assert dict(zip(agents.agent_id, agents.team)) == dict(zip(main.agent_id, main.team))
        for row in agents.itertuples():
            _check_agent(store, con, row.agent_id, row.team, Scope(), None)
        # a team lead sees their team; an agent their own calls beside their team's aggregates
        assert set(q.agents(con, Scope(teams=("north",))).agent_id) == {"A01", "A02", "A03", "A04"}
        _check_agent(store, con, "A02", "north", Scope(teams=("north",)), ("north",))
        _check_agent(store, con, "A01", "north", Scope(agent_id="A01"), ("north",))
        assert q.agents(con, Scope(agent_id="A01")).agent_id.tolist() == ["A01"]
        # outside the viewer's scope there is nothing to sum; an agent never gets another team's sums
        assert q.coaching_sums(con, Scope(teams=("south",)), "A01", "north").empty
        assert q.coaching_sums(con, Scope(agent_id="A01"), "A01", "south").who.unique().tolist() == ["agent"]
        assert q.coaching_sums(con, Scope(agent_id="A01"), "A05", "south").empty


def _rebuilt(store) -> pd.DataFrame:
    """agent_weeks as kept by the writer, and as built from scratch by the migration's backfill."""
    kept = store.query_df("SELECT * FROM agent_weeks ORDER BY ALL")
    store.transaction(lambda con: (con.execute("DELETE FROM agent_weeks"), con.execute(agent_weeks.BACKFILL)))
    return kept, store.query_df("SELECT * FROM agent_weeks ORDER BY ALL")


def test_figures_equal_the_direct_queries(store):
    _check_everyone(store)


def test_figures_follow_new_calls_and_rescoring(store):
    calls = store.call_overview()
    target = calls[calls.agent_id == "A02"].iloc[0]
    # re-score one call with another call's scorecard (a different level, steps and violations)
    donor = next(sc for i in range(200, 260) for _, t, sc in [synthetic_call(7, i)]
                 if sc.value("resolution_level") != target.resolution_level)
    _, transcript, _ = synthetic_call(7, 200)
    store.save_call_results(target.call_id, transcript, TRANSCRIPT_VERSION, donor, "score-v2")
    assert store.call_overview().set_index("call_id").loc[target.call_id, "score_version"] == "score-v2"
    # and a new call arrives, first unscored, then scored
    call, transcript, scorecard = synthetic_call(7, 999)
    store.add_calls([call])
    with store.read() as con:
        counted = q.coaching_sums(con, Scope(), call.meta.agent_id, call.meta.team)
    assert counted[(counted.who == "agent") & (counted.measure == "calls")].n.sum() == \
        (store.call_overview().agent_id == call.meta.agent_id).sum()
    store.save_call_results(call.call_id, transcript, TRANSCRIPT_VERSION, scorecard, SCORE_VERSION)
    _check_everyone(store)
    kept, rebuilt = _rebuilt(store)
    pd.testing.assert_frame_equal(kept, rebuilt)


def test_coaching_page_shows_the_figures_and_the_library_on_demand(store):
    from callqa.records import Review
    from tests.dashboards.test_app import logged_in, open_page

    calls = store.call_overview()
    flagged = calls[calls.team == "south"].iloc[0]
    store.add_review(Review(flagged.call_id, "resolution_level", "qa", "correct", reason="great save",
                            value=4.0, coaching=True))
    at = open_page(logged_in("lead"), "coaching")
    assert at.selectbox(key="coach_agent").value == "A01"  # the lead's team only: A01-A04
    expected = store.agent_scorecard("A01", CallFilter(allowed_teams=("north",), limit=None)).set_index("measure")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Mean level"] == format(expected.loc["mean_level", "agent"], ".2f")
    assert metrics["Compliance"] == format(expected.loc["compliance", "agent"], ".0%")
    shown = len(at.dataframe)
    at.toggle(key="coach_library").set_value(True).run()
    assert len(at.dataframe) == shown  # the flagged call is in team south: not in the lead's library
    boss = open_page(logged_in("boss"), "coaching")
    boss.toggle(key="coach_library").set_value(True).run()
    library = boss.dataframe[-1].value
    assert library.call_id.tolist() == [flagged.call_id] and library.level.tolist() == ["4 Surprise"]
