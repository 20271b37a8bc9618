"""kill -9 at random moments of `callqa run` (and of `callqa ingest`, and of a Ray run): after every
kill and after a final clean run, every call is stored exactly once and complete.

New work arrives before every round, so each round has calls to ingest, transcribe, score and write
when the kill lands; the delays come from a seeded generator, so a failure can be replayed.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from benchmarks.bad_inputs.corpus import speech
from tests.pipeline.conftest import callqa
from tests.trust.integrity import assert_consistent, rows, write_transcripts
from tests.trust.processes import run_then_kill, run_then_kill_after

SEED = 20260306
KILLS = 20
AUDIO_FROM_ROUND = 16
RAY_CALLS = 30


def _short_recordings(folder: Path) -> list[Path]:
    from callqa.audio import write

    folder.mkdir(parents=True, exist_ok=True)
    return [write(folder / f"short-{i}.wav", speech(4.0, start_s=0.5 + 6 * i), 8000) for i in range(2)]


def _check_after_kill(db: Path) -> int:
    if not db.exists():  # killed before the database was created
        return 0
    return assert_consistent(db)


def _check_finished(db: Path, inbox: Path) -> None:
    inputs = [p for p in inbox.rglob("*") if p.suffix in (".json", ".wav")]
    assert assert_consistent(db) == len(inputs)
    assert rows(db, "SELECT count(*) FROM current_scorecards")[0][0] == len(inputs)
    assert rows(db, "SELECT count(*) FROM stage_status WHERE status = 'failed'")[0][0] == 0
    assert rows(db, "SELECT count(*) FROM current_turns t JOIN calls c USING (call_id) "
                    "WHERE c.media = 'audio'")[0][0] > 0  # the recordings were transcribed, not skipped
    assert rows(db, "SELECT count(DISTINCT path) FROM call_sources")[0][0] == len(inputs)


@pytest.mark.slow
def test_kill_nine_twenty_times_then_resume(tmp_path, whisper_base):
    """Rounds 0-15 hold transcripts only (quick runs); from round 16 two short recordings join, and
    the kills land while the speech models load, while audio is decoded and transcribed, and while
    results are written."""
    rng = random.Random(SEED)
    inbox, db, log = tmp_path / "inbox", tmp_path / "calls.duckdb", tmp_path / "runs.log"
    outcomes = []
    for round_ in range(KILLS):
        arrived = inbox / f"round{round_:02d}"  # new work arrives; `run` also resumes what is pending
        write_transcripts(arrived, 4, arrived.name)
        if round_ == AUDIO_FROM_ROUND:
            _short_recordings(arrived)
        command = "ingest" if round_ % 7 == 3 else "run"  # now and then kill an ingest instead
        delay = rng.uniform(3.0, 10.0) if round_ >= AUDIO_FROM_ROUND else rng.uniform(0.5, 3.5)
        status = run_then_kill(command, str(arrived), "--db", str(db), "-q", after_s=delay, log=log)
        assert status in (None, 0), f"round {round_}: {command} ended with {status}: {log.read_text()[-2000:]}"
        stored = _check_after_kill(db)
        scored = rows(db, "SELECT count(*) FROM current_scorecards")[0][0] if stored else 0
        outcomes.append((command, round(delay, 2), "killed" if status is None else "finished", stored, scored))

    killed = [o for o in outcomes if o[2] == "killed"]
    assert any(0 < o[4] < o[3] for o in killed), f"no kill landed mid-batch: {outcomes}"
    final = callqa("run", str(inbox), "--db", str(db), "-q")
    assert final.code == 0, final.err
    _check_finished(db, inbox)
    again = callqa("run", str(inbox), "--db", str(db), "-q")
    assert again.code == 0 and "0 new call(s)" in again.err and "0 processed" in again.err, again.err


@pytest.mark.slow
def test_kill_nine_during_a_ray_run_then_resume(tmp_path):
    """Killed once the first results have landed (workers writing Parquet, the driver loading it)."""
    pytest.importorskip("ray", reason="the ray extra is not installed")
    rng = random.Random(SEED + 1)
    inbox, db, log = tmp_path / "inbox", tmp_path / "calls.duckdb", tmp_path / "ray.log"
    write_transcripts(inbox, RAY_CALLS, "ray")
    ray = ["--engine", "ray", "--set", "workers=2"]
    status = run_then_kill_after(r"calls [1-9]\d*/", "run", str(inbox), "--db", str(db), *ray,
                                 then_s=rng.uniform(0.0, 1.5), log=log)
    assert status is None, f"the Ray run ended before it was killed: {log.read_text()[-2000:]}"
    assert 0 < assert_consistent(db)
    assert 0 < rows(db, "SELECT count(*) FROM current_scorecards")[0][0] < RAY_CALLS
    final = callqa("run", str(inbox), "--db", str(db), *ray, "-q")
    assert final.code == 0, final.err
    assert assert_consistent(db) == RAY_CALLS
    assert rows(db, "SELECT count(*) FROM current_scorecards")[0][0] == RAY_CALLS
    landing = Path(f"{db}.landing")
    assert not list(landing.glob("*.parquet")), "result files left by the killed runs are loaded, then removed"
