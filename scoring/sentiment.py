"""Sentiment per turn in [-1, 1] and per speaker start/end/shift (RUBRIC §5).

The embedded models need no hub:
- Chinese: a hand-written domain lexicon (lexicons/zh_sentiment.tsv) scanned longest-match first,
  with negators, intensifiers and contrast words (lexicons/zh_modifiers.tsv) in clause scope.
  (Blending in SnowNLP's bundled classifier lowered waimai dev accuracy, so it is only a baseline.)
- English: VADER with customer-service words added (lexicons/en_sentiment.tsv).
A rubric's ``[sentiment] words`` table adds or overrides lexicon entries.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from pathlib import Path
from typing import Callable, Mapping, Sequence

from callqa.records import Evidence, Score, Turn
from scoring.matching import quote
from scoring.text import normalise

Polarity = Callable[[Sequence[str]], list[float]]  # texts -> one value in [-1, 1] each
LEXICONS = Path(__file__).with_name("lexicons")
_CLAUSE = re.compile(r"[，,。.!！?？;；~～、…\s]+")
LEXICON_SCALE = 2.0  # lexicon points for tanh(1)
CONTRAST_COMPLAINT = -1.0  # "X，但是/就是 …" with nothing positive after the contrast
CONTRAST_DISCOUNT = 0.8  # what words before a contrast still weigh


def _table(name: str) -> list[list[str]]:
    lines = (LEXICONS / name).read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=None)
def _zh_base() -> tuple[dict[str, float], dict[str, dict[str, float]]]:
    words = {normalise(w, "zh"): float(v) for w, v in _table("zh_sentiment.tsv")}
    mods: dict[str, dict[str, float]] = {"negator": {}, "intensifier": {}, "contrast": {}}
    for kind, word, factor in _table("zh_modifiers.tsv"):
        mods[kind][word] = float(factor)
    return words, mods


class ChineseSentiment:
    def __init__(self, extra: Mapping[str, float] | None = None):
        words, self.mods = _zh_base()
        self.words = dict(words)
        self.words.update({normalise(w, "zh"): v for w, v in (extra or {}).items()})
        self.longest = max(map(len, self.words))

    def lexicon(self, text: str) -> float:
        """The lexicon's raw points for a text (before squashing).

        After a contrast word ("但是", "就是") words weigh more and those before it less; a contrast
        followed by nothing positive is itself a complaint ("还不错，就是……").
        """
        before: list[float] = []
        contrast, after_contrast = 1.0, None
        for clause in _CLAUSE.split(text):
            norm = normalise(clause, "zh")
            i, last_end = 0, 0
            while i < len(norm):
                hit = next((norm[i:i + n] for n in range(min(self.longest, len(norm) - i), 0, -1)
                            if norm[i:i + n] in self.words), None)
                con = next((c for c in self.mods["contrast"] if norm.startswith(c, i)), None)
                if con and (not hit or len(con) >= len(hit)):
                    before = [v * CONTRAST_DISCOUNT for v in before]
                    contrast, after_contrast = self.mods["contrast"][con], []
                    i = last_end = i + len(con)
                    continue
                if not hit:
                    i += 1
                    continue
                value = self.words[hit] * self._modifier(norm[last_end:i]) * contrast
                before.append(value)
                if after_contrast is not None:
                    after_contrast.append(value)
                i = last_end = i + len(hit)
        total = sum(before)
        if after_contrast is not None and sum(after_contrast) <= 0:
            total += CONTRAST_COMPLAINT
        return total

    def _modifier(self, prefix: str) -> float:
        factor, tail = 1.0, prefix[-4:]
        for word, f in self.mods["intensifier"].items():
            if tail.endswith(word):
                factor *= f
                tail = tail[: -len(word)]
                break
        negs = [w for w in self.mods["negator"] if w in tail[-3:]]
        if negs:
            factor *= self.mods["negator"][max(negs, key=len)]
        return factor

    def __call__(self, texts: Sequence[str]) -> list[float]:
        return [math.tanh(self.lexicon(text) / LEXICON_SCALE) for text in texts]


class EnglishSentiment:
    """VADER with service words, complaint phrases, and courtesy ("thanks", "please") that does not
    count as positive when the same words complain ("thanks for making me check my bag")."""

    def __init__(self, extra: Mapping[str, float] | None = None):
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        self.analyzer = SentimentIntensityAnalyzer()
        self.analyzer.lexicon.update({w: float(v) for w, v in _table("en_sentiment.tsv")})
        self.analyzer.lexicon.update({w.lower(): 4.0 * v / 3.0 for w, v in (extra or {}).items()})
        self.phrases = [(f" {normalise(p, 'en')} ", float(v)) for p, v in _table("en_phrases.tsv")]

    def __call__(self, texts: Sequence[str]) -> list[float]:
        return [self.one(t) for t in texts]

    def one(self, text: str) -> float:
        text = _REPLY.sub(" ", text)
        padded = f" {normalise(text, 'en')} "
        complaint = sum(v for p, v in self.phrases if p in padded)
        scores = self.analyzer.polarity_scores(text)
        if complaint < 0 or scores["neg"] > 0:
            scores = self.analyzer.polarity_scores(_COURTESY.sub(" ", text))
        return max(-1.0, min(1.0, scores["compound"] + complaint))


# a reply word before a pause answers a question ("Anything else?" "Nope, that's perfect."): it does
# not negate the words after it, as VADER would read it
_REPLY = re.compile(r"\b(?:no|nope|nah|naw)\s*[,.!;]+", re.I)
_COURTESY = re.compile(r"\b(thanks|thank you|thx|thnx|ty|please|pls|appreciate it)\b", re.I)


def embedded_sentiment(language: str, extra: Mapping[str, float] | None = None) -> Polarity:
    return ChineseSentiment(extra) if language == "zh" else EnglishSentiment(extra)


def speaker_arc(turns: Sequence[Turn], values: Mapping[int, float]) -> tuple[float | None, float | None]:
    """Mean sentiment over the first and the last third of one speaker's speech (by characters)."""
    sizes = [len(t.text.strip()) + 1 for t in turns]
    total = sum(sizes)
    if not turns:
        return None, None
    first, last, seen = [], [], 0
    for t, size in zip(turns, sizes):
        mid = (seen + size / 2) / total
        seen += size
        if mid <= 1 / 3:
            first.append((t, size))
        if mid >= 2 / 3:
            last.append((t, size))
    first = first or [(turns[0], sizes[0])]
    last = last or [(turns[-1], sizes[-1])]

    def mean(part):
        return sum(values[t.index] * w for t, w in part) / sum(w for _, w in part)

    return mean(first), mean(last)


def sentiment_scores(role: str, turns: Sequence[Turn], values: Mapping[int, float]) -> list[Score]:
    start, end = speaker_arc(turns, values)
    if start is None:
        return [Score(f"sentiment.{role}.{p}", None, "no turns") for p in ("start", "end", "shift")]
    low = min(turns, key=lambda t: values[t.index])
    high = max(turns, key=lambda t: values[t.index])
    ev = tuple(Evidence(turn=t.index, start=t.start, end=t.end, quote=quote(t.text),
                        note=f"{name} {role} turn: {values[t.index]:+.2f}")
               for name, t in (("most negative", low), ("most positive", high)))
    return [Score(f"sentiment.{role}.start", round(start, 3), "first third of the speech", ev[:1]),
            Score(f"sentiment.{role}.end", round(end, 3), "last third of the speech", ev[1:]),
            Score(f"sentiment.{role}.shift", round(end - start, 3), "end minus start")]
