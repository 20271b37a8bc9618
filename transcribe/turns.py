"""Words with speakers become turns.

Stereo calls: each channel's words form that channel's turns, and the channels are merged by time,
overlaps kept (overtalk). Mono calls: words are in time order; a turn ends where the speaker
changes. In both, a pause longer than ``TURN_PAUSE_S`` ends a turn, so silences stay visible.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, replace
from typing import Iterable, Sequence

from callqa.records import SpeakerSpan, Turn, Word

TURN_PAUSE_S = 2.0
MIN_WORD_S = 0.2  # word times from Whisper can be zero-length at speaker changes
CONTINUITY = 0.5


@dataclass(frozen=True)
class SpokenWord:
    word: Word
    speaker: str
    channel: int | None = None


def segment_words(segments) -> list[Word]:
    """The words of recognised segments (a segment without word times counts as one word)."""
    words: list[Word] = []
    for seg in segments:
        if seg.words:
            words.extend(w for w in seg.words if w.text.strip())
        elif seg.text.strip():
            words.append(Word(text=" " + seg.text.strip(), start=seg.start, end=seg.end))
    return words


def speaker_at(start: float, end: float, spans: Sequence[SpeakerSpan], previous: str | None = None) -> str | None:
    """The speaker who overlaps [start, end] most (words shorter than MIN_WORD_S are widened first);
    the previous word's speaker keeps the word when they overlap it nearly as much (continuity);
    with no overlap, the nearest span's speaker."""
    if not spans:
        return None
    if end - start < MIN_WORD_S:
        middle = (start + end) / 2
        start, end = middle - MIN_WORD_S / 2, middle + MIN_WORD_S / 2
    overlap: dict[str, float] = {}
    for s in spans:
        shared = min(end, s.end) - max(start, s.start)
        if shared > 0:
            overlap[s.speaker] = overlap.get(s.speaker, 0.0) + shared
    if overlap:
        best = max(overlap, key=overlap.get)
        if previous in overlap and overlap[previous] >= CONTINUITY * overlap[best]:
            return previous
        return best
    middle = (start + end) / 2
    nearest = min(spans, key=lambda s: min(abs(middle - s.start), abs(middle - s.end)))
    return nearest.speaker


def assign_speakers(words: Iterable[Word], spans: Sequence[SpeakerSpan], default: str = "SPEAKER_00") -> list[SpokenWord]:
    out: list[SpokenWord] = []
    for w in words:
        previous = out[-1].speaker if out and w.start - out[-1].word.end < TURN_PAUSE_S else None
        out.append(SpokenWord(w, speaker_at(w.start, w.end, spans, previous) or default))
    return out


def _turn(index: int, words: list[SpokenWord]) -> Turn:
    ws = tuple(sw.word for sw in words)
    probs = [w.probability for w in ws if w.probability is not None]
    return Turn(index=index, speaker=words[0].speaker, start=ws[0].start, end=max(w.end for w in ws),
                text="".join(w.text for w in ws).strip(), words=ws, channel=words[0].channel,
                confidence=round(sum(probs) / len(probs), 4) if probs else None)


def _runs(words: list[SpokenWord], pause_s: float, others: Sequence[float] = ()) -> list[list[SpokenWord]]:
    """Consecutive words of one speaker; a run also ends where someone else starts speaking in the
    gap between two of its words (``others``: sorted start times of the other speakers' words)."""
    runs: list[list[SpokenWord]] = []
    for sw in words:
        last = runs[-1][-1] if runs else None
        if (last is not None and last.speaker == sw.speaker and sw.word.start - last.word.end <= pause_s
                and not _someone_between(others, last.word.end, sw.word.start)):
            runs[-1].append(sw)
        else:
            runs.append([sw])
    return runs


def _someone_between(starts: Sequence[float], a: float, b: float) -> bool:
    i = bisect.bisect_left(starts, a)
    return i < len(starts) and starts[i] < b


def build_turns(words: Iterable[SpokenWord], *, by_channel: bool, pause_s: float = TURN_PAUSE_S) -> tuple[Turn, ...]:
    """Turns sorted by start time and numbered from 0."""
    words = sorted(words, key=lambda sw: (sw.word.start, sw.word.end))
    if by_channel:
        runs = []
        for key in sorted({sw.speaker for sw in words}):
            others = [sw.word.start for sw in words if sw.speaker != key]
            runs.extend(_runs([sw for sw in words if sw.speaker == key], pause_s, others))
    else:
        runs = _runs(words, pause_s)
    turns = sorted((_turn(0, run) for run in runs), key=lambda t: (t.start, t.end))
    return tuple(replace(t, index=i) for i, t in enumerate(turns))


def relabel(turns: Sequence[Turn], roles: dict[str, str]) -> tuple[Turn, ...]:
    return tuple(replace(t, speaker=roles.get(t.speaker, t.speaker)) for t in turns)
