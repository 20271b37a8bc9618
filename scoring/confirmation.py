"""Fixed in the call: the customer confirms that the agent's help worked or explained the problem.

"显示成功了 我现在登进来了", "好 明白了", "Oh okay, that makes sense": the
agent guided the customer through a fix or explained what really happened (the refund is on its
way, the credit shows as a negative line), and the customer says it worked or now understands.
RUBRIC §1 counts a correct answer the customer accepts as a resolution (level 2) even when no
remedy word (refund, redelivery) was said. Seeing is not confirming ("哦，看到了" may only mean
the customer found the screen the agent named, not that a complaint was answered). Grammar
(lexicons/grammar.toml), not the rubric's phrase lists: these are the outcomes of any fix, not the
cues of one platform.
"""

from __future__ import annotations

import re

from callqa.records import Turn
from scoring import grammar
from scoring.matching import ANSWER, EXACT, Match
from scoring.text import char_count, normalise

_CONFIRMS = grammar.pattern("confirms")
# the length (Chinese characters / English words) of an agent turn that can explain or guide
_LEAST = {"zh": 12, "en": 10}


def confirmed_fix(agent_turns: tuple[Turn, ...], customer_turns: tuple[Turn, ...],
                  language: str) -> tuple[Match, Match] | None:
    """The last substantive agent turn before the customer's first confirmation, and the
    confirmation; None when the customer never confirms a fix."""
    for turn in customer_turns:
        hit = _CONFIRMS[language].search(normalise(turn.text, language))
        if not hit:
            continue
        before = [t for t in agent_turns if t.index < turn.index and char_count(t.text, language) >= _LEAST[language]]
        if before:
            help_ = Match("remedy", "help the customer confirms worked", before[-1], ANSWER, 100.0, 0)
            return help_, Match("accepted", hit.group(0), turn, EXACT, 100.0, hit.start())
    return None


_SURPRISED = grammar.pattern("surprised")  # surprise, not mere thanks


def surprising_turn(agent_turns: tuple[Turn, ...], customer_turns: tuple[Turn, ...], language: str,
                    after: int) -> tuple[Match, Match] | None:
    """RUBRIC §1 level 4 however worded: the agent turn (after turn ``after``) that the customer
    answers with surprise ("我都没想到", "I did not expect that") went beyond what they expected;
    None when no customer turn says so."""
    for turn in customer_turns:
        hit = _SURPRISED[language].search(normalise(turn.text, language))
        before = [t for t in agent_turns if after < t.index < turn.index]
        if hit and before:
            extra = Match("extra", "what the customer did not expect", before[-1], ANSWER, 100.0, 0)
            return extra, Match("delight", hit.group(0), turn, EXACT, 100.0, hit.start())
    return None
