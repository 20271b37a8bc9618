"""Who is the agent: from the channel map, else from an enrolled agent's voice
(``transcribe.voiceprints``), else from what each speaker says, else a fallback.

Content: each speaker's turns are matched against the cue phrases in ``role_cues.toml`` (the
rubric's greeting, self-introduction, offer of help, closing for agents; complaints and "my order"
for customers); a speaker's first turns count double. The speaker with the most agent-like speech
is the agent; the others are customers. The confidence grows with the margin between them.

Fallback (no cue at all): the first speaker to talk is the agent (call centres answer the phone
with a greeting), confidence 0.5.
"""

from __future__ import annotations

import functools
import math
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from callqa.records import AGENT, CUSTOMER, Turn
from transcribe.language import simplified

CUES_FILE = Path(__file__).with_name("role_cues.toml")
OPENING_TURNS = 3  # a speaker's first turns weigh double: the greeting is where roles show
FALLBACK_CONFIDENCE = 0.5


@dataclass(frozen=True)
class RoleDecision:
    roles: dict[str, str]  # speaker label -> AGENT | CUSTOMER
    confidence: float
    method: str  # channel | voice | content | fallback
    agent_id: str | None = None  # the enrolled agent whose voice decided


@functools.lru_cache(maxsize=4)
def load_cues(path: Path = CUES_FILE) -> dict[str, tuple[tuple[re.Pattern, float], ...]]:
    doc = tomllib.loads(path.read_text(encoding="utf-8"))
    return {role: tuple((re.compile(phrase), float(weight))
                        for lang in doc[role].values() for phrase, weight in lang)
            for role in (AGENT, CUSTOMER)}


_SQUASH = re.compile(r"[\W_]+", re.UNICODE)


def squash(text: str) -> str:
    return _SQUASH.sub("", simplified(text)).lower()


def agent_score(texts: Sequence[str]) -> float:
    """Agent cues minus customer cues over one speaker's turns (in order)."""
    cues = load_cues()
    total = 0.0
    for k, text in enumerate(texts):
        flat = squash(text)
        weight = 2.0 if k < OPENING_TURNS else 1.0
        total += weight * sum(w for p, w in cues[AGENT] if p.search(flat))
        total -= weight * sum(w for p, w in cues[CUSTOMER] if p.search(flat))
    return total


def by_content(turns: Sequence[Turn]) -> RoleDecision:
    """Roles for raw speaker labels from what they say (fallback: first speaker is the agent)."""
    order: list[str] = []
    texts: dict[str, list[str]] = {}
    for t in sorted(turns, key=lambda t: t.start):
        if t.speaker not in texts:
            order.append(t.speaker)
            texts[t.speaker] = []
        texts[t.speaker].append(t.text)
    if not order:
        return RoleDecision({}, 0.0, "fallback")
    scores = {s: agent_score(texts[s]) for s in order}
    ranked = sorted(order, key=lambda s: (-scores[s], order.index(s)))
    best = ranked[0]
    margin = scores[best] - (scores[ranked[1]] if len(ranked) > 1 else 0.0)
    if len(ranked) == 1 and scores[best] < 0:
        return RoleDecision({best: CUSTOMER}, _confidence(-scores[best]), "content")
    if margin <= 0:
        first = order[0]
        return RoleDecision({s: AGENT if s == first else CUSTOMER for s in order}, FALLBACK_CONFIDENCE, "fallback")
    return RoleDecision({s: AGENT if s == best else CUSTOMER for s in order}, _confidence(margin), "content")


def by_channel(labels: Sequence[str], agent_label: str) -> RoleDecision:
    return RoleDecision({s: AGENT if s == agent_label else CUSTOMER for s in labels}, 1.0, "channel")


def by_voice(labels: Sequence[str], agent_label: str, similarity: float, agent_id: str) -> RoleDecision:
    return RoleDecision({s: AGENT if s == agent_label else CUSTOMER for s in labels},
                        round(min(1.0, max(similarity, FALLBACK_CONFIDENCE)), 3), "voice", agent_id)


def _confidence(margin: float) -> float:
    return round(0.5 + 0.5 * (1.0 - math.exp(-margin / 3.0)), 3)
