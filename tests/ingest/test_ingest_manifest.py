"""Manifests (CSV and JSON): metadata, missing files, malformed files and rows, path traversal."""

from __future__ import annotations

import dataclasses
import json
import logging
import os
from datetime import datetime, timedelta, timezone

from callqa.records import Call, CallMeta, InputFailure, Transcript, Turn
from callqa.interchange import transcript_to_json
from ingest import ingest_paths, read_manifest
from tests.ingest.ingest_fixtures import make_call, settings  # noqa: F401 (fixtures)

HEADER = "file,agent_id,agent_name,team,started_at,direction,queue,customer_id,agent_channel,language,external_id"


def split(items):
    items = list(items)
    calls = {os.path.basename(c.source): c for c in items if isinstance(c, Call)}
    failures = [(f.path, f.reason) for f in items if isinstance(f, InputFailure)]
    return calls, failures


def test_csv_manifest_gives_metadata_and_wins_over_the_file_name(tmp_path, make_call, settings):
    make_call("calls/A1_outbound_a.wav")
    make_call("calls/b.flac", channels=1, seed=1)
    manifest = tmp_path / "calls/manifest.csv"
    manifest.write_text(
        HEADER + ",sentiment_note\n"
        "A1_outbound_a.wav,A2,Bea Chen,Team North,2026-01-05T09:30:00+08:00,inbound,billing,C-9,right,zh,EXT-1,x\n"
        "b.flac,A3,李雷,Team South,2026-01-06,outbound,,,,en,\n",
        encoding="utf-8")
    pattern = r"(?P<agent_id>A\d+)_(?P<direction>\w+?)_"
    items = list(ingest_paths([tmp_path / "calls"], dataclasses.replace(settings, filename_pattern=pattern),
                              manifest))
    calls, failures = split(items)
    assert failures == []
    a = calls["A1_outbound_a.wav"].meta
    assert a == CallMeta(agent_id="A2", agent_name="Bea Chen", team="Team North",
                         started_at=datetime(2026, 1, 5, 9, 30, tzinfo=timezone(timedelta(hours=8))),
                         direction="inbound", queue="billing", customer_id="C-9", agent_channel=1,
                         language="zh", external_id="EXT-1")
    b = calls["b.flac"].meta
    assert (b.agent_name, b.started_at, b.queue, b.agent_channel) == ("李雷", datetime(2026, 1, 6), None, None)


def test_manifest_lists_files_outside_the_walk_and_transcripts(tmp_path, make_call, settings):
    make_call("site/2026/w1/a.wav")
    transcript = Transcript(call_id="ext", language="zh", turns=(Turn(0, "agent", 0.0, 1.0, "您好"),))
    (tmp_path / "site/zh.json").write_text(transcript_to_json(transcript, CallMeta(team="own")), encoding="utf-8")
    manifest = tmp_path / "site/manifest.json"
    manifest.write_text(json.dumps([
        {"file": "2026/w1/a.wav", "agent_id": 17, "agent_channel": 0},
        {"File": "zh.json", "team": "from manifest", "agent_id": "A9"},
    ]))
    calls, failures = split(ingest_paths([], settings, manifest))
    assert failures == []
    assert (calls["a.wav"].meta.agent_id, calls["a.wav"].meta.agent_channel) == ("17", 0)
    assert (calls["zh.json"].meta.team, calls["zh.json"].meta.agent_id) == ("from manifest", "A9")


def test_row_whose_file_is_missing(tmp_path, make_call, settings):
    make_call("calls/a.wav")
    manifest = tmp_path / "calls/manifest.csv"
    manifest.write_text("file,agent_id\na.wav,A1\nlost.wav,A2\n")
    calls, failures = split(ingest_paths([tmp_path / "calls"], settings, manifest))
    assert list(calls) == ["a.wav"]
    assert failures == [(str(tmp_path / "calls/lost.wav"), f"listed in manifest {manifest} row 3 but not found")]


def test_malformed_csv_manifest_fails_alone_and_the_recordings_still_come(tmp_path, make_call, settings):
    make_call("calls/a.wav")
    for text, reason in [
        ('file,agent_id\n"a.wav,A1\n', "malformed CSV manifest (line 2: unexpected end of data)"),
        ("agent_id,team\nA1,North\n", "manifest has no 'file' column (header: agent_id, team)"),
        ("", "manifest is empty (no header row)"),
        ("file\x00,x\n", "malformed CSV manifest (it holds NUL bytes: a binary file?)"),
    ]:
        manifest = tmp_path / "calls/manifest.csv"
        manifest.write_text(text)
        calls, failures = split(ingest_paths([tmp_path / "calls"], settings, manifest))
        assert failures == [(str(manifest), reason)]
        assert list(calls) == ["a.wav"] and calls["a.wav"].meta == CallMeta()


def test_malformed_json_manifest(tmp_path, make_call, settings):
    make_call("calls/a.wav")
    manifest = tmp_path / "calls/manifest.json"
    for text, reason in [
        ('[{"file": "a.wav",}]', "malformed JSON manifest (line 1, column 19: Expecting property name"),
        ('{"file": "a.wav"}', "a JSON manifest must be a list of objects, one per call"),
        ('[{"name": "a.wav"}]', "manifest has no 'file' column"),
    ]:
        manifest.write_text(text)
        calls, failures = split(ingest_paths([tmp_path / "calls"], settings, manifest))
        assert len(failures) == 1 and failures[0][0] == str(manifest)
        assert failures[0][1].startswith(reason)
        assert list(calls) == ["a.wav"]


def test_bad_rows_name_the_manifest_and_row_and_hold_back_only_their_file(tmp_path, make_call, settings):
    for name in ("a.wav", "b.wav", "c.wav", "d.wav", "e.wav"):
        make_call(f"calls/{name}", seed=ord(name[0]))
    manifest = tmp_path / "calls/manifest.csv"
    manifest.write_text("file,started_at,agent_channel,direction\n"
                        "a.wav,yesterday,,\n"
                        "b.wav,2026-02-01T10:00,middle,\n"
                        "c.wav,2026-02-01T10:00,left,inbound\n"
                        "d.wav,,,sideways,extra\n"
                        "e.wav,,,\n"
                        "c.wav,,,\n")
    calls, failures = split(ingest_paths([tmp_path / "calls"], settings, manifest))
    assert failures == [
        (str(manifest), "row 2: started_at is not an ISO 8601 date-time: 'yesterday'"),
        (str(manifest), "row 3: agent_channel must be 0, 1, left or right, not 'middle'"),
        (str(manifest), "row 5: 5 cells but the header has 4"),
        (str(manifest), f"row 7: {tmp_path / 'calls/c.wav'} is listed again (row 4 is used)"),
    ]
    assert sorted(calls) == ["c.wav", "e.wav"]  # a, b and d wait until their rows are fixed
    assert calls["c.wav"].meta.agent_channel == 0 and calls["c.wav"].meta.direction == "inbound"


def test_semicolon_separated_csv_from_a_spreadsheet(tmp_path, make_call, settings):
    make_call("calls/a.wav")
    manifest = tmp_path / "calls/manifest.csv"
    manifest.write_bytes("\ufefffile;Agent_ID;team\na.wav;A1;Süd\n".encode("utf-8"))
    calls, failures = split(ingest_paths([tmp_path / "calls"], settings, manifest))
    assert failures == [] and calls["a.wav"].meta.team == "Süd" and calls["a.wav"].meta.agent_id == "A1"


def test_unknown_columns_are_logged_once(tmp_path, make_call, settings, caplog):
    make_call("calls/a.wav")
    make_call("calls/b.wav", seed=1)
    manifest = tmp_path / "calls/manifest.csv"
    manifest.write_text("file,mood,score\na.wav,ok,1\nb.wav,bad,2\n")
    with caplog.at_level(logging.INFO, logger="callqa"):
        calls, failures = split(ingest_paths([tmp_path / "calls"], settings, manifest))
    assert failures == [] and len(calls) == 2
    notes = [r.getMessage() for r in caplog.records if "unknown column" in r.getMessage()]
    assert notes == [f"{manifest}: ignoring unknown column(s) mood, score"]


def test_path_traversal_through_a_manifest_is_refused(tmp_path, make_call, settings):
    secret = make_call("secret/private.wav")
    make_call("calls/a.wav")
    (tmp_path / "calls/escape.wav").symlink_to(secret)
    manifest = tmp_path / "calls/manifest.csv"
    manifest.write_text(f"file\n../secret/private.wav\n{secret}\n/etc/passwd\nescape.wav\na.wav\n")
    calls, failures = split(ingest_paths([tmp_path / "calls"], settings, manifest))
    assert [reason for _, reason in failures] == [
        "row 2: refused: '../secret/private.wav' lies outside the manifest's folder and the inputs named",
        f"row 3: refused: '{secret}' lies outside the manifest's folder and the inputs named",
        "row 4: refused: '/etc/passwd' lies outside the manifest's folder and the inputs named",
        "row 5: refused: 'escape.wav' lies outside the manifest's folder and the inputs named",
    ]
    assert list(calls) == ["a.wav"]


def test_a_manifest_may_name_files_inside_the_inputs_the_user_named(tmp_path, make_call, settings):
    recording = make_call("recordings/a.wav")
    manifest = tmp_path / "meta/manifest.csv"
    manifest.parent.mkdir()
    manifest.write_text(f"file,agent_id\n{recording},A1\n")
    calls, failures = split(ingest_paths([tmp_path / "recordings"], settings, manifest))
    assert failures == [] and calls["a.wav"].meta.agent_id == "A1"


def test_agent_channel_on_a_mono_recording_is_dropped_with_a_warning(tmp_path, make_call, settings, caplog):
    make_call("calls/mono.wav", channels=1)
    manifest = tmp_path / "calls/manifest.csv"
    manifest.write_text("file,agent_channel,agent_id\nmono.wav,1,A1\n")
    with caplog.at_level(logging.WARNING, logger="callqa"):
        calls, _ = split(ingest_paths([tmp_path / "calls"], settings, manifest))
    assert calls["mono.wav"].meta == CallMeta(agent_id="A1")
    assert "agent_channel 1 ignored" in caplog.text


def test_read_manifest_alone(tmp_path):
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("file,agent_id\na.wav,A1\n")
    book = read_manifest(manifest)
    assert book.failures == () and book.row_for(tmp_path / "a.wav").meta.agent_id == "A1"
    assert book.row_for(tmp_path / "b.wav") is None
    assert read_manifest(tmp_path / "nope.csv").failures[0].reason.startswith("cannot read manifest")
