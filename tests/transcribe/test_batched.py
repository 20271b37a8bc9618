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
    # the first window's decoding stops before its last sentence; that speech is decoded again on its own
    assert language == "en" and text.count("fellow americans") == 3 and text.count(SENTENCE[-32:]) == 3
    country = [w.start for s in segments for w in s.words if "country" in w.text.lower()]
    period = jfk.size / 16000 + 1.0
    assert len(country) == 6
    for k in range(3):  # each repetition's words sit in its own stretch of the recording
        assert all(k * period <= t < (k + 1) * period for t in country[2 * k:2 * k + 2])


def test_batch_size_auto_is_sequential_on_cpu():
    assert choose_batch_size(0, "cpu") == 1
    assert choose_batch_size(0, "cuda") == 16
    assert choose_batch_size(4, "cpu") == 4


def test_windows_never_run_past_the_packed_audio():
    """Region times are sample counts over 16 kHz; truncating them back to samples lost one now and
    then, so the windows ended after the audio and faster-whisper's batched pipeline failed
    ("non-negative timestamp expected") on a 20-minute call on a GPU."""
    from transcribe.vad import Region, TimeMap, concat, pack_regions
    from transcribe.windowed import windows

    awkward = [16028, 16063, 16098, 16112, 16147, 16182, 16217, 16252]  # int(k / 16000 * 16000) == k - 1
    regions = [Region(k / 16000 + 2.0 * i, (k + 8000) / 16000 + 2.0 * i) for i, k in enumerate(awkward)]
    samples = np.random.default_rng(0).standard_normal(16000 * 20).astype(np.float32)
    packed = concat(samples, regions)
    assert packed.size == 8 * 8000  # every region keeps all its samples
    clips = windows(TimeMap(regions), packed.size, limit_s=2.0)
    assert len(clips) == len(pack_regions(regions, 2.0)) == 2
    assert clips[0][0] == 0.0 and clips[-1][1] * 16000 <= packed.size
    assert all(a[1] == b[0] for a, b in zip(clips, clips[1:]))  # contiguous, no overlap
    # faster-whisper turns the clips into samples with int(); their sum must not exceed the audio
    assert sum(int(b * 16000) - int(a * 16000) for a, b in clips) <= packed.size


def test_the_end_of_a_window_left_undecoded_is_found():
    from transcribe.windowed import uncovered

    clips = [(0.0, 25.84), (25.84, 31.8), (31.8, 40.0)]
    decoded = [(0.0, 9.94), (11.0, 20.56), (25.84, 28.12), (28.84, 31.14)]  # nothing in the third
    assert uncovered(clips, decoded) == [(20.56, 25.84), (31.8, 40.0)]
    assert uncovered(clips, decoded + [(21.0, 25.3), (32.0, 39.0)]) == []  # short tails are padding
    assert uncovered([(0.0, 10.0)], [(0.0, 8.0)], least_s=1.0) == [(8.0, 10.0)]


def test_a_gpu_without_the_cuda_libraries_ctranslate2_needs(monkeypatch, caplog):
    """Seen on a GPU machine with only CUDA 13: CTranslate2 saw the GPU and loaded the model, then
    every call failed with "Library libcublas.so.12 is not found". auto now stays on the CPU and
    says why; an explicit cuda names the library before any call is taken."""
    import ctranslate2
    import pytest

    from callqa.errors import CallqaError
    from transcribe import asr_faster_whisper as fw

    assert fw.missing_cuda_libraries(("libc.so.6",)) == []  # a library that is there loads
    assert fw.missing_cuda_libraries(("libcallqa-no-such.so.1",)) == ["libcallqa-no-such.so.1"]
    monkeypatch.setattr(ctranslate2, "get_cuda_device_count", lambda: 1)
    monkeypatch.setattr(fw, "CUDA_LIBRARIES", ("libcallqa-no-such.so.12",))
    with caplog.at_level("WARNING", logger="callqa"):
        assert fw.choose_device("auto") == "cpu"
    assert "libcallqa-no-such.so.12" in caplog.text and "CPU" in caplog.text
    with pytest.raises(CallqaError, match="libcallqa-no-such.so.12"):
        fw.choose_device("cuda")
    monkeypatch.setattr(fw, "missing_cuda_libraries", lambda names=(): [])
    assert fw.choose_device("auto") == "cuda" and fw.choose_device("cuda") == "cuda"
    monkeypatch.setattr(ctranslate2, "get_cuda_device_count", lambda: 0)
    assert fw.choose_device("auto") == "cpu" and fw.choose_device("cpu") == "cpu"
    with pytest.raises(CallqaError, match="no CUDA device"):
        fw.choose_device("cuda")
