"""ingest_paths: folders, named files, transcripts, duplicates and every kind of bad input of issue 2."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os

import numpy as np
import pytest

from callqa.errors import SettingError
from callqa.interchange import transcript_to_json
from callqa.records import AUDIO, TRANSCRIPT, Call, CallMeta, InputFailure, Transcript, Turn
from tests.conftest import shared_data
from tests.ingest.ingest_fixtures import make_call, settings  # noqa: F401 (fixtures)
from ingest import ingest_paths


def run(paths, settings, manifest=None):
    items = list(ingest_paths(paths, settings, manifest))
    calls = {os.path.relpath(c.source, paths[0]) if os.path.isdir(paths[0]) else c.source: c
             for c in items if isinstance(c, Call)}
    failures = {f.path: f.reason for f in items if isinstance(f, InputFailure)}
    return calls, failures


def write_transcript(path, call_id="ext-1", meta=None):
    transcript = Transcript(call_id=call_id, language="zh",
                            turns=(Turn(0, "agent", 0.0, 2.0, "您好，请问有什么可以帮您？"),))
    path.write_text(transcript_to_json(transcript, meta), encoding="utf-8")
    return path


def test_a_folder_walk_finds_recordings_and_transcripts(tmp_path, make_call, settings):
    make_call("calls/stereo.wav")
    make_call("calls/mono 8k.flac", channels=1, rate=8000, seed=1)
    make_call("calls/week 2/客服 通话.mp3", seed=2)
    make_call("calls/.hidden.wav", seed=3)
    make_call("calls/.cache/old.wav", seed=4)
    make_call("calls/manifest-old.wav", seed=5)
    (tmp_path / "calls/README.txt").write_text("not an input")
    (tmp_path / "calls/labels.json").write_text(json.dumps({"stereo.wav": {"level": 3}}))
    write_transcript(tmp_path / "calls/zh call.json", meta=CallMeta(agent_id="A7"))

    calls, failures = run([tmp_path / "calls"], settings)

    assert failures == {}
    assert sorted(calls) == ["mono 8k.flac", "stereo.wav", "week 2/客服 通话.mp3", "zh call.json"]
    stereo = calls["stereo.wav"]
    assert stereo.media == AUDIO and stereo.audio.channels == 2 and stereo.audio.sample_rate == 16000
    assert stereo.call_id == hashlib.sha256((tmp_path / "calls/stereo.wav").read_bytes()).hexdigest()
    assert calls["mono 8k.flac"].audio.sample_rate == 8000 and calls["mono 8k.flac"].audio.channels == 1
    assert calls["week 2/客服 通话.mp3"].audio.codec == "mp3"
    transcript = calls["zh call.json"]
    assert (transcript.media, transcript.audio, transcript.meta.agent_id) == (TRANSCRIPT, None, "A7")
    assert transcript.call_id == hashlib.sha256((tmp_path / "calls/zh call.json").read_bytes()).hexdigest()


def test_every_bad_input_is_a_failure_and_the_batch_goes_on(tmp_path, make_call, settings):
    good = make_call("in/good.wav")
    (tmp_path / "in/zero.wav").touch()
    (tmp_path / "in/renamed.wav").write_text("Meeting notes\n" * 50)
    whole = make_call("in/whole.wav", seconds=2.0, seed=1).read_bytes()
    (tmp_path / "in/whole.wav").unlink()
    (tmp_path / "in/cut.wav").write_bytes(whole[: len(whole) // 2])
    whole_mp3 = make_call("in/whole.mp3", seconds=2.0, seed=2).read_bytes()
    (tmp_path / "in/whole.mp3").unlink()
    (tmp_path / "in/cut.mp3").write_bytes(whole_mp3[: len(whole_mp3) // 2])
    (tmp_path / "in/noise.ogg").write_bytes(np.random.default_rng(9).bytes(4000))
    make_call("in/conference.wav", channels=3, seed=3)
    (tmp_path / "in/gone.wav").symlink_to(tmp_path / "deleted.wav")
    notes = tmp_path / "notes.txt"
    notes.write_text("not a recording")
    bad_json = tmp_path / "broken.json"
    bad_json.write_text('{"call_id": "x", "language": "fr", "turns": []}')

    items = list(ingest_paths([tmp_path / "in", notes, bad_json, tmp_path / "missing.wav"], settings))

    failures = {os.path.basename(f.path): f.reason for f in items if isinstance(f, InputFailure)}
    assert failures == {
        "zero.wav": "empty file (0 bytes)",
        "renamed.wav": "not audio: the file holds text",
        "cut.wav": "truncated: the header declares 2.00 s of audio but only 1.00 s can be decoded",
        "cut.mp3": failures["cut.mp3"],
        "noise.ogg": "not a recognised audio format",
        "conference.wav": "3 channels: recordings with more than 2 are refused (setting max_channels)",
        "gone.wav": f"broken symbolic link (points to {tmp_path / 'deleted.wav'})",
        "notes.txt": "not audio: the file holds text",
        "broken.json": "'language' must be one of zh, en, not 'fr'",
        "missing.wav": "no such file or folder",
    }
    assert failures["cut.mp3"].startswith("truncated")
    assert [c.source for c in items if isinstance(c, Call)] == [str(good)]
    assert all(str(f) == f"{f.path}: {f.reason}" for f in items if isinstance(f, InputFailure))


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_and_folder(tmp_path, make_call, settings):
    locked = make_call("in/locked.wav")
    hidden_dir = tmp_path / "in/private"
    make_call("in/private/call.wav")
    locked.chmod(0)
    hidden_dir.chmod(0)
    try:
        _, failures = run([tmp_path / "in"], settings)
    finally:
        locked.chmod(0o644)
        hidden_dir.chmod(0o755)
    assert failures[str(locked)] == "permission denied (cannot read the file)"
    assert failures[str(hidden_dir)] == "cannot list folder (permission denied)"


def test_more_channels_can_be_allowed(make_call, settings):
    path = make_call("conference.wav", channels=3)
    calls, failures = run([path], dataclasses.replace(settings, max_channels=3))
    assert failures == {} and calls[str(path)].audio.channels == 3


def test_duplicates_are_both_yielded_with_one_call_id_and_one_file_is_taken_once(tmp_path, make_call, settings):
    original = make_call("in/a.wav")
    (tmp_path / "in/copy of a.wav").write_bytes(original.read_bytes())
    (tmp_path / "in/link.wav").symlink_to(original)  # the same file: taken once
    items = list(ingest_paths([tmp_path / "in", original, tmp_path / "in"], settings))
    assert [os.path.basename(c.source) for c in items] == ["a.wav", "copy of a.wav"]
    assert items[0].call_id == items[1].call_id


def test_explicit_unknown_extension_is_probed(tmp_path, make_call, settings):
    recording = make_call("call.wav")
    renamed = tmp_path / "call.recording"
    recording.rename(renamed)
    calls, failures = run([renamed], settings)
    assert failures == {} and calls[str(renamed)].audio.channels == 2


def test_filename_pattern_gives_metadata(make_call, settings):
    path = make_call("in/A017_Alice_20260105T093000_inbound.wav")
    pattern = r"(?P<agent_id>A\d+)_(?P<agent_name>[^_]+)_(?P<started_at>\d{8}T\d{6})_(?P<direction>\w+?)\."
    calls, _ = run([path], dataclasses.replace(settings, filename_pattern=pattern))
    meta = calls[str(path)].meta
    assert (meta.agent_id, meta.agent_name, meta.direction) == ("A017", "Alice", "inbound")
    assert meta.started_at.isoformat() == "2026-01-05T09:30:00"


def test_a_file_name_with_a_bad_value_is_refused_with_the_reason(make_call, settings):
    path = make_call("in/A017_sideways.wav")
    pattern = r"(?P<agent_id>A\d+)_(?P<direction>\w+)\.wav"
    _, failures = run([path], dataclasses.replace(settings, filename_pattern=pattern))
    assert failures[str(path)] == ("file name: direction must be one of inbound, outbound, not 'sideways' "
                                   "(setting filename_pattern)")


def test_a_wrong_pattern_is_a_setting_error_before_anything_is_read(tmp_path, settings):
    with pytest.raises(SettingError, match="unknown group"):
        list(ingest_paths([tmp_path], dataclasses.replace(settings, filename_pattern=r"(?P<agent>\w+)")))
    with pytest.raises(SettingError, match="not a valid regular expression"):
        list(ingest_paths([tmp_path], dataclasses.replace(settings, filename_pattern=r"(?P<agent_id>")))


def test_real_recordings_from_shared_data(settings):
    folder = shared_data("speech", "mandarin_read_clips")
    calls, failures = run([folder], settings)
    assert failures == {}
    assert len(calls) == 5  # the five clips; SOURCE.txt and the "text" file are not inputs
    assert all(c.audio.sample_rate == 16000 and c.audio.channels == 1 for c in calls.values())
    phone = shared_data("speech", "voxconverse_aepyx_8k", "aepyx_8k.wav")
    stereo = shared_data("speech", "fasterwhisper_stereo", "stereo_diarization.wav")
    calls, failures = run([phone, stereo], settings)
    assert failures == {}
    assert calls[str(phone)].audio.sample_rate == 8000
    assert calls[str(stereo)].audio.channels == 2


def test_transcripts_are_checked_strictly_and_never_stop_the_batch(tmp_path, settings):
    folder = tmp_path / "in"
    folder.mkdir()
    good = write_transcript(folder / "good.json", meta=CallMeta(direction="inbound"))
    doc = json.loads(good.read_text(encoding="utf-8"))
    bad_meta = dict(doc, meta={"direction": "sideways"})
    (folder / "bad meta.json").write_text(json.dumps(bad_meta), encoding="utf-8")
    bad_channel = dict(doc, meta={"agent_channel": "left-ish"})
    (folder / "bad channel.json").write_text(json.dumps(bad_channel), encoding="utf-8")
    bad_words = dict(doc, turns=[dict(doc["turns"][0], words=[{"text": "您好"}])])
    (folder / "bad words.json").write_text(json.dumps(bad_words), encoding="utf-8")
    (folder / "broken.json").write_text('{"call_id": "x", "turns": [', encoding="utf-8")
    calls, failures = run([folder], settings)
    assert list(calls) == ["good.json"] and calls["good.json"].meta.direction == "inbound"
    assert failures[str(folder / "bad meta.json")] == (
        "invalid transcript (direction must be one of inbound, outbound, not 'sideways')")
    assert failures[str(folder / "bad channel.json")] == (
        "meta.agent_channel must be 0 (left) or 1 (right), not 'left-ish'")
    assert failures[str(folder / "bad words.json")] == (
        "turn 0: each word needs text, start and end (missing 'start')")
    assert failures[str(folder / "broken.json")].startswith("malformed JSON (line 1")



def test_an_unexpected_library_error_is_one_failure(make_call, settings, monkeypatch):
    import ingest.batch

    first, second = make_call("a.wav"), make_call("b.wav", seed=1)

    def exploding_probe(path):
        if path == first:
            raise RuntimeError("decoder bug")
        return real_probe(path)

    real_probe = ingest.batch.probe
    monkeypatch.setattr(ingest.batch, "probe", exploding_probe)
    items = list(ingest_paths([first, second], settings))
    assert items[0] == InputFailure(str(first), "unexpected error while reading (RuntimeError: decoder bug)")
    assert isinstance(items[1], Call) and items[1].source == str(second)
