"""Promised, not delivered: a remedy said under a condition or left to a later decision.

"如果确认丢件了，就给您全额退款", "退款或者补发您到时候可以选", "you'll get a decision on a replacement
within three days": the agent names a remedy, but whether the customer gets it is decided after the
call. RUBRIC §1 calls that a handoff with a next step (level 1), not a resolution (level 2).

This is grammar, not the rubric's phrase lists: a sentence that holds a remedy is deferred when it
also holds a condition, a pending-decision marker or a promised callback, unless the remedy is said
as done ("已经", "I've"). An offer that only waits for the customer's own
yes ("如果您同意的话", "if you like") is not deferred: their acceptance is what level 2 asks for.
"""

from __future__ import annotations

import re

from callqa.records import Turn
from scoring.matching import EXACT, Match
from scoring.text import normalise

_SENTENCE = {"zh": re.compile(r"[。！？!?；;]+"), "en": re.compile(r"[.!?;]+(?:\s|$)")}
# a decision still to be taken: the remedy waits for it even when a request was already filed
# ("我已经提交了退款申请，三个工作日内会有审核结果", "I've opened a claim, they'll decide whether to replace it")
_PENDING = {
    "zh": ("有结果", "审核结果", "处理结果", "是否", "审核后", "等审核", "需要审核", "核实后", "确认后", "看情况"),
    "en": ("whether", "decision", "decide", "decides", "pending", "approval", "approve", "approves", "review",
           "reviews", "investigate", "investigation"),
}
# a condition: the remedy depends on it, unless it is said as already done
# ("已经给您退款了，如果没到账再联系我们")
_CONDITION = {
    "zh": ("如果", "要是", "万一", "假如", "到时候", "找不到就", "找不回", "给您回电", "回电话", "答复您", "回复您"),
    "en": ("if", "once", "depending", "depends", "unless", "call you back", "get back to you"),
}
_DONE = {"zh": ("已经", "已", "好了"), "en": ("i've", "we've", "i have", "we have", "done", "already")}
_OFFERS = {
    "zh": ("如果您同意", "如果您愿意", "如果您需要", "如果您接受", "如果您方便", "如果您觉得", "如果您看",
           "要是您同意", "要是您需要", "如果可以的话"),
    "en": ("if you like", "if you want", "if you'd like", "if you would like", "if you prefer", "if that works",
           "if that's okay", "if that is okay", "if you need", "if that helps", "if it helps", "if you're okay",
           "if you are okay", "if that's alright", "if you agree"),
}


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


# a next step with a time: "三个工作日内开好", "十分钟之内给您回电", "within two working days",
# "three to five business days"
_WINDOW = {
    "zh": re.compile(r"[\d一二两三四五六七八九十几半]+个?(工作日|小时|天|分钟)(之内|以内|内)"),
    "en": re.compile(r"\b(within|in the next) (the next )?(\w+ )?(to \w+ )?(business |working )?(days?|hours?)\b|"
                     r"\b\w+ to \w+ (business|working) days\b"),
}


def time_windows(turns: tuple[Turn, ...], language: str) -> list[Match]:
    """Turns that give a next step a time: RUBRIC §1's "a concrete next step or time"."""
    out = []
    for turn in turns:
        hit = _WINDOW[language].search(normalise(turn.text, language))
        if hit:
            out.append(Match("handoff", hit.group(0), turn, EXACT, 100.0, hit.start()))
    return out
