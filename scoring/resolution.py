"""Resolution level (RUBRIC §1), cumulative: a call reaches level N only if it meets every level below.

1 Logged     the problem was handed on (ticket, callback, transfer) or a remedy was offered
2 Resolved   a remedy was offered and the customer accepted it (an acceptance, thanks or delight cue)
             and did not refuse it afterwards;
             in a call with no complaint, the agent's answer to the question is the remedy
3 Satisfied  resolved, the agent checked for other needs, and the customer ends satisfied: a
             satisfaction cue near the end, no dissatisfaction cue after the remedy, end sentiment
             neutral or better and improved if it started negative
4 Surprise   satisfied, the agent went beyond the request and the customer shows delight

The evidence lists the cues that lifted the call to each level and what was missing for the next.
"""

from __future__ import annotations

from dataclasses import dataclass

from callqa.records import Evidence, Score
from scoring.context import CallContext
from scoring.matching import Match


@dataclass(frozen=True)
class Mood:
    """The customer's sentiment over the call (thirds of the customer's speech)."""

    start: float | None
    end: float | None


def _after(matches: list[Match], index: int) -> list[Match]:
    return [m for m in matches if m.turn.index > index]


def _accepted(remedies: list[Match], accepts: list[Match], refusals: list[Match]) -> tuple[Match, Match] | None:
    """The first remedy the customer accepted afterwards and never refused afterwards."""
    refused_at = {r.turn.index for r in refusals}
    for remedy in remedies:
        if any(i > remedy.turn.index for i in refused_at):
            continue
        after = [a for a in accepts if a.turn.index > remedy.turn.index]
        if after:
            return remedy, after[0]
    return None


def resolution_score(ctx: CallContext, other_needs: Match | None, mood: Mood) -> Score:
    rules = ctx.rubric.resolution
    cue = {name: ctx.find(cues) for name, cues in rules.cues.items()}
    names = ctx.rubric.levels
    lifted: list[Evidence] = []

    def reached(level: int, matches: list[Match]) -> None:
        for m in matches:
            lifted.append(m.evidence(f"lifts to level {level} ({names[level]})"))

    def stop(level: int, missing: str) -> Score:
        note = f"level {level + 1} ({names[level + 1]}) missing: {missing}"
        return Score("resolution_level", float(level), names[level], tuple(lifted) + (Evidence(note=note),))

    # level 1: handed on, or a concrete remedy offered
    # a "next step" said while deflecting ("the restaurant will get back to you, call them") is not a handoff
    deflecting = {m.turn.index for m in ctx.find(ctx.rubric.violations.evasive, ctx.agent_turns)}
    handoff = [m for m in cue["handoff"] if m.turn.index not in deflecting]
    handoff += [m for m in ctx.transfers if m.turn.index not in {h.turn.index for h in handoff}]
    said = {m.turn.index for m in cue["remedy"]}  # a question's answers are remedies too
    remedies = sorted(cue["remedy"] + [a for a in ctx.answers if a.turn.index not in said], key=lambda m: m.turn.index)
    if not handoff and not remedies:
        evasive = ctx.find(ctx.rubric.violations.evasive, ctx.agent_turns)
        lifted.extend(m.evidence("the agent deflected") for m in evasive[:2])
        return stop(0, "no handoff with a next step and no remedy offered")
    first_lift = (handoff or remedies)[:1]
    reached(1, first_lift)

    # level 2: a remedy the customer accepted and did not refuse afterwards
    if not remedies:
        return stop(1, "no concrete remedy offered in the call")
    # thanks or delight right after a remedy accept it as much as "okay" does
    accepts = sorted(cue["accepted"] + cue["satisfied"] + cue["delight"], key=lambda m: m.turn.index)
    accepted = _accepted(remedies, accepts, cue["refused"])
    if accepted is None:
        refused = _after(cue["refused"], remedies[0].turn.index)
        if refused:
            lifted.append(refused[-1].evidence("the customer refused the remedy"))
            return stop(1, "the customer refused the remedy")
        return stop(1, "the customer did not accept the remedy")
    remedy, accepted = accepted
    reached(2, ([] if remedy in first_lift else [remedy]) + [accepted])

    # level 3: other needs checked, customer ends satisfied
    if other_needs is None:
        return stop(2, "the agent did not check for other needs")
    tail = ctx.customer_turns[-rules.last_customer_turns:]
    satisfied = [m for m in cue["satisfied"] if m.turn in tail]
    unhappy = _after(cue["unsatisfied"], remedies[0].turn.index)
    if unhappy:
        lifted.append(unhappy[-1].evidence("the customer is still unhappy"))
        return stop(2, "the customer voiced dissatisfaction after the remedy")
    if not satisfied:
        return stop(2, "no satisfaction from the customer near the end")
    if mood.end is not None and mood.end < rules.satisfied_end_sentiment:
        return stop(2, f"the customer's sentiment ends negative ({mood.end:+.2f})")
    if mood.start is not None and mood.end is not None and mood.start < -0.2 and mood.end <= mood.start:
        return stop(2, f"the customer's sentiment did not improve ({mood.start:+.2f} -> {mood.end:+.2f})")
    reached(3, [other_needs, satisfied[-1]])

    # level 4: beyond the request, and the customer is delighted
    extra = cue["extra"]
    if not extra:
        return stop(3, "nothing beyond the request (no unrequested extra, follow-up or third-party help)")
    delight = _after(cue["delight"], extra[0].turn.index - 1)
    if not delight:
        return stop(3, "the customer showed no delight or surprise")
    reached(4, [extra[0], delight[0]])
    return Score("resolution_level", 4.0, names[4], tuple(lifted))
