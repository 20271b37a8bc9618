"""Script compliance (RUBRIC §2): each step met, missed or not applicable, with the turn that met it."""

from __future__ import annotations

import re

from callqa.records import Evidence, Score, Turn
from callqa.rubric import ScriptStep
from scoring.confirmation import confirmed_fix
from scoring.context import CallContext
from scoring.deferral import time_windows
from scoring.matching import Match, quote

NAMED = "named"  # how a self-introduction by a name (not a phrase) was found


def window_turns(ctx: CallContext, step: ScriptStep) -> tuple[Turn, ...]:
    """The agent turns where a step is expected."""
    turns = ctx.agent_turns
    if not turns:
        return ()
    w = step.window
    if w.first_agent_turns is not None:
        turns = turns[: w.first_agent_turns]
    if w.within_s_of_agent_start is not None:
        first = ctx.agent_turns[0].start
        turns = tuple(t for t in turns if t.start <= first + w.within_s_of_agent_start)
    if w.last_agent_turns is not None:
        turns = turns[-w.last_agent_turns:] if w.last_agent_turns else ()
    if w.within_s_of_end is not None:
        turns = tuple(t for t in turns if t.end >= ctx.call_end - w.within_s_of_end)
    if step.applies == "complaint" and ctx.complaints:
        first = ctx.complaints[0].index
        turns = tuple(t for t in turns if t.index > first)
    return turns


def _describe(step: ScriptStep) -> str:
    w, parts = step.window, []
    if w.first_agent_turns is not None:
        parts.append(f"agent's first {w.first_agent_turns} turn(s)")
    if w.within_s_of_agent_start is not None:
        parts.append(f"within {w.within_s_of_agent_start:g} s of agent speech")
    if w.last_agent_turns is not None:
        parts.append(f"agent's last {w.last_agent_turns} turn(s)")
    if w.within_s_of_end is not None:
        parts.append(f"in the last {w.within_s_of_end:g} s")
    if step.applies == "complaint":
        parts.append("after the complaint")
    return ", ".join(parts) or "anywhere in the call"


def step_match(ctx: CallContext, step: ScriptStep) -> Match | None:
    """The first match in the step's window; a step that includes remedies is also met by the
    answer to a question in a call with no complaint."""
    window = window_turns(ctx, step)
    matches = ctx.find(step.cues, window)
    if "remedy" in step.include:  # a negated remedy is a refusal, not a solution ("it can't be refunded")
        matches = [m for m in matches if not ctx.matcher.negated(m)]
    if not matches and "remedy" in step.include:
        matches = [a for a in ctx.answers if a.turn in window]
    if not matches and "handoff" in step.include:  # a next step with a time ("三个工作日内")
        matches = time_windows(window, ctx.language)
    if not matches and "remedy" in step.include and not ctx.deflections and not ctx.refusals:
        fix = confirmed_fix(ctx.agent_turns, ctx.customer_turns, ctx.language)  # guidance the customer confirms
        matches = [fix[0]] if fix and fix[0].turn in window else []
    if not matches and step.applies == "transfer":
        matches = _transfer_with_hold(ctx, window)
    if not matches and step.code == "self_intro":
        matches = _named(ctx, window)
    if not matches and step.code == "greeting":
        matches = _saluted(ctx, window)
    if not matches and step.code in _SHAPES:
        matches = _shaped(ctx, step.code, window)
    return matches[0] if matches else None


# the agent gives a first name: "you got Sam", "I'm Jordan", "Priya speaking" (the text's own capitals;
# brand names such as "QuickBite" have two capitals and are not names)
_NAMED = {"en": re.compile(r"\b(?i:this is|i'm|i am|you've got|you have got|you got|speaking with|talking to|"
                           r"through to|name is|name's)\s+([A-Z][a-z]+)\b(?!')|\b([A-Z][a-z]+),? (?:speaking|here)\b(?!')")}


def _named(ctx: CallContext, window: tuple[Turn, ...]) -> list[Match]:
    """A self-introduction however worded: the agent names themselves in the opening."""
    pattern = _NAMED.get(ctx.language)
    out = []
    for t in window if pattern else ():
        found = pattern.search(t.text)
        if found:
            out.append(Match("self_intro", f"introduces themselves: {found.group(0)}", t, NAMED, 100.0, found.start()))
    return out


# the agent opens with a salutation ("Munchly support, hi, this is Jen", "喂 下午好呀 外卖售后这边")
_SALUTE = {
    "en": re.compile(r"^(?:[\w']+[,.!]?\s+){0,2}(?:hello|hi|hey|good (?:morning|afternoon|evening)|morning|afternoon|"
                     r"evening)\b", re.I),
    "zh": re.compile(r"^\W*(?:\w{1,6}[,，\s]+)?(?:喂\W*)?(?:您好|你好|早上好|上午好|中午好|下午好|晚上好|早安)"),
}
_CLAUSE = {"en": re.compile(r"([^,，。.!！;；?？]+)([?？]?)"), "zh": re.compile(r"([^,，。.!！;；?？\s]+)([?？]?)")}


def _saluted(ctx: CallContext, window: tuple[Turn, ...]) -> list[Match]:
    """A greeting however worded: the agent's first turn opens with a salutation and goes on to say
    something that is not a question (a name, the company), unlike "Hello? Can you hear me?" or
    "喂，你好，什么问题？"."""
    if not window or window[0] != ctx.agent_turns[0]:
        return []
    turn = window[0]
    found = _SALUTE[ctx.language].search(turn.text.strip())
    if found is None:
        return []
    rest = turn.text.strip()[found.end():]
    if rest.lstrip().startswith(("?", "？")):  # "Hello?": checking the line, not greeting
        return []
    said = [c.strip() for c, asks in _CLAUSE[ctx.language].findall(rest)
            if not asks and not c.strip().endswith(("吗", "呢"))]
    if not any(len(c) >= 2 for c in said):
        return []
    return [Match("greeting", f"opens with a salutation: {found.group(0)}", turn, NAMED, 100.0, 0)]


# steps by the shape of what is said, however worded: an open question about the customer's need in
# the agent's first turn ("What do you need?", "请问有什么需要帮忙的"); thanks and a good wish in the
# agent's last turn ("Thanks for calling, and enjoy breakfast tomorrow", "感谢来电 祝您…")
_SHAPES = {
    "offer_help": {"en": re.compile(r"\b(what|how)\b[^?.!]*\b(you|i)\b[^?.!]*\?\s*$", re.I),
                   "zh": re.compile(r"请问[^？?。！]{0,6}(什么|哪|怎么)[^？?。！]{0,8}[？?]?\s*$")},
    "closing": {"en": re.compile(r"\bthank(s| you)\b.*\b(enjoy|hope|have a|take care|bye)\b", re.I),
                "zh": re.compile(r"(感谢|谢谢).*(祝|再见)")},
}


def _shaped(ctx: CallContext, code: str, window: tuple[Turn, ...]) -> list[Match]:
    pattern = _SHAPES[code][ctx.language]
    turns = window[:1] if code == "offer_help" else window[-1:]
    return [Match(code, f"said in other words: {found.group(0)[:40]}", t, NAMED, 100.0, found.start())
            for t in turns for found in [pattern.search(t.text.strip())] if found]


def _transfer_with_hold(ctx: CallContext, window: tuple[Turn, ...]) -> list[Match]:
    """A transfer notice however worded: the turn that transfers also asks the customer to hold
    ("I'm going to transfer you to a product safety specialist now, please stay on the line")."""
    holds = {m.turn.index for m in ctx.find(ctx.rubric.violations.hold_notice, window)}
    return [m for m in ctx.find(ctx.rubric.resolution.transfer, window) if m.turn.index in holds]


def script_scores(ctx: CallContext) -> tuple[list[Score], dict[str, Match | None]]:
    """One Score per step (1 met, 0 missed, None not applicable) and the compliance ratio."""
    scores, met = [], {}
    for step in ctx.rubric.steps:
        where = _describe(step)
        if step.applies == "complaint" and not ctx.complaints:
            scores.append(Score(f"script.{step.code}", None, "not applicable",
                                (Evidence(note="no complaint was voiced"),)))
            continue
        match = step_match(ctx, step)
        if step.applies == "transfer" and not ctx.transfers and match is None:
            scores.append(Score(f"script.{step.code}", None, "not applicable",
                                (Evidence(note="the call was not transferred"),)))
            continue
        met[step.code] = match
        if match is not None:
            scores.append(Score(f"script.{step.code}", 1.0, "met", (match.evidence(f"expected {where}"),)))
        else:
            scores.append(Score(f"script.{step.code}", 0.0, "missed", _missed(ctx, step, where)))
    applicable = [s for s in scores if s.value is not None]
    ratio = sum(s.value for s in applicable) / len(applicable) if applicable else None
    missed = [s.criterion.split(".", 1)[1] for s in applicable if s.value == 0]
    scores.append(Score("compliance", None if ratio is None else round(ratio, 4),
                        f"{sum(s.value for s in applicable):.0f}/{len(applicable)} steps met",
                        (Evidence(note="missed: " + ", ".join(missed) if missed else "every applicable step met"),)))
    return scores, met


def _missed(ctx: CallContext, step: ScriptStep, where: str) -> tuple[Evidence, ...]:
    """Why a step was missed: said outside its window, or not said at all."""
    elsewhere = ctx.find(step.cues, ctx.agent_turns)
    if elsewhere:
        m = elsewhere[0]
        return (Evidence(turn=m.turn.index, start=m.turn.start, end=m.turn.end, quote=quote(m.turn.text),
                         cue=f"{step.code}: {m.phrase}", note=f"said, but not {where}"),)
    window = window_turns(ctx, step)
    if window:
        t = window[0]
        return (Evidence(turn=t.index, start=t.start, end=window[-1].end, quote=quote(t.text),
                         note=f"not said {where}"),)
    return (Evidence(note=f"no agent turn {where}"),)
