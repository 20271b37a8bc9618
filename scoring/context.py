"""What every criterion scorer reads: the call's turns prepared for matching, once per call."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property
from typing import Mapping

from callqa.records import AGENT, CUSTOMER, Transcript, Turn
from callqa.rubric import CueSet, Rubric
from scoring.matching import ANSWER, Match, Matcher, Said, asked

# the length (Chinese characters / English words) of an agent turn that can answer a question
ANSWER_MIN_UNITS = {"zh": 12, "en": 10}
QUESTION_ENDS = ("?", "？", "吗", "呢")  # an opening that ends so is a question, unless a complaint cue says more


@dataclass(frozen=True)
class CallContext:
    transcript: Transcript
    rubric: Rubric
    matcher: Matcher
    said: tuple[Said, ...]
    sentiment: Mapping[int, float]  # turn index -> -1..1

    @property
    def language(self) -> str:
        return self.transcript.language

    @cached_property
    def _said_by_index(self) -> dict[int, Said]:
        return {s.turn.index: s for s in self.said}

    @cached_property
    def agent_turns(self) -> tuple[Turn, ...]:
        return tuple(t for t in self.transcript.turns if t.speaker == AGENT)

    @cached_property
    def customer_turns(self) -> tuple[Turn, ...]:
        return tuple(t for t in self.transcript.turns if t.speaker == CUSTOMER)

    def find(self, cues: CueSet, turns: tuple[Turn, ...] | None = None) -> list[Match]:
        """Matches of a cue set in the given turns (default: all), restricted to its speaker."""
        said = self.said if turns is None else tuple(self._said_by_index[t.index] for t in turns)
        return self.matcher.find_all(cues, said)

    @cached_property
    def complaints(self) -> tuple[Turn, ...]:
        """Customer turns that voice a complaint: a complaint cue, a strong category cue (the customer
        names a problem) or a strongly negative sentiment; with ``opening_is_complaint``, also the
        customer's opening statement unless it is a question (an inquiry cue or a question mark)."""
        rule = self.rubric.complaint
        hits = {m.turn.index for m in self.find(rule.cues, self.customer_turns)}
        for cat in self.rubric.categories:
            cues = CueSet(cat.code, cat.strong, "customer")
            hits |= {m.turn.index for m in self.find(cues, self.customer_turns)}
        opening = self.opening
        inquiry = opening is not None and (opening.text.rstrip().endswith(QUESTION_ENDS) or
                                           bool(self.find(CueSet("inquiry", rule.inquiry, "customer"), (opening,))))
        if inquiry:  # a call about a question: a later cue is a complaint only when said unhappily
            # ("验证码还没来" while following the agent's steps is not a complaint)
            hits = {i for i in hits if i <= opening.index or self.sentiment[i] < 0}
        hits |= {t.index for t in self.customer_turns if self.sentiment[t.index] < rule.sentiment_below}
        if rule.opening_is_complaint and opening is not None and not inquiry:
            hits.add(opening.index)
        return tuple(t for t in self.customer_turns if t.index in hits)

    @cached_property
    def opening(self) -> Turn | None:
        """The customer's first statement of substance (not a greeting or a one-word answer)."""
        from scoring.text import char_count

        least = 6 if self.language == "zh" else 5
        return next((t for t in self.customer_turns if char_count(t.text, self.language) >= least), None)

    @cached_property
    def answers(self) -> tuple[Match, ...]:
        """In a call with no complaint (a question or a request), the agent's substantive turns after
        the customer's opening that do not hand the call on or refuse: RUBRIC §1 counts a correct answer as the
        remedy. None otherwise."""
        from scoring.text import char_count

        opening = self.opening
        if self.complaints or opening is None:
            return ()
        least = ANSWER_MIN_UNITS[self.language]
        handed_on = {m.turn.index for m in self.transfers} | self.refusals
        out = []
        for t in self.agent_turns:
            if t.index in handed_on:
                continue
            units = char_count(t.text, self.language)
            asks = t.text.rstrip().endswith(("?", "？", "吗"))
            if t.index > opening.index and units >= least and not (asks and units < 2 * least):
                out.append(Match("answer", "an answer to the customer's question or request", t, ANSWER, 100.0, 0))
        return tuple(out)

    @cached_property
    def refusals(self) -> set[int]:
        """Agent turns that name a remedy only to negate it ("it can't be refunded", "没法给您退款"):
        a refusal, which does not answer a request."""
        cues = replace(self.rubric.resolution.cues["remedy"], negatable=False)
        return {m.turn.index for m in self.find(cues, self.agent_turns) if self.matcher.negated(m)}

    @cached_property
    def complaint_matches(self) -> dict[int, Match]:
        return {m.turn.index: m for m in self.find(self.rubric.complaint.cues, self.customer_turns)}

    @cached_property
    def deflections(self) -> list[Match]:
        """Agent turns that deflect (RUBRIC §3 evasive). Offering help as a question ("您需要联系商家吗，
        我帮您联系") is not deflecting."""
        return [m for m in self.find(self.rubric.violations.evasive, self.agent_turns) if not asked(m, self.language)]

    @cached_property
    def transfers(self) -> list[Match]:
        return self.find(self.rubric.resolution.transfer, self.agent_turns)

    @cached_property
    def call_end(self) -> float:
        last = max((t.end for t in self.transcript.turns), default=0.0)
        return max(self.transcript.duration_s or 0.0, last)
