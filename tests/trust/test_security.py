"""Security: SQL injection through every filter and query parameter, path traversal through
manifests, row-level access by role, and tampering with reviews. All refused; refusals the product
logs are in audit_log.

The store is made by the real command line from the bundled Chinese calls: teams North (agent
a-201), South (a-202) and Night (a-203).
"""

from __future__ import annotations

import dataclasses
import inspect
import shutil
import typing
from pathlib import Path

import pandas as pd
import pytest

from callqa.records import Review
from store import CallFilter, NotAllowed, NotFound, Store
from store import dashboard_queries as q
from store.filters import order_clause, page_clause, where_clause
from tests.pipeline.conftest import callqa
from tests.trust.integrity import ZH_TRANSCRIPTS, assert_preserved, rows, snapshot, write_transcripts

PAYLOADS = (
    "'; DROP TABLE calls; --",
    "North' OR '1'='1",
    "' UNION SELECT call_id, call_id, call_id FROM calls --",
    "x'); DELETE FROM reviews; --",
    "%' OR 1=1 --",
    "\" OR \"\"=\"",
    "$$; DROP TABLE reviews; $$",
    "North\x00' OR TRUE --",
    "１' ＯＲ '１'='１",  # full-width look-alikes
    "*/ OR 1=1 /*",
)
NORTH = ("North",)


@pytest.fixture(scope="module")
def master_db(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("security")
    db = folder / "calls.duckdb"
    extra = write_transcripts(folder / "more", 3, "sec")
    result = callqa("run", *map(str, ZH_TRANSCRIPTS), *map(str, extra), "--db", str(db), "-q")
    assert result.code == 0, result.err
    store = Store(db)
    calls = store.call_overview()
    for team in ("North", "South"):
        call_id = calls[calls.team == team].call_id.iloc[0]
        store.add_review(Review(call_id=call_id, criterion="resolution_level", reviewer="qa", verdict="correct",
                                value=1.0, reason="only logged", note=f"{team} note"))
    return db


@pytest.fixture
def db(master_db, tmp_path) -> Path:
    """A fresh copy per test (the tests write)."""
    return Path(shutil.copy(master_db, tmp_path / "calls.duckdb"))


def team_of(store: Store, team: str) -> str:
    calls = store.call_overview()
    return calls[calls.team == team].call_id.iloc[0]


# ---- SQL injection ---------------------------------------------------------------------------------

def _filter_values(payload: str):
    """(field, value, may_raise) for every CallFilter field: the payload where the type takes text
    (which must never raise), else the payload where a number, date, flag or column name belongs
    (which is refused with ValueError/TypeError, or ignored by a query that does not use the field)."""
    hints = typing.get_type_hints(CallFilter)
    for f in dataclasses.fields(CallFilter):
        hint = str(hints[f.name])
        if "tuple[str" in hint:
            yield f.name, (payload,), False
        elif hint in ("str | None", "typing.Optional[str]"):
            yield f.name, payload, False
        elif f.name == "order_by":
            yield f.name, payload, True
        else:  # dates, numbers, levels, flags, paging
            yield f.name, payload, "bool" not in hint


TEXT_FIELDS = ("teams", "agent_ids", "queues", "directions", "categories", "violation_codes", "verdicts",
               "languages", "call_ids", "text", "allowed_teams", "allowed_agent_id")


def _matches(con, f: CallFilter) -> list[tuple]:
    """(call_id, team) of the calls a filter selects: the SQL find_calls runs, on one connection."""
    where, params = where_clause(f)
    page, page_params = page_clause(f)
    return con.execute(f"SELECT o.call_id, o.team FROM call_summary o WHERE {where} {order_clause(f)} {page}",
                       params + page_params).fetchall()


def test_sql_injection_through_every_call_filter_field(db):
    store = Store(db)
    before = snapshot(db)
    assert set(TEXT_FIELDS) <= {f.name for f in dataclasses.fields(CallFilter)}
    with store.read() as con:
        for payload in PAYLOADS:
            for field, value, may_raise in _filter_values(payload):
                for scope in ({}, {"allowed_teams": NORTH}):
                    if field in scope:
                        continue
                    try:
                        found = _matches(con, CallFilter(**{field: value}, **scope))
                    except (ValueError, TypeError):
                        assert may_raise, f"{field}={value!r}: a text filter must not raise"
                        continue
                    if scope:
                        assert {team for _, team in found} <= set(NORTH), f"{field}={value!r} leaked rows"
                    if field in TEXT_FIELDS:
                        assert found == [], f"{field}={value!r} matched {len(found)} call(s)"
    # end to end through the Store's queries, with payloads in every text filter at once
    for payload in PAYLOADS[:3]:
        every = {f: (payload if f in ("text", "allowed_agent_id") else PAYLOADS) for f in TEXT_FIELDS}
        for f in (CallFilter(text=payload, allowed_teams=NORTH), CallFilter(teams=(payload,)),
                  CallFilter(**every), CallFilter(allowed_agent_id=payload)):
            assert store.find_calls(f).empty and store.count_calls(f) == 0
            assert store.weekly_kpis("team", f).empty and store.category_trend(f).empty
            assert store.level_distribution(f).empty and store.call_overview(f).empty
            assert store.agent_scorecard("a-201", f).agent.isna().all()
    assert_preserved(before, snapshot(db), unchanged_tables=tuple(before))


def _dashboard_functions():
    for name, fn in inspect.getmembers(q, inspect.isfunction):
        params = list(inspect.signature(fn).parameters)
        if fn.__module__ == q.__name__ and params[:1] == ["con"]:
            yield name, fn, params[1:]


def test_sql_injection_through_every_dashboard_query_parameter(db):
    store = Store(db)
    before = snapshot(db)
    functions = list(_dashboard_functions())
    assert len(functions) >= 10
    south_call = team_of(store, "South")
    with store.read() as con:
        for payload in PAYLOADS:
            for name, fn, params in functions:
                for scope in (q.Scope(teams=(payload,)), q.Scope(agent_id=payload), q.Scope(teams=NORTH)):
                    args = []
                    for p in params:
                        if p == "scope":
                            args.append(scope)
                        elif p == "limit":
                            args.append(50)
                        elif p == "call_id" and scope.teams == NORTH:
                            args.append(south_call)  # a real call outside the scope
                        else:
                            args.append(payload)
                    result = fn(con, *args)
                    _assert_within(name, params, scope, result)
    assert_preserved(before, snapshot(db), unchanged_tables=tuple(before))


def _assert_within(name: str, params: list[str], scope: q.Scope, result) -> None:
    """Rows only of the scope's teams; nothing at all for a scope made of injected text."""
    if "scope" not in params:
        assert not len(result), f"{name} matched injected text"
        return
    injected = scope.teams != NORTH
    if isinstance(result, pd.DataFrame):
        if "team" in result:
            assert set(result.team.dropna()) <= set(scope.teams or ()), f"{name} leaked rows outside {scope}"
        assert not (injected and len(result)), f"{name} returned rows for {scope}"
    elif name == "filter_options":
        teams = set(result["teams"])
        assert teams == set() if injected else teams <= set(NORTH), result
    else:
        assert result is None or result == [], f"{name} returned {result!r} for {scope}"


@pytest.mark.parametrize("payload", PAYLOADS[:4])
def test_sql_injection_through_store_methods_and_writes(db, payload):
    store = Store(db)
    before = snapshot(db)
    for call in (lambda: store.reviews(call_id=payload, reviewer=payload, criterion=payload),
                 lambda: store.reviews(allowed_teams=[payload]), lambda: store.reviews(allowed_agent_id=payload),
                 lambda: store.disputes(status=payload, call_id=payload),
                 lambda: store.assignments(plan_id=payload, reviewer=payload, status=payload),
                 lambda: store.audit_log(actor=payload, action=payload),
                 lambda: store.agreement_pairs(criterion=payload), lambda: store.reviewer_pairs(criterion=payload),
                 lambda: store.call_turns(payload), lambda: store.call_scores(payload, payload),
                 lambda: store.stage_statuses(payload), lambda: store.scorecard_history(payload)):
        result = call()
        assert result.empty, result
    assert store.call_sources(payload) == []
    for loader in (store.load_call, store.load_transcript, store.load_scorecard, store.load_review):
        with pytest.raises(NotFound):
            loader(payload)
    for bad in (lambda: store.weekly_kpis(payload), lambda: store.find_calls(CallFilter(order_by=payload))):
        with pytest.raises(ValueError):
            bad()
    assert_preserved(before, snapshot(db), unchanged_tables=tuple(before))

    # text people type is stored as text, never run
    call_id = team_of(store, "North")
    review_id = store.add_review(Review(call_id=call_id, criterion=payload, reviewer=payload, verdict="correct",
                                        value=0.0, reason=payload, note=payload))
    store.audit(payload, payload, payload, {"detail": payload})
    saved = store.load_review(review_id)
    assert (saved.criterion, saved.reviewer, saved.reason, saved.note) == (payload,) * 4
    assert store.audit_log(actor=payload).target.tolist() == [payload, call_id]
    assert_preserved(before, snapshot(db))


# ---- path traversal ------------------------------------------------------------------------------

def test_path_traversal_through_manifests_is_refused(tmp_path, db):
    from benchmarks.bad_inputs.corpus import speech
    from callqa.audio import write

    (tmp_path / "outside").mkdir()
    secret = write(tmp_path / "outside" / "someone-elses-call.wav", speech(2.0), 8000)  # a real recording
    home = tmp_path / "project"
    (home / "inbox").mkdir(parents=True)
    (home / "inbox" / "link.wav").symlink_to(secret)
    names = ["../../etc/passwd", "/etc/passwd", "../outside/someone-elses-call.wav",
             "inbox/../../outside/someone-elses-call.wav", str(secret), "inbox/link.wav"]
    csv_manifest = home / "manifest.csv"
    csv_manifest.write_text("file,agent_id\n" + "".join(f"{n},a-1\n" for n in names), encoding="utf-8")
    json_manifest = home / "manifest.json"
    json_manifest.write_text(pd.Series(names).to_frame("file").to_json(orient="records"), encoding="utf-8")
    before = snapshot(db)
    for manifest in (csv_manifest, json_manifest):
        result = callqa("ingest", "--manifest", str(manifest), "--db", str(db), "-q")
        assert result.code == 1, result.err
        refusals = [line for line in result.err.splitlines() if line.startswith(f"{manifest}: row ")]
        assert len(refusals) == len(names), result.err
        assert all("refused" in line and "outside" in line for line in refusals), refusals
    assert_preserved(before, snapshot(db), unchanged_tables=("calls", "call_sources", "transcripts", "turns"))
    assert not [p for (p,) in rows(db, "SELECT path FROM call_sources") if "passwd" in p or "outside" in p]
    # the same file named by the user on the command line is theirs to read: allowed
    assert callqa("ingest", str(secret), "--db", str(db), "-q").code == 0


# ---- row-level access ------------------------------------------------------------------------------

def test_a_scope_never_widens_whatever_the_filter_asks(db):
    store = Store(db)
    south = team_of(store, "South")
    for asked in (dict(teams=("South",)), dict(call_ids=(south,)), dict(agent_ids=("a-202",)),
                  dict(text="您好")):
        assert store.find_calls(CallFilter(allowed_teams=NORTH, **asked)).team.isin(NORTH).all()
        assert store.count_calls(CallFilter(allowed_teams=NORTH, teams=("South",))) == 0
        mine = store.find_calls(CallFilter(allowed_agent_id="a-201", **asked))
        assert set(mine.agent_id) <= {"a-201"}
    assert store.count_calls(CallFilter(allowed_teams=())) == 0  # a lead of no team sees nothing


def test_team_lead_and_agent_cannot_reach_other_calls_through_the_query_layer(db):
    from dashboards.auth import User, scope_of

    store = Store(db)
    south, north = team_of(store, "South"), team_of(store, "North")
    lead = scope_of(User("lead", "team_lead", teams=NORTH))
    agent = scope_of(User("a201", "agent", agent_id="a-201"))
    nobody = scope_of(User("ghost", "agent"))  # an agent without an agent id
    with store.read() as con:
        assert q.call_in_scope(con, south, lead) is None
        assert q.call_in_scope(con, north, lead) is not None
        assert q.call_reviews(con, south, lead).empty and not q.call_reviews(con, north, lead).empty
        assert set(q.agents(con, lead).team) == set(NORTH)
        assert q.coaching_notes(con, lead, agent_id="a-202").empty
        assert set(q.filter_options(con, lead)["teams"]) == set(NORTH)
        others = store.call_overview()
        for call_id in others[others.agent_id != "a-201"].call_id:
            assert q.call_in_scope(con, call_id, agent) is None
        assert set(q.agents(con, agent).agent_id) == {"a-201"}
        assert q.agents(con, nobody).empty and q.call_in_scope(con, north, nobody) is None


# ---- tampering with reviews ------------------------------------------------------------------------

def test_reviews_of_someone_else_cannot_be_changed_or_closed_by_their_author(db):
    store = Store(db)
    call_id = team_of(store, "North")
    original = store.reviews(reviewer="qa", call_id=call_id)
    assert len(original) == 1
    mine = original.review_id.iloc[0]
    # a second reviewer disagreeing adds a row beside the first; the first never changes
    store.add_review(Review(call_id=call_id, criterion="resolution_level", reviewer="qa2", verdict="correct",
                            value=4.0, reason="the customer was delighted"))
    assert store.load_review(mine) == Review(*rows(db, "SELECT call_id, criterion, reviewer, verdict, value, "
                                                       "label, reason, note, coaching, created_at FROM reviews "
                                                       "WHERE review_id = ?", [mine])[0])
    assert store.load_review(mine).value == 1.0 and store.load_review(mine).reviewer == "qa"
    # a correction without a reason, or a verdict outside confirm/correct, is refused
    for bad in (Review(call_id, "resolution_level", "qa2", "correct", value=0.0),
                Review(call_id, "resolution_level", "qa2", "delete"),
                Review(call_id, "resolution_level", "", "confirm")):
        with pytest.raises(NotAllowed):
            store.add_review(bad)
    with pytest.raises(NotFound):
        store.add_review(Review("no-such-call", "resolution_level", "qa2", "confirm"))
    # a dispute on qa's review is closed by a second reviewer only; refusals are audited
    dispute = store.raise_dispute(mine, "a-201", "the customer thanked me")
    for who in ("qa", "a-201"):
        with pytest.raises(NotAllowed):
            store.resolve_dispute(dispute, who, "upheld")
    refused = store.audit_log(action="dispute.resolve.refused")
    assert sorted(refused.actor) == ["a-201", "qa"]
    store.resolve_dispute(dispute, "qa2", "overturned")
    with pytest.raises(NotAllowed):
        store.resolve_dispute(dispute, "qa3", "again")
    assert store.disputes(status="resolved").resolver.tolist() == ["qa2"]
    assert len(store.reviews(call_id=call_id)) == 2
