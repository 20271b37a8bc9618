"""The output contract of ``callqa score --json``: one stable JSON object per call.

    {"contract_version": 1, "call_id", "language", "resolution_level": 0..4,
     "script": {step: true | false | null}, "compliance": 0..1 | null,
     "violations": [{"code", "turn", "start", "evidence"}],
     "politeness": {"agent": 0..100, "customer": 0..100},
     "sentiment": {"agent": {"start", "end", "shift"}, "customer": {...},
                   "turns": [{"turn", "speaker", "start", "value"}]},
     "category": code, "metrics": {name: value}, "evidence": {criterion: [evidence, ...]}}

Codes are those of RUBRIC.md. ``evidence`` maps every criterion (``resolution_level``,
``script.greeting``, ``violation.rude``, ``category``, ``metric.longest_silence_s``...) to its
evidence records ``{"turn", "start", "end", "quote", "cue", "note"}`` (absent fields omitted).
Changing any of this is a new ``CONTRACT_VERSION``.
"""

from __future__ import annotations

from typing import Any

from callqa.records import Scorecard, Transcript, as_plain

CONTRACT_VERSION = 1


def _violation_text(ev) -> str:
    parts = [f"«{ev.quote}»" if ev.quote else "", f"[{ev.cue}]" if ev.cue else "", ev.note or ""]
    return " ".join(p for p in parts if p)


def scorecard_to_json(scorecard: Scorecard, transcript: Transcript | None = None) -> dict[str, Any]:
    """The contract object for one scorecard (pass the transcript to give turns speakers and times)."""
    by = {s.criterion: s for s in scorecard.scores}

    def value(name: str):
        score = by.get(name)
        return None if score is None else score.value

    level = value("resolution_level")
    script = {name.split(".", 1)[1]: (None if s.value is None else bool(s.value))
              for name, s in by.items() if name.startswith("script.")}
    violations = []
    for name, s in by.items():
        if name.startswith("violation."):
            for ev in s.evidence:
                violations.append({"code": name.split(".", 1)[1], "turn": ev.turn, "start": ev.start,
                                   "evidence": _violation_text(ev)})
    violations.sort(key=lambda v: (v["start"] is None, v["start"] or 0.0, v["code"]))
    sentiment: dict[str, Any] = {
        role: {part: value(f"sentiment.{role}.{part}") for part in ("start", "end", "shift")}
        for role in ("agent", "customer")
    }
    turns = transcript.turns if transcript is not None else ()
    sentiment["turns"] = [
        {"turn": turns[i].index, "speaker": turns[i].speaker, "start": turns[i].start, "value": v}
        if i < len(turns) else {"turn": i, "value": v}
        for i, v in enumerate(scorecard.turn_sentiment)
    ]
    category = by.get("category")
    return {
        "contract_version": CONTRACT_VERSION,
        "call_id": scorecard.call_id,
        "language": scorecard.language,
        "resolution_level": None if level is None else int(level),
        "script": script,
        "compliance": value("compliance"),
        "violations": violations,
        "politeness": {role: value(f"politeness.{role}") for role in ("agent", "customer")},
        "sentiment": sentiment,
        "category": category.label if category is not None else None,
        "metrics": {name.split(".", 1)[1]: s.value for name, s in by.items() if name.startswith("metric.")},
        "evidence": {name: [as_plain(ev) for ev in s.evidence] for name, s in by.items() if s.evidence},
    }
