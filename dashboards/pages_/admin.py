"""Admin: users and roles, rubric versions and the re-score difference, processing status, failures, audit."""

from __future__ import annotations

import streamlit as st

from callqa.errors import InputError
from dashboards import auth
from dashboards.context import Ctx
from store import dashboard_queries as q


def _users(ctx: Ctx) -> None:
    st.markdown(f"#### {ctx.t('users')}")
    users = auth.load_users(ctx.users_file)
    st.dataframe([{ctx.t("username"): u.username, ctx.t("display_name"): u.name,
                   ctx.t("role"): ctx.t(f"role_{u.role}"), ctx.t("teams"): ", ".join(u.teams),
                   ctx.t("agent_id"): u.agent_id or "", "email": u.email or ""} for u in users.values()],
                 hide_index=True, width="stretch")
    with st.expander(ctx.t("add_user")), st.form("add_user"):
        c = st.columns(3)
        username = c[0].text_input(ctx.t("username"), key="new_username")
        name = c[1].text_input(ctx.t("display_name"), key="new_name")
        role = c[2].selectbox(ctx.t("role"), auth.USER_ROLES, format_func=lambda r: ctx.t(f"role_{r}"),
                              key="new_role")
        c = st.columns(3)
        teams = c[0].text_input(ctx.t("teams"), key="new_teams")
        agent_id = c[1].text_input(ctx.t("agent_id"), key="new_agent_id")
        password = c[2].text_input(ctx.t("password"), type="password", key="new_password")
        submitted = st.form_submit_button(ctx.t("add_user"))
    if submitted:
        try:
            auth.add_user(ctx.users_file, username.strip(), password, role,
                          teams=[t.strip() for t in teams.split(",") if t.strip()],
                          agent_id=agent_id.strip() or None, name=name.strip())
        except (InputError, ValueError) as err:
            st.error(str(err))
            return
        ctx.audit("user.add", username.strip(), {"role": role, "teams": teams, "agent_id": agent_id})
        st.success(ctx.t("user_saved", name=username))


def _rubrics(ctx: Ctx) -> None:
    st.markdown(f"#### {ctx.t('rubrics')}")
    rubrics = ctx.store.rubrics()
    if rubrics.empty:
        st.caption(ctx.t("nothing_yet"))
        return
    st.dataframe(rubrics.drop(columns=[c for c in ("content",) if c in rubrics.columns]),
                 hide_index=True, width="stretch")
    versions = rubrics["version"].tolist()
    if len(versions) < 2:
        return
    st.markdown(f"**{ctx.t('rescore_diff')}**")
    c = st.columns(2)
    old = c[0].selectbox(ctx.t("from_version"), versions, index=1, key="diff_from")
    new = c[1].selectbox(ctx.t("to_version"), versions, index=0, key="diff_to")
    diff = ctx.query(q.rescore_diff, old, new)
    if diff.empty:
        st.caption(ctx.t("nothing_yet"))
        return
    changed = diff[(diff["level_from"] != diff["level_to"]) | (diff["category_from"] != diff["category_to"])
                   | (diff["compliance_from"] != diff["compliance_to"])]
    c = st.columns(3)
    c[0].metric(ctx.t("pairs"), len(diff))
    c[1].metric(ctx.t("level"), int((diff["level_from"] != diff["level_to"]).sum()))
    c[2].metric(ctx.t("compliance"), f"{(diff['compliance_to'] - diff['compliance_from']).mean():+.1%}")
    st.dataframe(changed, hide_index=True, width="stretch")


def render(ctx: Ctx) -> None:
    st.header(ctx.t("page_admin"))
    _users(ctx)
    _rubrics(ctx)
    st.markdown(f"#### {ctx.t('processing')}")
    st.dataframe(ctx.store.status_summary(), hide_index=True, width="stretch")
    st.markdown(f"#### {ctx.t('failures')}")
    failed = ctx.store.failed_calls()
    inputs = ctx.store.input_failures()
    if failed.empty and inputs.empty:
        st.caption(ctx.t("nothing_yet"))
    if not failed.empty:
        st.dataframe(failed, hide_index=True, width="stretch")
    if not inputs.empty:
        st.dataframe(inputs, hide_index=True, width="stretch")
    st.markdown(f"#### {ctx.t('audit_log')}")
    st.dataframe(ctx.store.audit_log(limit=200), hide_index=True, width="stretch")
