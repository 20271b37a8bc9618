"""Identifier numbers in digit runs: phones, resident IDs, card numbers, SSNs, order numbers.

A run is judged by its digits (length, prefix, checksum) and by the words just before it: "订单号",
"order number" claim a run for the order number even when its digits would pass as a card; "电话",
"phone" let a bare 7-8 digit local number count; "social", "SSN" let nine spoken digits count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from transcribe.pii import checksums as check
from transcribe.pii.digits import DigitRun, digit_runs

PHONE, ID_NUMBER, BANK_CARD, SSN, ORDER_NUMBER = "phone", "id_number", "bank_card", "ssn", "order_number"

_CONTEXT_WINDOW = 24
_CUES = (
    (ORDER_NUMBER, r"订单编号|订单号|订单|单号|运单|快递|工单|order|tracking|confirmation|reference|case number|ticket"),
    (ID_NUMBER, r"身份证|证件|id number|identity|identification"),
    (BANK_CARD, r"卡号|银行卡|信用卡|储蓄卡|借记卡|card|paid with|pay with|visa|mastercard|master card|amex|"
                r"american express|discover|expires|expiry|expiration|cvv|credit|debit"),
    (SSN, r"social|ssn|security number"),
    (PHONE, r"电话|手机|座机|联系方式|打给|致电|phone|call|reach|cell|mobile|dial|text me"),
    # numbers that are nobody's personal data: they silence a nearby "号码" / "number"
    ("other", r"发票|编号|工号|验证码|取件码|型号|会员号|流水号|交易号|序列号|invoice|model|code|flight|room|"
              r"extension|ext|serial|transaction"),
    ("generic", r"号码|number|numbers"),  # names no kind by itself: any other cue near it wins
)
# Whisper writes Chinese in Traditional characters now and then: every cue in both scripts
_TRADITIONAL = str.maketrans("电话机联系号码证银储记订单编运递发验会员给",
                             "電話機聯繫號碼證銀儲記訂單編運遞發驗會員給")


def _cue_pattern(pattern: str) -> str:
    """English cues as whole words; Chinese cues in both scripts (and they may touch letters: 单号SF…)."""
    words = pattern.split("|")
    english = [w for w in words if w.isascii()]
    chinese = [w for w in words if not w.isascii()]
    chinese += [t for t in (w.translate(_TRADITIONAL) for w in chinese) if t not in chinese]
    alternatives = ([rf"(?<![a-z])(?:{'|'.join(english)})(?![a-z])"] if english else []) + chinese
    return "|".join(alternatives)


_CUE_RE = re.compile("|".join(f"(?P<{kind}>{_cue_pattern(pattern)})" for kind, pattern in _CUES),
                     re.IGNORECASE)
_ORDER_CODE_PREFIX = re.compile(r"(?<![A-Za-z])(?:[A-Za-z]{1,6}[-#]?|[A-Z]{1,4}\s)$")  # DD2024…, ORD-1…, W 1 1…
_PLACEHOLDER = re.compile(r"\[[A-Z_]+\]")


@dataclass(frozen=True)
class Finding:
    """A span of personal data in a text, before it is replaced."""

    kind: str
    start: int
    end: int


def _kind_of(cues: list[str]) -> str | None:
    """The closest specific cue's kind; a bare "number" / "号码" is a phone cue only when alone."""
    specific = [c for c in cues if c != "generic"]
    if specific:
        return specific[0]
    return PHONE if cues else None


# a cue word followed by a value of its own ("… and the reference is ABC-77") names that value
_OWN_VALUE = re.compile(r"\s*(?:number|no\.?|编号|号码|號碼)?\s*(?:is|was|are|:|：|是|为|為)?\s*"
                        r"(?:[A-Za-z]{1,6}[-#]?\s?)?[0-9０-９零〇一二三四五六七八九幺]", re.IGNORECASE)


def _cue(text: str, start: int, end: int, floor: int, ceiling: int) -> str | None:
    """The kind named by cue words just before a run, else just after it ("…, my social"), unless
    the cue after it goes with a value of its own."""
    before = [m.lastgroup for m in _CUE_RE.finditer(text, max(floor, start - _CONTEXT_WINDOW), start)]
    if before:
        return _kind_of(before[::-1])
    after = _CUE_RE.finditer(text, end, min(ceiling, end + _CONTEXT_WINDOW))
    return _kind_of([m.lastgroup for m in after if not _OWN_VALUE.match(text, m.end())])


def _groups_look_like_ssn(run: DigitRun) -> bool:
    return [len(t.digits) for t in run.tokens] == [3, 2, 4] and all(t.written for t in run.tokens)


def classify(run: DigitRun, cue: str | None, language: str) -> str | None:
    """The kind of personal number these digits are, or None.

    Digits alone decide when they pass a kind's rules (prefix, length, checksum). A cue that names a
    kind ("卡号", "social") also takes a number of that kind's length that fails its checksum: one
    digit misheard by the recogniser still leaves the rest of a card number to hide.
    """
    digits = run.digits
    if "X" in digits:
        return ID_NUMBER if digits.endswith("X") and len(digits) == 18 and (
            cue == ID_NUMBER or check.resident_id_valid(digits)) else None
    if cue == ORDER_NUMBER:
        return ORDER_NUMBER if len(digits) >= 5 else None
    if run.glued_to_letters():
        return None
    if language != "zh" and check.service_number(digits):
        return None  # 1-800-…: the company's line (in Chinese, 1800… is a mobile number)
    by_digits = _kinds_by_digits(run, language)
    if cue == "other" and BANK_CARD in by_digits:
        by_digits.remove(BANK_CARD)  # a serial or invoice number passes Luhn one time in ten
    if cue in by_digits or _fits_named_kind(digits, cue, language):
        return cue
    return by_digits[0] if by_digits else None


def _kinds_by_digits(run: DigitRun, language: str) -> list[str]:
    digits, kinds = run.digits, []
    if check.resident_id_valid(digits):
        kinds.append(ID_NUMBER)
    if 16 <= len(digits) <= 19 and check.luhn_valid(digits) or (
            language != "zh" and check.card_number_valid(digits)):
        kinds.append(BANK_CARD)
    if (check.cn_mobile_valid(digits) or (language != "en" and check.cn_landline_valid(digits))
            or (language != "zh" and check.us_phone_valid(digits))):
        kinds.append(PHONE)
    if language != "zh" and check.ssn_valid(digits) and _groups_look_like_ssn(run):
        kinds.append(SSN)
    return kinds


def _fits_named_kind(digits: str, cue: str | None, language: str) -> bool:
    """Whether a number named by a cue has that kind's length (its checksum may be misheard)."""
    if cue == ID_NUMBER:
        return len(digits) in (15, 18)  # 15 digits: first-generation ID cards
    if cue == BANK_CARD:
        return (16 if language == "zh" else 13) <= len(digits) <= 19
    if cue == PHONE:
        return 7 <= len(digits) <= 13 and digits[0] != "0" or 10 <= len(digits) <= 12
    if cue == SSN:
        return len(digits) == 9 and language != "zh"
    return False


def _longest_from(run: DigitRun, i: int, cuts: list[int], cue, language) -> tuple[int, str] | None:
    """The longest number starting at token i and ending at a cut (no kind is over 19 digits)."""
    reachable, length = [], 0
    for j in (c for c in cuts if c > i):
        length = sum(len(t.digits) for t in run.tokens[i:j])
        if length > 19:
            break
        reachable.append(j)
    for j in reversed(reachable):
        kind = classify(run.sub(i, j), cue, language)
        if kind:
            return j, kind
    return None


def _split(run: DigitRun, cue: str | None, language: str) -> list[tuple[DigitRun, str]]:
    """Numbers in a run, whole, or ending where the speaker paused (two phones read in one breath)."""
    kind = classify(run, cue, language)
    if kind:
        return [(run, kind)]
    if check.service_number(run.digits):
        return []
    n = len(run.tokens)
    cuts = [k + 1 for k in range(n - 1) if run.strong_boundary(k)] + [n]
    starts = [0] + cuts[:-1]
    found, i = [], 0
    while i < n:
        hit = _longest_from(run, i, cuts, cue, language) if i in starts else None
        if hit:
            j, kind = hit
            found.append((run.sub(i, j), kind))
            i = j
        else:
            i = next((s for s in starts if s > i), n)
    return found or _exact_partition(run, cue, language)


def _exact_partition(run: DigitRun, cue: str | None, language: str) -> list[tuple[DigitRun, str]]:
    """Spoken numbers read without a pause: keep them only if the run splits exactly into numbers."""
    n = len(run.tokens)
    if n < 14:
        return []
    best: list[list[tuple[DigitRun, str]] | None] = [None] * (n + 1)
    best[0] = []
    for j in range(1, n + 1):
        for i in range(max(0, j - 19), j):
            if best[i] is None:
                continue
            kind = classify(run.sub(i, j), cue, language)
            if kind and (best[j] is None or len(best[i]) + 1 < len(best[j])):
                best[j] = best[i] + [(run.sub(i, j), kind)]
    return best[n] or []


def _span(run: DigitRun) -> tuple[int, int]:
    """The run's span, with a leading ``+`` / ``(`` and a trailing ``)`` that belong to it."""
    text, start, end = run.text, run.start, run.end
    while start > 0 and text[start - 1] in "+(（":
        start -= 1
    if "(" in text[start:end] or "（" in text[start:end]:
        while end < len(text) and text[end] in ")）":
            end += 1
    return start, end


def _with_code_prefix(text: str, start: int) -> int:
    """An order number's letters before its digits (``DD20240512``, ``ORD-1234``)."""
    match = _ORDER_CODE_PREFIX.search(text, max(0, start - 7), start)
    return match.start() if match else start


def find_numbers(text: str, language: str) -> list[Finding]:
    """Every phone, resident ID, card, SSN and order number written or spoken in the text."""
    findings: list[Finding] = []
    placeholder_ends = [m.end() for m in _PLACEHOLDER.finditer(text)]
    placeholder_starts = [m.start() for m in _PLACEHOLDER.finditer(text)]
    runs = digit_runs(text)
    floor = 0
    for k, run in enumerate(runs):
        # a cue never reaches across another number or a redaction
        floor = max([floor] + [e for e in placeholder_ends if e <= run.start])
        ceiling = min([runs[k + 1].start if k + 1 < len(runs) else len(text)]
                      + [s for s in placeholder_starts if s >= run.end])
        cue = _cue(text, run.start, run.end, floor, ceiling)
        for part, kind in _split(run, cue, language):
            start, end = _span(part)
            if kind == ORDER_NUMBER:
                start = _with_code_prefix(text, start)
            findings.append(Finding(kind, start, end))
        floor = run.end
    return findings
