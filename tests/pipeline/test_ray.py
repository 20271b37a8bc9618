"""`--engine ray` runs the same stage functions on a local Ray cluster and stores the same results."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from tests.pipeline.conftest import audio_samples, callqa, transcript_samples


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


@pytest.mark.slow
def test_ray_engine_matches_the_local_runner_and_resumes(tmp_path, whisper_base):
    pytest.importorskip("ray", reason="the ray extra is not installed")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shortest_audio = min(audio_samples(), key=lambda p: p.stat().st_size)
    for path in transcript_samples()[:3] + [shortest_audio]:
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
    again = callqa("run", str(inbox), "--db", str(ray_db), "--engine", "ray")
    assert again.code == 0 and "0 processed" in again.err
    assert scores(ray_db) == (local_scores, local_turns)
