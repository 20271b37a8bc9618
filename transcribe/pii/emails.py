"""E-mail addresses, written (``li.na@163.com``) or spoken ("li na dot wang at gmail dot com",
``zhangsan艾特qq点com``)."""

from __future__ import annotations

import re

from transcribe.pii.numbers import Finding

EMAIL = "email"

_TLD = r"(?:com|net|org|edu|gov|cn|io|co|uk|us|ca|au|de|jp|hk|tw|info|biz|me|mil)"
_AT = r"(?:\s*@\s*|\s+at\s+|\s*(?:艾特|爱特|圈a)\s*)"
_DOT = r"(?:\s*\.\s*|\s+dot\s+|\s*(?:点|點)\s*)"
_JOIN = r"(?:\s*[_\-]\s*|\s+(?:underscore|dash|hyphen)\s+|\s*(?:下划线|下劃線|横杠|杠)\s*)"
# a word, or letters/digits spelled one by one ("j o h n")
_ATOM = r"(?:[A-Za-z0-9](?:\s[A-Za-z0-9]){2,}(?![A-Za-z0-9])|[A-Za-z0-9]+)"
_LOCAL = rf"{_ATOM}(?:(?:{_DOT}|{_JOIN}|\+){_ATOM})*"
_DOMAIN = rf"{_ATOM}(?:(?:{_DOT}|{_JOIN}){_ATOM})*?{_DOT}{_TLD}(?:{_DOT}{_TLD})?"
_EMAIL = re.compile(rf"(?<![A-Za-z0-9._%+\-])(?P<local>{_LOCAL}){_AT}(?P<domain>{_DOMAIN})(?![A-Za-z0-9])",
                    re.IGNORECASE)
_SPOKEN_WORDS = frozenset({"at", "dot", "underscore", "dash", "hyphen"})
# words a speaker says before the address that are not part of it
_LEAD_IN = frozenset({"is", "it's", "its", "email", "e-mail", "mail", "address", "my", "me", "to", "the",
                      "send", "write", "was", "it", "at", "use", "try", "and", "or", "please", "yes", "so"})


def _trim_local(text: str, match: re.Match) -> int:
    """Start of the local part without lead-in words that slipped into a spelled-out atom."""
    start = match.start("local")
    local = match.group("local")
    words = local.split(" ")
    while len(words) > 1 and words[0].lower() in _LEAD_IN:
        start += len(words[0]) + 1
        words = words[1:]
    return start


def find_emails(text: str) -> list[Finding]:
    findings = []
    for match in _EMAIL.finditer(text):
        local = match.group("local").strip().lower()
        if local in _SPOKEN_WORDS or local in _LEAD_IN:
            continue
        findings.append(Finding(EMAIL, _trim_local(text, match), match.end()))
    return findings
