"""English politeness as a linear model over politeness strategies and word n-grams.

The strategies follow Danescu-Niculescu-Mizil et al. (ACL 2013, "A computational approach to
politeness"): gratitude, deference, greetings, apologies, "please" (and "please" first), indirect
"by the way", direct questions and starts, counterfactual and indicative modals, first/second person
(first or not), hedges, factuality, and positive/negative words (VADER's lexicon stands in for the
paper's opinion lexicon). They are regular expressions over the text, no parser.

The weights are data: ``lexicons/en_politeness_model.json`` (feature -> coefficient, intercept, and
``scale``, the spread of the output on the training requests), trained by
``benchmarks/scoring_politeness_train.py`` on the Stanford Politeness Corpus dev splits (CC BY 4.0).
``value(text)`` is above 0 for a text that reads polite, below 0 for impolite; ``explain`` names the
features that moved it most, so the score carries its reasons.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Mapping

from callqa.errors import InputError

MODEL_PATH = Path(__file__).with_name("lexicons") / "en_politeness_model.json"

_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)?|[?!]")
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
_FIRST = {"i", "my", "mine", "myself"}
_SECOND = {"you", "your", "yours", "yourself", "u", "ur"}
_PLURAL = {"we", "our", "us", "ourselves", "ours"}
_HEDGES = {"think", "thought", "believe", "suggest", "guess", "perhaps", "maybe", "possibly",
           "probably", "might", "seem", "seems", "seemed", "appear", "appears", "assume", "suppose",
           "apparently", "somewhat", "presumably", "likely", "unlikely", "wonder", "wondering",
           "hope", "hoping", "fairly", "rather", "quite", "almost", "roughly", "generally",
           "usually", "sort", "kind"}
_STARTS_DIRECT = {"so", "then", "and", "but", "or"}
_QUESTION_WORDS = {"what", "why", "who", "how", "where", "when", "which"}
_DEFERENCE = {"great", "good", "nice", "interesting", "cool", "excellent", "awesome", "wonderful",
              "impressive", "thoughtful"}
_GREETINGS = {"hi", "hello", "hey", "greetings", "morning", "afternoon", "evening"}
_STRATEGY_PATTERNS = {
    "gratitude": re.compile(r"\b(thanks?|thank you|thx|grateful|appreciate[ds]?|appreciated)\b"),
    "apologizing": re.compile(r"\b(sorry|apologi[sz]e|apologies|excuse me|forgive me|pardon)\b"),
    "please": re.compile(r"\b(please|pls|plz|kindly)\b"),
    "indirect_btw": re.compile(r"\b(by the way|btw|incidentally)\b"),
    "counterfactual_modal": re.compile(r"\b(could|would) (you|u)\b"),
    "indicative_modal": re.compile(r"\b(can|will) (you|u)\b"),
    "factuality": re.compile(r"\b(in fact|actually|the truth is|the fact is|really|obviously|clearly)\b"),
    "mind": re.compile(r"\b(would|do) you mind\b|\bif you don'?t mind\b"),
    "exclamation": re.compile(r"!"),
}


@lru_cache(maxsize=1)
def _opinion_words() -> tuple[frozenset[str], frozenset[str]]:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    lexicon = SentimentIntensityAnalyzer().lexicon
    return (frozenset(w for w, v in lexicon.items() if v >= 1.0),
            frozenset(w for w, v in lexicon.items() if v <= -1.0))


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower().replace("\u2019", "'"))


def strategies(text: str) -> set[str]:
    """The politeness strategies a text uses, by name."""
    low = " ".join(text.lower().replace("\u2019", "'").split())
    found = {name for name, pattern in _STRATEGY_PATTERNS.items() if pattern.search(low)}
    positive, negative = _opinion_words()
    for sentence in filter(None, (s.strip() for s in _SENTENCE.split(low))):
        words = tokens(sentence)
        if not words:
            continue
        first, rest = words[0], set(words[1:])
        found |= {name for name, hit in (
            ("please_start", first in ("please", "pls", "plz")),
            ("greeting", first in _GREETINGS or sentence.startswith("good morning")),
            ("deference", first in _DEFERENCE),
            ("direct_question", first in _QUESTION_WORDS),
            ("direct_start", first in _STARTS_DIRECT),
            ("first_person_start", first in _FIRST),
            ("second_person_start", first in _SECOND),
            ("first_person", bool(rest & _FIRST)),
            ("second_person", bool(rest & _SECOND)),
            ("first_person_plural", bool(set(words) & _PLURAL)),
            ("hedge", bool(set(words) & _HEDGES)),
            ("positive_word", bool(set(words) & positive)),
            ("negative_word", bool(set(words) & negative)),
            ("question", "?" in words),
        ) if hit}
    return found


def features(text: str) -> dict[str, float]:
    """Binary features: ``s:<strategy>``, ``w:<word>`` and ``b:<word> <word>``."""
    out = {f"s:{name}": 1.0 for name in strategies(text)}
    words = tokens(text)
    out.update((f"w:{w}", 1.0) for w in words)
    out.update((f"b:{a} {b}", 1.0) for a, b in zip(words, words[1:]))
    return out


@dataclass(frozen=True)
class PolitenessModel:
    intercept: float
    weights: Mapping[str, float]
    scale: float  # the spread of value() over the training requests
    source: str

    def contributions(self, text: str) -> dict[str, float]:
        feats = features(text)
        return {f: self.weights[f] * v for f, v in feats.items() if f in self.weights}

    def value(self, text: str) -> float:
        return self.intercept + sum(self.contributions(text).values())

    def explain(self, text: str, n: int = 3) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The strongest (polite, impolite) features of a text, readable: ``"please"``, ``"strategy: hedge"``."""
        ranked = sorted(self.contributions(text).items(), key=lambda fc: abs(fc[1]), reverse=True)
        polite = tuple(_readable(f) for f, c in ranked if c > 0)[:n]
        impolite = tuple(_readable(f) for f, c in ranked if c < 0)[:n]
        return polite, impolite


def _readable(feature: str) -> str:
    kind, name = feature.split(":", 1)
    return f"strategy: {name.replace('_', ' ')}" if kind == "s" else f'"{name}"'


def load_model(path: str | Path = MODEL_PATH) -> PolitenessModel:
    """Read a model file; a malformed one is an InputError naming the file."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        weights = {str(k): float(v) for k, v in data["weights"].items()}
        scale = float(data["scale"])
        if not scale > 0:
            raise ValueError(f"scale must be above 0, not {scale}")
        return PolitenessModel(float(data["intercept"]), weights, scale, str(path))
    except OSError as exc:
        raise InputError(str(path), f"cannot read the politeness model: {exc.strerror or exc}") from exc
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise InputError(str(path), f"not a politeness model (needs intercept, scale and weights): {exc}") from exc


@lru_cache(maxsize=4)
def shipped_model(path: str = str(MODEL_PATH)) -> PolitenessModel:
    return load_model(path)


@lru_cache(maxsize=1)
def model_version() -> str:
    """The shipped model file's short SHA-256: part of the scorer's version."""
    return hashlib.sha256(MODEL_PATH.read_bytes()).hexdigest()[:12]
