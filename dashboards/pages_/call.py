"""One call: the audio, the transcript with its evidence highlighted, every score, the review panel."""

from __future__ import annotations

import json
from pathlib import Path

import streamlit as st

from dashboards import i18n
from dashboards.context import Ctx
from dashboards.render import clock, marks_for, turn_html
from store import dashboard_queries as q


def _jump(call_id: str, seconds: float, turn: int) -> None:
    st.session_state[f"audio_start_{call_id}"] = float(seconds)
    st.session_state[f"audio_turn_{call_id}"] = turn


def _back() -> None:
    st.session_state.pop("call_id", None)
    st.query_params.clear()


def _header(ctx: Ctx, call: dict) -> None:
    who = call.get("agent_name") or call.get("agent_id") or "–"
    st.subheader(f"{ctx.t('call')} {call['call_id'][:12]} · {who} · {call.get('team') or '–'}")
    when = f"{call['call_time']:%Y-%m-%d %H:%M}" if call.get("call_time") else "–"
    category = ctx.name(call["category"]) if call.get("category") else "–"
    st.caption(f"{ctx.t('started_at')}: {when} · {ctx.t('category')}: {category} · "
               f"{ctx.t('queue')}: {call.get('queue') or '–'}")
    c = st.columns(6)
    c[0].metric(ctx.t("duration"), clock(call.get("handle_time_s")))
    c[1].metric(ctx.t("level"), i18n.level_name(call.get("resolution_level"), ctx.lang))
    compliance = call.get("compliance")
    c[2].metric(ctx.t("compliance"), "–" if compliance is None else f"{compliance:.0%}")
    c[3].metric(ctx.t("violations"), "–" if call.get("violations") is None else int(call["violations"]))
    shift = call.get("customer_sentiment_shift")
    c[4].metric(ctx.t("sentiment_shift"), "–" if shift is None else f"{shift:+.2f}")
    c[5].metric(ctx.t("verdict"), ctx.name(call["verdict"]) if call.get("verdict") else "–")


# Why a listener without the right to the original recording hears nothing (dashboards.auth.recording_for)
_WITHHELD = {
    "not_transcribed": ("This call is not transcribed yet, so its recording cannot be checked for personal "
                        "data: your role may hear only redacted recordings.",
                        "该通话尚未转写，无法检查录音中的个人信息：您的角色只能收听脱敏录音。"),
    "purged": ("The redacted recording was removed by the retention policy; your role may not hear the "
               "original.", "脱敏录音已按保留期限删除；您的角色不能收听原始录音。"),
    "no_copy": ("This recording holds personal data and no redacted copy has been written (setting "
                "redact_audio); your role may not hear the original.",
                "该录音含有个人信息，且尚未生成脱敏副本（设置 redact_audio）；您的角色不能收听原始录音。"),
    "copy_missing": ("The redacted copy of this recording is missing from disk; your role may not hear the "
                     "original.", "该录音的脱敏副本文件缺失；您的角色不能收听原始录音。"),
}
_REDACTED_NOTE = ("Redacted recording: personal data is bleeped or silenced.", "脱敏录音：个人信息已被消音。")


def _player(ctx: Ctx, call: dict) -> None:
    from dashboards.auth import recording_for

    path = Path(call.get("source") or "")
    if call.get("media") == "audio":
        playable, why = recording_for(ctx.user, str(path), ctx.store.listening_audio(call["call_id"]))
        if playable is None:
            st.warning(_WITHHELD[why][ctx.lang == "zh"])
            withheld = f"audio_withheld_{call['call_id']}"
            if not st.session_state.get(withheld):  # once per session, not on every rerun
                ctx.audit("audio.withheld", call["call_id"], {"why": why})
                st.session_state[withheld] = True
            return
        path = Path(playable)
        if why == "redacted":
            st.caption(_REDACTED_NOTE[ctx.lang == "zh"])
    if call.get("media") != "audio" or not path.is_file():
        st.caption(ctx.t("no_audio", path=str(path)))
        return
    start = st.session_state.get(f"audio_start_{call['call_id']}", 0.0)
    st.audio(str(path), start_time=float(start), autoplay=start > 0)


def _transcript(ctx: Ctx, call: dict, turns: list[dict], scores: list[dict]) -> None:
    st.markdown(f"#### {ctx.t('transcript')}")
    marks = marks_for(scores, turns, ctx.name)
    active = st.session_state.get(f"audio_turn_{call['call_id']}")
    speaker_names = {"agent": ctx.t("speaker_agent"), "customer": ctx.t("speaker_customer")}
    for turn in turns:
        left, right = st.columns([1.3, 8], vertical_alignment="center")
        left.button(f"▶ {clock(turn['start_s'])}", key=f"jump_{turn['turn_index']}",
                    help=ctx.t("jump", t=clock(turn["start_s"])), on_click=_jump,
                    args=(call["call_id"], turn["start_s"], turn["turn_index"]))
        right.markdown(turn_html(turn, marks, speaker_names.get(turn["speaker"], turn["speaker"]),
                                 active=active == turn["turn_index"]), unsafe_allow_html=True)


def _evidence_text(evidence) -> str:
    items = json.loads(evidence) if isinstance(evidence, str) else (evidence or [])
    parts = []
    for ev in items:
        where = f"#{ev['turn']} " if ev.get("turn") is not None else ""
        when = f"{clock(ev.get('start'))} " if ev.get("start") is not None else ""
        quote = f"“{ev['quote']}”" if ev.get("quote") else ""
        note = f" ({ev.get('cue') or ev.get('note')})" if ev.get("cue") or ev.get("note") else ""
        parts.append(f"{where}{when}{quote}{note}")
    return "; ".join(parts)


def _scores(ctx: Ctx, call: dict, scores: list[dict]) -> None:
    by = {s["criterion"]: s for s in scores}
    if not by:
        st.info(ctx.t("no_scores"))
        return
    level = by.get("resolution_level", {})
    st.markdown(f"**{ctx.t('level')}: {i18n.level_name(level.get('value'), ctx.lang)}**  \n"
                f"{ctx.t('evidence')}: {_evidence_text(level.get('evidence')) or ctx.t('no_evidence')}")
    rows = []
    for step in i18n.STEPS:
        s = by.get(f"script.{step}")
        if s is None:
            continue
        state = ("not_applicable" if s["value"] is None or s["value"] != s["value"]
                 else "met" if s["value"] == 1 else "missed")
        rows.append({ctx.t("script_steps"): ctx.name(step), ctx.t("status"): ("✅ " if state == "met" else
                     "❌ " if state == "missed" else "– ") + ctx.t(state),
                     ctx.t("evidence"): _evidence_text(s.get("evidence"))})
    st.dataframe(rows, hide_index=True, width="stretch")
    rows = [{ctx.t("violations"): ctx.name(code), "n": int(by[f"violation.{code}"]["value"] or 0),
             ctx.t("evidence"): _evidence_text(by[f"violation.{code}"].get("evidence"))}
            for code in i18n.VIOLATIONS if f"violation.{code}" in by]
    st.dataframe(rows, hide_index=True, width="stretch")
    category = by.get("category", {})
    st.markdown(f"**{ctx.t('category')}**: {ctx.name(category.get('label') or '–')} — "
                f"{_evidence_text(category.get('evidence')) or ctx.t('no_evidence')}")
    other = [{ctx.t("criterion"): s["criterion"], "value": s["value"], "label": s.get("label")}
             for s in scores if s["criterion"].split(".")[0] in ("politeness", "sentiment", "metric")]
    st.markdown(f"**{ctx.t('politeness')} · {ctx.t('sentiment')} · {ctx.t('metrics')}**")
    st.dataframe(other, hide_index=True, width="stretch")
    reasons = ctx.query(q.transcript_reasons, call["call_id"])
    if reasons:
        st.warning(f"{ctx.t('reliability_reasons')}: " + "; ".join(reasons))


def render(ctx: Ctx, call_id: str) -> None:
    from dashboards.pages_ import review

    st.button("← " + ctx.t("back"), on_click=_back, key="back")
    call = ctx.query(q.call_in_scope, call_id, ctx.scope)
    if call is None:
        st.error(ctx.t("no_call_access"))
        ctx.audit("access.denied", call_id, {"page": "call"})
        return
    _header(ctx, call)
    turns = ctx.store.call_turns(call_id).to_dict("records")
    scores = ctx.store.call_scores(call_id).to_dict("records")
    left, right = st.columns([4, 3])
    with left:
        _player(ctx, call)
        _transcript(ctx, call, turns, scores)
    with right:
        tab_scores, tab_review, tab_history = st.tabs([ctx.t("scores"), ctx.t("review_panel"),
                                                       ctx.t("reviews_so_far")])
        with tab_scores:
            _scores(ctx, call, scores)
        with tab_review:
            review.panel(ctx, call, scores)
        with tab_history:
            review.history(ctx, call)
