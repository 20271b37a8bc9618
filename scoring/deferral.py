"""Promised, not delivered: a remedy said under a condition or left to a later decision.

"如果确认丢件了，就给您全额退款", "退款或者补发您到时候可以选", "you'll get a decision on a replacement
within three days": the agent names a remedy, but whether the customer gets it is decided after the
call. RUBRIC §1 calls that a handoff with a next step (level 1), not a resolution (level 2).

This is grammar (lexicons/grammar.toml), not the rubric's phrase lists: a sentence that holds a
remedy is deferred when it also holds a condition, a pending-decision marker or a promised callback,
unless the remedy is said as done ("已经", "I've"). An offer that only waits for the customer's own
yes ("如果您同意的话", "if you like") is not deferred: their acceptance is what level 2 asks for.
"""

from __future__ import annotations

import re

from callqa.records import Turn
from scoring import grammar
from scoring.matching import EXACT, Match
from scoring.text import normalise

_SENTENCE = {"zh": re.compile(r"[。！？!?；;]+"), "en": re.compile(r"[.!?;]+(?:\s|$)")}
_PENDING = grammar.words("pending")  # a decision still to be taken
_CONDITION = grammar.words("condition")  # the remedy depends on it, unless said as done
_DONE = grammar.words("done")
_OFFERS = grammar.words("offers")  # waits only for the customer's own yes


def sentence_of(match: Match, language: str) -> str:
    """The normalised sentence of the match's turn that holds the match."""
    sentences = [normalise(s, language) for s in _SENTENCE[language].split(match.turn.text)]
    pos, sep = 0, 0 if language == "zh" else 1
    for sentence in sentences:
        if not sentence:
            continue
        if match.at < pos + len(sentence) + sep:
            return sentence
        pos += len(sentence) + sep
    return normalise(match.turn.text, language)


def deferred(match: Match, language: str) -> bool:
    """The remedy is conditional or waits for a later decision (see the module's doc)."""
    sentence = sentence_of(match, language)
    for offer in _OFFERS[language]:
        sentence = sentence.replace(normalise(offer, language), " ")
    if _holds(sentence, _PENDING[language], language):
        return True
    said = normalise(match.turn.text, language)
    lead = said[max(0, match.at - 12):match.at] + " " + normalise(match.phrase, language)
    return not _holds(lead, _DONE[language], language) and _holds(sentence, _CONDITION[language], language)


def _holds(text: str, markers: tuple[str, ...], language: str) -> bool:
    if language == "zh":
        return any(m in text for m in markers)
    padded = f" {text} "
    return any(f" {m} " in padded for m in markers)


_WINDOW = grammar.pattern("window")  # a next step with a time


def time_windows(turns: tuple[Turn, ...], language: str) -> list[Match]:
    """Turns that give a next step a time: RUBRIC §1's "a concrete next step or time"."""
    out = []
    for turn in turns:
        hit = _WINDOW[language].search(normalise(turn.text, language))
        if hit:
            out.append(Match("handoff", hit.group(0), turn, EXACT, 100.0, hit.start()))
    return out
