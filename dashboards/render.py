"""Transcript turns as HTML with their evidence highlighted. Pure functions: no Streamlit here.

Every piece of call text is HTML-escaped before it is wrapped in markup, so a transcript can never
inject markup into the page.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from typing import Any, Iterable

SPEAKER_COLOURS = {"agent": ("#e8f1fb", "#1f6fb2"), "customer": ("#fdf1e6", "#c0650f")}
MARK_STYLES = {
    "met": "background:#d8f3dc;border-bottom:2px solid #2d6a4f",
    "violation": "background:#ffd6d6;border-bottom:2px solid #c1121f",
    "evidence": "background:#fff3bf;border-bottom:2px solid #e09f3e",
    "redacted": "background:#555;color:#fff;border-radius:3px;padding:0 3px",
}


@dataclass(frozen=True)
class Mark:
    """A highlighted span of one turn's text (``start``/``end`` None: the whole turn)."""

    turn: int
    kind: str  # met | violation | evidence | redacted
    label: str
    start: int | None = None
    end: int | None = None


def _plain(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            return []
    return [] if value is None else value


def marks_for(scores: Iterable[dict], turns: Iterable[dict], name=lambda code: code) -> list[Mark]:
    """Marks from every score's evidence and every turn's redactions.

    ``scores`` rows have criterion, value, label, evidence (JSON); ``turns`` rows have turn_index,
    text, redactions (JSON). ``name`` turns a rubric code into the label shown.
    """
    texts = {int(t["turn_index"]): t.get("text") or "" for t in turns}
    marks: list[Mark] = []
    for turn in turns:
        for r in _plain(turn.get("redactions")):
            marks.append(Mark(int(turn["turn_index"]), "redacted", name(r.get("kind", "redacted")),
                              r.get("char_start"), r.get("char_end")))
    for score in scores:
        criterion, value = score["criterion"], score.get("value")
        if criterion.startswith("script.") and value == 1:
            kind, label = "met", name(criterion.removeprefix("script."))
        elif criterion.startswith("violation.") and value:
            kind, label = "violation", name(criterion.removeprefix("violation."))
        elif criterion == "category":
            kind, label = "evidence", name(score.get("label") or criterion)
        elif criterion == "resolution_level":
            level = "–" if value is None or value != value else name(f"level.{int(value)}")
            kind, label = "evidence", f"{name(criterion)}: {level}"
        else:
            continue
        for ev in _plain(score.get("evidence")):
            turn = ev.get("turn")
            if turn is None or int(turn) not in texts:
                continue
            quote = (ev.get("quote") or "").strip()
            at = texts[int(turn)].find(quote) if quote else -1
            span = (at, at + len(quote)) if at >= 0 else (None, None)
            marks.append(Mark(int(turn), kind, label, *span))
    return marks


def highlight(text: str, marks: Iterable[Mark]) -> str:
    """``text`` escaped, with the marks' spans wrapped (overlaps: the earlier-starting span wins)."""
    spans = sorted((m for m in marks if m.start is not None and m.end is not None
                    and 0 <= m.start < m.end <= len(text)), key=lambda m: (m.start, -m.end))
    out, at = [], 0
    for m in spans:
        if m.start < at:
            continue
        out.append(html.escape(text[at:m.start]))
        out.append(f'<span class="cq-{m.kind}" style="{MARK_STYLES[m.kind]}" '
                   f'title="{html.escape(m.label, quote=True)}">{html.escape(text[m.start:m.end])}</span>')
        at = m.end
    out.append(html.escape(text[at:]))
    return "".join(out)


def sentiment_badge(value: float | None) -> str:
    if value is None or value != value:
        return ""
    colour = "#2d6a4f" if value > 0.2 else "#c1121f" if value < -0.2 else "#6c757d"
    return (f'<span class="cq-sentiment" style="color:{colour};font-weight:600;margin-left:6px">'
            f'{value:+.2f}</span>')


def clock(seconds: float | None) -> str:
    if seconds is None or seconds != seconds:
        return "–"
    seconds = int(seconds)
    return f"{seconds // 60}:{seconds % 60:02d}"


def turn_html(turn: dict, marks: list[Mark], speaker_name: str, active: bool = False) -> str:
    """One turn as a coloured block: who, when, sentiment, highlighted text, whole-turn chips."""
    speaker = turn.get("speaker") or "?"
    background, border = SPEAKER_COLOURS.get(speaker, ("#f1f3f5", "#495057"))
    mine = [m for m in marks if m.turn == int(turn["turn_index"])]
    chips = "".join(
        f'<span class="cq-chip cq-{m.kind}" style="{MARK_STYLES[m.kind]};font-size:0.75em;'
        f'margin-left:6px;padding:0 4px">{html.escape(m.label)}</span>'
        for m in mine if m.start is None or m.kind != "redacted")
    outline = "box-shadow:0 0 0 2px #ffb703;" if active else ""
    return (f'<div class="cq-turn cq-{html.escape(speaker)}" data-turn="{int(turn["turn_index"])}" '
            f'style="background:{background};border-left:4px solid {border};{outline}'
            f'padding:6px 10px;margin:2px 0;border-radius:4px">'
            f'<span style="color:{border};font-weight:600">{html.escape(speaker_name)}</span> '
            f'<span style="color:#6c757d;font-size:0.8em">{clock(turn.get("start_s"))}–'
            f'{clock(turn.get("end_s"))}</span>{sentiment_badge(turn.get("sentiment"))}{chips}<br>'
            f'{highlight(turn.get("text") or "", mine)}</div>')
