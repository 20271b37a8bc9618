"""Fixtures of the ingest room: real recordings written with PyAV from seeded signals."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from callqa import audio
from callqa.settings import Settings


def tone(channels: int = 2, rate: int = 16000, seconds: float = 1.0, seed: int = 0) -> np.ndarray:
    """A call-shaped signal: one tone per channel plus seeded noise (different seeds, different bytes)."""
    t = np.arange(int(rate * seconds)) / rate
    freqs = np.array([440.0, 1000.0, 2500.0][:channels])[:, None]
    noise = np.random.default_rng(seed).normal(0, 0.01, (channels, t.size))
    return (0.3 * np.sin(2 * np.pi * freqs * t) + noise).astype(np.float32)


@pytest.fixture
def make_call(tmp_path: Path):
    """make_call(relative name, channels=2, rate=16000, seconds=1.0, seed=0) -> Path under tmp_path."""
    def make(name: str, channels: int = 2, rate: int = 16000, seconds: float = 1.0, seed: int = 0) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        return audio.write(path, tone(channels, rate, seconds, seed), rate)
    return make


@pytest.fixture
def settings():
    return Settings()
