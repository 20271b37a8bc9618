"""The review panel (confirm or correct each machine score) and a call's review history with disputes.

A review is a new row beside the machine's score, never over it; a correction needs a reason. The
store writes each review with its audit row in one transaction.
"""

from __future__ import annotations

import streamlit as st

from callqa.records import Review
from dashboards import i18n
from dashboards.context import DISPUTER_ROLES, REVIEWER_ROLES, Ctx
from dashboards.pages_ import flash
from store import dashboard_queries as q

STEP_STATES = ("met", "missed", "not_applicable")
_STEP_VALUE = {"met": 1.0, "missed": 0.0, "not_applicable": None}


def _step_state(value) -> str:
    if value is None or value != value:
        return "not_applicable"
    return "met" if value == 1 else "missed"


def kind_of(criterion: str) -> str:
    """How a criterion is judged: the level, a script step or a violation count."""
    return "level" if criterion == "resolution_level" else "step" if criterion.startswith("script.") else "violation"


def correction_label(kind: str, value) -> str | None:
    """The label stored with a corrected value: the level's name, or n/a for a step that does not apply."""
    if kind == "level" and value is not None:
        return i18n.name(f"level.{int(value)}", "zh")
    return "n/a" if value is None else None


def _items(scores: list[dict]) -> list[tuple[str, str, object]]:
    """(criterion, kind, machine value) for the level, every script step and every violation."""
    by = {s["criterion"]: s["value"] for s in scores}
    items = []
    if "resolution_level" in by:
        items.append(("resolution_level", "level", by["resolution_level"]))
    items += [(f"script.{s}", "step", by[f"script.{s}"]) for s in i18n.STEPS if f"script.{s}" in by]
    items += [(f"violation.{v}", "violation", by[f"violation.{v}"]) for v in i18n.VIOLATIONS
              if f"violation.{v}" in by]
    return items


def _label(ctx: Ctx, criterion: str) -> str:
    return ctx.t("level") if criterion == "resolution_level" else ctx.name(criterion.split(".", 1)[1])


def value_text(ctx: Ctx, kind: str, value) -> str:
    if kind == "level":
        return i18n.level_name(value, ctx.lang)
    if kind == "step":
        return ctx.t(_step_state(value))
    return "0" if value is None or value != value else str(int(value))


def judgement(ctx: Ctx, kind: str, value, key: str):
    """The reviewer's judgement, defaulting to the machine's; returns the human value."""
    if kind == "level":
        level = 0 if value is None or value != value else int(value)
        return float(st.selectbox(ctx.t("human"), [0, 1, 2, 3, 4], index=level, key=key,
                                  format_func=lambda v: i18n.level_name(v, ctx.lang),
                                  label_visibility="collapsed"))
    if kind == "step":
        state = st.radio(ctx.t("human"), STEP_STATES, index=STEP_STATES.index(_step_state(value)),
                         format_func=ctx.t, horizontal=True, key=key, label_visibility="collapsed")
        return _STEP_VALUE[state]
    return float(st.number_input(ctx.t("human"), min_value=0, max_value=99, step=1, value=int(value or 0),
                                 key=key, label_visibility="collapsed"))


def same_value(a, b) -> bool:
    a = None if a is None or a != a else float(a)
    b = None if b is None or b != b else float(b)
    return a == b


def _my_assignments(ctx: Ctx, call_id: str):
    mine = ctx.store.assignments(reviewer=ctx.user.username)
    return mine[mine["call_id"] == call_id] if not mine.empty else mine


def _start_assignment(ctx: Ctx, call_id: str) -> None:
    flag = f"started_{call_id}"
    if st.session_state.get(flag):
        return
    st.session_state[flag] = True
    for row in _my_assignments(ctx, call_id).itertuples():
        if row.status == "todo":
            ctx.store.set_assignment(row.assignment_id, ctx.user.username, status="in_review")


def panel(ctx: Ctx, call: dict, scores: list[dict]) -> None:
    if not ctx.may(REVIEWER_ROLES):
        st.info(ctx.t("read_only"))
        return
    items = _items(scores)
    if not items:
        st.info(ctx.t("no_scores"))
        return
    call_id = call["call_id"]
    _start_assignment(ctx, call_id)
    k = call_id[:12]
    judged = []
    with st.form(f"review_{k}"):
        head = st.columns([2, 3, 3])
        head[0].caption(f"{ctx.t('criterion')} · {ctx.t('machine')}")
        head[1].caption(ctx.t("human"))
        head[2].caption(ctx.t("reason"))
        for criterion, kind, machine in items:
            row = st.columns([2, 3, 3], vertical_alignment="center")
            row[0].markdown(f"**{_label(ctx, criterion)}**  \n{value_text(ctx, kind, machine)}")
            with row[1]:
                human = judgement(ctx, kind, machine, f"h_{k}_{criterion}")
            reason = row[2].text_input(ctx.t("reason"), key=f"r_{k}_{criterion}", label_visibility="collapsed")
            judged.append((criterion, kind, machine, human, reason.strip()))
        note = st.text_area(ctx.t("coaching_note"), key=f"note_{k}")
        coaching = st.checkbox(ctx.t("coaching_flag"), key=f"coach_{k}")
        submitted = st.form_submit_button(ctx.t("submit_review"), type="primary")
    if submitted:
        _save(ctx, call, judged, note.strip() or None, coaching)


def _save(ctx: Ctx, call: dict, judged: list, note: str | None, coaching: bool) -> None:
    missing = [_label(ctx, c) for c, _, machine, human, reason in judged
               if not same_value(machine, human) and not reason]
    if missing:
        st.error(ctx.t("reason_required", criteria=", ".join(missing)))
        return
    reviews = []
    for i, (criterion, kind, machine, human, reason) in enumerate(judged):
        correct = not same_value(machine, human)
        label = correction_label(kind, human) if correct else None
        reviews.append(Review(
            call_id=call["call_id"], criterion=criterion, reviewer=ctx.user.username,
            verdict="correct" if correct else "confirm", value=human if correct else None, label=label,
            reason=reason or None, note=note if i == 0 else None, coaching=coaching and i == 0))
    ctx.store.add_reviews(reviews, score_version=call.get("score_version"))  # all of them or none
    corrected = sum(r.verdict == "correct" for r in reviews)
    confirmed = len(reviews) - corrected
    for row in _my_assignments(ctx, call["call_id"]).itertuples():
        if row.status in ("todo", "in_review"):
            ctx.store.set_assignment(row.assignment_id, ctx.user.username, status="done")
    flash(ctx.t("review_saved", confirmed=confirmed, corrected=corrected))


def history(ctx: Ctx, call: dict) -> None:
    reviews = ctx.query(q.call_reviews, call["call_id"], ctx.scope)
    if reviews.empty:
        st.caption(ctx.t("no_reviews"))
        return
    shown = reviews[["created_at", "reviewer", "criterion", "verdict", "machine_value", "human_value",
                     "reason", "note", "open_disputes", "overturned"]]
    st.dataframe(shown, hide_index=True, width="stretch")
    if not ctx.may(DISPUTER_ROLES):
        return
    labels = {r.review_id: f"{r.criterion} · {r.reviewer} · {r.verdict} · {r.created_at:%Y-%m-%d %H:%M}"
              for r in reviews.itertuples()}
    with st.form(f"dispute_{call['call_id'][:12]}"):
        review_id = st.selectbox(ctx.t("dispute"), list(labels), format_func=labels.get, key="dispute_review")
        reason = st.text_area(ctx.t("dispute_reason"), key="dispute_reason")
        if st.form_submit_button(ctx.t("dispute")):
            from store import NotAllowed

            try:
                ctx.store.raise_dispute(review_id, ctx.user.username, reason.strip())
            except NotAllowed as err:
                st.error(str(err))
                return
            flash(ctx.t("dispute_saved"))
