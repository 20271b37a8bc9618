"""Deflection by outcome: a call that reached neither a remedy nor a handoff, where the agent said
they cannot act or sent the customer to act on their own.

RUBRIC §3 defines `evasive` as "deflecting the customer instead of solving or transferring". The
rubric's phrase lists catch the blunt forms ("你自己想办法", "not my department"). A polite agent
deflects in softer words that are harmless in a call that gets solved ("我这边看不到", "you could
try texting the driver") and evasive in one that does not. So these are read only when the call's
level is 0, and they are grammar (lexicons/grammar.toml), not the rubric's phrase lists:

- a push: the customer told to act themselves ("您也可以自己在App里申请取消", "I'd recommend
  giving them a call", "the bank is really your best bet");
- with a push, a disclaimer: the agent's own inability ("我们客服这边看不到", "I don't have
  visibility into that"). A disclaimer alone is a refusal ("规定就是这样，不能取消"), not evasive.
"""

from __future__ import annotations

import re

from callqa.records import Evidence, Turn
from scoring import grammar
from scoring.matching import quote
from scoring.text import normalise

_DISCLAIM = grammar.pattern("disclaim")
_PUSH = grammar.pattern("push")
_CLAUSE = re.compile(r"([^。！？!?；;.，,]+)([？?]?)")


def unresolved_deflections(agent_turns: tuple[Turn, ...], language: str) -> list[Evidence]:
    """Agent turns that push the customer to act, and those that disclaim ability, one Evidence per
    turn; none unless there is a push (an agent who cannot act by policy refuses, which is not
    evasive). The caller reads them only in a call that reached no remedy and no handoff."""
    out, pushed = [], False
    for turn in agent_turns:
        found = [_found(normalise(clause, language), language) for clause, asks in _CLAUSE.findall(turn.text)
                 if not asks and not clause.rstrip().endswith(("吗", "呢"))]  # an offer asked is not a push
        push = next((hit for kind, hit in found if kind == _PUSHES), None)
        hit = push or next((hit for kind, hit in found if kind == _DISCLAIMS), None)
        if hit is None:
            continue
        pushed = pushed or push is not None
        kind = _PUSHES if push else _DISCLAIMS
        out.append(Evidence(turn=turn.index, start=turn.start, end=turn.end, quote=quote(turn.text),
                            cue=hit, note=f"no remedy and no handoff; the agent {kind}"))
    return out if pushed else []


_PUSHES, _DISCLAIMS = "sends the customer to act", "disclaims ability"


def _found(text: str, language: str) -> tuple[str | None, str | None]:
    push = _PUSH[language].search(text)
    if push:
        return _PUSHES, push.group(0)
    disclaim = _DISCLAIM[language].search(text)
    return (_DISCLAIMS, disclaim.group(0)) if disclaim else (None, None)
