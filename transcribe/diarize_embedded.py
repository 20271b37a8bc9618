"""The embedded diarizer (no hub): Silero VAD, resemblyzer (GE2E) embeddings on short sliding
windows inside speech, spectral clustering into ``num_speakers`` voices, then every window
re-labelled by its nearest voice and the labels smoothed.

It streams: ``start()`` gives a session that is fed one block of the call at a time and keeps only
the embeddings (256 floats per window), so a 2-hour call needs no 2-hour buffer.
"""

from __future__ import annotations

import contextlib
import functools
from dataclasses import dataclass
from typing import Any

import numpy as np
import resemblyzer  # noqa: F401  (imported when chosen: a missing extra is named by the registry)

from callqa.records import SpeakerSpan
from transcribe.vad import SAMPLE_RATE, Region, VadParams, speech_regions

MEL_STEP_S = 0.01  # resemblyzer's mel frames are 10 ms apart
FRAME_S = 0.1  # output resolution


@dataclass(frozen=True)
class EmbeddedParams:
    """Tuned on shared/data/speech/pyannote_sample_2spk (the dev file for diarization)."""

    window_frames: int = 150  # 1.5 s embedding windows
    hop_frames: int = 25  # a window every 0.25 s
    smooth_frames: int = 5  # majority filter over 0.1 s frame labels
    refine_rounds: int = 3  # re-assign windows to the nearest voice centroid
    min_region_s: float = 0.3
    vad: VadParams = VadParams(threshold=0.5, min_speech_ms=200, min_silence_ms=200, speech_pad_ms=60,
                               max_region_s=60.0)


@functools.lru_cache(maxsize=1)
def _encoder():
    from resemblyzer import VoiceEncoder

    return VoiceEncoder("cpu", verbose=False)


@contextlib.contextmanager
def torch_threads(n: int = 1):
    """Small recurrent batches run fastest on one thread: several OpenMP threads spin and wait
    (measured here: 25x slower on a busy 2-core machine). Restores the previous setting."""
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(n)
    try:
        yield
    finally:
        torch.set_num_threads(before)


@dataclass
class _Windows:
    regions: list[Region]
    region_of: list[int]  # window -> region index
    centers: list[float]  # window centre times (s)
    embeddings: list[np.ndarray]


class EmbeddedSession:
    def __init__(self, params: EmbeddedParams):
        self.params = params
        self.w = _Windows([], [], [], [])

    def feed(self, samples: np.ndarray, offset: float) -> None:
        from resemblyzer.audio import wav_to_mel_spectrogram

        p = self.params
        samples = np.asarray(samples, dtype=np.float32)
        for region in speech_regions(samples, p.vad):
            if region.duration < p.min_region_s:
                continue
            wav = samples[int(region.start * SAMPLE_RATE):int(region.end * SAMPLE_RATE)]
            mel = wav_to_mel_spectrogram(wav)
            starts = list(range(0, max(1, len(mel) - p.window_frames + 1), p.hop_frames))
            if len(mel) > p.window_frames and starts[-1] + p.window_frames < len(mel):
                starts.append(len(mel) - p.window_frames)
            batch = np.stack([_fit(mel[s:s + p.window_frames], p.window_frames) for s in starts])
            embeds = _embed(batch)
            index = len(self.w.regions)
            self.w.regions.append(Region(region.start + offset, region.end + offset))
            for s, e in zip(starts, embeds):
                center = min(s + p.window_frames / 2, len(mel) / 2 if len(mel) < p.window_frames else s + p.window_frames / 2)
                self.w.region_of.append(index)
                self.w.centers.append(region.start + offset + center * MEL_STEP_S)
                self.w.embeddings.append(e)

    def finish(self, num_speakers: int = 2) -> tuple[SpeakerSpan, ...]:
        if not self.w.embeddings:
            return ()
        X = np.stack(self.w.embeddings)
        labels = cluster(X, num_speakers, self.params.refine_rounds)
        return _spans(self.w, X, labels, max(num_speakers, 1), self.params)


def _fit(mel: np.ndarray, frames: int) -> np.ndarray:
    if len(mel) >= frames:
        return mel
    reps = int(np.ceil(frames / max(1, len(mel))))
    return np.tile(mel, (reps, 1))[:frames]  # short speech: repeat it to fill the window


def _embed(batch: np.ndarray) -> np.ndarray:
    import torch

    encoder = _encoder()
    out = []
    with torch.no_grad(), torch_threads(1):
        for i in range(0, len(batch), 256):
            out.append(encoder(torch.from_numpy(batch[i:i + 256]).to(encoder.device)).cpu().numpy())
    return np.concatenate(out)


def embed_audio(samples: np.ndarray, window_frames: int = 150) -> np.ndarray:
    """One L2-normalised voiceprint for a piece of audio (windows averaged, short audio repeated)."""
    from resemblyzer.audio import wav_to_mel_spectrogram

    mel = wav_to_mel_spectrogram(np.asarray(samples, dtype=np.float32))
    if len(mel) == 0:
        mel = np.zeros((1, 40), np.float32)
    starts = list(range(0, max(1, len(mel) - window_frames + 1), window_frames // 2))
    embeds = _embed(np.stack([_fit(mel[s:s + window_frames], window_frames) for s in starts]))
    mean = embeds.mean(axis=0)
    return mean / (np.linalg.norm(mean) + 1e-9)


def cluster(X: np.ndarray, k: int, refine_rounds: int = 3) -> np.ndarray:
    """Spectral clustering of L2-normalised embeddings into k voices, refined by centroids."""
    X = X / (np.linalg.norm(X, axis=1, keepdims=True) + 1e-9)
    if len(X) <= k or k <= 1:
        return np.arange(len(X)) % max(k, 1) if k > 1 and len(X) > 1 and len(X) <= k else np.zeros(len(X), dtype=int)
    from sklearn.cluster import SpectralClustering

    affinity = np.clip(X @ X.T, 0.0, 1.0)
    labels = SpectralClustering(n_clusters=k, affinity="precomputed", random_state=0,
                                assign_labels="discretize").fit_predict(affinity)
    for _ in range(refine_rounds):
        centroids = np.stack([X[labels == c].mean(axis=0) if np.any(labels == c) else np.zeros(X.shape[1])
                              for c in range(k)])
        new = np.argmax(X @ centroids.T, axis=1)
        if np.array_equal(new, labels):
            break
        labels = new
    return labels


def _smooth(labels: np.ndarray, width: int) -> np.ndarray:
    """Majority label in a sliding window (removes flickers shorter than half the window)."""
    if width <= 1 or len(labels) < 3:
        return labels
    half = width // 2
    padded = np.pad(labels, half, mode="edge")
    out = labels.copy()
    for i in range(len(labels)):
        values, counts = np.unique(padded[i:i + width], return_counts=True)
        if counts.max() > width // 2:
            out[i] = values[np.argmax(counts)]
    return out


def _spans(w: _Windows, X: np.ndarray, labels: np.ndarray, k: int, p: EmbeddedParams) -> tuple[SpeakerSpan, ...]:
    """Label 0.1 s frames by the mean similarity, to each voice, of every window that covers them."""
    Xn = X / (np.linalg.norm(X, axis=1, keepdims=True) + 1e-9)
    centroids = np.stack([Xn[labels == c].mean(axis=0) if np.any(labels == c) else np.zeros(X.shape[1])
                          for c in range(k)])
    sims = Xn @ centroids.T
    region_of = np.asarray(w.region_of)
    centers = np.asarray(w.centers)
    half = p.window_frames * MEL_STEP_S / 2
    spans: list[SpeakerSpan] = []
    for index, region in enumerate(w.regions):
        mine = np.flatnonzero(region_of == index)
        if not len(mine):
            continue
        times = np.arange(region.start, region.end, FRAME_S) + FRAME_S / 2
        covering = np.abs(times[:, None] - centers[mine][None, :]) <= half
        nearest = np.argmin(np.abs(times[:, None] - centers[mine][None, :]), axis=1)
        covering[np.arange(len(times)), nearest] = True
        score = (covering.astype(float) @ sims[mine]) / covering.sum(axis=1, keepdims=True)
        lab = _smooth(np.argmax(score, axis=1), p.smooth_frames)
        change = np.flatnonzero(lab[1:] != lab[:-1]) + 1
        bounds = [0, *change.tolist(), len(times)]
        for a, b in zip(bounds[:-1], bounds[1:]):
            start = region.start if a == 0 else region.start + a * FRAME_S
            end = region.end if b == len(times) else region.start + b * FRAME_S
            spans.append(SpeakerSpan(round(float(start), 3), round(float(end), 3), f"SPEAKER_{int(lab[a]):02d}"))
    return tuple(spans)


class EmbeddedDiarizer:
    name = "embedded"

    def __init__(self, params: EmbeddedParams = EmbeddedParams()):
        self.params = params

    def start(self) -> EmbeddedSession:
        return EmbeddedSession(self.params)

    def diarize(self, samples, sample_rate: int, *, num_speakers: int = 2) -> tuple[SpeakerSpan, ...]:
        if sample_rate != SAMPLE_RATE:
            raise ValueError(f"the embedded diarizer needs {SAMPLE_RATE} Hz samples, got {sample_rate}")
        session = self.start()
        session.feed(np.asarray(samples, dtype=np.float32), 0.0)
        return session.finish(num_speakers)


def build(settings: Any):
    """The segmentation-based diarizer when its weights are provisioned, else VAD windows."""
    from callqa import models

    if models.is_present("pyannote-segmentation", settings):
        from transcribe.diarize_segments import SegmentationDiarizer

        return SegmentationDiarizer(models.model_path("pyannote-segmentation", settings))
    from callqa.log import logger

    logger.warning("pyannote-segmentation weights not provisioned (run `callqa models fetch`): "
                   "diarizing with VAD windows, which is less exact at speaker changes")
    return EmbeddedDiarizer()
