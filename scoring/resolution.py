"""Resolution level (RUBRIC §1), cumulative: a call reaches level N only if it meets every level below.

1 Logged     the problem was handed on (ticket, callback, transfer) or a remedy was offered; a remedy
             under a condition or left to a later decision (scoring.deferral) is only a next step
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
from scoring.confirmation import confirmed_fix, surprising_turn
from scoring.context import CallContext
from scoring.deferral import deferred, time_windows
from scoring.matching import ANSWER, Match, bounded, clause_of
from scoring.text import normalise


@dataclass(frozen=True)
class Mood:
    """The customer's sentiment over the call (thirds of the customer's speech)."""

    start: float | None
    end: float | None


def _after(matches: list[Match], index: int) -> list[Match]:
    return [m for m in matches if m.turn.index > index]


# "谢谢，不过我还是挺不爽的", "Thanks, but I'm fed up": a contrast word in a negative turn takes back the thanks
_CONTRAST = {"zh": ("不过", "但是", "可是"), "en": ("but", "though", "however", "although")}


def _still_unhappy(ctx: CallContext, after: int) -> list[Match]:
    """Customer turns after the remedy that turn courtesy into complaint: a contrast word and a
    negative sentiment."""
    out = []
    for t in ctx.customer_turns:
        if t.index <= after or ctx.sentiment[t.index] >= 0:
            continue
        text = normalise(t.text, ctx.language)
        padded = text if ctx.language == "zh" else f" {text} "
        word = next((w for w in _CONTRAST[ctx.language] if bounded(w, ctx.language) in padded), None)
        if word:
            out.append(Match("unsatisfied", f"{word} … (negative turn {ctx.sentiment[t.index]:+.2f})", t, "contrast",
                             100.0, padded.find(bounded(word, ctx.language))))
    return out


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
    deflecting = {m.turn.index for m in ctx.deflections}
    handoff = [m for m in cue["handoff"] if m.turn.index not in deflecting]
    handoff += [m for m in ctx.transfers if m.turn.index not in {h.turn.index for h in handoff}]
    said = {m.turn.index for m in cue["remedy"]}  # a question's answers are remedies too
    remedies = sorted(cue["remedy"] + [a for a in ctx.answers if a.turn.index not in said], key=lambda m: m.turn.index)
    # a remedy under a condition or left to a later decision is a next step, not a resolution; in a
    # call with no complaint a conditional answer ("如果是质量问题运费由我们承担") is the information asked for
    pending = [m for m in remedies if ctx.complaints and m.how != ANSWER and deferred(m, ctx.language)]
    # a remedy named while deflecting ("建议您直接和商家协商一下赔偿") is the customer's job, not the agent's
    deflected = {(m.turn.index, clause_of(m, ctx.language)) for m in ctx.deflections}
    remedies = [m for m in remedies if (m.turn.index, clause_of(m, ctx.language)) not in deflected]
    remedies = [m for m in remedies if m not in pending]
    handoff += [m for m in pending if m.turn.index not in {h.turn.index for h in handoff}]
    # no remedy word, but the customer confirms the agent's guidance or explanation worked
    fix = None if remedies or handoff or ctx.deflections or ctx.refusals else \
        confirmed_fix(ctx.agent_turns, ctx.customer_turns, ctx.language)
    if fix:
        remedies = [fix[0]]
    # a next step with a time ("三个工作日内开好", "within two working days") is a handoff too; a request
    # whose outcome comes in such a window is logged, not answered, by what the agent said up to then
    windows = time_windows(ctx.agent_turns, ctx.language)
    handoff += [m for m in windows if m.turn.index not in {h.turn.index for h in handoff}]
    if windows and not fix:
        remedies = [m for m in remedies if m.how != ANSWER or m.turn.index > windows[-1].turn.index]
    if not handoff and not remedies:
        lifted.extend(m.evidence("the agent deflected") for m in ctx.deflections[:2])
        return stop(0, "no handoff with a next step and no remedy offered")
    first_lift = (handoff or remedies)[:1]
    reached(1, first_lift)

    # level 2: a remedy the customer accepted and did not refuse afterwards
    if not remedies:
        lifted.extend(m.evidence("a remedy promised under a condition or a later decision") for m in pending[:1])
        return stop(1, "no concrete remedy delivered in the call" if pending else "no concrete remedy offered in the call")
    # thanks or delight right after a remedy accept it as much as "okay" does
    accepts = sorted(cue["accepted"] + cue["satisfied"] + cue["delight"] + list(fix[1:] if fix else ()),
                     key=lambda m: m.turn.index)
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
    unhappy = sorted(_after(cue["unsatisfied"], remedies[0].turn.index) + _still_unhappy(ctx, remedies[0].turn.index),
                     key=lambda m: m.turn.index)
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
    surprise = None if extra else surprising_turn(ctx.agent_turns, ctx.customer_turns, ctx.language,
                                                  remedies[0].turn.index - 1)
    if surprise:
        extra = [surprise[0]]
    if not extra:
        return stop(3, "nothing beyond the request (no unrequested extra, follow-up or third-party help)")
    delight = _after(cue["delight"] + list(surprise[1:] if surprise else ()), extra[0].turn.index - 1)
    if not delight:
        return stop(3, "the customer showed no delight or surprise")
    reached(4, [extra[0], delight[0]])
    return Score("resolution_level", 4.0, names[4], tuple(lifted))
