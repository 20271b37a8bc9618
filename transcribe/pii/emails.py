"""E-mail addresses, written (``li.na@163.com``) or spoken ("li na dot wang at gmail dot com",
``zhangsan艾特qq点com``)."""

from __future__ import annotations

import re

from transcribe.pii.numbers import Finding

EMAIL = "email"

_TLD = r"(?:com|net|org|edu|gov|cn|io|co|uk|us|ca|au|de|jp|hk|tw|info|biz|me|mil)"
_AT = r"(?:\s*@\s*|\s+at\s+|[\s,，]*(?:艾特|爱特|圈a)\s*)"
_DOT = r"(?:\s*\.\s*|[\s,，]+dot[\s,，]+|\s*(?:点|點)\s*)"  # "k, a, t, e, dot, l, e, e"
_JOIN = r"(?:\s*[_\-]\s*|\s+(?:underscore|dash|hyphen)\s+|\s*(?:下划线|下劃線|横杠|杠)\s*)"
# a word (letters and digits, Chinese digits too: liming二零二零), or letters/digits spelled one by one
# ("j o h n", "k, a, t, e", "m as in mary, i, k, e")
_SPOKEN_DIGIT = r"(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|double\s+[a-z]+)"
_CN_DIGIT = "零一二三四五六七八九幺"
_SPELLED = r"[A-Za-z0-9](?:\s+(?:as\s+in|for)\s+[A-Za-z]+)?"
_ATOM = (rf"(?:{_SPELLED}(?:[\s,，]+{_SPELLED}){{2,}}(?![A-Za-z0-9])"
         rf"|[A-Za-z0-9][A-Za-z0-9{_CN_DIGIT}]*|[{_CN_DIGIT}]{{2,}}[A-Za-z0-9{_CN_DIGIT}]*)"
         rf"(?:\s+{_SPOKEN_DIGIT}(?![A-Za-z]))*")  # "smith seven seven"
_LOCAL = rf"{_ATOM}(?:(?:{_DOT}|{_JOIN}|\+){_ATOM})*"
_DOMAIN = re.compile(rf"{_ATOM}(?:(?:{_DOT}|{_JOIN}){_ATOM})*?{_DOT}{_TLD}(?:{_DOT}{_TLD})?(?![A-Za-z0-9])",
                     re.IGNORECASE)
_AT_SIGN = re.compile(_AT, re.IGNORECASE)
# the local part is read backwards from the "at" over a bounded stretch, so long texts stay linear
_LOCAL_BEFORE_AT = re.compile(rf"(?<![A-Za-z0-9._%+\-'’])(?:{_LOCAL})$", re.IGNORECASE)
_LOCAL_REACH = 80
_SPOKEN_WORDS = frozenset({"at", "dot", "underscore", "dash", "hyphen"})
# words a speaker says before the address that are not part of it
_LEAD_IN = frozenset({"is", "it's", "its", "email", "e-mail", "mail", "address", "my", "me", "to", "the",
                      "send", "write", "was", "it", "at", "use", "try", "and", "or", "please", "yes", "so"})


def _trim_lead_in(local: str) -> int:
    """How many characters of lead-in words ("is", "my"…) begin a spelled-out local part."""
    words, cut = local.split(" "), 0
    while len(words) > 1 and words[0].lower() in _LEAD_IN:
        cut += len(words[0]) + 1
        words = words[1:]
    return cut


def find_emails(text: str) -> list[Finding]:
    findings: list[Finding] = []
    for at in _AT_SIGN.finditer(text):
        if findings and at.start() < findings[-1].end:
            continue
        domain = _DOMAIN.match(text, at.end())
        if not domain:
            continue
        window_start = max(0, at.start() - _LOCAL_REACH)
        local = _LOCAL_BEFORE_AT.search(text, window_start, at.start())
        if not local or local.group().strip().lower() in _SPOKEN_WORDS | _LEAD_IN:
            continue
        findings.append(Finding(EMAIL, local.start() + _trim_lead_in(local.group()), domain.end()))
    return findings
