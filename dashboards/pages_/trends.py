"""Trends: weekly KPIs by team, queue or category; complaint categories over time; drill down to calls."""

from __future__ import annotations

from datetime import timedelta

import altair as alt
import pandas as pd
import streamlit as st

from dashboards.analysis import category_alerts
from dashboards.context import Ctx
from dashboards.pages_.listening import call_picker

KPIS = {  # KPI key -> column of store.weekly_kpis, display format
    "kpi_calls": ("calls", ",.0f"), "kpi_mean_level": ("mean_level", ".2f"),
    "kpi_surprise_rate": ("surprise_rate", ".0%"), "kpi_compliance": ("compliance", ".0%"),
    "kpi_violation_rate": ("violation_rate", ".0%"), "kpi_shift": ("customer_sentiment_shift", "+.2f"),
    "kpi_handle_time": ("handle_time_s", ".0f"),
}
GROUPS = ("team", "queue", "category")


def _dates(ctx: Ctx) -> tuple:
    value = st.date_input(ctx.t("date_range"), value=[], key="t_dates")
    value = tuple(value) if isinstance(value, (list, tuple)) else (value,)
    return (value[0] if value else None, value[1] if len(value) > 1 else (value[0] if value else None))


def _kpi_chart(ctx: Ctx, kpis: pd.DataFrame, group_by: str, kpi: str) -> None:
    column, fmt = KPIS[kpi]
    data = kpis.rename(columns={group_by: "group"})
    if group_by == "category":
        data["group"] = data["group"].map(lambda c: ctx.name(c) if isinstance(c, str) else "–")
    chart = alt.Chart(data).mark_line(point=True).encode(
        x=alt.X("week:T", title=ctx.t("week")),
        y=alt.Y(f"{column}:Q", title=ctx.t(kpi), axis=alt.Axis(format=fmt)),
        color=alt.Color("group:N", title=ctx.t(group_by if group_by != "category" else "category")),
        tooltip=["week:T", "group:N", alt.Tooltip(f"{column}:Q", format=fmt), "calls:Q"],
    ).properties(height=320)
    st.altair_chart(chart, width="stretch")


def _category_chart(ctx: Ctx, trend: pd.DataFrame) -> None:
    st.markdown(f"#### {ctx.t('categories_over_time')}")
    if trend.empty:
        st.caption(ctx.t("nothing_yet"))
        return
    for row in category_alerts(trend).itertuples():
        st.warning(ctx.t("category_alert", category=ctx.name(row.category), n=row.calls,
                         week=f"{row.week:%Y-%m-%d}", ratio=row.ratio))
    data = trend.assign(name=trend["category"].map(ctx.name))
    chart = alt.Chart(data).mark_area(opacity=0.85).encode(
        x=alt.X("week:T", title=ctx.t("week")), y=alt.Y("calls:Q", stack=True, title=ctx.t("kpi_calls")),
        color=alt.Color("name:N", title=ctx.t("category")), tooltip=["week:T", "name:N", "calls:Q"],
    ).properties(height=260)
    st.altair_chart(chart, width="stretch")


def _drill(ctx: Ctx, kpis: pd.DataFrame, group_by: str, date_filter: dict) -> None:
    st.markdown(f"#### {ctx.t('drill_down')}")
    weeks = sorted(kpis["week"].dropna().unique(), reverse=True)
    groups = sorted(g for g in kpis[group_by].dropna().unique())
    if not weeks or not groups:
        return
    c = st.columns(2)
    week = c[0].selectbox(ctx.t("week"), weeks, format_func=lambda w: f"{pd.Timestamp(w):%Y-%m-%d}",
                          key="drill_week")
    group = c[1].selectbox(ctx.t(group_by), groups, key="drill_group",
                           format_func=ctx.name if group_by == "category" else str)
    start = pd.Timestamp(week).date()
    wanted = {"team": "teams", "queue": "queues", "category": "categories"}[group_by]
    calls = ctx.store.find_calls(ctx.call_filter(date_from=start, date_to=start + timedelta(days=6),
                                                 **{wanted: (group,)}, limit=200))
    st.dataframe(calls[["call_time", "agent_id", "team", "queue", "category", "resolution_level",
                        "compliance", "violations", "customer_sentiment_shift"]],
                 hide_index=True, width="stretch")
    call_picker(ctx, calls, "drill")


def render(ctx: Ctx) -> None:
    st.header(ctx.t("page_trends"))
    c = st.columns([2, 1, 1])
    with c[0]:
        date_from, date_to = _dates(ctx)
    group_by = c[1].selectbox(ctx.t("group_by"), GROUPS, key="t_group",
                              format_func=lambda g: ctx.t(g))
    kpi = c[2].selectbox(ctx.t("kpi"), list(KPIS), key="t_kpi", format_func=ctx.t)
    date_filter = {"date_from": date_from, "date_to": date_to}
    filters = ctx.call_filter(**date_filter, limit=None)
    kpis = ctx.store.weekly_kpis(group_by, filters)
    if kpis.empty:
        st.info(ctx.t("no_calls"))
        return
    latest = kpis[kpis["week"] == kpis["week"].max()]
    cols = st.columns(len(KPIS))
    for col, (key, (column, fmt)) in zip(cols, KPIS.items()):
        value = latest["calls"].sum() if column == "calls" else \
            (latest[column] * latest["calls"]).sum() / max(latest["calls"].sum(), 1)
        col.metric(ctx.t(key), format(value, fmt) if pd.notna(value) else "–")
    _kpi_chart(ctx, kpis, group_by, kpi)
    with st.expander(ctx.t("kpi"), expanded=False):
        st.dataframe(kpis, hide_index=True, width="stretch")
    _category_chart(ctx, ctx.store.category_trend(filters))
    _drill(ctx, kpis, group_by, date_filter)
