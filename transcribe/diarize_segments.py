"""Segmentation-based diarization (the embedded default when the pyannote segmentation weights are
provisioned), the recipe of pyannote's speaker-diarization pipeline without pyannote.audio:

1. the PyanNet segmentation model (``transcribe.pyannet``) reads 5 s chunks every ``step_s`` and
   gives each frame the activity of up to 3 local speakers, overlapped speech included;
2. each local speaker of each chunk gets a voiceprint (resemblyzer GE2E) from the audio where only
   they speak;
3. voiceprints are clustered into ``num_speakers`` voices (spectral clustering), and in every chunk
   its local speakers are matched one-to-one to the voices (Hungarian);
4. per frame, the number of speakers is the chunks' mean count and the voices with the highest
   mean activity are the ones speaking.

Memory: the session keeps per-chunk activities and voiceprints only (a few MB per hour).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from callqa.records import SpeakerSpan
from transcribe.diarize_embedded import MEL_STEP_S, _embed, _fit, cluster

SAMPLE_RATE = 16000


@dataclass(frozen=True)
class SegmentationParams:
    """Tuned on shared/data/speech/pyannote_sample_2spk (dev); see benchmarks/speech_diarization.py."""

    step_s: float = 1.0  # chunk hop (chunks are 5 s)
    onset: float = 0.5  # activity above this is speech of that local speaker
    min_voiceprint_s: float = 0.4  # local speakers with less clean speech in a chunk get no voiceprint
    min_span_s: float = 0.1  # shorter speaker spans are dropped
    max_cluster_points: int = 1500  # larger calls: cluster a sample, assign the rest to the centroids


@dataclass
class _Chunks:
    starts: list[float] = field(default_factory=list)  # seconds, absolute
    activity: list[np.ndarray] = field(default_factory=list)  # (frames, local speakers)
    prints: list[np.ndarray] = field(default_factory=list)  # voiceprints
    owner: list[tuple[int, int]] = field(default_factory=list)  # voiceprint -> (chunk, local speaker)
    end: float = 0.0


class SegmentationSession:
    def __init__(self, model, params: SegmentationParams):
        from transcribe.pyannet import frame_step

        self.model, self.params = model, params
        self.frames, self.frame_s = frame_step(model)  # cached per model
        self.c = _Chunks()

    def feed(self, samples: np.ndarray, offset: float) -> None:
        from resemblyzer.audio import wav_to_mel_spectrogram

        from transcribe.pyannet import segment

        samples = np.asarray(samples, dtype=np.float32)
        if samples.size == 0:
            return
        starts, activity = segment(self.model, samples, self.params.step_s)
        binary = activity > self.params.onset
        mel = wav_to_mel_spectrogram(samples)  # 10 ms frames, once per block
        windows: list[np.ndarray] = []
        owners: list[tuple[int, int]] = []
        for start, act, on in zip(starts, activity, binary):
            index = len(self.c.starts)
            self.c.starts.append(offset + float(start))
            self.c.activity.append(act.astype(np.float32))
            alone = on & (on.sum(axis=1, keepdims=True) == 1)
            for k in range(act.shape[1]):
                if alone[:, k].sum() * self.frame_s < self.params.min_voiceprint_s:
                    continue
                for window in voiceprint_windows(self._mel_where(mel, float(start), alone[:, k])):
                    windows.append(window)
                    owners.append((index, k))
        if windows:
            embeds = _embed(np.stack(windows))
            for owner in dict.fromkeys(owners):
                rows = [i for i, o in enumerate(owners) if o == owner]
                mean = embeds[rows].mean(axis=0)
                self.c.prints.append(mean / (np.linalg.norm(mean) + 1e-9))
                self.c.owner.append(owner)
        self.c.end = max(self.c.end, offset + samples.size / SAMPLE_RATE)

    def _mel_where(self, mel: np.ndarray, start: float, mask: np.ndarray) -> np.ndarray:
        """The block's mel frames (10 ms) inside the chunk frames where ``mask`` holds."""
        rows = np.zeros(len(mel), dtype=bool)
        for f in np.flatnonzero(mask):
            a = (start + f * self.frame_s) / MEL_STEP_S
            rows[int(a):int(np.ceil(a + self.frame_s / MEL_STEP_S))] = True
        return mel[rows]

    def finish(self, num_speakers: int = 2) -> tuple[SpeakerSpan, ...]:
        if not self.c.starts:
            return ()
        k = max(1, num_speakers)
        if k > 1 and self._most_local_speakers() <= 1:
            k = 1  # no chunk ever heard two voices: one speaker (a message, a monologue)
        voices = self._voices(k)
        return self._reconstruct(voices, k)

    def _most_local_speakers(self) -> int:
        per_chunk: dict[int, int] = {}
        for chunk, _local in self.c.owner:
            per_chunk[chunk] = per_chunk.get(chunk, 0) + 1
        return max(per_chunk.values(), default=0)

    def _voices(self, k: int) -> dict[tuple[int, int], int]:
        """(chunk, local speaker) -> voice, one-to-one within a chunk."""
        from scipy.optimize import linear_sum_assignment

        if not self.c.prints:
            return {}
        X = np.stack(self.c.prints)
        X = X / (np.linalg.norm(X, axis=1, keepdims=True) + 1e-9)
        rng = np.random.default_rng(0)
        sample = np.sort(rng.choice(len(X), self.params.max_cluster_points, replace=False)) \
            if len(X) > self.params.max_cluster_points else np.arange(len(X))
        labels = cluster(X[sample], k)
        centroids = np.stack([X[sample][labels == j].mean(axis=0) if np.any(labels == j) else np.zeros(X.shape[1])
                              for j in range(k)])
        sims = X @ centroids.T
        by_chunk: dict[int, list[int]] = {}
        for i, (chunk, _local) in enumerate(self.c.owner):
            by_chunk.setdefault(chunk, []).append(i)
        voices = {}
        for chunk, rows in by_chunk.items():
            r, c = linear_sum_assignment(-sims[rows])
            for i, j in zip(r, c):
                voices[self.c.owner[rows[i]]] = int(j)
        return voices

    def _reconstruct(self, voices: dict[tuple[int, int], int], k: int) -> tuple[SpeakerSpan, ...]:
        fs = self.frame_s
        n = int(np.ceil(self.c.end / fs)) + 1
        score = np.zeros((n, k), np.float32)
        count = np.zeros(n, np.float32)
        covered = np.zeros(n, np.float32)
        for index, (start, act) in enumerate(zip(self.c.starts, self.c.activity)):
            a = int(round(start / fs))
            b = min(n, a + act.shape[0])
            rows = act[: b - a]
            covered[a:b] += 1
            count[a:b] += (rows > self.params.onset).sum(axis=1)
            for local in range(rows.shape[1]):
                voice = voices.get((index, local))
                if voice is not None:
                    score[a:b, voice] += rows[:, local]
        live = covered > 0
        speakers = np.zeros(n, np.int64)
        speakers[live] = np.minimum(np.round(count[live] / covered[live]), k).astype(np.int64)
        order = np.argsort(-score, axis=1)
        active = np.zeros((n, k), bool)
        for rank in range(k):
            rows = speakers > rank
            active[np.flatnonzero(rows), order[rows, rank]] = True
        return tuple(_spans(active, fs, self.params.min_span_s))


def voiceprint_windows(mel: np.ndarray, frames: int = 150, most: int = 3) -> list[np.ndarray]:
    """Up to ``most`` evenly spread windows of ``frames`` mel frames (short speech repeated)."""
    if len(mel) <= frames:
        return [_fit(mel, frames)] if len(mel) else []
    starts = np.linspace(0, len(mel) - frames, num=min(most, 1 + (len(mel) - frames) // (frames // 2))).astype(int)
    return [mel[s:s + frames] for s in starts]


def _spans(active: np.ndarray, fs: float, min_span_s: float):
    for voice in range(active.shape[1]):
        track = np.concatenate([[False], active[:, voice], [False]])
        edges = np.flatnonzero(track[1:] != track[:-1])
        for a, b in zip(edges[::2], edges[1::2]):
            if (b - a) * fs >= min_span_s:
                yield SpeakerSpan(round(float(a * fs), 3), round(float(b * fs), 3), f"SPEAKER_{voice:02d}")


class SegmentationDiarizer:
    name = "embedded"

    def __init__(self, checkpoint: str | Path | None, params: SegmentationParams = SegmentationParams(), *,
                 model=None):
        """``model``: any torch module mapping (batch, 1, samples) to (batch, frames, speakers)
        activities with a ``classifier`` layer (pyannote.audio's own PyanNet qualifies)."""
        from transcribe.pyannet import load_pyannet

        self.model = model if model is not None else load_pyannet(checkpoint)
        self.params = params

    def start(self) -> SegmentationSession:
        return SegmentationSession(self.model, self.params)

    def diarize(self, samples, sample_rate: int, *, num_speakers: int = 2) -> tuple[SpeakerSpan, ...]:
        if sample_rate != SAMPLE_RATE:
            raise ValueError(f"diarization needs {SAMPLE_RATE} Hz samples, got {sample_rate}")
        session = self.start()
        session.feed(samples, 0.0)
        return session.finish(num_speakers)
