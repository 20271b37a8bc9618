"""Voice activity: speech regions (Silero VAD, bundled in faster-whisper) and packing them into
windows of at most 30 s, the span Whisper reads at once.

A Pack is speech cut out of a block and laid end to end; ``to_source`` maps a time in the packed
audio back to the time in the recording, so words keep their true times.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import numpy as np

SAMPLE_RATE = 16000
WINDOW_S = 30.0


@dataclass(frozen=True)
class VadParams:
    """Silero VAD settings for calls: shorter silences than faster-whisper's default (2 s), so turns
    and language changes fall between regions; a lower threshold than its 0.5, which missed whole
    phone-quality (8 kHz) sentences in the sample calls (the hallucination filter and the
    reliability verdict guard against what a lower threshold lets through). The padding is
    faster-whisper's default: with 200 ms a call's first syllable was clipped."""

    threshold: float = 0.3
    min_speech_ms: int = 250
    min_silence_ms: int = 700
    speech_pad_ms: int = 400
    max_region_s: float = 28.0


@dataclass(frozen=True)
class Region:
    start: float  # seconds from the start of the samples given
    end: float

    @property
    def duration(self) -> float:
        return self.end - self.start


def speech_regions(samples: np.ndarray, params: VadParams = VadParams()) -> list[Region]:
    """Speech in mono 16 kHz samples as (start, end) seconds."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    if samples.size < SAMPLE_RATE // 10:
        return []
    options = VadOptions(threshold=params.threshold, min_speech_duration_ms=params.min_speech_ms,
                         min_silence_duration_ms=params.min_silence_ms,
                         speech_pad_ms=params.speech_pad_ms, max_speech_duration_s=params.max_region_s)
    stamps = get_speech_timestamps(np.ascontiguousarray(samples, dtype=np.float32), options)
    return [Region(float(s["start"]) / SAMPLE_RATE, float(s["end"]) / SAMPLE_RATE) for s in stamps]


@dataclass(frozen=True)
class Pack:
    """Regions of one block laid end to end (at most WINDOW_S of audio)."""

    regions: tuple[Region, ...]

    @property
    def duration(self) -> float:
        return sum(r.duration for r in self.regions)

    def audio(self, samples: np.ndarray) -> np.ndarray:
        return concat(samples, list(self.regions))


def pack_regions(regions: list[Region], window_s: float = WINDOW_S) -> list[Pack]:
    packs: list[Pack] = []
    current: list[Region] = []
    for region in regions:
        if current and sum(r.duration for r in current) + region.duration > window_s:
            packs.append(Pack(tuple(current)))
            current = []
        current.append(region)
    if current:
        packs.append(Pack(tuple(current)))
    return packs


class TimeMap:
    """Packed-audio time -> source time for regions laid end to end."""

    def __init__(self, regions: list[Region]):
        self.regions = regions
        self.packed_starts: list[float] = []
        total = 0.0
        for r in regions:
            self.packed_starts.append(total)
            total += r.duration
        self.total = total

    def to_source(self, t: float, is_end: bool = False) -> float:
        if not self.regions:
            return t
        probe = t - 1e-6 if is_end else t
        i = max(0, min(bisect.bisect_right(self.packed_starts, probe) - 1, len(self.regions) - 1))
        region = self.regions[i]
        return round(float(min(region.start + max(t - self.packed_starts[i], 0.0), region.end)), 3)


    def word_to_source(self, start: float, end: float) -> tuple[float, float]:
        """A word's times in the source. A word never spans a silence that VAD cut out: when its
        packed times fall in two regions, it is placed in the region holding most of it."""
        if not self.regions:
            return start, end
        a = self._index(start)
        b = self._index(end - 1e-6)
        if a != b:
            first_share = self.packed_starts[a] + self.regions[a].duration - start
            last_share = end - self.packed_starts[b]
            a = b = a if first_share > last_share else b
        region = self.regions[a]
        to = lambda t: round(float(min(max(region.start + t - self.packed_starts[a], region.start), region.end)), 3)
        return to(start), max(to(start), to(end))

    def _index(self, t: float) -> int:
        return max(0, min(bisect.bisect_right(self.packed_starts, t) - 1, len(self.regions) - 1))


def bounds(region: Region) -> tuple[int, int]:
    """A region's first sample and the one after its last. Region times are sample counts over
    SAMPLE_RATE, so rounding recovers them exactly (truncating lost a sample now and then)."""
    return round(region.start * SAMPLE_RATE), round(region.end * SAMPLE_RATE)


def concat(samples: np.ndarray, regions: list[Region]) -> np.ndarray:
    if not regions:
        return np.zeros(0, dtype=np.float32)
    return np.concatenate([samples[a:b] for a, b in map(bounds, regions)]).astype(np.float32, copy=False)
