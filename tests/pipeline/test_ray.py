"""`--engine ray` runs the same stage functions on a local Ray cluster and stores the same results."""

from __future__ import annotations

import shutil

import duckdb
import pytest

from tests.pipeline.conftest import callqa, transcript_samples


def scores(db):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return sorted(con.execute("""select c.external_id, s.criterion, s.value, s.label
                                     from scores s join calls c using (call_id)""").fetchall(),
                      key=lambda r: tuple(str(x) for x in r))
    finally:
        con.close()


@pytest.mark.slow
def test_ray_engine_matches_the_local_runner_and_resumes(tmp_path):
    pytest.importorskip("ray", reason="the ray extra is not installed")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for path in transcript_samples()[:4]:
        shutil.copy(path, inbox / path.name)
    local_db, ray_db = tmp_path / "local.duckdb", tmp_path / "ray.duckdb"
    assert callqa("run", str(inbox), "--db", str(local_db)).code == 0
    result = callqa("run", str(inbox), "--db", str(ray_db), "--engine", "ray", "--set", "workers=2")
    assert result.code == 0, result.err
    assert "4 processed" in result.err
    assert scores(ray_db) == scores(local_db)
    assert not list((tmp_path / "ray.duckdb.landing").glob("*.parquet")), "landing files are loaded then removed"
    again = callqa("run", str(inbox), "--db", str(ray_db), "--engine", "ray")
    assert again.code == 0 and "0 processed" in again.err
    assert scores(ray_db) == scores(local_db)
