"""pipeline.redacted_audio on real phone speech without a recogniser: which spans are covered, in
which mode, and when nothing is written (the end-to-end tests are in tests/trust/test_redacted_audio.py)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from callqa.errors import InputError
from callqa.records import AUDIO, TRANSCRIPT, AudioInfo, Call, Redaction, Transcript, Turn
from pipeline.redacted_audio import audio_spans, write_redacted_copy

RATE = 8000


@pytest.fixture
def stereo_call(tmp_path) -> Call:
    from benchmarks.bad_inputs.corpus import speech
    from callqa.audio import probe, write

    voice = speech(6.0)
    path = write(tmp_path / "call.wav", np.stack([voice, voice[::-1].copy()]), RATE)
    return Call("c" * 64, str(path), AUDIO, audio=probe(path))


def transcript(call_id: str) -> Transcript:
    timed = Turn(0, "customer", 0.0, 2.5, "my number is [PHONE]",
                 redactions=(Redaction("phone", 13, 20, 1.0, 2.0),))
    untimed = Turn(1, "agent", 3.0, 4.5, "your card [BANK_CARD]", redactions=(Redaction("bank_card", 10, 21),))
    clean = Turn(2, "agent", 4.8, 5.9, "thank you")
    return Transcript(call_id, "en", (timed, untimed, clean))


def test_a_redaction_without_word_times_covers_its_whole_turn():
    spans = audio_spans(transcript("x"))
    assert [(r.kind, r.start, r.end) for r in spans] == [("phone", 1.0, 2.0), ("bank_card", 3.0, 4.5)]


@pytest.mark.parametrize("mode", ["silence", "bleep"])
def test_every_channel_is_covered_over_every_span_and_nothing_else_changes(stereo_call, tmp_path, mode):
    from callqa.audio import decode, probe

    copy = write_redacted_copy(stereo_call, transcript(stereo_call.call_id), "v1", tmp_path / "red", mode)
    assert (copy.call_id, copy.transcript_version, copy.mode, copy.spans) == (stereo_call.call_id, "v1", mode, 2)
    assert Path(copy.path) == tmp_path / "red" / f"{stereo_call.call_id}.wav"
    info = probe(copy.path)
    assert (info.sample_rate, info.channels) == (RATE, 2)
    got, original = decode(copy.path, RATE), decode(stereo_call.source, RATE)
    changed = np.zeros(got.shape[1], bool)
    for start, end in ((1.0, 2.0), (3.0, 4.5)):
        first, last = int((start - 0.1) * RATE), int((end + 0.1) * RATE)
        changed[first:last + 1] = True
        inside = got[:, first + 1:last - 1]
        if mode == "silence":
            assert np.abs(inside).max() == 0
        else:
            index = np.arange(first + 1, last - 1)
            assert np.abs(inside - 0.1 * np.sin(2 * np.pi * 1000 * index / RATE)).max() < 1e-3
        assert np.abs(original[:, first + 1:last - 1]).max() > 0.05, "there was speech to cover"
    assert np.abs(got[:, ~changed] - original[:, ~changed]).max() < 1e-3
    again = write_redacted_copy(stereo_call, transcript(stereo_call.call_id), "v1", tmp_path / "red", mode)
    assert again == copy and not [p for p in (tmp_path / "red").iterdir() if p.name.startswith(".")]


def test_nothing_is_written_when_off_for_transcripts_or_without_redactions(stereo_call, tmp_path):
    folder = tmp_path / "red"
    assert write_redacted_copy(stereo_call, transcript(stereo_call.call_id), "v1", folder, "off") is None
    as_transcript = Call(stereo_call.call_id, "call.json", TRANSCRIPT)
    assert write_redacted_copy(as_transcript, transcript(stereo_call.call_id), "v1", folder, "bleep") is None
    clean = Transcript(stereo_call.call_id, "en", (Turn(0, "agent", 0.0, 1.0, "hello"),))
    assert write_redacted_copy(stereo_call, clean, "v1", folder, "bleep") is None
    assert not folder.exists()


def test_a_recording_gone_from_disk_is_an_input_error_naming_it(stereo_call, tmp_path):
    Path(stereo_call.source).unlink()
    with pytest.raises(InputError) as err:
        write_redacted_copy(stereo_call, transcript(stereo_call.call_id), "v1", tmp_path / "red", "bleep")
    assert err.value.path == stereo_call.source


def test_the_copy_keeps_an_8khz_mono_recording_8khz_mono(tmp_path):
    from benchmarks.bad_inputs.corpus import speech
    from callqa.audio import probe, write

    path = write(tmp_path / "mono.flac", speech(3.0), RATE)
    call = Call("m" * 64, str(path), AUDIO, audio=AudioInfo(3.0, RATE, 1, "flac", "flac", path.stat().st_size))
    turn = Turn(0, "customer", 0.0, 3.0, "[SSN]", redactions=(Redaction("ssn", 0, 5, 0.5, 1.5),))
    copy = write_redacted_copy(call, Transcript(call.call_id, "en", (turn,)), "v", tmp_path, "bleep")
    info = probe(copy.path)
    assert (info.sample_rate, info.channels) == (RATE, 1) and abs(info.duration_s - 3.0) < 0.01
