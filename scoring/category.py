"""Complaint category (RUBRIC §6): the category whose cues the customer voices most, early on.

Each match counts 2 for a strong cue and 1 for a weak one, tripled in the customer's first complaint
(it names the call's subject), doubled in their other first three turns, and halved in agent turns,
where weak cues do not count (agents echo remedies such as "退款" that are not the complaint).
Two-character cues match homophones too ("其手" for "骑手"). Ties go to the category with more weight from strong cues, then to the more specific cues (more
matched characters). No cue at all, or no complaint at all (a question, a request), gives ``other``.
"""

from __future__ import annotations

from dataclasses import replace

from callqa.records import AGENT, CUSTOMER, Evidence, Score
from callqa.rubric import CueSet
from scoring.context import CallContext
from scoring.matching import Matcher

STRONG = 2.0  # a strong cue counts twice a weak one
# category cues are mostly two-character nouns ("骑手", "退款") that recognisers swap for homophones
# ("其手"): they may match by sound from two characters on
CATEGORY_HOMOPHONE_CHARS = 2
OPENING_WEIGHT = 3.0


def category_score(ctx: CallContext) -> Score:
    if not ctx.complaints:
        return Score("category", None, "other", (Evidence(note="no complaint voiced: a question or a request"),))
    early = {t.index for t in ctx.customer_turns[:3]}
    opening = ctx.complaints[0].index if ctx.complaints else None
    totals: dict[str, float] = {}
    strong: dict[str, float] = {}  # the part of the total from strong cues: it breaks ties first
    detail: dict[str, int] = {}  # characters of matched phrases: the more specific wins a tie
    evidence: dict[str, list[Evidence]] = {}
    matching = ctx.rubric.matching
    matcher = Matcher(ctx.language, replace(matching, min_homophone_chars=min(matching.min_homophone_chars,
                                                                              CATEGORY_HOMOPHONE_CHARS)))
    for cat in ctx.rubric.categories:
        for strength, phrases in ((STRONG, cat.strong), (1.0, cat.weak)):
            if not phrases:
                continue
            for m in matcher.find_all(CueSet(cat.code, phrases, "any"), ctx.said):
                role = m.turn.speaker
                if role == AGENT and strength < STRONG:
                    continue  # agents name remedies and parties in passing; only their strong cues count
                weight = strength * _position(m.turn.index, opening, early) * (0.5 if role == AGENT else 1.0)
                if role not in (AGENT, CUSTOMER):
                    continue
                totals[cat.code] = totals.get(cat.code, 0.0) + weight
                if strength == STRONG:
                    strong[cat.code] = strong.get(cat.code, 0.0) + weight
                detail[cat.code] = detail.get(cat.code, 0) + len(m.phrase)
                evidence.setdefault(cat.code, []).append(m.evidence(f"{role}, weight {weight:g}"))
    if not totals:
        return Score("category", None, "other", (Evidence(note="no category cue in the call"),))
    order = [c.code for c in ctx.rubric.categories]
    best = max(totals, key=lambda c: (totals[c], strong.get(c, 0.0), detail[c], -order.index(c)))
    runner = sorted((v, c) for c, v in totals.items() if c != best)
    note = f"score {totals[best]:g}" + (f"; next {runner[-1][1]} {runner[-1][0]:g}" if runner else "")
    return Score("category", None, best, tuple(evidence[best][:4]) + (Evidence(note=note),))


def _position(index: int, opening: int | None, early: set[int]) -> float:
    """The customer's first complaint names the call's subject; their first turns are next."""
    return OPENING_WEIGHT if index == opening else 2.0 if index in early else 1.0
