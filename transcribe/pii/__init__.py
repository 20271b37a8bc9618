"""Finding personal data in recognised speech, written or spoken. ``transcribe.redact`` replaces it."""

from __future__ import annotations

from transcribe.pii.addresses import ADDRESS, find_addresses
from transcribe.pii.emails import EMAIL, find_emails
from transcribe.pii.numbers import (
    BANK_CARD, ID_NUMBER, ORDER_NUMBER, PHONE, SSN, Finding, find_numbers,
)

KINDS = (PHONE, ID_NUMBER, BANK_CARD, EMAIL, ADDRESS, ORDER_NUMBER, SSN)


def find_pii(text: str, language: str, *, order_numbers: bool = False) -> list[Finding]:
    """Non-overlapping findings in text order. Overlapping ones merge into the longest one's kind.

    Order numbers are always recognised (so one is never mistaken for a card), but only returned
    when ``order_numbers`` is set.
    """
    raw = find_emails(text) + find_addresses(text) + find_numbers(text, language)
    raw.sort(key=lambda f: (f.start, -(f.end - f.start)))
    merged: list[Finding] = []
    for finding in raw:
        if merged and finding.start < merged[-1].end:
            last = merged[-1]
            longest = last if last.end - last.start >= finding.end - finding.start else finding
            merged[-1] = Finding(longest.kind, last.start, max(last.end, finding.end))
        else:
            merged.append(finding)
    return [f for f in merged if order_numbers or f.kind != ORDER_NUMBER]


__all__ = ["KINDS", "Finding", "find_pii", "PHONE", "ID_NUMBER", "BANK_CARD", "EMAIL", "ADDRESS",
           "ORDER_NUMBER", "SSN"]
