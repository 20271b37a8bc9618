"""Agent voice enrolment: real voiceprints from the bundled sample calls decide who the agent is."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from callqa.errors import InputError
from callqa.records import AGENT, CUSTOMER
from tests.transcribe.conftest import provisioned_settings
from tests.transcribe.test_stage_real import call_of, written
from transcribe import voiceprints
from transcribe.voiceprints import Voiceprint, identify

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
STEREO = SAMPLES / "calls/en/en_01_late_dinner_surprise.flac"  # agent on channel 0
MONO = SAMPLES / "calls/en/en_02_cold_pizza_satisfied.mp3"


def sample(path: Path) -> Path:
    if not path.exists():
        pytest.skip("bundled sample calls not generated (python scripts/make_samples.py)")
    return path


@pytest.fixture(scope="module")
def prints(tmp_path_factory):
    """The agent's and the customer's voiceprints, enrolled from the two channels of a stereo call."""
    folder = tmp_path_factory.mktemp("voiceprints")
    agent = voiceprints.enrol("a-101", [sample(STEREO)], channel=0)
    customer = voiceprints.enrol("not-an-agent", [STEREO], channel=1)
    for vp in (agent, customer):
        voiceprints.save(vp, folder)
    return folder


def stage_with(folder: Path, **overrides):
    import transcribe

    return transcribe.build_speech_stage(provisioned_settings(voiceprints_dir=str(folder), **overrides))


def reference_speakers(name: str) -> list[tuple[float, str]]:
    labels = json.loads((SAMPLES / "labels.json").read_text(encoding="utf-8"))["calls"]
    return [((t["start"] + t["end"]) / 2, t["speaker"]) for t in labels[name]["reference_turns"]]


def speaker_at(transcript, middle: float) -> str | None:
    heard = [t for t in transcript.turns if t.start - 0.5 <= middle <= t.end + 0.5]
    return heard[0].speaker if heard else None


def test_an_enrolled_agent_is_found_by_voice_in_a_mono_call(prints, tmp_path):
    folder = tmp_path / "only-agent"
    folder.mkdir()
    (folder / "a-101.json").write_text((prints / "a-101.json").read_text())
    transcript = stage_with(folder).run(call_of(sample(MONO)))
    assert transcript.engine.endswith("+voice:a-101") and transcript.agent_id == "a-101"
    assert transcript.role_confidence >= 0.7
    for middle, speaker in reference_speakers("calls/en/en_02_cold_pizza_satisfied.mp3"):
        assert speaker_at(transcript, middle) == speaker


def test_the_voice_decides_over_what_is_said(prints, tmp_path):
    """Enrolling the customer's voice as an agent makes the customer the agent: the voice, not the
    greeting, decided (the manifest names that 'agent', so only their voiceprint is compared).
    The call is the stereo sample mixed down to mono."""
    from callqa import audio

    mixed = written(tmp_path, "mixed.wav", audio.decode(sample(STEREO), sample_rate=16000).mean(axis=0))
    transcript = stage_with(prints).run(call_of(mixed, agent_id="not-an-agent"))
    assert transcript.engine.endswith("+voice:not-an-agent")
    for middle, speaker in reference_speakers("calls/en/en_01_late_dinner_surprise.flac"):
        assert speaker_at(transcript, middle) == (CUSTOMER if speaker == AGENT else AGENT)


def test_no_match_falls_back_to_what_is_said(prints, tmp_path):
    folder = tmp_path / "stranger"
    vp = json.loads((prints / "a-101.json").read_text())
    rng = np.random.default_rng(0)
    vector = rng.normal(size=256)
    vp.update(agent_id="stranger", vector=list(vector / np.linalg.norm(vector)))
    folder.mkdir()
    (folder / "stranger.json").write_text(json.dumps(vp))
    transcript = stage_with(folder).run(call_of(sample(MONO)))
    assert "+voice" not in transcript.engine and transcript.agent_id is None
    assert transcript.turns[0].speaker == AGENT  # the greeting


def test_identify_needs_a_threshold_and_a_margin(monkeypatch):
    """The decision rule alone: each speaker's 'speech' carries its embedding in its first 256 values."""
    monkeypatch.setattr(voiceprints, "embed", lambda x: x[:256])
    one, other = np.zeros(2 * 16000, np.float32), np.zeros(2 * 16000, np.float32)
    one[0], other[1] = 1.0, 1.0
    close = one * 0.95  # similarity 0.95 against one's 1.0
    vp = {"x": Voiceprint("x", tuple(one[:256]), 10.0, ())}
    assert identify({"S0": one, "S1": one}, vp, threshold=0.7) is None  # two equally close voices
    assert identify({"S0": one, "S1": close}, vp, threshold=0.7) is None  # margin 0.05 < 0.1
    match = identify({"S0": other, "S1": one}, vp, threshold=0.7)
    assert (match.speaker, match.agent_id, match.similarity, match.margin) == ("S1", "x", 1.0, 1.0)
    assert identify({"S0": other}, vp, threshold=0.7) is None  # below the threshold
    assert identify({"S0": one[:16000]}, vp, threshold=0.7) is None  # too little speech to compare
    both = {"x": vp["x"], "y": Voiceprint("y", tuple(other[:256]), 10.0, ())}
    assert identify({"S0": other, "S1": one}, both, threshold=0.7, expected="y").agent_id == "y"


def test_enrolment_refuses_what_it_cannot_use(tmp_path):
    from tests.conftest import shared_data

    with pytest.raises(InputError, match="which channel"):
        voiceprints.enrol("a-1", [sample(STEREO)])
    with pytest.raises(InputError, match="agent id"):
        voiceprints.enrol("../etc", [STEREO], channel=0)
    jfk = shared_data("speech", "whisper_jfk", "jfk.flac")
    from callqa import audio

    short = written(tmp_path, "short.wav", audio.decode(jfk).mean(axis=0)[: 16000 * 3])
    with pytest.raises(InputError, match="at least 5 s"):
        voiceprints.enrol("a-1", [short])
    silent = written(tmp_path, "silent.wav", np.zeros(16000 * 3, np.float32))
    with pytest.raises(InputError, match="silent.wav.*nothing to enrol"):
        voiceprints.enrol("a-1", [silent])


def test_a_bad_voiceprint_file_is_named(tmp_path):
    (tmp_path / "broken.json").write_text("{not json")
    with pytest.raises(InputError, match="broken.json"):
        voiceprints.load_all(tmp_path)
    (tmp_path / "broken.json").write_text(json.dumps({"agent_id": "b", "vector": [0.0] * 256, "speech_s": 9,
                                                      "model": "other-encoder"}))
    with pytest.raises(InputError, match="enrol again"):
        voiceprints.load_all(tmp_path)
    assert voiceprints.load_all(tmp_path / "absent") == {}


def test_agents_command_enrols_lists_and_removes(tmp_path, capsys):
    from pipeline.cli import main

    db = str(tmp_path / "calls.duckdb")
    assert main(["agents", "enrol", "a-101", str(sample(STEREO)), "--channel", "0", "--db", db]) == 0
    assert (tmp_path / "calls.duckdb.voiceprints" / "a-101.json").is_file()
    assert main(["agents", "list", "--db", db]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("a-101\t")
    assert main(["agents", "enrol", "a-102", str(STEREO), "--db", db]) == 1  # stereo without --channel
    assert main(["agents", "remove", "a-101", "--db", db]) == 0
    assert main(["agents", "remove", "a-101", "--db", db]) == 2
    assert not (tmp_path / "calls.duckdb.voiceprints" / "a-101.json").exists()
