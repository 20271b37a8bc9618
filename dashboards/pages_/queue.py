"""QA queue: seeded stratified sampling plans, assignments and their status, disputes."""

from __future__ import annotations

import streamlit as st

from dashboards import auth
from dashboards.context import PLANNER_ROLES, RESOLVER_ROLES, Ctx
from dashboards.pages_ import flash
from dashboards.pages_.listening import call_picker
from dashboards.pages_.review import correction_label, judgement, kind_of, value_text
from dashboards.sampling import PlanParams, assign_round_robin, draw_sample
from store import dashboard_queries as q

STATUSES = ("todo", "in_review", "done", "disputed")
REVIEWING_ROLES = (auth.QA_REVIEWER, auth.TEAM_LEAD, auth.ADMIN)
DISPUTE_COLUMNS = ["status", "outcome", "call_id", "agent_id", "criterion", "reviewer", "verdict", "machine_value",
                   "value", "raised_by", "reason", "created_at", "resolver", "resolution", "resolved_at"]


def _new_plan(ctx: Ctx) -> None:
    users = auth.load_users(ctx.users_file)
    reviewers = sorted(u.username for u in users.values() if u.role in REVIEWING_ROLES)
    options = ctx.query(q.filter_options, ctx.scope)
    with st.expander(ctx.t("new_plan")), st.form("new_plan"):
        c = st.columns(4)
        name = c[0].text_input(ctx.t("plan_name"), value="weekly", key="plan_name")
        per_agent = c[1].number_input(ctx.t("per_agent_week"), 1, 50, 3, key="plan_n")
        weight = c[2].number_input(ctx.t("risk_weight"), 1.0, 20.0, 3.0, step=0.5, key="plan_weight")
        seed = c[3].number_input(ctx.t("seed"), 0, 2**31 - 1, 20250101, key="plan_seed")
        c = st.columns(3)
        dates = c[0].date_input(ctx.t("date_range"), value=[], key="plan_dates")
        teams = c[1].multiselect(ctx.t("team"), options["teams"], key="plan_teams", placeholder=ctx.t("any"))
        chosen = c[2].multiselect(ctx.t("reviewers"), reviewers, default=reviewers[:1], key="plan_reviewers")
        submitted = st.form_submit_button(ctx.t("draw"), type="primary")
    if not submitted:
        return
    dates = tuple(dates) if isinstance(dates, (list, tuple)) else (dates,)
    params = PlanParams(per_agent_week=int(per_agent), risk_weight=float(weight),
                        date_from=dates[0] if dates else None,
                        date_to=dates[1] if len(dates) > 1 else (dates[0] if dates else None), teams=tuple(teams))
    candidates = ctx.store.find_calls(ctx.call_filter(scored=True, date_from=params.date_from,
                                                      date_to=params.date_to, teams=params.teams, limit=None))
    candidates = candidates[["call_id", "agent_id", "call_time", "resolution_level", "violations",
                             "customer_sentiment_shift", "verdict"]].rename(
        columns={"call_time": "started_at", "customer_sentiment_shift": "customer_shift"})
    sample = draw_sample(candidates, params, int(seed))
    pairs = assign_round_robin(sample["call_id"].tolist(), chosen, int(seed))
    ctx.store.add_sampling_plan(name.strip() or "plan", int(seed), params.as_dict(), pairs, ctx.user.username)
    flash(ctx.t("plan_drawn", name=name, n=len(sample), risky=int(sample["risky"].sum())))


def _assignments(ctx: Ctx) -> None:
    mine_only = ctx.user.role == auth.QA_REVIEWER
    st.markdown(f"#### {ctx.t('my_assignments' if mine_only else 'all_assignments')}")
    rows = ctx.query(q.assignments, ctx.scope, ctx.user.username if mine_only else None)
    if rows.empty:
        st.caption(ctx.t("nothing_yet"))
        return
    counts = rows["status"].value_counts()
    cols = st.columns(len(STATUSES))
    for col, status in zip(cols, STATUSES):
        col.metric(ctx.t(f"status_{status}"), int(counts.get(status, 0)))
    shown = rows.assign(status=rows["status"].map(lambda s: ctx.t(f"status_{s}")))
    st.dataframe(shown.drop(columns=["assignment_id"]), hide_index=True, width="stretch")
    call_picker(ctx, rows.assign(call_time=None), "assignment")
    if ctx.user.role not in REVIEWING_ROLES:
        return
    labels = {r.assignment_id: f"{r.call_id[:8]} · {r.agent_id} · {r.reviewer} · {ctx.t('status_' + r.status)}"
              for r in rows.itertuples()}
    c = st.columns([3, 2, 1], vertical_alignment="bottom")
    chosen = c[0].selectbox(ctx.t("all_assignments"), list(labels), format_func=labels.get, key="assign_pick")
    status = c[1].selectbox(ctx.t("status"), STATUSES, format_func=lambda s: ctx.t(f"status_{s}"),
                            key="assign_status")
    if c[2].button(ctx.t("set_status"), key="assign_set"):
        ctx.store.set_assignment(chosen, ctx.user.username, status=status)
        st.rerun()


def _disputes(ctx: Ctx) -> None:
    st.markdown(f"#### {ctx.t('disputes')}")
    rows = ctx.query(q.disputes, ctx.scope)
    if rows.empty:
        st.caption(ctx.t("no_disputes"))
        return
    shown = rows.assign(outcome=rows["outcome"].map(lambda o: ctx.t(f"outcome_{o}") if isinstance(o, str) else ""),
                        status=rows["status"].map(lambda s: ctx.t(f"dispute_{s}")), call_id=rows["call_id"].str[:12])
    st.dataframe(shown[DISPUTE_COLUMNS], hide_index=True, width="stretch")
    open_rows = rows[rows["status"] == "open"]
    if open_rows.empty or not ctx.may(RESOLVER_ROLES):
        return
    labels = {r.dispute_id: f"{r.call_id[:8]} · {r.criterion} · {r.reviewer} ← {r.raised_by}: {r.reason[:40]}"
              for r in open_rows.itertuples()}
    st.caption(ctx.t("second_reviewer_only"))
    dispute_id = st.selectbox(ctx.t("open_disputes"), list(labels), format_func=labels.get, key="dispute_pick")
    _resolve_form(ctx, open_rows.set_index("dispute_id").loc[dispute_id], dispute_id)


def _resolve_form(ctx: Ctx, row, dispute_id: str) -> None:
    """Uphold the disputed review, or overturn it with the correct value (a new review by the resolver)."""
    kind = kind_of(row.criterion)
    disputed = row.machine_value if row.verdict == "confirm" else row.value  # what the review said
    with st.form("resolve"):
        outcome = st.radio(ctx.t("resolve"), ("uphold", "overturn"), format_func=ctx.t, horizontal=True,
                           key="dispute_outcome")
        st.caption(ctx.t("overturn_value", machine=value_text(ctx, kind, row.machine_value),
                         disputed=value_text(ctx, kind, disputed)))
        value = judgement(ctx, kind, disputed, f"dispute_value_{dispute_id[:12]}")
        text = st.text_input(ctx.t("resolution_text"), key="dispute_text").strip()
        submitted = st.form_submit_button(ctx.t("resolve"))
    if not submitted:
        return
    from store import NotAllowed

    overturn = outcome == "overturn"
    if overturn and not text:
        st.error(ctx.t("overturn_needs_reason"))
        return
    try:
        ctx.store.resolve_dispute(dispute_id, ctx.user.username, text or ctx.t("uphold"), overturn=overturn,
                                  value=value if overturn else None,
                                  label=correction_label(kind, value) if overturn else None)
    except NotAllowed as err:
        st.error(ctx.t("second_reviewer_only") if "second reviewer" in str(err) else str(err))
        return
    flash(ctx.t("resolved_overturned" if overturn else "resolved"))


def render(ctx: Ctx) -> None:
    st.header(ctx.t("page_queue"))
    if ctx.may(PLANNER_ROLES):
        _new_plan(ctx)
        plans = ctx.store.sampling_plans()
        if not plans.empty:
            st.markdown(f"#### {ctx.t('plans')}")
            st.dataframe(plans[["name", "seed", "calls", "done", "created_by", "created_at", "params"]],
                         hide_index=True, width="stretch")
    _assignments(ctx)
    _disputes(ctx)
