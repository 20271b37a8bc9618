"""Bad input never stops a batch or loses stored work; killing a run mid-batch loses nothing."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from tests.pipeline.conftest import ROOT, audio_samples, callqa, transcript_samples


def rows(db: Path, sql: str):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def assert_every_call_complete_and_single(db: Path) -> int:
    """Each stored call has exactly one transcript, one scorecard and one copy of each turn and score."""
    calls = rows(db, "select call_id from calls")
    assert len(calls) == len({c for (c,) in calls})
    partial = rows(db, """select call_id from transcripts
                          where call_id not in (select call_id from scorecards)""")
    assert partial == [], f"transcripts stored without their scores: {partial}"
    dup_turns = rows(db, """select call_id, turn_index, count(*) from turns
                            group by call_id, transcript_version, turn_index having count(*) > 1""")
    assert dup_turns == []
    dup_scores = rows(db, """select call_id, criterion, count(*) from scores
                             group by call_id, score_version, criterion having count(*) > 1""")
    assert dup_scores == []
    return len(calls)


@pytest.mark.slow
def test_a_batch_of_bad_inputs_stores_the_good_ones_and_names_each_bad_one(tmp_path, whisper_base):
    good = audio_samples()[0]
    inbox = tmp_path / "inbox with spaces"
    inbox.mkdir()
    shutil.copy(good, inbox / good.name)
    shutil.copy(good, inbox / f"副本 {good.name}")  # the same recording under a unicode name
    (inbox / "zero.wav").write_bytes(b"")
    (inbox / "text.wav").write_text("RIFF? no, just text", encoding="utf-8")
    data = good.read_bytes()
    (inbox / f"truncated{good.suffix}").write_bytes(data[: len(data) // 3])
    shutil.copy(transcript_samples()[0], inbox / "transcript.json")
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(
        "file,agent_id,team,started_at\n"
        f"inbox with spaces/{good.name},a1,North,2026-03-02T10:00:00\n"
        "inbox with spaces/missing.wav,a2,North,2026-03-02T11:00:00\n", encoding="utf-8")
    db = tmp_path / "calls.duckdb"

    # something stored earlier must survive the bad batch
    assert callqa("ingest", str(transcript_samples()[1]), "--db", str(db)).code == 0

    result = callqa("run", str(inbox), "--manifest", str(manifest), "--db", str(db))
    assert result.code == 1, result.err
    for name in ("zero.wav", "text.wav", f"truncated{good.suffix}", "missing.wav"):
        assert re.search(re.escape(str(inbox / name)) + r": \S", result.err), (name, result.err)
    calls = dict(rows(db, "select source, agent_id from calls"))
    assert len(calls) == 3  # the earlier transcript, the recording (once), the new transcript
    assert calls.get(str(inbox / good.name)) == "a1"  # manifest metadata applied
    failed = {p for (p,) in rows(db, "select path from input_failures")}
    assert {str(inbox / n) for n in ("zero.wav", "text.wav", f"truncated{good.suffix}", "missing.wav")} <= failed
    assert assert_every_call_complete_and_single(db) == 3
    assert rows(db, "select count(*) from scorecards")[0][0] == 3


@pytest.mark.slow
def test_kill_mid_batch_then_resume_loses_and_duplicates_nothing(tmp_path, whisper_base):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for path in audio_samples()[:3] + transcript_samples()[:3]:
        shutil.copy(path, inbox / path.name)
    db = tmp_path / "calls.duckdb"
    proc = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "run", str(inbox), "--db", str(db)],
                            cwd=ROOT, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"}, start_new_session=True)
    seen = b""
    deadline = time.monotonic() + 600
    os.set_blocking(proc.stderr.fileno(), False)
    # kill -9 once at least one call is stored and at least one audio call is still in flight
    while time.monotonic() < deadline and proc.poll() is None:
        chunk = proc.stderr.read() or b""
        seen += chunk
        done = [int(n) for n in re.findall(rb"calls (\d+)/\d+", seen)]
        if done and max(done) >= 1:
            os.killpg(proc.pid, signal.SIGKILL)
            break
        time.sleep(0.05)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL, f"the run ended before it could be killed: {seen[-2000:]!r}"
    stored_before = assert_every_call_complete_and_single(db)
    scored_before = rows(db, "select count(*) from scorecards")[0][0]
    assert 0 < scored_before < 6, "killed after the first call was stored, before the last"

    resumed = callqa("run", str(inbox), "--db", str(db))
    assert resumed.code == 0, resumed.err
    assert assert_every_call_complete_and_single(db) == stored_before == 6
    assert rows(db, "select count(*) from scorecards")[0][0] == 6
    assert rows(db, "select count(*) from stage_status where status = 'failed'")[0][0] == 0


@pytest.mark.slow
def test_recordings_without_speech_are_stored_with_their_verdict_not_invented_text(tmp_path, whisper_base):
    import numpy as np

    from callqa.audio import write

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    rate = 16000
    rng = np.random.default_rng(7)
    t = np.arange(rate * 8) / rate
    write(inbox / "silence.wav", np.zeros((1, rate * 8), dtype=np.float32), rate)
    write(inbox / "tone.wav", (0.3 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)[None, :], rate)
    write(inbox / "noise.flac", (0.05 * rng.standard_normal(rate * 8)).astype(np.float32)[None, :], rate)
    db = tmp_path / "calls.duckdb"
    result = callqa("run", str(inbox), "--db", str(db))
    assert result.code == 0, result.err
    assert "3 routed to a human" in result.err
    verdicts = rows(db, "select verdict, reasons from transcripts")
    assert len(verdicts) == 3 and all(v == "unusable" and r for v, r in verdicts), verdicts
    assert rows(db, "select count(*) from turns")[0][0] == 0, "no text may be invented"
    assert rows(db, "select count(*) from stage_status where status = 'failed'")[0][0] == 0
