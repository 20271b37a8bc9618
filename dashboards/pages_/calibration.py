"""Calibration: when can QA trust the machine? Machine vs human and reviewer vs reviewer agreement."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from dashboards.analysis import LEVEL, agreement_table, leniency
from dashboards.context import Ctx
from dashboards.pages_.listening import call_picker
from store import dashboard_queries as q


def _criterion_name(ctx: Ctx, criterion: str) -> str:
    return ctx.t("level") if criterion == LEVEL else ctx.name(criterion.split(".", 1)[-1])


def _agreement(ctx: Ctx, table: pd.DataFrame) -> None:
    if table.empty:
        st.caption(ctx.t("not_enough"))
        return
    shown = table.assign(criterion=table["criterion"].map(lambda c: _criterion_name(ctx, c)))
    shown.columns = [ctx.t(k) for k in ("criterion", "pairs", "agreement", "kappa", "statistic")]
    st.dataframe(shown, hide_index=True, width="stretch", column_config={
        ctx.t("agreement"): st.column_config.ProgressColumn(min_value=0, max_value=1, format="percent"),
        ctx.t("kappa"): st.column_config.NumberColumn(format="%.2f")})
    chart = alt.Chart(table.assign(name=table["criterion"].map(lambda c: _criterion_name(ctx, c)))).mark_bar().encode(
        x=alt.X("kappa:Q", scale=alt.Scale(domain=[-0.2, 1]), title=ctx.t("kappa")),
        y=alt.Y("name:N", sort=None, title=None),
        color=alt.condition("datum.kappa >= 0.6", alt.value("#2d6a4f"), alt.value("#c1121f")),
        tooltip=["name:N", "pairs:Q", alt.Tooltip("kappa:Q", format=".2f")]).properties(height=24 * len(table) + 30)
    st.altair_chart(chart, width="stretch")


def render(ctx: Ctx) -> None:
    st.header(ctx.t("page_calibration"))
    st.caption(ctx.t("trust_hint"))
    pairs = ctx.query(q.machine_human_pairs, ctx.scope)
    st.markdown(f"#### {ctx.t('machine_vs_human')}")
    _agreement(ctx, agreement_table(pairs))
    st.markdown(f"#### {ctx.t('reviewer_vs_reviewer')}")
    _agreement(ctx, agreement_table(ctx.query(q.reviewer_pairs, ctx.scope), "value_a", "value_b"))
    st.markdown(f"#### {ctx.t('leniency')}")
    lenient = leniency(pairs)
    if lenient.empty:
        st.caption(ctx.t("not_enough"))
    else:
        st.dataframe(lenient, hide_index=True, width="stretch", column_config={
            "level_bias": st.column_config.NumberColumn(format="%+.2f"),
            "correction_rate": st.column_config.ProgressColumn(min_value=0, max_value=1, format="percent")})
    st.markdown(f"#### {ctx.t('most_disputed')}")
    disputed = ctx.query(q.disputed_calls, ctx.scope)
    if disputed.empty:
        st.caption(ctx.t("nothing_yet"))
        return
    st.dataframe(disputed, hide_index=True, width="stretch")
    call_picker(ctx, disputed.assign(call_time=None), "disputed")
