"""The speech stage with the real base model on tiny real audio, and on bad input made in the test."""

from __future__ import annotations

import dataclasses
import re

import numpy as np
import pytest

from callqa import audio
from callqa.errors import InputError
from callqa.records import AGENT, AUDIO, CUSTOMER, NEEDS_REVIEW, UNUSABLE, Call, CallMeta
from tests.conftest import shared_data

pytestmark = pytest.mark.slow

JFK = "And so my fellow Americans, ask not what your country can do for you, ask what you can do for your country."
RATE = 16000


def words(text: str) -> list[str]:
    return re.findall(r"[a-z']+", text.lower())


def call_of(path, **meta) -> Call:
    return Call(call_id=audio.content_hash(path), source=str(path), media=AUDIO, meta=CallMeta(**meta),
                audio=audio.probe(path))


def written(tmp_path, name, samples, rate=RATE):
    return audio.write(tmp_path / name, np.asarray(samples, dtype=np.float32), rate)


def text_of(transcript) -> str:
    return " ".join(t.text for t in transcript.turns)


def test_jfk_is_transcribed_exactly(speech_stage):
    path = shared_data("speech", "whisper_jfk", "jfk.flac")
    call = call_of(path)
    steps = []
    transcript = speech_stage.run(call, hook=lambda step, artifact=None, **kw: steps.append(step))
    assert transcript.call_id == call.call_id
    assert transcript.language == "en" and transcript.duration_s == pytest.approx(11.0, abs=0.1)
    assert words(text_of(transcript)) == words(JFK)
    assert {t.speaker for t in transcript.turns} <= {AGENT, CUSTOMER}
    assert transcript.engine.startswith("faster-whisper/base/int8+")
    first = transcript.turns[0]
    assert first.words and 0.0 <= first.start < 1.0 and first.words[0].text.strip() == "And"
    assert all(w.start <= w.end for t in transcript.turns for w in t.words)
    assert steps and set(steps) == {"transcribe"}


def test_stereo_channels_are_separate_speakers(speech_stage):
    path = shared_data("speech", "fasterwhisper_stereo", "stereo_diarization.wav")
    transcript = speech_stage.run(call_of(path, agent_channel=1))
    by_channel = {t.channel: t for t in transcript.turns}
    assert set(by_channel) == {0, 1}
    assert "wizard" in by_channel[0].text and "horizon" in by_channel[1].text
    assert by_channel[1].speaker == AGENT and by_channel[0].speaker == CUSTOMER
    assert transcript.role_confidence == 1.0 and transcript.engine.endswith("+channels")
    assert by_channel[1].start < by_channel[0].end  # both talk at once: overlap kept


def test_code_switching_keeps_both_languages(speech_stage, tmp_path):
    folder = shared_data("speech", "wenet_aishell_librispeech")
    en = audio.decode(folder / "librispeech-1995-1837-0001.wav").mean(axis=0)[: int(4.6 * RATE)]
    zh = audio.decode(folder / "aishell-BAC009S0724W0121.wav").mean(axis=0)
    path = written(tmp_path, "mixed.wav", np.concatenate([en, np.zeros(RATE, np.float32), zh]))
    transcript = speech_stage.run(call_of(path))
    text = text_of(transcript)
    assert "sorrow" in text.lower()
    assert "广州" in text and "协会" in text  # the Chinese part survives, in Simplified characters
    assert transcript.language == "en"  # most of the call
    assert {t.speaker for t in transcript.turns} <= {AGENT, CUSTOMER}


def test_mono_two_speakers_are_told_apart(speech_stage):
    path = shared_data("speech", "pyannote_sample_2spk", "sample.wav")
    transcript = speech_stage.run(call_of(path))
    assert transcript.engine.endswith("+embedded-diarizer")
    speaker_of = {}
    for t in transcript.turns:
        for name in ("diane", "sheila"):
            if name in t.text.lower():
                speaker_of[name] = t.speaker
    assert set(speaker_of) == {"diane", "sheila"} and speaker_of["diane"] != speaker_of["sheila"]


@pytest.mark.parametrize("kind", ["silence", "tone", "noise"])
def test_no_speech_gives_no_turns(speech_stage, tmp_path, kind):
    t = np.arange(RATE * 8) / RATE
    samples = {"silence": np.zeros_like(t),
               "tone": 0.4 * np.sin(2 * np.pi * 440 * t),
               "noise": 0.05 * np.random.default_rng(1).standard_normal(t.size)}[kind]
    transcript = speech_stage.run(call_of(written(tmp_path, f"{kind}.wav", samples)))
    assert transcript.turns == ()
    assert transcript.reliability.verdict == UNUSABLE and transcript.reliability.reasons


def test_a_fraction_of_a_second_is_too_short(speech_stage, tmp_path):
    path = written(tmp_path, "short.wav", 0.1 * np.sin(np.arange(int(0.3 * RATE)) / 5))
    transcript = speech_stage.run(call_of(path))
    assert transcript.reliability.verdict == UNUSABLE and "too short" in transcript.reliability.reasons[0]


def test_phone_quality_and_clipped_audio(speech_stage, tmp_path):
    jfk = audio.decode(shared_data("speech", "whisper_jfk", "jfk.flac"), sample_rate=8000).mean(axis=0)[: 8000 * 6]
    narrow = speech_stage.run(call_of(written(tmp_path, "jfk8k.wav", jfk, rate=8000)))
    assert "my fellow america" in text_of(narrow).lower()
    clipped = speech_stage.run(call_of(written(tmp_path, "clipped.wav", np.clip(jfk * 6, -1, 1), rate=8000)))
    assert clipped.reliability.verdict == NEEDS_REVIEW
    assert any("clipped" in r for r in clipped.reliability.reasons)


def test_more_than_two_channels_is_a_clear_error(speech_stage, tmp_path):
    path = written(tmp_path, "three.wav", 0.1 * np.ones((3, RATE)))
    with pytest.raises(InputError, match="3 channels"):
        speech_stage.run(call_of(path))


def test_version_follows_settings(speech_stage):
    import transcribe

    same = transcribe.build_speech_stage(speech_stage.settings)
    assert same.version == speech_stage.version and len(same.version) == 12
    other = transcribe.build_speech_stage(dataclasses.replace(speech_stage.settings, vad=False))
    assert other.version != speech_stage.version


def test_sample_call_roles_from_what_is_said(speech_stage):
    """A bundled mono sample call: the agent is found by the greeting, every reference turn's
    speaker is right, and the long stereo call keeps its minute of silence between turns."""
    import json
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "samples"
    labels = json.loads((root / "labels.json").read_text(encoding="utf-8"))["calls"]
    name = "calls/en/en_02_cold_pizza_satisfied.mp3"
    if not (root / name).exists():
        pytest.skip("bundled sample calls not generated (python scripts/make_samples.py)")
    transcript = speech_stage.run(call_of(root / name))
    assert transcript.role_confidence > 0.9
    for ref in labels[name]["reference_turns"]:
        middle = (ref["start"] + ref["end"]) / 2
        heard = [t for t in transcript.turns if t.start - 0.5 <= middle <= t.end + 0.5]
        assert heard and heard[0].speaker == ref["speaker"], ref["text"]
    assert "thank you for calling" in transcript.turns[0].text.lower()
