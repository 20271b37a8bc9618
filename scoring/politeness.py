"""Politeness 0..100 per speaker (RUBRIC §4): courtesy markers raise it, impolite ones lower it.

A turn's score is ``neutral`` moved towards 100 or 0 by tanh(marker weight / scale); a speaker's score
is the length-weighted mean of their turns, and the agent loses ``interrupt_penalty`` per overtalk.
Markers and weights live in the rubric file; ``^marker`` counts only at the start of an utterance
(a bare "Why …" or "You …" opening reads as direct and impolite; Danescu-Niculescu-Mizil et al. 2013).
For English a learned model (scoring.politeness_model: strategies + n-grams, trained on the Stanford
corpus) adds its output, in units of its spread, to the markers' before squashing; its strongest
features join the evidence.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Mapping

from callqa.records import AGENT, CUSTOMER, Evidence, Score, Turn
from callqa.rubric import Politeness
from scoring.matching import quote
from scoring.politeness_model import PolitenessModel
from scoring.text import normalise


@dataclass(frozen=True)
class Marked:
    score: float
    polite: tuple[str, ...]
    impolite: tuple[str, ...]
    learned: tuple[str, ...] = ()  # the model's strongest features, "+feature" / "-feature"

    def reasons(self) -> str:
        parts = ([f"polite: {', '.join(self.polite)}"] if self.polite else []) + \
                ([f"impolite: {', '.join(self.impolite)}"] if self.impolite else []) + \
                ([f"model: {', '.join(self.learned)}"] if self.learned else [])
        return "; ".join(parts)


def _count(marker: str, norm: str, language: str) -> int:
    """Occurrences of a marker; ``^marker`` counts only at the very start of the utterance."""
    at_start = marker.startswith("^")
    marker = normalise(marker.lstrip("^"), language)
    if not marker:
        return 0
    if language == "zh":
        return int(norm.startswith(marker)) if at_start else norm.count(marker)
    if at_start:
        return int(f"{norm} ".startswith(f"{marker} "))
    return f" {norm} ".count(f" {marker} ")


def _weigh(markers: Mapping[str, float], norm: str, language: str) -> tuple[float, list[str]]:
    total, found = 0.0, []
    for marker, weight in markers.items():
        n = _count(marker, norm, language)
        if n:
            total += weight * min(n, 3)
            found.append(marker)
    return total, found


def text_politeness(text: str, language: str, rules: Politeness,
                    model: PolitenessModel | None = None) -> Marked:
    """The politeness of one utterance, 0..100, with the markers (and model features) that moved it."""
    norm = normalise(text, language)
    up, polite = _weigh(rules.polite, norm, language)
    down, impolite = _weigh(rules.impolite, norm, language)
    x, learned = (up - down) / rules.scale, ()
    if model is not None and norm:
        x += model.value(text) / model.scale
        plus, minus = model.explain(text, 2)
        learned = tuple(f"+{f}" for f in plus) + tuple(f"-{f}" for f in minus)
    raw = math.tanh(x)
    score = rules.neutral + (100 - rules.neutral) * raw if raw >= 0 else rules.neutral * (1 + raw)
    return Marked(score, tuple(polite), tuple(impolite), learned)


def politeness_scores(turns: tuple[Turn, ...], language: str, rules: Politeness,
                      interruptions: int, model: PolitenessModel | None = None) -> list[Score]:
    out = []
    for role in (AGENT, CUSTOMER):
        mine = [t for t in turns if t.speaker == role]
        if not mine:
            out.append(Score(f"politeness.{role}", None, "no turns", (Evidence(note=f"the {role} never spoke"),)))
            continue
        marked = [(t, text_politeness(t.text, language, rules, model)) for t in mine]
        weights = [math.sqrt(len(normalise(t.text, language)) + 1) for t in mine]
        value = sum(w * m.score for w, (_, m) in zip(weights, marked)) / sum(weights)
        evidence = []
        if role == AGENT and interruptions:
            value -= rules.interrupt_penalty * interruptions
            evidence.append(Evidence(note=f"-{rules.interrupt_penalty * interruptions:g} for {interruptions} overtalk(s)"))
        ranked = sorted(marked, key=lambda tm: abs(tm[1].score - rules.neutral), reverse=True)
        for t, m in ranked[:3]:
            if not m.reasons():
                continue
            evidence.append(Evidence(turn=t.index, start=t.start, end=t.end, quote=quote(t.text),
                                     cue=m.reasons(), note=f"turn politeness {m.score:.0f}"))
        value = max(0.0, min(100.0, value))
        out.append(Score(f"politeness.{role}", round(value, 1), _band(value), tuple(evidence)))
    return out


def _band(value: float) -> str:
    return "polite" if value >= 60 else "impolite" if value < 40 else "neutral"
