"""The bundled sample calls are complete and consistent: manifest, files, labels, audio, transcripts."""

from __future__ import annotations

import csv
import json
from datetime import datetime
from pathlib import Path

import pytest

from callqa.interchange import read_transcript

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
MANIFEST_FIELDS = ["file", "agent_id", "agent_name", "team", "started_at", "direction", "queue",
                   "customer_id", "agent_channel", "language", "external_id"]
LEVELS = {0, 1, 2, 3, 4}
CATEGORIES = {"order_delay", "food_quality", "refund_dispute", "service_attitude", "rider_issue", "other"}
VIOLATIONS = {"evasive", "rude", "long_silence", "overtalk", "no_apology_on_complaint"}
STEPS = {"greeting", "self_intro", "offer_help", "verification", "empathy", "solution",
         "transfer_notice", "other_needs", "closing"}


def _rows() -> list[dict]:
    with open(SAMPLES / "manifest.csv", newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == MANIFEST_FIELDS
        return list(reader)


def _labels() -> dict[str, dict]:
    return json.loads((SAMPLES / "labels.json").read_text("utf-8"))["calls"]


ROWS = _rows()
LABELS = _labels()
AUDIO = [row["file"] for row in ROWS if LABELS[row["file"]]["media"] == "audio"]
TRANSCRIPTS = [row["file"] for row in ROWS if LABELS[row["file"]]["media"] == "transcript"]


def _decode(path: Path):
    import av
    import numpy as np

    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        rate, channels = stream.codec_context.sample_rate, stream.codec_context.channels
        blocks = [frame.to_ndarray().reshape(channels, -1) if frame.format.is_planar
                  else frame.to_ndarray().reshape(-1, channels).T for frame in container.decode(stream)]
    return rate, channels, np.concatenate(blocks, axis=1).astype("float64")


def test_every_manifest_row_has_its_file_and_label_and_nothing_is_left_out():
    files = [row["file"] for row in ROWS]
    assert len(files) == len(set(files))
    for file in files:
        assert (SAMPLES / file).is_file(), file
    assert set(files) == set(LABELS)
    on_disk = {p.relative_to(SAMPLES).as_posix() for p in (SAMPLES / "calls").rglob("*") if p.is_file()}
    assert on_disk == set(files)


def test_bundle_has_the_promised_mix_and_stays_small():
    assert len(AUDIO) >= 8 and len(TRANSCRIPTS) >= 8
    assert {LABELS[f]["language"] for f in AUDIO} == {"en"}
    assert {LABELS[f]["language"] for f in TRANSCRIPTS} == {"zh"}
    channels = [LABELS[f]["channels"] for f in AUDIO]
    assert channels.count(1) >= 4 and channels.count(2) >= 4
    assert 8000 in {LABELS[f]["sample_rate"] for f in AUDIO}
    assert {LABELS[f]["container"] for f in AUDIO} >= {"wav", "flac", "mp3", "ogg"}
    assert {LABELS[f]["agent_channel"] for f in AUDIO if LABELS[f]["channels"] == 2} == {0, 1}
    size = sum(p.stat().st_size for p in SAMPLES.rglob("*") if p.is_file())
    assert size < 6 * 1024 * 1024


def test_manifest_metadata_is_usable():
    agents = {(row["agent_id"], row["agent_name"], row["team"]) for row in ROWS}
    assert 4 <= len({a[0] for a in agents}) <= 6
    assert len({a[0] for a in agents}) == len(agents), "an agent id with two names or teams"
    assert 2 <= len({a[2] for a in agents}) <= 3
    dates = [datetime.fromisoformat(row["started_at"]) for row in ROWS]
    assert all(d.year == 2026 for d in dates)
    assert (max(dates) - min(dates)).days >= 21
    assert len({row["external_id"] for row in ROWS}) == len(ROWS)
    for row in ROWS:
        assert row["direction"] in {"inbound", "outbound"} and row["queue"] and row["customer_id"]
        assert row["language"] == LABELS[row["file"]]["language"]
        stereo = LABELS[row["file"]].get("channels") == 2
        assert (row["agent_channel"] != "") == stereo, row["file"]
        if stereo:
            assert int(row["agent_channel"]) == LABELS[row["file"]]["agent_channel"]


def test_labels_cover_the_rubric():
    for language in ("en", "zh"):
        levels = {e["resolution_level"] for e in LABELS.values() if e["language"] == language}
        assert levels == LEVELS, language
    assert {e["category"] for e in LABELS.values()} == CATEGORIES
    assert set().union(*(e["violations"] for e in LABELS.values())) == VIOLATIONS
    for file, entry in LABELS.items():
        assert set(entry["script"]) == STEPS, file
        assert (entry["script"]["transfer_notice"] is None) == (not entry["transferred"]), file
        assert set(entry["violations"]) <= VIOLATIONS and entry["category"] in CATEGORIES
    steps = [entry["script"] for entry in LABELS.values()]
    for step in STEPS:
        assert any(s[step] is True for s in steps), f"{step} never met"
        assert any(s[step] is False for s in steps) or step == "transfer_notice", f"{step} never missed"


@pytest.mark.parametrize("file", TRANSCRIPTS)
def test_chinese_transcripts_read_as_interchange_with_meta_and_plausible_timing(file):
    transcript, meta = read_transcript(SAMPLES / file)
    row = next(r for r in ROWS if r["file"] == file)
    assert transcript.language == "zh"
    assert meta.agent_id == row["agent_id"] and meta.external_id == row["external_id"]
    assert meta.started_at == datetime.fromisoformat(row["started_at"])
    assert {t.speaker for t in transcript.turns} == {"agent", "customer"}
    assert transcript.turns[0].speaker == "agent"
    for turn in transcript.turns:
        assert turn.text.strip()
        rate = len(turn.text) / (turn.end - turn.start)
        assert 2.5 < rate < 7.5, (file, turn.index, rate)  # characters per second of natural Mandarin
    assert transcript.duration_s >= transcript.turns[-1].end


def _longest_wait(turns) -> float:
    return max(b["start"] - a["end"] for a, b in zip(turns, turns[1:]))


def _overtalk(turns) -> int:
    return sum(1 for a, b in zip(turns, turns[1:])
               if b["speaker"] == "agent" and a["speaker"] == "customer" and b["start"] < a["end"])


def test_timing_shows_the_labelled_silence_and_overtalk():
    for file, entry in LABELS.items():
        if entry["media"] == "audio":
            turns = entry["reference_turns"]
        else:
            turns = json.loads((SAMPLES / file).read_text("utf-8"))["turns"]
        assert (_longest_wait(turns) > 60) == ("long_silence" in entry["violations"]), file
        assert (_overtalk(turns) > 0) == ("overtalk" in entry["violations"]), file


@pytest.mark.parametrize("file", AUDIO)
def test_audio_decodes_with_the_labelled_layout_and_speech_where_the_script_says(file):
    import numpy as np

    entry = LABELS[file]
    rate, channels, audio = _decode(SAMPLES / file)
    assert (rate, channels) == (entry["sample_rate"], entry["channels"])
    assert abs(audio.shape[1] / rate - entry["duration_s"]) < 0.2
    speech = sum(t["end"] - t["start"] for t in entry["reference_turns"])
    assert 25 <= speech <= 60

    def level(track, start, end):
        return float(np.sqrt(np.mean(track[int(start * rate):int(end * rate)] ** 2)))

    if channels == 2:  # one party per channel: each turn is loud on its speaker's channel only
        agent_track = audio[entry["agent_channel"]]
        customer_track = audio[1 - entry["agent_channel"]]
        for turn in entry["reference_turns"]:
            own, other = (agent_track, customer_track) if turn["speaker"] == "agent" else (customer_track, agent_track)
            clear = [t for t in entry["reference_turns"] if t["speaker"] != turn["speaker"]
                     and t["start"] < turn["end"] and turn["start"] < t["end"]]
            assert level(own, turn["start"], turn["end"]) > 0.02, (file, turn["text"])
            if not clear:
                assert level(other, turn["start"], turn["end"]) < 0.005, (file, turn["text"])
    mono = audio.mean(axis=0)
    for turn in entry["reference_turns"]:
        assert level(mono, turn["start"], turn["end"]) > 0.01, (file, turn["text"])
    waits = [(a["end"], b["start"]) for a, b in zip(entry["reference_turns"], entry["reference_turns"][1:])
             if b["start"] - a["end"] > 60]
    for start, end in waits:  # the long wait really is (nearly) silent
        assert level(mono, start + 0.5, end - 0.5) < 0.003
