"""Diarizers on real audio with reference labels (pyannote's 2-speaker sample)."""

from __future__ import annotations

import pytest

from callqa import audio, models
from callqa.settings import load_settings
from tests.conftest import shared_data
from transcribe.der import der, read_rttm

pytestmark = pytest.mark.slow


def sample():
    folder = shared_data("speech", "pyannote_sample_2spk")
    return audio.decode(folder / "sample.wav").mean(axis=0), read_rttm(folder / "sample.rttm", "sample")


def segmentation_checkpoint():
    settings = load_settings(env={})
    if not models.is_present("pyannote-segmentation", settings):
        pytest.skip("pyannote-segmentation is not provisioned (run `callqa models fetch`)")
    return models.model_path("pyannote-segmentation", settings)


def test_segmentation_diarizer_meets_the_goal_on_the_sample():
    from transcribe.diarize_segments import SegmentationDiarizer

    samples, reference = sample()
    diarizer = SegmentationDiarizer(segmentation_checkpoint())
    spans = diarizer.diarize(samples, 16000, num_speakers=2)
    assert {s.speaker for s in spans} == {"SPEAKER_00", "SPEAKER_01"}
    assert der(reference, spans).der <= 0.08
    assert der(reference, spans, collar=0.25).der <= 0.02
    # streaming in two blocks gives the same speakers
    session = diarizer.start()
    session.feed(samples[: 16000 * 15], 0.0)
    session.feed(samples[16000 * 15:], 15.0)
    assert der(reference, session.finish(2), collar=0.25).der <= 0.05


def test_one_voice_is_one_speaker():
    from transcribe.diarize_segments import SegmentationDiarizer

    jfk = audio.decode(shared_data("speech", "whisper_jfk", "jfk.flac")).mean(axis=0)
    spans = SegmentationDiarizer(segmentation_checkpoint()).diarize(jfk, 16000, num_speakers=2)
    assert spans and {s.speaker for s in spans} == {"SPEAKER_00"}


def test_window_diarizer_separates_the_sample():
    from transcribe.diarize_embedded import EmbeddedDiarizer

    samples, reference = sample()
    spans = EmbeddedDiarizer().diarize(samples, 16000, num_speakers=2)
    assert der(reference, spans, collar=0.25).der <= 0.10
    assert EmbeddedDiarizer().diarize(samples[:100], 16000) == ()


def test_pyannet_reads_the_checkpoint():
    import numpy as np

    from transcribe.pyannet import frame_step, load_pyannet, segment

    model = load_pyannet(segmentation_checkpoint())
    frames, step = frame_step(model)
    assert frames == 293 and step == pytest.approx(5.0 / 293)
    samples, _ = sample()
    starts, activity = segment(model, samples[16000 * 10:16000 * 15], step_s=5.0)
    assert activity.shape == (1, 293, 3) and np.all((activity >= 0) & (activity <= 1))
    assert (activity.max(axis=2) > 0.5).mean() > 0.8  # 10-15 s is continuous speech in the reference
    _, quiet = segment(model, np.zeros(16000 * 5, np.float32), step_s=5.0)
    assert quiet.max() < 0.5
