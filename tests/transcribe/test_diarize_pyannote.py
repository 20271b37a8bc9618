"""The pyannote backend for real: pyannote.audio's own SpeakerDiarization pipeline built from the
provisioned segmentation checkpoint and GE2E voiceprints, no hub, on pyannote's 2-speaker sample.

pyannote.audio does not import beside the project's torch 2.13, so these tests skip there (and in
CI) and run in the environment that ``scripts/pyannote_env.sh`` makes:

    ../pyenv/bin/python -m pytest -q tests/transcribe/test_diarize_pyannote.py
"""

from __future__ import annotations

import numpy as np
import pytest

from callqa import audio, models, registry
from callqa.errors import CallqaError
from callqa.settings import load_settings
from tests.conftest import shared_data
from transcribe.der import der, read_rttm

pytestmark = pytest.mark.slow

SR = 16000


def backend():
    """transcribe.diarize_pyannote, or skip saying why pyannote.audio is not usable here."""
    try:
        import pyannote.audio  # noqa: F401
    except Exception as err:  # absent, or its torchaudio built for another torch (OSError)
        pytest.skip(f"pyannote.audio does not import here ({type(err).__name__}: {err}); "
                    "scripts/pyannote_env.sh makes an environment where it does")
    from transcribe import diarize_pyannote

    return diarize_pyannote


def settings(**overrides):
    backend()
    chosen = load_settings({"diarizer": "pyannote", **overrides}, env={})
    if not models.is_present("pyannote-segmentation", chosen):
        pytest.skip("pyannote-segmentation is not provisioned (run `callqa models fetch`)")
    return chosen


def sample():
    folder = shared_data("speech", "pyannote_sample_2spk")
    return audio.decode(folder / "sample.wav").mean(axis=0), read_rttm(folder / "sample.rttm", "sample")


@pytest.fixture(scope="module")
def diarizer():
    return registry.build("diarizer", "pyannote", settings())


def test_the_hub_free_pipeline_meets_the_goal_on_the_sample(diarizer):
    from pyannote.audio.pipelines import SpeakerDiarization

    samples, reference = sample()
    assert isinstance(diarizer.pipeline, SpeakerDiarization)  # pyannote's pipeline, not callqa's recipe
    spans = diarizer.diarize(samples, SR, num_speakers=2)
    assert {s.speaker for s in spans} == {"SPEAKER_00", "SPEAKER_01"}
    assert [s.start for s in spans] == sorted(s.start for s in spans)
    assert der(reference, spans).der <= 0.08
    assert der(reference, spans, collar=0.25).der <= 0.02


def test_one_voice_is_one_speaker_and_silence_is_none(diarizer):
    jfk = audio.decode(shared_data("speech", "whisper_jfk", "jfk.flac")).mean(axis=0)
    spans = diarizer.diarize(jfk, SR, num_speakers=2)
    assert spans and {s.speaker for s in spans} == {"SPEAKER_00"}
    assert sum(s.end - s.start for s in spans) > 6.0  # JFK speaks most of the 11 s
    assert diarizer.diarize(np.zeros(SR * 5, np.float32), SR) == ()
    assert diarizer.diarize(jfk[:800], SR) == ()


def test_voiceprints_follow_the_masked_speaker():
    import torch
    from resemblyzer.audio import wav_to_mel_spectrogram

    pyannote_backend = backend()
    samples, _ = sample()
    model = pyannote_backend.VoiceprintModel()
    chunk = samples[12 * SR:17 * SR]  # speaker90 until 14.49 s, speaker91 from 14.70 s (reference)
    times = 12 + (np.arange(293) + 0.5) * 5 / 293
    first, second = (times > 12.2) & (times < 14.4), (times > 14.8) & (times < 16.9)
    masks = np.stack([first, second, np.zeros(293, bool)]).astype(np.float32)
    prints = model(torch.from_numpy(np.stack([chunk] * 3))[:, None], weights=torch.from_numpy(masks)).numpy()
    # speaker90 and speaker91 alone elsewhere in the call
    alone = np.concatenate([model(torch.from_numpy(samples[int(a * SR):int(b * SR)])[None, None]).numpy()
                            for a, b in ((18.6, 21.4), (22.0, 27.5))])
    similarity = prints[:2] @ alone.T
    assert similarity[0, 0] > similarity[0, 1] and similarity[1, 1] > similarity[1, 0]
    assert np.allclose(np.linalg.norm(prints[:2], axis=1), 1.0, atol=1e-4)
    assert np.isnan(prints[2]).all()  # no frame of that speaker: no voiceprint
    with pytest.raises(ValueError, match="voiceprint needs"):
        model(torch.zeros(1, 1, 1000))
    # the batched spectrogram is resemblyzer's own
    expected = wav_to_mel_spectrogram(chunk)
    got = pyannote_backend.mel_frames(torch.from_numpy(chunk)[None])[0]
    assert got.shape == expected.shape
    assert np.allclose(got, expected, rtol=1e-4, atol=1e-6)


def test_a_pipeline_that_is_not_there_is_a_clear_error(tmp_path):
    with pytest.raises(CallqaError, match="cannot load the pyannote pipeline"):
        registry.build("diarizer", "pyannote", settings(pyannote_pipeline=str(tmp_path)))
