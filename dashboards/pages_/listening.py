"""Listening room: find calls by what happened in them, then open one (dashboards/pages_/call.py)."""

from __future__ import annotations

from datetime import date

import streamlit as st

from dashboards import i18n
from dashboards.context import EXPORTER_ROLES, Ctx
from store import dashboard_queries as q

PAGE_SIZE = 200
SHIFT_LIMIT = 0.2  # "got worse" / "got better" means a customer shift beyond this


def open_call(call_id: str) -> None:
    """A button callback: show this call in the listening room (from any page)."""
    st.session_state["page"] = "listening"
    st.session_state["call_id"] = call_id
    st.query_params["call"] = call_id


def call_picker(ctx: Ctx, calls, key: str) -> None:
    """A call chooser and an Open button under a table of calls (call_id, call_time, agent_id...)."""
    if calls.empty:
        return
    labels = {row.call_id: " · ".join(str(x) for x in (
        f"{row.call_time:%Y-%m-%d %H:%M}" if getattr(row, "call_time", None) is not None else "",
        getattr(row, "agent_id", "") or "", row.call_id[:8]) if x) for row in calls.itertuples()}
    c = st.columns([4, 1], vertical_alignment="bottom")
    chosen = c[0].selectbox(ctx.t("call"), list(labels), format_func=labels.get, key=f"pick_{key}")
    c[1].button(ctx.t("open_call"), key=f"open_{key}", on_click=open_call, args=(chosen,))


def _filters(ctx: Ctx) -> dict:
    options = ctx.query(q.filter_options, ctx.scope)
    agent_names = dict(options["agents"])
    with st.expander(ctx.t("filters"), expanded=True):
        c = st.columns(4)
        dates = c[0].date_input(ctx.t("date_range"), value=[], key="f_dates")
        teams = c[1].multiselect(ctx.t("team"), options["teams"], key="f_teams", placeholder=ctx.t("any"))
        agents = c[2].multiselect(ctx.t("agent"), list(agent_names), key="f_agents", placeholder=ctx.t("any"),
                                  format_func=lambda a: f"{a} {agent_names.get(a) or ''}".strip())
        categories = c[3].multiselect(ctx.t("category"), i18n.CATEGORIES, key="f_categories", placeholder=ctx.t("any"),
                                      format_func=ctx.name)
        c = st.columns(4)
        levels = c[0].multiselect(ctx.t("level"), [0, 1, 2, 3, 4], key="f_levels", placeholder=ctx.t("any"),
                                  format_func=lambda v: i18n.level_name(v, ctx.lang))
        violations = c[1].multiselect(ctx.t("violation"), i18n.VIOLATIONS, key="f_violations", placeholder=ctx.t("any"),
                                      format_func=ctx.name)
        shift = c[2].selectbox(ctx.t("sentiment_shift"), ["any", "worse", "better"], key="f_shift",
                               format_func=lambda s: ctx.t(f"shift_{s}"))
        verdicts = c[3].multiselect(ctx.t("verdict"), i18n.VERDICTS, key="f_verdicts", placeholder=ctx.t("any"), format_func=ctx.name)
        c = st.columns([1, 3])
        compliance_max = c[0].slider(ctx.t("min_compliance"), 0, 100, 100, step=5, key="f_compliance")
        text = c[1].text_input(ctx.t("search"), key="f_text")
    dates = tuple(dates) if isinstance(dates, (list, tuple)) else (dates,)
    return dict(
        date_from=dates[0] if len(dates) > 0 and isinstance(dates[0], date) else None,
        date_to=dates[1] if len(dates) > 1 else (dates[0] if len(dates) == 1 else None),
        teams=tuple(teams), agent_ids=tuple(agents), categories=tuple(categories), levels=tuple(levels),
        violation_codes=tuple(violations), verdicts=tuple(verdicts),
        compliance_max=compliance_max / 100 if compliance_max < 100 else None,
        shift_max=-SHIFT_LIMIT if shift == "worse" else None,
        shift_min=SHIFT_LIMIT if shift == "better" else None,
        text=text.strip() or None,
    )


def _table(ctx: Ctx, calls):
    table = calls[["call_time", "agent_id", "team", "category", "resolution_level", "compliance",
                   "violations", "customer_sentiment_shift", "verdict"]].copy()
    table["category"] = table["category"].map(lambda c: ctx.name(c) if isinstance(c, str) else "–")
    table["resolution_level"] = table["resolution_level"].map(lambda v: i18n.level_name(v, ctx.lang))
    table["verdict"] = table["verdict"].map(lambda v: ctx.name(v) if isinstance(v, str) else "–")
    table.columns = [ctx.t(k) for k in ("started_at", "agent", "team", "category", "level", "compliance",
                                        "violations", "sentiment_shift", "verdict")]
    return table


def _export(ctx: Ctx, filters) -> None:
    from dataclasses import replace

    if st.button(ctx.t("export_csv"), key="export"):
        everything = ctx.store.find_calls(replace(filters, limit=None, offset=0))
        ctx.audit("export", "calls", {"rows": len(everything), "format": "csv",
                                      "filters": {k: v for k, v in vars(filters).items() if v not in (None, ())}})
        st.session_state["export_csv"] = everything.drop(columns=["violation_codes"]).to_csv(index=False)
    if "export_csv" in st.session_state:
        st.download_button(ctx.t("download"), st.session_state["export_csv"], file_name="callqa-calls.csv",
                           mime="text/csv", key="export_download")


def render(ctx: Ctx) -> None:
    call_id = st.session_state.get("call_id") or st.query_params.get("call")
    if call_id:
        from dashboards.pages_ import call

        call.render(ctx, call_id)
        return
    st.header(ctx.t("page_listening"))
    filters = ctx.call_filter(**_filters(ctx), limit=PAGE_SIZE)
    total = ctx.store.count_calls(filters)
    calls = ctx.store.find_calls(filters)
    st.caption(ctx.t("calls_found", n=total))
    if calls.empty:
        st.info(ctx.t("no_calls"))
        return
    st.dataframe(_table(ctx, calls), hide_index=True, width="stretch",
                 column_config={ctx.t("compliance"): st.column_config.ProgressColumn(min_value=0, max_value=1,
                                                                                     format="percent")})
    labels = {row.call_id: f"{row.call_time:%Y-%m-%d %H:%M} · {row.agent_id} · "
                           f"{ctx.name(row.category) if isinstance(row.category, str) else '–'} · "
                           f"{i18n.level_name(row.resolution_level, ctx.lang)} · {row.call_id[:8]}"
              for row in calls.itertuples()}
    c = st.columns([4, 1])
    chosen = c[0].selectbox(ctx.t("call"), list(labels), format_func=labels.get, key="pick_call")
    c[1].button(ctx.t("open_call"), key="open_call", on_click=open_call, args=(chosen,), type="primary")
    if ctx.may(EXPORTER_ROLES):
        _export(ctx, filters)
