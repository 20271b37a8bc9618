"""Whether a call's transcript can be trusted for automatic scoring (callqa.records.Reliability).

UNUSABLE: nothing to score (too short, no speech). NEEDS_REVIEW: a person should listen before
the scores count (low recognition confidence, repetition loops, mostly non-speech, music or tones,
clipped audio, roles guessed). Each reason is a sentence a QA lead can read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from callqa.records import NEEDS_REVIEW, RELIABLE, UNUSABLE, Reliability, Segment, Turn
from transcribe.signal_checks import SignalStats


@dataclass(frozen=True)
class Thresholds:
    min_duration_s: float = 1.0
    min_speech_share: float = 0.15  # recognised speech / call duration
    min_word_probability: float = 0.55
    max_compression_ratio: float = 2.4
    loop_repeats: int = 4  # the same phrase this many times in a row is a decoding loop
    max_tone_share: float = 0.3
    max_music_s: float = 10.0
    min_loud_gap_s: float = 20.0  # loud audio outside recognised speech beyond this (and the share
    max_loud_gap_share: float = 0.3  # below) is music on hold or noise
    max_clipped_fraction: float = 0.01


THRESHOLDS = Thresholds()


def repetition_loop(text: str, repeats: int = THRESHOLDS.loop_repeats) -> str | None:
    """A phrase (1-8 words, or 2-12 Chinese characters) repeated ``repeats`` times in a row."""
    words = re.findall(r"\w+", text.lower())
    for n in range(1, 9):
        for i in range(0, max(0, len(words) - n * repeats + 1)):
            gram = words[i:i + n]
            if all(words[i + k * n:i + (k + 1) * n] == gram for k in range(1, repeats)):
                return " ".join(gram)
    han = "".join(re.findall(r"[\u3400-\u9fff]", text))
    found = re.search(r"([\u3400-\u9fff]{2,12}?)\1{%d,}" % (repeats - 1), han)
    return found.group(1) if found else None


def judge(turns: Sequence[Turn], segments: Sequence[Segment], signal: SignalStats, *,
          music_s: float = 0.0, roles_guessed: bool = False,
          limits: Thresholds = THRESHOLDS) -> Reliability:
    duration = signal.duration_s
    if duration < limits.min_duration_s:
        return Reliability(UNUSABLE, (f"too short ({duration:.1f} s of audio)",))
    if not turns:
        if signal.loud_s < 0.05 * duration:
            return Reliability(UNUSABLE, ("no speech: silence",))
        what = "tones" if signal.tone_s > 0.5 * signal.loud_s else "noise or music"
        return Reliability(UNUSABLE, (f"no speech recognised ({what} only)",))
    reasons: list[str] = []
    speech = _covered([(t.start, t.end) for t in turns])
    if speech < limits.min_speech_share * duration:
        reasons.append(f"mostly non-speech ({100 * speech / duration:.0f} % of the call is recognised speech)")
    probs = [w.probability for t in turns for w in t.words if w.probability is not None]
    if probs and sum(probs) / len(probs) < limits.min_word_probability:
        reasons.append(f"low recognition confidence (mean word probability {sum(probs) / len(probs):.2f})")
    loops = [s for s in segments if (s.compression_ratio or 0) > limits.max_compression_ratio]
    looped = next((p for p in (repetition_loop(t.text) for t in turns) if p), None)
    if loops or looped:
        sample = looped or loops[0].text[:40]
        reasons.append(f"repetition loop in the transcript ('{sample}')")
    if music_s > limits.max_music_s:
        reasons.append(f"music on hold ({music_s:.0f} s)")
    sound_without_speech = signal.loud_s - signal.tone_s - speech
    if sound_without_speech > max(limits.min_loud_gap_s, limits.max_loud_gap_share * duration):
        reasons.append(f"{sound_without_speech:.0f} s of sound without speech (music on hold or noise)")
    if signal.tone_s > limits.max_tone_share * duration:
        reasons.append(f"tones for {signal.tone_s:.0f} s (beeps, dial or test tones)")
    if signal.clipped_fraction > limits.max_clipped_fraction:
        reasons.append(f"clipped audio ({100 * signal.clipped_fraction:.1f} % of samples at full scale)")
    if roles_guessed:
        reasons.append("agent and customer guessed (no script phrase identified the agent)")
    return Reliability(NEEDS_REVIEW if reasons else RELIABLE, tuple(reasons))


def _covered(spans: list[tuple[float, float]]) -> float:
    total, end = 0.0, float("-inf")
    for s, e in sorted(spans):
        if e <= end:
            continue
        total += e - max(s, end)
        end = e
    return total
