"""`--engine ray`: the same stage functions on a Ray cluster (local, or `ray_address`).

One CallWorker actor per worker builds its models once and processes calls with the very function the
local runner uses (pipeline.runner.process_one). Each result lands as a Parquet file (temporary name,
then rename) in a landing folder beside the database; the driver, the only process that writes the
database, loads each file in one transaction and then deletes it. Files left by a crash are loaded on
the next run, and loading one twice changes nothing. On a multi-node cluster the landing folder must
be shared storage (setting `landing_dir`).

Actors ask for one CPU each (and a GPU each when the speech model runs on CUDA), and the pool leaves one
CPU free: an actor pool that holds every CPU can starve Ray's own tasks (shared/FACTS.md).
"""

from __future__ import annotations

import os
from pathlib import Path

from callqa.errors import MissingExtra
from callqa.log import logger
from callqa.records import AUDIO
from pipeline.landing import landed_files, read_landing, write_landing
from pipeline.progress import CallProgress, write_line
from pipeline.runner import BatchTally, CallProcessor, Summary, process_one, store_landed


def landing_folder(settings) -> Path:
    return Path(settings.landing_dir) if settings.landing_dir else Path(f"{settings.db}.landing")


class CallWorker:
    """A Ray actor: the stages built once, then one call at a time into a landing file."""

    def __init__(self, settings, folder: str):
        self.processor = CallProcessor(settings)
        self.folder = Path(folder)

    def process(self, call) -> str:
        return str(write_landing(self.folder, process_one(call, self.processor)))


def _wants_gpu(settings) -> bool:
    if settings.device == "cpu":
        return False
    try:
        import torch

        return bool(torch.cuda.is_available())
    except ImportError:
        return False


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


def load_landed(store, folder: Path, calls_by_id: dict, tally: BatchTally, progress=None,
                driver: CallProcessor | None = None) -> None:
    """Load every complete landing file into the store, then delete it."""
    for path in landed_files(folder):
        for landed in read_landing(path):
            rubric = driver.rubric_text(landed.scorecard) if driver is not None else None
            failure = store_landed(store, landed, rubric)
            call = calls_by_id.get(landed.call_id)
            if call is not None:
                tally.add(call, landed, failure)
                if progress is not None:
                    (progress.failed(call, str(failure)) if failure else progress.done(call))
            elif failure is not None:
                write_line(str(failure))
        path.unlink()


def process_pending_on_ray(store, settings, quiet: bool = False, retry_failed: bool = False) -> Summary:
    folder = landing_folder(settings)
    recovered = landed_files(folder)
    if recovered:
        logger.info("loading %d result file(s) left by an earlier run", len(recovered))
        load_landed(store, folder, {}, BatchTally())
    driver = CallProcessor(settings)
    calls = store.pending_calls(driver.transcript_version(AUDIO), driver.score_version,
                                retry_failed=retry_failed)
    tally = BatchTally()
    if not calls:
        return tally.summary()
    ray = _start_ray(settings)
    cpus = int(ray.cluster_resources().get("CPU", 1))
    n_workers = max(1, min(settings.workers, len(calls), max(1, cpus - 1)))
    gpus = 1.0 / n_workers if _wants_gpu(settings) else 0
    actor = ray.remote(num_cpus=1, num_gpus=gpus)(CallWorker)
    pool = ray.util.ActorPool([actor.remote(settings, str(folder)) for _ in range(n_workers)])
    calls_by_id = {c.call_id: c for c in calls}
    with CallProgress(calls, disabled=quiet) as progress:
        for _path in pool.map_unordered(lambda worker, call: worker.process.remote(call), calls):
            load_landed(store, folder, calls_by_id, tally, progress, driver)
    return tally.summary()
