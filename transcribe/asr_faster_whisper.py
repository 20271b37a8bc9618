"""The default ASR backend: faster-whisper (CTranslate2): int8 on CPU, float16 on CUDA.

Windowing, language per window and time mapping are in ``transcribe.windowed``; this module loads
the model (a provisioned folder, a local path or a hub id) and runs CTranslate2's decoder.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Iterable

import faster_whisper  # noqa: F401  (imported when chosen: a missing extra is named by the registry)
import numpy as np

from callqa.errors import CallqaError
from callqa.log import logger
from callqa.models import resolve_asr_model
from transcribe.windowed import RawSegment, RawWord, WindowedTranscriber, uncovered


# What CTranslate2 4.x's CUDA build opens at its first matrix product (it is built against CUDA 12):
# a GPU machine with only CUDA 13 sees the GPU, loads the model, then fails on every call.
CUDA_LIBRARIES = ("libcublas.so.12", "libcublasLt.so.12")


def choose_device(setting: str) -> str:
    """``auto`` is the GPU when CTranslate2 sees one and can open the CUDA libraries it needs, else
    the CPU (with a warning saying what is missing); ``cuda`` names the missing library up front."""
    if setting == "cpu":
        return setting
    import ctranslate2

    if ctranslate2.get_cuda_device_count() == 0:
        if setting == "cuda":
            raise CallqaError("device is cuda but CTranslate2 sees no CUDA device")
        return "cpu"
    missing = missing_cuda_libraries()
    if missing and setting == "cuda":
        raise CallqaError(f"device is cuda but {', '.join(missing)} cannot be loaded: CTranslate2 needs "
                          "CUDA 12's cuBLAS (pip install nvidia-cublas-cu12, on LD_LIBRARY_PATH)")
    if missing:
        logger.warning("a GPU is present but %s cannot be loaded (CTranslate2 needs CUDA 12's cuBLAS: "
                       "pip install nvidia-cublas-cu12); transcribing on the CPU", ", ".join(missing))
        return "cpu"
    return "cuda"


def missing_cuda_libraries(names: tuple[str, ...] | None = None) -> list[str]:
    import ctypes
    import sys

    if not sys.platform.startswith("linux"):
        return []  # other systems name these libraries differently; CTranslate2 reports them itself
    missing = []
    for name in names or CUDA_LIBRARIES:
        try:
            ctypes.CDLL(name)
        except OSError:
            missing.append(name)
    return missing


def choose_compute_type(setting: str, device: str) -> str:
    if setting != "auto":
        return setting
    return "float16" if device == "cuda" else "int8"


def cpu_threads(setting: int) -> int:
    if setting > 0:
        return setting
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def choose_batch_size(setting: int, device: str) -> int:
    """Windows decoded at once: 16 on a GPU, one by one on a CPU (batching buys nothing there)."""
    if setting > 0:
        return setting
    return 16 if device == "cuda" else 1


@dataclass(frozen=True)
class DecodeOptions:
    beam_size: int = 5
    condition_on_previous_text: bool = False  # conditioning feeds loops on conversational audio
    no_speech_threshold: float = 0.6
    log_prob_threshold: float = -1.0
    compression_ratio_threshold: float = 2.4


class FasterWhisperTranscriber(WindowedTranscriber):
    name = "faster-whisper"

    def __init__(self, settings: Any):
        super().__init__(settings)
        self.model_ref = resolve_asr_model(settings, self.name)
        self.device = choose_device(settings.device)
        self.compute_type = choose_compute_type(settings.compute_type, self.device)
        self.threads = cpu_threads(settings.cpu_threads)
        self.options = DecodeOptions(beam_size=settings.beam_size)
        self.batch_size = choose_batch_size(settings.batch_size, self.device)
        self._model = None
        self._batched = None

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

    @property
    def batched(self):
        if self._batched is None:
            from faster_whisper import BatchedInferencePipeline

            self._batched = BatchedInferencePipeline(self.model)
        return self._batched

    def _probabilities(self, audio: np.ndarray) -> list[tuple[str, float]]:
        return self.model.detect_language(audio=audio)[2]

    def _pieces(self, audio: np.ndarray, language: str, prompt: str | None,
                clips: list[tuple[float, float]] = ()) -> Iterable[RawSegment]:
        o = self.options
        options = dict(language=language, beam_size=o.beam_size, word_timestamps=True,
                       condition_on_previous_text=o.condition_on_previous_text, initial_prompt=prompt,
                       no_speech_threshold=o.no_speech_threshold, log_prob_threshold=o.log_prob_threshold,
                       compression_ratio_threshold=o.compression_ratio_threshold, vad_filter=False)
        if self.batch_size > 1 and len(clips) > 1:
            # windows decoded side by side (the GPU path); each window starts without context, and
            # the speech a window's decoding stopped short of is decoded again on its own
            found = list(self.batched.transcribe(
                audio, batch_size=self.batch_size, without_timestamps=False,
                clip_timestamps=[{"start": a, "end": b} for a, b in clips], **options)[0])
            for a, b in uncovered(clips, [(p.start, p.end) for p in found]):
                found += self.model.transcribe(audio, clip_timestamps=[a, b], **options)[0]
            pieces = sorted(found, key=lambda p: p.start)
        else:
            pieces, _info = self.model.transcribe(audio, **options)
        for p in pieces:
            yield RawSegment(p.start, p.end, p.text, tuple(RawWord(w.word, w.start, w.end, w.probability)
                                                           for w in (p.words or ())),
                             p.avg_logprob, p.no_speech_prob, p.compression_ratio)


def model_label(ref: str) -> str:
    """A short model name for provenance: the folder or file name of a local model, else the id."""
    name = os.path.basename(ref.rstrip("/")) or ref
    return name.removeprefix("whisper-").removeprefix("faster-whisper-").removesuffix(".pt")


def build(settings: Any) -> FasterWhisperTranscriber:
    return FasterWhisperTranscriber(settings)
