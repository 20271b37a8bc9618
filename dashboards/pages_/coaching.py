"""Coaching: an agent's scorecard against their team, best and worst calls, the library, notes."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from dashboards import coaching_figures as cf
from dashboards import i18n
from dashboards.context import Ctx
from dashboards.pages_.listening import call_picker
from store import dashboard_queries as q

HEADLINE = (("mean_level", "kpi_mean_level", ".2f"), ("surprise_rate", "kpi_surprise_rate", ".0%"),
            ("compliance", "kpi_compliance", ".0%"), ("agent_politeness", "politeness", ".0f"),
            ("violation_rate", "kpi_violation_rate", ".0%"),
            ("customer_sentiment_shift", "kpi_shift", "+.2f"))
LOWER_IS_BETTER = ("violation_rate",)  # its delta below the team's is shown green


def _bars(ctx: Ctx, data: pd.DataFrame, x: str, y: str, fmt: str) -> None:
    who = {"agent": ctx.t("agent"), "team": ctx.t("team")}
    data = data.assign(who=data["who"].map(who))
    chart = alt.Chart(data).mark_bar().encode(
        x=alt.X(f"{x}:N", title=None, sort=None), xOffset="who:N",
        y=alt.Y(f"{y}:Q", title=None, axis=alt.Axis(format=fmt)), color=alt.Color("who:N", title=None),
        tooltip=[f"{x}:N", "who:N", alt.Tooltip(f"{y}:Q", format=fmt)]).properties(height=240)
    st.altair_chart(chart, width="stretch")


def _scorecard(ctx: Ctx, sums: pd.DataFrame) -> None:
    card = cf.scorecard(sums).set_index("measure")
    st.markdown(f"#### {ctx.t('vs_team')}")
    cols = st.columns(len(HEADLINE))
    for col, (measure, key, fmt) in zip(cols, HEADLINE):
        mine = card["agent"].get(measure) if measure in card.index else None
        theirs = card["team"].get(measure) if measure in card.index else None
        col.metric(ctx.t(key), "–" if mine is None or pd.isna(mine) else format(mine, fmt),
                   None if mine is None or theirs is None or pd.isna(mine) or pd.isna(theirs)
                   else format(mine - theirs, fmt),
                   delta_color="inverse" if measure in LOWER_IS_BETTER else "normal")
    for prefix, title, fmt in (("script.", "step_compliance", ".0%"), ("violation.", "violations", ".0%")):
        rows = [{"code": ctx.name(m.split(".", 1)[1]), "who": who, "value": card.loc[m, who]}
                for m in card.index for who in ("agent", "team") if m.startswith(prefix)]
        if rows:
            st.markdown(f"**{ctx.t(title)}**")
            _bars(ctx, pd.DataFrame(rows), "code", "value", fmt)


def _levels_and_weeks(ctx: Ctx, sums: pd.DataFrame) -> None:
    levels = cf.level_distribution(sums)
    if not levels.empty:
        levels["level"] = levels["level"].map(lambda v: i18n.level_name(v, ctx.lang))
        st.markdown(f"**{ctx.t('level_distribution')}**")
        _bars(ctx, levels, "level", "share", ".0%")
    weekly = cf.weekly(sums)
    if not weekly.empty:
        st.markdown(f"**{ctx.t('weekly_trend')}**")
        chart = alt.Chart(weekly.assign(who=weekly["who"].map({"agent": ctx.t("agent"), "team": ctx.t("team")})))
        st.altair_chart(chart.mark_line(point=True).encode(
            x=alt.X("week:T", title=ctx.t("week")), y=alt.Y("mean_level:Q", title=ctx.t("kpi_mean_level")),
            color=alt.Color("who:N", title=None), tooltip=["week:T", "who:N", "mean_level:Q", "calls:Q"],
        ).properties(height=220), width="stretch")


def _calls(ctx: Ctx, agent_id: str) -> None:
    columns = ["call_time", "category", "resolution_level", "compliance", "violations", "customer_sentiment_shift"]
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{ctx.t('best_calls')}**")
        best = ctx.store.find_calls(ctx.call_filter(agent_ids=(agent_id,), levels=(4,), order_by="compliance",
                                                    limit=5))
        st.dataframe(best[columns], hide_index=True, width="stretch")
        call_picker(ctx, best, "best")
    with right:
        st.markdown(f"**{ctx.t('worst_calls')}**")
        worst = ctx.store.find_calls(ctx.call_filter(agent_ids=(agent_id,), scored=True,
                                                     order_by="resolution_level", descending=False, limit=5))
        st.dataframe(worst[columns], hide_index=True, width="stretch")
        call_picker(ctx, worst, "worst")


def render(ctx: Ctx) -> None:
    st.header(ctx.t("page_coaching"))
    agents = ctx.query(q.agents, ctx.scope)
    if agents.empty:
        st.info(ctx.t("no_calls"))
        return
    names = {r.agent_id: f"{r.agent_id} {r.agent_name or ''} ({r.team or '–'})" for r in agents.itertuples()}
    agent_id = st.selectbox(ctx.t("agent"), list(names), format_func=names.get, key="coach_agent")
    team = agents.set_index("agent_id")["team"].get(agent_id)
    st.subheader(f"{ctx.t('agent_scorecard')}: {names[agent_id]}")
    # the scorecard, level distribution and weekly trend of agent and team: one query
    sums = ctx.query(q.coaching_sums, ctx.scope, agent_id, team)  # an agent: team aggregates only
    if not sums.empty:
        _scorecard(ctx, sums)
        _levels_and_weeks(ctx, sums)
    _calls(ctx, agent_id)
    st.markdown(f"#### {ctx.t('coaching_notes')}")
    notes = ctx.query(q.coaching_notes, ctx.scope, agent_id)
    st.dataframe(notes, hide_index=True, width="stretch") if not notes.empty else st.caption(ctx.t("nothing_yet"))
    st.markdown(f"#### {ctx.t('coaching_library')}")
    if not st.toggle(ctx.t("show_library"), key="coach_library"):  # on demand: it spans every agent
        return
    library = ctx.query(q.coaching_library, ctx.scope)
    if library.empty:
        st.caption(ctx.t("nothing_yet"))
        return
    library["level"] = library["level"].map(lambda v: i18n.level_name(v, ctx.lang))
    st.dataframe(library, hide_index=True, width="stretch")
    call_picker(ctx, library.assign(call_time=None), "library")
