"""The app, headless, through streamlit.testing.v1.AppTest: every page for every role, and the workflows."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.dashboards.conftest import PASSWORD, USERS
from dashboards.context import PAGE_ROLES, pages_for
from dashboards.i18n import t
from store import Store

APP = str(Path(__file__).resolve().parents[2] / "dashboards" / "app.py")


def logged_in(username: str, lang: str = "en") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    if lang != "en":
        at.radio(key="lang").set_value(lang).run()
    at.text_input(key="login_user").input(username)
    at.text_input(key="login_password").input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception, at.exception
    assert "user" in at.session_state, [e.value for e in at.error]
    return at


def open_page(at: AppTest, page: str) -> AppTest:
    at.radio(key="page").set_value(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def open_call(at: AppTest, call_id: str) -> AppTest:
    at.session_state["call_id"] = call_id
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest) -> str:
    return "\n".join(str(e.value) for kind in ("markdown", "caption", "header", "subheader", "error", "info",
                                               "warning", "success") for e in getattr(at, kind))


def test_login_is_required_and_wrong_password_refused(demo):
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert "user" not in at.session_state and not at.dataframe
    at.text_input(key="login_user").input("qa")
    at.text_input(key="login_password").input("wrong")
    at.button[0].click().run()
    assert "user" not in at.session_state and at.error[0].value == "Unknown user or wrong password."
    assert not at.dataframe


@pytest.mark.parametrize("username", list(USERS))
def test_every_role_sees_exactly_its_pages_and_each_renders(demo, username):
    role = USERS[username][0]
    at = logged_in(username)
    assert at.radio(key="page").options == [t(f"page_{p}", "en") for p in pages_for(role)]
    for page in pages_for(role):
        open_page(at, page)
        assert at.header[0].value  # the page drew its title
    for page, roles in PAGE_ROLES.items():
        assert (page in pages_for(role)) == (role in roles)


def _listed_agents(at: AppTest) -> set[str]:
    return set(at.dataframe[0].value["Agent"])


def test_row_level_access_in_the_listening_room(demo):
    calls = Store(demo / "calls.duckdb").call_overview()
    at = logged_in("a01")
    assert _listed_agents(at) == {"A01"}
    assert f"{(calls.agent_id == 'A01').sum()} calls" in texts(at)
    other = calls[calls.agent_id != "A01"].call_id.iloc[0]
    open_call(at, other)
    assert "This call does not exist or you may not see it." in [e.value for e in at.error]
    assert not at.tabs  # nothing of the call is drawn
    audit = Store(demo / "calls.duckdb").audit_log(action="access.denied")
    assert audit.target.tolist() == [other] and audit.actor.tolist() == ["a01"]

    lead = logged_in("lead")
    assert set(lead.dataframe[0].value["Team"]) == {"north"}
    boss = logged_in("boss")
    assert set(boss.dataframe[0].value["Team"]) == {"north", "south", "east"}


def test_filters_narrow_the_list(demo):
    at = logged_in("qa")
    at.multiselect(key="f_teams").set_value(["south"]).run()
    assert set(at.dataframe[0].value["Team"]) == {"south"}
    at.multiselect(key="f_teams").set_value([]).run()
    at.multiselect(key="f_levels").set_value([4]).run()
    assert set(at.dataframe[0].value["Resolution level"]) == {"4 Surprise"}
    at.multiselect(key="f_levels").set_value([]).run()
    at.text_input(key="f_text").input("没想到这么贴心").run()  # said only in level-4 Chinese calls
    assert set(at.dataframe[0].value["Resolution level"]) == {"4 Surprise"}
    at.text_input(key="f_text").input("'; DROP TABLE calls; --").run()
    assert "No calls match." in [i.value for i in at.info]
    assert len(Store(demo / "calls.duckdb").call_overview()) == 60


def test_call_page_shows_evidence_and_jumps_the_audio(demo):
    calls = Store(demo / "calls.duckdb").call_overview()
    call = calls[(calls.language == "zh")].iloc[0]
    at = open_call(logged_in("qa"), call.call_id)
    html = "\n".join(m.value for m in at.markdown)
    assert "cq-agent" in html and "cq-customer" in html and "cq-redacted" in html and "cq-met" in html
    assert "[order_number]" in html or "cq-redacted" in html
    audio = at.get("audio")[0]
    assert audio.proto.start_time == 0
    at.button(key="jump_3").click().run()
    start = Store(demo / "calls.duckdb").call_turns(call.call_id).start_s[3]
    assert at.get("audio")[0].proto.start_time == int(start)
    assert 'data-turn="3" style="background' in "\n".join(m.value for m in at.markdown)
    assert "box-shadow" in next(m.value for m in at.markdown if 'data-turn="3"' in m.value)


def test_review_needs_a_reason_for_a_correction_and_never_overwrites(demo):
    store = Store(demo / "calls.duckdb")
    call = store.call_overview().iloc[0]
    at = open_call(logged_in("qa"), call.call_id)
    key = call.call_id[:12]
    machine_level = int(call.resolution_level)
    new_level = (machine_level + 1) % 5
    at.selectbox(key=f"h_{key}_resolution_level").set_value(new_level)
    at.button(key=f"FormSubmitter:review_{key}-Save review").click().run()
    assert any("reason is required" in e.value for e in at.error)
    assert store.reviews(call_id=call.call_id).empty
    at.selectbox(key=f"h_{key}_resolution_level").set_value(new_level)
    at.text_input(key=f"r_{key}_resolution_level").input("customer was only logged")
    at.text_area(key=f"note_{key}").input("Offer the voucher earlier")
    at.checkbox(key=f"coach_{key}").check()
    at.button(key=f"FormSubmitter:review_{key}-Save review").click().run()
    assert not at.exception
    assert any("1 corrected" in s.value for s in at.success)
    reviews = store.reviews(call_id=call.call_id)
    level = reviews[reviews.criterion == "resolution_level"].iloc[0]
    assert level.verdict == "correct" and level.value == new_level and level.reviewer == "qa"
    assert level.reason == "customer was only logged" and level.coaching and level.note
    assert (reviews[reviews.criterion != "resolution_level"].verdict == "confirm").all()
    assert store.call_scores(call.call_id).set_index("criterion").loc["resolution_level", "value"] == machine_level
    assert len(store.audit_log(action="review.correct")) == 1


def test_agents_and_managers_cannot_review(demo):
    calls = Store(demo / "calls.duckdb").call_overview()
    own = calls[calls.agent_id == "A01"].call_id.iloc[0]
    for username in ("a01", "boss"):
        at = open_call(logged_in(username), own)
        assert "Your role can read this call but not review it." in [i.value for i in at.info]
        assert not [f for f in at.get("form") if f.proto.form_id.startswith("review_")]


def test_dispute_is_resolved_only_by_a_second_reviewer(demo):
    store = Store(demo / "calls.duckdb")
    calls = store.call_overview()
    own = calls[calls.agent_id == "A01"].iloc[0]
    qa = open_call(logged_in("qa"), own.call_id)
    qa.button(key=f"FormSubmitter:review_{own.call_id[:12]}-Save review").click().run()
    agent = open_call(logged_in("a01"), own.call_id)
    agent.text_area(key="dispute_reason").input("the customer thanked me")
    agent.button(key=f"FormSubmitter:dispute_{own.call_id[:12]}-Dispute this review").click().run()
    assert not agent.exception and len(store.disputes(status="open")) == 1
    for username, outcome in (("qa", "refused"), ("qa2", "resolved")):
        at = open_page(logged_in(username), "queue")
        at.text_input(key="dispute_text").input("listened again")
        at.button(key="FormSubmitter:resolve-Resolve").click().run()
        assert not at.exception
        if outcome == "refused":
            assert any("second reviewer" in e.value for e in at.error)
            assert len(store.disputes(status="open")) == 1
    assert store.disputes(status="resolved").resolver.tolist() == ["qa2"]


def test_sampling_plan_draws_and_assigns(demo):
    store = Store(demo / "calls.duckdb")
    at = open_page(logged_in("lead"), "queue")
    at.multiselect(key="plan_reviewers").set_value(["qa", "qa2"])
    at.number_input(key="plan_n").set_value(1)
    at.button(key="FormSubmitter:new_plan-Draw and assign").click().run()
    assert not at.exception
    assigned = store.assignments()
    calls = store.call_overview().set_index("call_id")
    assert len(assigned) > 0 and set(calls.loc[assigned.call_id, "team"]) == {"north"}  # the lead's scope
    assert set(assigned.reviewer) == {"qa", "qa2"} and set(assigned.status) == {"todo"}
    mine = open_call(logged_in("qa"), assigned[assigned.reviewer == "qa"].call_id.iloc[0])
    assert "in_review" in store.assignments(reviewer="qa").status.tolist()
    mine.button(key=f"FormSubmitter:review_{assigned[assigned.reviewer == 'qa'].call_id.iloc[0][:12]}"
                    "-Save review").click().run()
    assert "done" in store.assignments(reviewer="qa").status.tolist()


def test_calibration_measures_machine_vs_human(demo):
    from callqa.records import Review

    store = Store(demo / "calls.duckdb")
    calls = store.call_overview().head(6)
    for row in calls.itertuples():
        for reviewer in ("qa", "qa2"):
            store.add_review(Review(row.call_id, "resolution_level", reviewer, "confirm"))
    at = open_page(logged_in("boss"), "calibration")
    table = at.dataframe[0].value
    assert table.iloc[0]["Criterion"] == "Resolution level" and table.iloc[0]["Kappa"] == 1.0
    assert table.iloc[0]["Pairs"] == 12 and at.dataframe[1].value.iloc[0]["Pairs"] == 6


def test_export_is_audited_and_chinese_ui(demo):
    at = logged_in("boss", lang="zh")
    assert at.header[0].value == "听音室"
    at.button(key="export").click().run()
    assert at.get("download_button")
    entry = Store(demo / "calls.duckdb").audit_log(action="export")
    assert entry.actor.tolist() == ["boss"] and '"rows": 60' in entry.detail.iloc[0]
    agent = logged_in("a01")
    assert not [b for b in agent.button if b.key == "export"]


def test_admin_adds_a_user_who_can_then_log_in(demo):
    at = open_page(logged_in("root"), "admin")
    at.text_input(key="new_username").input("zhao")
    at.selectbox(key="new_role").set_value("team_lead")
    at.text_input(key="new_teams").input("south")
    at.text_input(key="new_password").input(PASSWORD)
    at.button(key="FormSubmitter:add_user-Add or replace a user").click().run()
    assert any("zhao" in s.value for s in at.success)
    lead = logged_in("zhao")
    assert set(lead.dataframe[0].value["Team"]) == {"south"}
    assert Store(demo / "calls.duckdb").audit_log(action="user.add").target.tolist() == ["zhao"]


def test_new_calls_appear_without_restart(demo):
    from tests.dashboards.synthetic import synthetic_call

    at = logged_in("boss")
    before = len(Store(demo / "calls.duckdb").call_overview())
    call, transcript, scorecard = synthetic_call(99, 1)
    store = Store(demo / "calls.duckdb")
    store.add_calls([call])
    store.save_call_results(call.call_id, transcript, "asr-v1", scorecard, "score-v1")
    at.run()
    assert f"{before + 1} calls" in texts(at)
