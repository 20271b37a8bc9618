"""PII redaction of transcripts: personal data out of the text before it is stored.

Each span of personal data (``transcribe.pii`` finds them, written or spoken) is replaced by a
placeholder such as ``[PHONE]``; a ``Redaction`` records the placeholder's place in the new text and,
when the turn has word timestamps, the time of the words it covers, so the audio can be silenced
too (``redact_audio``). Redacting is pure and idempotent: redacting a redacted transcript changes
nothing.
"""

from __future__ import annotations

from dataclasses import replace
from difflib import SequenceMatcher

import numpy as np

from callqa.records import Redaction, Transcript, Turn, Word
from transcribe.pii import KINDS, Finding, find_pii

PLACEHOLDERS = {kind: f"[{kind.upper()}]" for kind in KINDS}
# Bump when what is redacted changes, so stored transcripts redacted by older rules can be told apart.
VERSION = "pii-2"  # pii-2: lettered buildings, 3门, spelled e-mails, "Avenue NW", "it's 18 oak lane"


def redact_text(text: str, language: str, *, order_numbers: bool = False
                ) -> tuple[str, tuple[Redaction, ...]]:
    """The text with personal data replaced by placeholders, and where each placeholder is."""
    findings = find_pii(text, language, order_numbers=order_numbers)
    return _apply(text, findings, ())


def redact_transcript(transcript: Transcript, *, order_numbers: bool = False) -> Transcript:
    """A new transcript whose turns (text and words) carry placeholders instead of personal data."""
    turns = tuple(_redact_turn(turn, transcript.language, order_numbers) for turn in transcript.turns)
    if all(new is old for new, old in zip(turns, transcript.turns)):
        return transcript
    return replace(transcript, turns=turns)


def redact_audio(samples, sample_rate: int, redactions, *, mode: str = "silence",
                 margin_s: float = 0.1, bleep_hz: float = 1000.0):
    """A copy of the samples (time on the first axis) with every timed redaction silenced or bleeped.

    ``redactions`` is any iterable of Redaction (e.g. every turn's); those without times are skipped.
    ``margin_s`` widens each span on both sides, since word timestamps are approximate.
    """
    if mode not in ("silence", "bleep"):
        raise ValueError(f"mode must be 'silence' or 'bleep', not {mode!r}")
    if sample_rate <= 0:
        raise ValueError(f"sample_rate must be positive, not {sample_rate}")
    out = np.array(samples, copy=True)
    n = out.shape[0]
    for r in redactions:
        if r.start is None or r.end is None:
            continue
        first = max(0, int(np.floor((r.start - margin_s) * sample_rate)))
        last = min(n, int(np.ceil((r.end + margin_s) * sample_rate)))
        if last <= first:
            continue
        if mode == "silence":
            out[first:last] = 0
            continue
        t = np.arange(first, last) / sample_rate
        tone = 0.1 * np.sin(2 * np.pi * bleep_hz * t)
        if np.issubdtype(out.dtype, np.integer):
            tone = tone * np.iinfo(out.dtype).max
        out[first:last] = (tone if out.ndim == 1 else tone[:, None]).astype(out.dtype)
    return out


# --- internals -----------------------------------------------------------------------------------

def _redact_turn(turn: Turn, language: str, order_numbers: bool) -> Turn:
    kept = [(r.char_start, r.char_end) for r in turn.redactions]
    findings = [f for f in find_pii(turn.text, language, order_numbers=order_numbers)
                if not any(f.start < e and s < f.end for s, e in kept)]
    if not findings:
        return turn
    word_spans = _word_spans(turn.text, turn.words) if turn.words else []
    timed = [_timed(f, turn.words, word_spans) for f in findings]
    text, redactions = _apply(turn.text, findings, turn.redactions, timed)
    words = _redact_words(turn.words, word_spans, findings, turn.text, text) if turn.words else ()
    return replace(turn, text=text, redactions=redactions, words=words)


def _apply(text: str, findings: list[Finding], existing: tuple[Redaction, ...],
           times: list[tuple[float | None, float | None]] | None = None
           ) -> tuple[str, tuple[Redaction, ...]]:
    """Replace the findings (sorted, disjoint) and shift the redactions already in the text."""
    times = times or [(None, None)] * len(findings)
    pieces, new, cursor, shift = [], [], 0, 0
    shifts: list[tuple[int, int]] = []  # (old position from which, cumulative shift)
    for finding, (start_s, end_s) in zip(findings, times):
        placeholder = PLACEHOLDERS[finding.kind]
        pieces.append(text[cursor:finding.start])
        char_start = finding.start + shift
        pieces.append(placeholder)
        new.append(Redaction(finding.kind, char_start, char_start + len(placeholder), start_s, end_s))
        shift += len(placeholder) - (finding.end - finding.start)
        shifts.append((finding.end, shift))
        cursor = finding.end
    pieces.append(text[cursor:])
    moved = [replace(r, char_start=r.char_start + _shift_at(shifts, r.char_start),
                     char_end=r.char_end + _shift_at(shifts, r.char_start)) for r in existing]
    return "".join(pieces), tuple(sorted(moved + new, key=lambda r: r.char_start))


def _shift_at(shifts: list[tuple[int, int]], position: int) -> int:
    """How far a position outside every finding moves."""
    moved = 0
    for from_position, shift in shifts:
        if position >= from_position:
            moved = shift
    return moved


def _word_spans(text: str, words: tuple[Word, ...]) -> list[tuple[int, int] | None]:
    """Each word's character span in the turn text (None where it cannot be placed).

    Non-space characters of the text and of the words are aligned, so spacing differences and
    small edits between the words and the text do not matter.
    """
    text_pos = [i for i, c in enumerate(text) if not c.isspace()]
    owner = [k for k, w in enumerate(words) for c in w.text if not c.isspace()]
    word_chars = [c for w in words for c in w.text if not c.isspace()]
    text_chars = [text[i] for i in text_pos]
    if text_chars == word_chars:
        pairs = zip(range(len(text_pos)), range(len(owner)))
    else:
        matcher = SequenceMatcher(None, text_chars, word_chars, autojunk=False)
        pairs = ((a + d, b + d) for a, b, size in matcher.get_matching_blocks() for d in range(size))
    spans: list[list[int] | None] = [None] * len(words)
    for a, b in pairs:
        k, position = owner[b], text_pos[a]
        if spans[k] is None:
            spans[k] = [position, position + 1]
        else:
            spans[k][0] = min(spans[k][0], position)
            spans[k][1] = max(spans[k][1], position + 1)
    return [tuple(s) if s else None for s in spans]


def _covered(finding: Finding, spans: list[tuple[int, int] | None]) -> list[int]:
    return [k for k, s in enumerate(spans) if s and s[0] < finding.end and finding.start < s[1]]


def _timed(finding: Finding, words: tuple[Word, ...], spans) -> tuple[float | None, float | None]:
    covered = _covered(finding, spans)
    if not covered:
        return None, None
    return min(words[k].start for k in covered), max(words[k].end for k in covered)


def _redact_words(words: tuple[Word, ...], spans, findings: list[Finding], old_text: str,
                  new_text: str) -> tuple[Word, ...]:
    """Words covered by a finding merge into one word carrying the placeholder (and its time)."""
    groups: list[list[int]] = []
    for finding in findings:
        covered = _covered(finding, spans)
        if not covered:
            continue
        if groups and covered[0] <= groups[-1][-1]:
            groups[-1] = sorted(set(groups[-1]) | set(covered))
        else:
            groups.append(covered)
    by_first = {g[0]: g for g in groups}
    covered_words = {k for g in groups for k in g}
    out, k = [], 0
    mapping = _position_map(old_text, findings)
    while k < len(words):
        if k not in by_first:
            if k not in covered_words:
                out.append(words[k])
            k += 1
            continue
        group = list(range(by_first[k][0], by_first[k][-1] + 1))
        old_start = min(spans[i][0] for i in group if spans[i])
        old_end = max(spans[i][1] for i in group if spans[i])
        text = new_text[mapping(old_start, True):mapping(old_end, False)]
        lead = words[group[0]].text[:len(words[group[0]].text) - len(words[group[0]].text.lstrip())]
        probabilities = [words[i].probability for i in group if words[i].probability is not None]
        out.append(Word(lead + text, words[group[0]].start, max(words[i].end for i in group),
                        min(probabilities) if probabilities else None))
        covered_words.update(group)
        k = group[-1] + 1
    return tuple(out)


def _position_map(old_text: str, findings: list[Finding]):
    """Old text position -> new text position; a position inside a finding snaps to its placeholder."""
    def new_position(position: int, is_start: bool) -> int:
        shift = 0
        for f in findings:
            placeholder = len(PLACEHOLDERS[f.kind])
            if position >= f.end:
                shift += placeholder - (f.end - f.start)
            elif position > f.start:
                return f.start + shift + (0 if is_start else placeholder)
        return position + shift
    return new_position
