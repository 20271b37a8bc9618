"""Batched decoding (the GPU path, `batch_size`) runs the same windows side by side; checked here on
the CPU with the real model."""

from __future__ import annotations

import re

import numpy as np

from callqa import audio, registry
from tests.conftest import shared_data
from tests.transcribe.conftest import provisioned_settings
from transcribe.asr_faster_whisper import choose_batch_size

SENTENCE = "ask not what your country can do for you ask what you can do for your country"


def test_batched_windows_give_the_same_words_at_the_right_times():
    jfk = audio.decode(shared_data("speech", "whisper_jfk", "jfk.flac")).mean(axis=0)
    gap = np.zeros(16000, np.float32)
    three = np.concatenate([jfk, gap, jfk, gap, jfk])  # 35 s: two windows
    asr = registry.build("transcriber", "faster-whisper", provisioned_settings(batch_size=4))
    segments, language = asr.transcribe(three, 16000)
    assert asr._batched is not None  # the batched pipeline decoded it
    text = re.sub(r"[^a-z ]", "", " ".join(s.text for s in segments).lower())
    assert language == "en" and text.count(SENTENCE) == 3
    country = [w.start for s in segments for w in s.words if "country" in w.text.lower()]
    period = jfk.size / 16000 + 1.0
    assert len(country) == 6
    for k in range(3):  # each repetition's words sit in its own stretch of the recording
        assert all(k * period <= t < (k + 1) * period for t in country[2 * k:2 * k + 2])


def test_batch_size_auto_is_sequential_on_cpu():
    assert choose_batch_size(0, "cpu") == 1
    assert choose_batch_size(0, "cuda") == 16
    assert choose_batch_size(4, "cpu") == 4
