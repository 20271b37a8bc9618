"""Tolerant phrase matching through speech-recognition slips.

A phrase matches a turn, best first, as: an exact substring of the normalised text; a homophone
(the same fuzzy-pinyin syllables, Chinese only: "您号" for "您好"); or a fuzzy match (rapidfuzz
partial ratio at least ``Matching.fuzzy_threshold`` over characters, and for Chinese over pinyin) for
phrases long enough to survive a dropped or garbled word. ``a*b`` in a phrase means "a, then b later
in the same turn". Every match keeps where it was found, so it becomes evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from callqa.records import Evidence, Turn
from callqa.rubric import CueSet, Matching
from scoring.text import normalise, syllables

EXACT, HOMOPHONE, FUZZY, PAIRED = "exact", "homophone", "fuzzy", "paired"
# not a phrase: the agent's substantive reply to a question (CallContext.answers)
ANSWER = "answer"
# Chinese clauses end at punctuation, or at a space: recognisers often print pauses as spaces
_ZH_CLAUSE = re.compile(r"[，,。.!！?？;；\s]+")
_EN_CLAUSE = re.compile(r"[.!?;]+(?:\s|$)")
_ZH_NEGATORS = "不没未别无非莫"
_ZH_NOT_NEGATING = ("没有了", "没了", "没事", "没问题", "没关系", "不客气", "不用谢", "没别的")  # "没了，谢谢"
_EN_NEGATORS = {"not", "never", "nothing", "hardly", "neither", "nor", "without", "cannot"}
# what an agent does (a remedy, a solution) is negated further back than a feeling: "it can't be
# cancelled or refunded"; "not happy" needs the negator right before
_ACTION_CUES = {"remedy", "solution", "handoff"}
_EN_REACH = {True: 4, False: 2}


@dataclass(frozen=True)
class Said:
    """A turn prepared once for matching."""

    turn: Turn
    norm: str
    pinyin: str  # " " + syllables joined by " " + " " (Chinese), "" otherwise
    clauses: tuple[str, ...] = ()  # normalised clauses (Chinese: between commas or spaces; English: sentences)


@dataclass(frozen=True)
class Match:
    cue: str  # the cue set's name, e.g. "greeting", "remedy"
    phrase: str
    turn: Turn
    how: str  # exact | homophone | fuzzy
    score: float  # 0..100
    at: int  # character offset of the match in the normalised text

    def evidence(self, note: str | None = None) -> Evidence:
        detail = ("exact match" if self.how == EXACT else "a substantive agent reply, no complaint voiced"
                  if self.how == ANSWER else f"{self.how} match ({self.score:.0f})")
        return Evidence(turn=self.turn.index, start=self.turn.start, end=self.turn.end,
                        quote=quote(self.turn.text), cue=f"{self.cue}: {self.phrase}",
                        note=f"{detail}; {note}" if note else detail)


def clause_of(match: Match, language: str) -> str:
    """The raw clause (up to a comma or a stop) of the match's turn that holds the match."""
    pos = 0
    for clause in re.split(r"(?<=[，,。.!！?？;；])", match.turn.text):
        pos += len(normalise(clause, language)) + (0 if language == "zh" else 1)
        if match.at < pos:
            return clause
    return match.turn.text


def asked(match: Match, language: str) -> bool:
    """The clause holding the match is a question ("您需要联系商家吗", "should I call the store?")."""
    return clause_of(match, language).rstrip(" ，,。.!！;；").endswith(("?", "？", "吗", "吧？"))


def quote(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Matcher:
    def __init__(self, language: str, matching: Matching):
        self.language = language
        self.matching = matching

    def prepare(self, turns: tuple[Turn, ...]) -> tuple[Said, ...]:
        return tuple(self.said(t) for t in turns)

    def said(self, turn: Turn) -> Said:
        norm = normalise(turn.text, self.language)
        pinyin = ""
        if self.language == "zh" and self.matching.pinyin:
            pinyin = " " + " ".join(syllables(norm)) + " "
        split = _ZH_CLAUSE if self.language == "zh" else _EN_CLAUSE
        clauses = tuple(c for c in (normalise(x, self.language) for x in split.split(turn.text)) if c)
        return Said(turn, norm, pinyin, clauses)

    def find(self, cues: CueSet, said: Said) -> Match | None:
        """The best-matching phrase of a cue set in one turn (ignoring who said it)."""
        best = self._paired(cues, said) if cues.commit else None
        for phrase in cues.phrases:
            found = self._phrase(phrase, said)
            if found is None:
                continue
            how, score, at = found
            if cues.negatable and self._negated(said.norm, at, cues.name in _ACTION_CUES):
                continue
            if best is None or score > best.score:
                best = Match(cues.name, phrase, said.turn, how, score, at)
                if score >= 100:
                    break
        return best

    def find_all(self, cues: CueSet, said: tuple[Said, ...]) -> list[Match]:
        """The best match in every turn of the cue set's speaker, in call order."""
        out = []
        for s in said:
            if cues.speaker != "any" and s.turn.speaker != cues.speaker:
                continue
            m = self.find(cues, s)
            if m is not None:
                out.append(m)
        return out

    def _paired(self, cues: CueSet, said: Said) -> Match | None:
        """A commitment word then an object word in one clause, with no negation between them."""
        for clause in said.clauses:
            padded = clause if self.language == "zh" else f" {clause} "
            for word in cues.commit:
                at = padded.find(bounded(word, self.language))
                if at < 0:
                    continue
                for obj in cues.objects:
                    where = padded.find(bounded(obj, self.language), at + 1)
                    lead = max(0, at - 2) if self.language == "zh" else padded.rfind(" ", 0, max(at - 1, 0)) + 1
                    if where < 0 or _negations(padded[lead:where], self.language):
                        continue
                    if self.language == "zh" and padded.startswith("不", where + len(obj)):
                        continue  # "退不了", "换不到": the verb's potential complement negates it
                    pos = said.norm.find(clause)
                    return Match(cues.name, f"{word} … {obj}", said.turn, PAIRED, 100.0, max(pos, 0))
        return None

    def _phrase(self, phrase: str, said: Said) -> tuple[str, float, int] | None:
        parts = _parts(phrase, self.language)
        sounds = sum(map(len, parts)) >= self.matching.min_homophone_chars
        offset, worst_how, worst, first = 0, EXACT, 100.0, None
        for part in parts:
            found = self._part(part, said, offset, sounds)
            if found is None:
                return None
            how, score, at = found
            if first is not None and at - offset > self.matching.max_gap_chars:
                return None
            first = at if first is None else first
            offset = at + len(part)
            if score < worst:
                worst, worst_how = score, how
        return worst_how, worst, first or 0

    def _part(self, part: str, said: Said, offset: int, sounds: bool) -> tuple[str, float, int] | None:
        text = said.norm
        if self.language == "zh":
            at = text.find(part, offset)
            if at >= 0:
                return EXACT, 100.0, at
        else:
            padded = f" {text} "
            at = padded.find(f" {part} ", offset)
            if at >= 0:
                return EXACT, 100.0, at
        if said.pinyin and sounds and len(part) >= 2:
            part_py = _pinyin(part)
            at = said.pinyin.find(part_py)
            while at >= 0 and said.pinyin[:at].count(" ") < offset:
                at = said.pinyin.find(part_py, at + 1)
            if at >= 0:
                return HOMOPHONE, 96.0, said.pinyin[:at].count(" ")
        if len(part) < self.matching.min_fuzzy_chars:
            return None
        tail = text[offset:]
        threshold = self.matching.fuzzy_threshold
        if len(tail) < len(part):
            score = fuzz.ratio(part, tail)
            ok = score >= threshold and self._plausible(part, tail)
            return (FUZZY, score, offset) if ok else None
        found = fuzz.partial_ratio_alignment(part, tail, score_cutoff=threshold)
        if found is not None:
            span = tail[found.dest_start:found.dest_end]
            if self.language == "en":
                span, found_start = _whole_words(tail, found.dest_start, found.dest_end)
                score = fuzz.ratio(part, span)
            else:
                found_start, score = found.dest_start, found.score
            if score >= threshold and self._plausible(part, span):
                return FUZZY, score, offset + found_start
        if said.pinyin:
            part_py = _pinyin(part).strip()
            found = fuzz.partial_ratio_alignment(part_py, said.pinyin, score_cutoff=threshold + 4)
            if found is not None:
                at = said.pinyin[: found.dest_start].count(" ")
                span = text[at:at + len(part)]
                if at >= offset and self._plausible(part, span):
                    return FUZZY, found.score - 4, at
        return None

    def _plausible(self, part: str, span: str) -> bool:
        """A fuzzy match may garble the middle of a phrase, not its meaning: the matched words keep
        the phrase's negation and who acts, and in Chinese its first and last characters (or their sounds)."""
        if _negations(part, self.language) != _negations(span, self.language):
            return False
        if self.language == "en":
            return _words_present(part, span) and _same_person(part, span)
        if any(w in span and w not in part for w in _ZH_ACTING):
            return False  # "我帮您联系商家处理" acts; "商家来处理" leaves it to the merchant
        if self.language == "zh" and span:
            def same(a: str, b: str) -> bool:
                return a == b or (self.matching.pinyin and syllables(a) == syllables(b))
            return same(part[0], span[0]) and same(part[-1], span[-1])
        return True

    def negated(self, match: Match) -> bool:
        """A negator right before the matched phrase ("没有补偿", "can't be refunded")."""
        return match.how != PAIRED and self._negated(normalise(match.turn.text, self.language), match.at,
                                                     match.cue in _ACTION_CUES)

    def _negated(self, norm: str, at: int, action: bool = False) -> bool:
        if self.language == "zh":
            window = norm[max(0, at - 3):at]
            for phrase in _ZH_NOT_NEGATING:
                window = window.replace(phrase, "")
            return any(ch in _ZH_NEGATORS for ch in window[-2:])
        before = norm[:at].split()[-_EN_REACH[action]:]
        return any(w in _EN_NEGATORS or w.endswith("n't") for w in before)


@lru_cache(maxsize=8192)
def _parts(phrase: str, language: str) -> tuple[str, ...]:
    return tuple(p for p in (normalise(x, language) for x in phrase.split("*")) if p)


@lru_cache(maxsize=8192)
def _pinyin(part: str) -> str:
    return " " + " ".join(syllables(part)) + " "


def _negations(text: str, language: str) -> int:
    if language == "zh":
        return sum(text.count(ch) for ch in "不没别")
    return sum(1 for w in text.split() if w in _EN_NEGATORS or w == "no" or w.endswith("n't"))


def _whole_words(text: str, start: int, end: int) -> tuple[str, int]:
    """The span widened to whole words (English fuzzy matches must not end inside a word)."""
    while start > 0 and text[start - 1] != " ":
        start -= 1
    while end < len(text) and text[end] != " ":
        end += 1
    return text[start:end].strip(), start


@lru_cache(maxsize=4096)
def bounded(word: str, language: str) -> str:
    word = normalise(word, language)
    return word if language == "zh" else f" {word} "


_ZH_ACTING = ("我", "帮您", "帮你", "为您")  # the agent acting, which a fuzzy match must not add
_YOU = {"you", "you'd", "you'll", "you're", "you've", "your", "yourself"}
_ME = {"i", "i'd", "i'll", "i'm", "i've", "me", "my", "myself", "we", "we'd", "we'll", "we're", "we've", "our", "us"}


def _same_person(part: str, span: str) -> bool:
    """Who acts must survive a fuzzy match: "you'd want to reach the driver" (deflecting) is not
    "I want to reach the driver" (acting)."""
    said, meant = set(span.split()), set(part.split())
    for person, other in ((_YOU, _ME), (_ME, _YOU)):
        if person & meant and not other & meant and (other & said or not person & said):
            return False
    return True


def _words_present(part: str, span: str) -> bool:
    """Every word of an English phrase appears (possibly misspelt) in the span; one may be missing
    from phrases of four words or more."""
    words, found = part.split(), span.split()
    missing = sum(1 for w in words if not any(fuzz.ratio(w, f) >= 70 for f in found))
    return missing <= (1 if len(words) >= 4 else 0)
