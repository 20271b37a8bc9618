"""Violations (RUBRIC §3): each occurrence is one Evidence, the score's value is their count."""

from __future__ import annotations

from callqa.records import AGENT, Evidence, Score, Turn
from callqa.rubric import VIOLATIONS
from scoring.context import CallContext
from scoring.matching import Match, quote
from scoring.metrics import silences
from scoring.stonewall import unresolved_deflections


def _score(code: str, evidence: list[Evidence]) -> Score:
    return Score(f"violation.{code}", float(len(evidence)), "found" if evidence else "none", tuple(evidence))


def long_silences(ctx: CallContext) -> list[Evidence]:
    """Gaps longer than the limit, unless the agent's last turn before the gap was a hold notice."""
    rules = ctx.rubric.violations
    out = []
    for start, end, before, after in silences(ctx.transcript):
        if end - start <= rules.long_silence_s:
            continue
        agent_before = [t for t in ctx.agent_turns if t.end <= start + 1e-6]
        if agent_before and ctx.find(rules.hold_notice, agent_before[-1:]):
            continue
        who = "agent" if after is not None and after.speaker == AGENT else "next speaker"
        out.append(Evidence(turn=after.index if after else None, start=start, end=end,
                            quote=quote(before.text) if before else "",
                            note=f"{end - start:.0f} s of silence before the {who} spoke, no hold notice"))
    return out


def overtalk_evidence(pairs: list[tuple[Turn, Turn]]) -> list[Evidence]:
    return [Evidence(turn=a.index, start=a.start, end=min(a.end, c.end), quote=quote(a.text),
                     note=f"agent starts {a.start - c.start:.1f} s into customer turn {c.index} "
                          f"({c.start:.1f}-{c.end:.1f} s)") for a, c in pairs]


def no_apology(ctx: CallContext, empathy: Match | None) -> list[Evidence]:
    """The customer complained and no agent turn after it apologised or empathised."""
    if not ctx.complaints or empathy is not None:
        return []
    if "empathy" not in {s.code for s in ctx.rubric.steps}:
        return []
    first = ctx.complaints[0]
    cue = ctx.complaint_matches.get(first.index)
    if cue:
        why = f"complaint: {cue.phrase}"
    elif ctx.sentiment[first.index] < ctx.rubric.complaint.sentiment_below:
        why = f"customer sentiment {ctx.sentiment[first.index]:+.2f}"
    else:
        why = "the customer's opening statement of a problem"
    return [Evidence(turn=first.index, start=first.start, end=first.end, quote=quote(first.text), cue=why,
                     note="the customer complained here and the agent never apologised or empathised")]


def evasive(ctx: CallContext, level: Score) -> list[Evidence]:
    """The rubric's deflection phrases; in a complaint call that reached no remedy and no handoff
    (level 0), also the agent's softer disclaimers and pushes (scoring.stonewall)."""
    found = [m.evidence() for m in ctx.deflections]
    if found or level.value > 0 or not ctx.complaints:
        return found
    return unresolved_deflections(ctx.agent_turns, ctx.language)


def violation_scores(ctx: CallContext, empathy: Match | None,
                     overtalk: list[tuple[Turn, Turn]], level: Score) -> list[Score]:
    rules = ctx.rubric.violations
    found = {
        "evasive": evasive(ctx, level),
        "rude": [m.evidence() for m in ctx.find(rules.rude, ctx.agent_turns)],
        "long_silence": long_silences(ctx),
        "overtalk": overtalk_evidence(overtalk),
        "no_apology_on_complaint": no_apology(ctx, empathy),
    }
    return [_score(code, found[code]) for code in VIOLATIONS]

