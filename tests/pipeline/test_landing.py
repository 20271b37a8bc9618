"""Landing files: what a worker writes is what the driver reads, and half-written files are never read."""

from __future__ import annotations

from callqa.interchange import read_transcript
from callqa.records import Evidence, Score, Scorecard
from pipeline.landing import Landed, landed_files, read_landing, write_landing
from tests.pipeline.conftest import transcript_samples


def test_round_trip_and_temporary_files_are_invisible(tmp_path):
    transcript, _ = read_transcript(transcript_samples()[0])
    card = Scorecard(transcript.call_id, "zh", "r1", "embedded",
                     (Score("resolution_level", 4.0, "惊喜级", (Evidence(turn=2, quote="没想到"),)),))
    ok = Landed(transcript.call_id, "a.json", "t1", "s1", transcript=transcript, scorecard=card)
    failed = Landed("f" * 64, "b.wav", "t1", "s1", stage="transcribe", error="decoder error")
    (tmp_path / ".half-written.tmp").write_bytes(b"PAR1")
    paths = [write_landing(tmp_path, ok), write_landing(tmp_path, failed)]
    assert landed_files(tmp_path) == sorted(paths, key=lambda p: p.stat().st_mtime)
    assert list(read_landing(paths[0])) == [ok]
    assert list(read_landing(paths[1])) == [failed]


def test_a_leftover_landing_file_is_loaded_once(tmp_path):
    from callqa.settings import load_settings
    from pipeline.ray_runner import landing_folder, load_landed
    from pipeline.runner import BatchTally, open_store
    import ingest

    settings = load_settings({"db": str(tmp_path / "x.duckdb")}, env={})
    store = open_store(settings)
    call = next(iter(ingest.ingest_paths([str(transcript_samples()[0])], settings)))
    store.add_calls([call])
    transcript, _ = read_transcript(call.source)
    from dataclasses import replace

    transcript = replace(transcript, call_id=call.call_id)
    card = Scorecard(call.call_id, "zh", "r1", "embedded", (Score("resolution_level", 2.0),))
    landed = Landed(call.call_id, call.source, "t1", "s1", transcript=transcript, scorecard=card)
    folder = landing_folder(settings)
    write_landing(folder, landed)
    write_landing(folder, landed)  # the same result twice (a crash between load and delete)
    load_landed(store, folder, {}, BatchTally())
    assert landed_files(folder) == []
    assert store.query_rows("select count(*) from scorecards")[0][0] == 1
    assert store.query_rows("select count(*) from scores")[0][0] == 1
