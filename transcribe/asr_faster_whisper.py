"""The default ASR backend: faster-whisper (CTranslate2): int8 on CPU, float16 on CUDA.

Decoding for calls: speech regions from Silero VAD are packed into 30 s windows; the language is
detected per window (among the languages the product serves), so a call that switches between
Chinese and English keeps both parts; consecutive windows of one language are decoded together
with word timestamps, and every time is mapped back to the recording.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from itertools import groupby
from typing import Any

import numpy as np

from callqa.errors import CallqaError
from callqa.log import logger
from callqa.models import resolve_asr_model
from callqa.progress import ProgressHook, silent
from callqa.records import LANGUAGES, Segment, Word
from transcribe.hallucination import plausible
from transcribe.language import PROMPTS, dominant, pick_language, simplified
from transcribe.vad import SAMPLE_RATE, Region, TimeMap, VadParams, concat, pack_regions, speech_regions


def choose_device(setting: str) -> str:
    if setting != "auto":
        return setting
    import ctranslate2

    return "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"


def choose_compute_type(setting: str, device: str) -> str:
    if setting != "auto":
        return setting
    return "float16" if device == "cuda" else "int8"


def cpu_threads(setting: int) -> int:
    if setting > 0:
        return setting
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


@dataclass(frozen=True)
class DecodeOptions:
    beam_size: int = 5
    word_timestamps: bool = True
    condition_on_previous_text: bool = False  # conditioning feeds loops on conversational audio
    no_speech_threshold: float = 0.6
    log_prob_threshold: float = -1.0
    compression_ratio_threshold: float = 2.4


class FasterWhisperTranscriber:
    name = "faster-whisper"

    def __init__(self, settings: Any):
        self.model_ref = resolve_asr_model(settings, self.name)
        self.device = choose_device(settings.device)
        self.compute_type = choose_compute_type(settings.compute_type, self.device)
        self.threads = cpu_threads(settings.cpu_threads)
        self.vad = bool(settings.vad)
        self.vad_params = VadParams()
        self.options = DecodeOptions(beam_size=settings.beam_size)
        self._model = None

    @property
    def label(self) -> str:
        return f"{self.name}/{model_label(self.model_ref)}/{self.compute_type}"

    @property
    def model(self):
        if self._model is None:
            from faster_whisper import WhisperModel

            try:
                self._model = WhisperModel(self.model_ref, device=self.device, compute_type=self.compute_type,
                                           cpu_threads=self.threads)
            except Exception as err:  # hub unreachable, bad folder, no CUDA...
                raise CallqaError(f"cannot load Whisper model '{self.model_ref}' ({type(err).__name__}: {err}); "
                                  "run `callqa models fetch` for offline weights, or set asr_model "
                                  "to a local folder") from err
            logger.info("loaded %s on %s", self.label, self.device)
        return self._model

    def transcribe(self, samples: np.ndarray, sample_rate: int, *, language: str | None = None,
                   hint: str | None = None, hook: ProgressHook | None = None) -> tuple[tuple[Segment, ...], str]:
        """Segments (times in seconds from the start of ``samples``) and the dominant language."""
        hook = hook or silent
        if sample_rate != SAMPLE_RATE:
            raise ValueError(f"faster-whisper needs {SAMPLE_RATE} Hz samples, got {sample_rate}")
        samples = np.asarray(samples, dtype=np.float32)
        regions = speech_regions(samples, self.vad_params) if self.vad else _whole(samples)
        packs = pack_regions(regions)
        if not packs:
            return (), language or hint or "en"
        labelled = []
        for i, pack in enumerate(packs):
            hook("language", None, total=len(packs), completed=i)
            labelled.append((language or self._detect(pack.audio(samples), hint), pack))
        segments: list[Segment] = []
        spoken: dict[str, float] = {}
        for lang, group in groupby(labelled, key=lambda item: item[0]):
            run = [region for _, pack in group for region in pack.regions]
            spoken[lang] = spoken.get(lang, 0.0) + sum(r.duration for r in run)
            segments.extend(self._decode(samples, run, lang))
            hook("transcribe", None, total=samples.size / SAMPLE_RATE, completed=run[-1].end)
        kept = tuple(s for s in segments if plausible(s))
        return kept, dominant(spoken, fallback=language or hint or "en")

    def _detect(self, audio: np.ndarray, hint: str | None) -> str:
        _lang, _p, probabilities = self.model.detect_language(audio=audio)
        lang, share = pick_language(probabilities, LANGUAGES, hint)
        logger.debug("window language %s (%.2f among %s; whisper's top %s %.2f)", lang, share,
                     "/".join(LANGUAGES), _lang, _p)
        return lang

    def _decode(self, samples: np.ndarray, regions: list[Region], lang: str) -> list[Segment]:
        audio = concat(samples, regions)
        time_map = TimeMap(regions)
        o = self.options
        pieces, _info = self.model.transcribe(
            audio, language=lang, beam_size=o.beam_size, word_timestamps=o.word_timestamps,
            condition_on_previous_text=o.condition_on_previous_text, initial_prompt=PROMPTS.get(lang),
            no_speech_threshold=o.no_speech_threshold, log_prob_threshold=o.log_prob_threshold,
            compression_ratio_threshold=o.compression_ratio_threshold, vad_filter=False)
        out = []
        for piece in pieces:
            words = tuple(
                Word(text=simplified(w.word), start=time_map.to_source(w.start),
                     end=time_map.to_source(w.end, is_end=True), probability=round(float(w.probability), 4))
                for w in (piece.words or ()))
            out.append(Segment(
                start=time_map.to_source(piece.start), end=time_map.to_source(piece.end, is_end=True),
                text=simplified(piece.text.strip()), words=words, language=lang,
                avg_logprob=float(piece.avg_logprob), no_speech_prob=float(piece.no_speech_prob),
                compression_ratio=float(piece.compression_ratio)))
        return out


def _whole(samples: np.ndarray) -> list[Region]:
    total = samples.size / SAMPLE_RATE
    step = 28.0
    return [Region(t, min(t + step, total)) for t in np.arange(0.0, total, step)] if total > 0 else []


def model_label(ref: str) -> str:
    """A short model name for provenance: the folder or file name of a local model, else the id."""
    name = os.path.basename(ref.rstrip("/")) or ref
    return name.removeprefix("whisper-").removeprefix("faster-whisper-").removesuffix(".pt")


def build(settings: Any) -> FasterWhisperTranscriber:
    import faster_whisper  # noqa: F401  (a missing extra is reported by the registry)

    return FasterWhisperTranscriber(settings)
