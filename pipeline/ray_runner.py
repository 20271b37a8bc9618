"""`--engine ray`: the same stage functions on a Ray cluster (local, or `ray_address`).

One CallWorker actor per worker builds its models once and processes calls with the very function the
local runner uses (pipeline.runner.process_one). Each result lands as a Parquet file (temporary name,
then rename) in the store's landing zone beside the database; the driver, the only process that writes
the database, loads the landed files in one transaction per batch and removes them. Files left by a
crash load on the next run, and loading one twice changes nothing. On a multi-node cluster the landing
folder must be shared storage (setting `landing_dir`), and so must the folder of the redacted audio
copies the actors write (setting `redacted_audio_dir`).

Actors ask for one CPU each (and a share of a GPU when the speech model can run on CUDA), and the pool
leaves one CPU free: an actor pool that holds every CPU can starve Ray's own tasks (shared/FACTS.md).
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from callqa.errors import MissingExtra
from callqa.log import logger
from callqa.records import AUDIO
from pipeline.progress import CallProgress
from pipeline.runner import BatchTally, CallProcessor, Landed, Summary, process_one


def landing_folder(settings) -> Path:
    return Path(settings.landing_dir) if settings.landing_dir else Path(f"{settings.db}.landing")


class CallWorker:
    """A Ray actor: the stages built once, then one call at a time into a landing file."""

    def __init__(self, settings, folder: str):
        self.processor = CallProcessor(settings)
        self.folder = Path(folder)

    def process(self, call) -> Landed:
        from store.landing import write_failure_file, write_result_file

        landed = process_one(call, self.processor)
        if landed.error is not None:
            write_failure_file(self.folder, landed.call_id, landed.stage, landed.failed_version, landed.error)
        else:
            write_result_file(self.folder, landed.call_id, landed.transcript, landed.transcript_version,
                              landed.scorecard, landed.score_version,
                              rubric=self.processor.rubric_text(landed.scorecard))
        # the driver needs only the outcome: the results travel in the landing file
        return replace(landed, scorecard=None)


def _wants_gpu(settings) -> bool:
    if settings.device == "cpu":
        return False
    try:
        import torch

        return bool(torch.cuda.is_available())
    except ImportError:
        return False


def _thread_env(settings) -> dict[str, str]:
    """The thread settings the local runner has. Ray sets OMP_NUM_THREADS=1 in actors by default, and
    speech recognition then decodes differently (other words, other punctuation) from the local
    runner under the same version key; an actor must produce what the local runner would."""
    threads = os.environ.get("OMP_NUM_THREADS") or str(settings.cpu_threads or os.cpu_count() or 1)
    return {"OMP_NUM_THREADS": threads}


def _start_ray(settings):
    try:
        import ray
    except ImportError as err:
        raise MissingExtra("ray", "ray", err) from err
    if not ray.is_initialized():
        if settings.ray_address:
            ray.init(address=settings.ray_address, log_to_driver=False)
        else:
            ray.init(num_cpus=os.cpu_count() or 2, include_dashboard=False, log_to_driver=False,
                     configure_logging=False)
    return ray


def process_pending_on_ray(store, settings, quiet: bool = False, retry_failed: bool = False) -> Summary:
    folder = landing_folder(settings)
    leftover = store.load_parquet_results(folder) if folder.is_dir() else None
    if leftover and leftover.files:
        logger.info("loaded %d result file(s) left by an earlier run", leftover.files)
    driver = CallProcessor(settings)
    calls = store.pending_calls(driver.transcript_version(AUDIO), driver.score_version,
                                retry_failed=retry_failed)
    tally = BatchTally()
    if not calls:
        return tally.summary()
    ray = _start_ray(settings)
    cpus = int(ray.cluster_resources().get("CPU", 1))
    n_workers = max(1, min(settings.workers, len(calls), max(1, cpus - 1)))
    gpus = min(1.0, ray.cluster_resources().get("GPU", 0) / n_workers) if _wants_gpu(settings) else 0
    actor = ray.remote(num_cpus=1, num_gpus=gpus, runtime_env={"env_vars": _thread_env(settings)})(CallWorker)
    pool = ray.util.ActorPool([actor.remote(settings, str(folder)) for _ in range(n_workers)])
    calls_by_id = {c.call_id: c for c in calls}
    with CallProgress(calls, disabled=quiet) as progress:
        for landed in pool.map_unordered(lambda worker, call: worker.process.remote(call), calls):
            store.load_parquet_results(folder)
            if landed.redacted_audio is not None:  # written by the actor; recorded once its results are in
                store.save_redacted_audio(landed.redacted_audio)
            call = calls_by_id[landed.call_id]
            if landed.error is not None:
                failure = landed.as_failure()
                tally.add(call, landed, failure)
                progress.failed(call, str(failure))
            else:
                tally.add(call, landed, None)
                progress.done(call)
    return tally.summary()

