"""What every Whisper backend does around the model: speech regions from Silero VAD packed into
30 s windows; the language detected per window among the languages the product serves (per region
when a window is not clearly one language, so a call that switches between Chinese and English
keeps both parts); consecutive regions of one language decoded together with word timestamps;
every time mapped back to the recording; implausible segments dropped; Chinese in Simplified.

A backend supplies ``_probabilities(audio)`` (language, probability) pairs and
``_pieces(audio, language, prompt)`` raw segments in packed-audio time.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from typing import Any, Iterable

import numpy as np

from callqa.log import logger
from callqa.progress import ProgressHook, silent
from callqa.records import LANGUAGES, Segment, Word
from transcribe.hallucination import plausible
from transcribe.language import dominant, pick_language, simplified
from transcribe.punctuation import punctuate_zh
from transcribe.vad import (SAMPLE_RATE, WINDOW_S, Pack, Region, TimeMap, VadParams, bounds, concat,
                            pack_regions, speech_regions)

SURE_LANGUAGE = 0.9  # below this share a window's regions are checked one by one
TARGET_RMS = 0.1  # -20 dBFS
MAX_GAIN = 20.0  # +26 dB
MISSED_TAIL_S = 1.5  # speech at a batched window's end left undecoded for longer than this is decoded again


@dataclass(frozen=True)
class RawWord:
    text: str
    start: float
    end: float
    probability: float


@dataclass(frozen=True)
class RawSegment:
    start: float
    end: float
    text: str
    words: tuple[RawWord, ...]
    avg_logprob: float
    no_speech_prob: float
    compression_ratio: float


class WindowedTranscriber:
    name = "whisper"

    def __init__(self, settings: Any):
        self.vad = bool(settings.vad)
        self.vad_params = VadParams()
        self.beam_size = settings.beam_size
        self.prompts = {"zh": settings.prompt_zh or None}

    # --- supplied by a backend -------------------------------------------------------------
    def _probabilities(self, audio: np.ndarray) -> list[tuple[str, float]]:
        raise NotImplementedError

    def _pieces(self, audio: np.ndarray, language: str, prompt: str | None,
                clips: list[tuple[float, float]] = ()) -> Iterable[RawSegment]:
        """Raw segments of ``audio``; ``clips`` are windows of at most 30 s that cut it only between
        speech regions (a backend that decodes windows in batches uses them)."""
        raise NotImplementedError

    # --- the Transcriber protocol ----------------------------------------------------------
    def transcribe(self, samples: np.ndarray, sample_rate: int, *, language: str | None = None,
                   hint: str | None = None, hook: ProgressHook | None = None) -> tuple[tuple[Segment, ...], str]:
        """Segments (times in seconds from the start of ``samples``) and the dominant language."""
        hook = hook or silent
        if sample_rate != SAMPLE_RATE:
            raise ValueError(f"{self.name} needs {SAMPLE_RATE} Hz samples, got {sample_rate}")
        samples = np.asarray(samples, dtype=np.float32)
        regions = speech_regions(samples, self.vad_params) if self.vad else whole(samples)
        packs = pack_regions(regions)
        if not packs:
            return (), language or hint or "en"
        labelled: list[tuple[str, Region]] = []
        for i, pack in enumerate(packs):
            hook("language", None, total=len(packs), completed=i)
            labelled.extend(self._languages(samples, pack, language, hint))
        segments: list[Segment] = []
        spoken: dict[str, float] = {}
        for lang, group in groupby(labelled, key=lambda item: item[0]):
            run = [region for _, region in group]
            spoken[lang] = spoken.get(lang, 0.0) + sum(r.duration for r in run)
            segments.extend(self._decode(samples, run, lang))
            hook("transcribe", None, total=samples.size / SAMPLE_RATE, completed=run[-1].end)
        kept = tuple(s for s in segments if plausible(s))
        return kept, dominant(spoken, fallback=language or hint or "en")

    def _languages(self, samples: np.ndarray, pack: Pack, language: str | None,
                   hint: str | None) -> list[tuple[str, Region]]:
        """The language of each region of a pack: one detection for the pack when it is clear,
        else one per region."""
        if language:
            return [(language, r) for r in pack.regions]
        lang, share = self._detect(level(pack.audio(samples)), hint)
        if share >= SURE_LANGUAGE or len(pack.regions) == 1:
            return [(lang, r) for r in pack.regions]
        return [(self._detect(level(concat(samples, [r])), hint)[0], r) for r in pack.regions]

    def _detect(self, audio: np.ndarray, hint: str | None) -> tuple[str, float]:
        probabilities = self._probabilities(audio)
        lang, share = pick_language(probabilities, LANGUAGES, hint)
        logger.debug("language %s (%.2f among %s)", lang, share, "/".join(LANGUAGES))
        return lang, share

    def _decode(self, samples: np.ndarray, regions: list[Region], lang: str) -> list[Segment]:
        time_map = TimeMap(regions)
        out = []
        speech = level(concat(samples, regions))
        for piece in self._pieces(speech, lang, self.prompts.get(lang), windows(time_map, speech.size)):
            words = tuple(Word(simplified(w.text), *time_map.word_to_source(w.start, w.end),
                               probability=round(float(w.probability), 4))
                          for w in piece.words)
            text = simplified(piece.text.strip())
            if lang == "zh" and words:
                words = punctuate_zh(words)
                text = "".join(w.text for w in words).strip()
            out.append(Segment(
                start=time_map.to_source(piece.start), end=time_map.to_source(piece.end, is_end=True),
                text=text, words=words, language=lang,
                avg_logprob=float(piece.avg_logprob), no_speech_prob=float(piece.no_speech_prob),
                compression_ratio=float(piece.compression_ratio)))
        return out


def level(speech: np.ndarray) -> np.ndarray:
    """Speech brought to a common loudness (RMS TARGET_RMS, gain at most MAX_GAIN, no clipping):
    quiet phone and meeting recordings otherwise fall below Whisper's log-mel floor."""
    rms = float(np.sqrt(np.mean(speech.astype(np.float64) ** 2))) if speech.size else 0.0
    if rms <= 0.0:
        return speech
    peak = float(np.max(np.abs(speech)))
    gain = min(TARGET_RMS / rms, MAX_GAIN, 0.99 / peak)
    return speech if abs(gain - 1.0) < 0.05 else (speech * gain).astype(np.float32)


def windows(time_map: TimeMap, size: int, limit_s: float = WINDOW_S) -> list[tuple[float, float]]:
    """The packed audio's regions grouped as ``pack_regions`` groups them, as (start, end) in packed
    time, counted in the packed audio's own samples (``size`` of them): a window that ran past the
    audio by a sample made faster-whisper's batched pipeline fail on a long call."""
    out, start = [], 0
    for pack in pack_regions(list(time_map.regions), limit_s):
        end = min(start + sum(b - a for a, b in map(bounds, pack.regions)), size)
        out.append((start / SAMPLE_RATE, end / SAMPLE_RATE))
        start = end
    return out


def uncovered(clips: list[tuple[float, float]], decoded: list[tuple[float, float]],
              least_s: float = MISSED_TAIL_S) -> list[tuple[float, float]]:
    """The end of each window that its decoding stopped short of, by more than ``least_s``: Whisper
    sometimes ends a window early, and batched decoding has no next window starting where it stopped
    (a 35 s test call lost a whole sentence to it, depending on a single sample). A window with no
    segment at all counts as wholly missed."""
    out = []
    for a, b in clips:
        ends = [end for start, end in decoded if a <= start < b]
        last = max(ends, default=a)
        if b - last > least_s:
            out.append((last, b))
    return out


def whole(samples: np.ndarray) -> list[Region]:
    """Without VAD: the whole recording in 28 s regions."""
    total = samples.size / SAMPLE_RATE
    return [Region(float(t), float(min(t + 28.0, total))) for t in np.arange(0.0, total, 28.0)] if total > 0 else []
