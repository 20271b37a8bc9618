"""Cheap signal statistics gathered block by block while a call streams past (bounded memory).

They feed the reliability verdict: clipping, pure tones (beeps, dial tones, test tones), loud
non-speech (music, noise) and the loudness of the recording.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

FRAME = 1024  # 64 ms at 16 kHz
CLIP_LEVEL = 0.99
LOUD_DBFS = -40.0
TONE_SHARE = 0.8  # share of a frame's power in its three strongest frequency bins
TONE_MIN_FRAMES = 8  # a tone holds one frequency for at least 0.5 s (voiced speech glides)


@dataclass(frozen=True)
class SignalStats:
    duration_s: float = 0.0
    clipped_fraction: float = 0.0
    loud_s: float = 0.0  # frames louder than LOUD_DBFS
    tone_s: float = 0.0  # loud frames whose power sits in a few frequency bins
    peak: float = 0.0


class SignalMeter:
    """Feed mono or (channels, n) blocks at 16 kHz; read ``stats`` at the end."""

    def __init__(self, sample_rate: int = 16000):
        self.sample_rate = sample_rate
        self.samples = 0
        self.clipped = 0
        self.loud_frames = 0
        self.tone_frames = 0
        self.peak = 0.0

    def feed(self, block: np.ndarray) -> None:
        block = np.atleast_2d(np.asarray(block, dtype=np.float32))
        if block.size == 0:
            return
        self.samples += block.shape[-1]
        self.clipped += int(np.count_nonzero(np.abs(block) >= CLIP_LEVEL)) / block.shape[0]
        self.peak = max(self.peak, float(np.max(np.abs(block))))
        loudest = block[np.argmax(np.mean(block ** 2, axis=-1))]
        n = loudest.size // FRAME
        if n == 0:
            return
        frames = loudest[: n * FRAME].reshape(n, FRAME)
        rms_db = 10 * np.log10(np.mean(frames ** 2, axis=1) + 1e-12)
        loud = rms_db > LOUD_DBFS
        self.loud_frames += int(np.count_nonzero(loud))
        if np.any(loud):
            power = np.abs(np.fft.rfft(frames * np.hanning(FRAME), axis=1)) ** 2
            top = np.sort(power, axis=1)[:, -3:].sum(axis=1)
            peaked = loud & (top / (power.sum(axis=1) + 1e-12) > TONE_SHARE)
            self.tone_frames += _steady_frames(peaked, np.argmax(power, axis=1))

    @property
    def stats(self) -> SignalStats:
        frame_s = FRAME / self.sample_rate
        return SignalStats(
            duration_s=self.samples / self.sample_rate,
            clipped_fraction=self.clipped / self.samples if self.samples else 0.0,
            loud_s=self.loud_frames * frame_s, tone_s=self.tone_frames * frame_s, peak=self.peak)


def _steady_frames(peaked: np.ndarray, peak_bin: np.ndarray) -> int:
    """Frames in runs of at least TONE_MIN_FRAMES peaked frames whose strongest bin stays put."""
    total, run = 0, 0
    for i in range(len(peaked)):
        steady = peaked[i] and (run == 0 or abs(int(peak_bin[i]) - int(peak_bin[i - 1])) <= 1)
        run = run + 1 if steady else (1 if peaked[i] else 0)
        if run == TONE_MIN_FRAMES:
            total += TONE_MIN_FRAMES
        elif run > TONE_MIN_FRAMES:
            total += 1
    return total
