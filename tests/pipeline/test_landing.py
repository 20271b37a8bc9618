"""Results a crashed Ray run left in the landing zone are loaded, once, by the next run."""

from __future__ import annotations

from dataclasses import replace

from callqa.interchange import read_transcript
from callqa.records import Score, Scorecard
from callqa.settings import load_settings
from tests.pipeline.conftest import transcript_samples


def test_leftover_results_are_loaded_once_before_new_work(tmp_path):
    import ingest
    from pipeline.ray_runner import landing_folder, process_pending_on_ray
    from pipeline.runner import CallProcessor, open_store
    from store.landing import write_result_file

    settings = load_settings({"db": str(tmp_path / "x.duckdb"), "engine": "ray"}, env={})
    store = open_store(settings)
    call = next(iter(ingest.ingest_paths([str(transcript_samples()[0])], settings)))
    store.add_calls([call])
    processor = CallProcessor(settings)
    transcript = replace(read_transcript(call.source)[0], call_id=call.call_id)
    card = Scorecard(call.call_id, "zh", "r1", "embedded", (Score("resolution_level", 2.0),))
    folder = landing_folder(settings)
    for _ in range(2):  # the same result twice: a crash between loading and removing the file
        write_result_file(folder, call.call_id, transcript, processor.transcript_version("transcript"),
                          card, processor.score_version)
    summary = process_pending_on_ray(store, settings, quiet=True)
    assert summary.processed == 0, "the leftover result made the call done: nothing left to run"
    assert list(folder.glob("*.parquet")) == []
    assert store.query_rows("select count(*) from scorecards")[0][0] == 1
    assert store.query_rows("select value from scores where criterion = 'resolution_level'") == [(2.0,)]
