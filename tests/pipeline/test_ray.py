"""`--engine ray` runs the same stage functions on a local Ray cluster and stores the same results."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from tests.pipeline.conftest import ROOT, callqa, transcript_samples


def scores(db):
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute("""select c.source, s.criterion, s.value, s.label
                              from scores s join calls c using (call_id)""").fetchall()
        turns = con.execute("""select c.source, t.turn_index, t.speaker, t.text
                               from turns t join calls c using (call_id)""").fetchall()
    finally:
        con.close()
    def name(row):
        return (Path(row[0]).name,) + tuple(row[1:])
    return sorted(map(name, rows), key=str), sorted(map(name, turns), key=str)


def redacted_copies(db):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("select call_id, mode, path, spans from redacted_audio order by call_id").fetchall()
    finally:
        con.close()


@pytest.mark.slow
def test_ray_engine_matches_the_local_runner_and_resumes(tmp_path, whisper_base):
    pytest.importorskip("ray", reason="the ray extra is not installed")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    # a stereo 8 kHz call in which the agent reads a phone number back: its redacted copy is written
    # by an actor on Ray and must be the local runner's, byte for byte
    spoken = ROOT / "tests" / "trust" / "spoken_pii" / "stereo_8k_phone.flac"
    for path in transcript_samples()[:3] + [spoken]:
        shutil.copy(path, inbox / path.name)
    local_db, ray_db = tmp_path / "local.duckdb", tmp_path / "ray.duckdb"
    assert callqa("run", str(inbox), "--db", str(local_db)).code == 0
    result = callqa("run", str(inbox), "--db", str(ray_db), "--engine", "ray", "--set", "workers=2")
    assert result.code == 0, result.err
    assert "4 processed" in result.err
    ray_scores, ray_turns = scores(ray_db)
    local_scores, local_turns = scores(local_db)
    assert ray_turns == local_turns, "the same audio must give the same transcript on either engine"
    assert ray_scores == local_scores
    assert not list((tmp_path / "ray.duckdb.landing").glob("*.parquet")), "landing files are loaded then removed"
    local_copy, ray_copy = redacted_copies(local_db), redacted_copies(ray_db)
    assert len(ray_copy) == 1 and ray_copy[0][1] == "bleep" and ray_copy[0][3] == 1
    assert Path(ray_copy[0][2]).parent == tmp_path / "ray.duckdb.redacted"
    assert [r[:2] + r[3:] for r in ray_copy] == [r[:2] + r[3:] for r in local_copy]
    assert Path(ray_copy[0][2]).read_bytes() == Path(local_copy[0][2]).read_bytes()
    again = callqa("run", str(inbox), "--db", str(ray_db), "--engine", "ray")
    assert again.code == 0 and "0 processed" in again.err
    assert scores(ray_db) == (local_scores, local_turns)
