"""Throughput of the local runner and of `--engine ray` on the same batch, side by side.

    python benchmarks/throughput.py [--workers 2] [--copies 1] [--no-ray] [--no-steady] [--keep]

The batch is the bundled sample calls (samples/: English recordings and Chinese transcripts with
their manifest), copied to a temporary folder; ``--copies N`` adds N-1 re-encoded copies of every
recording (a copy with different bytes is a different call). Each engine runs the real command
line, `callqa run`, on a fresh database, so the figures include start-up and model loading as a
user meets them. CPU seconds are the whole process tree's (Ray's raylet and workers included),
sampled every 0.2 s.

A third figure is the steady state of one warm worker: the same stages, models already loaded,
over the same recordings in this process; its CPU seconds per audio second is what a capacity plan
multiplies (see the README's capacity plan).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


@dataclass(frozen=True)
class Run:
    engine: str
    wall_s: float
    cpu_s: float
    calls: int
    audio_s: float
    exit_code: int

    @property
    def audio_h_per_h(self) -> float:
        return (self.audio_s / 3600) / (self.wall_s / 3600)

    @property
    def audio_h_per_cpu_h(self) -> float:
        return self.audio_s / self.cpu_s if self.cpu_s else float("nan")


def tree_cpu_seconds(pid: int, stop: threading.Event, total: list[float]) -> None:
    """Sum of user+system CPU of ``pid`` and its descendants, each at the last time it was seen."""
    import psutil

    seen: dict[int, float] = {}
    while not stop.is_set():
        try:
            procs = [psutil.Process(pid)] + psutil.Process(pid).children(recursive=True)
        except psutil.NoSuchProcess:
            break
        for proc in procs:
            try:
                t = proc.cpu_times()
                seen[proc.pid] = t.user + t.system + t.children_user + t.children_system
            except psutil.NoSuchProcess:
                pass
        total[0] = sum(seen.values())
        stop.wait(0.2)


def prepare_batch(folder: Path, copies: int) -> Path:
    """samples/ copied to ``folder`` (plus re-encoded copies of each recording); the manifest path."""
    shutil.copytree(ROOT / "samples" / "calls", folder / "calls")
    shutil.copy(ROOT / "samples" / "manifest.csv", folder / "manifest.csv")
    if copies > 1:
        from callqa.audio import decode, write

        for path in sorted((folder / "calls" / "en").iterdir()):
            samples = decode(path, 16000)
            for n in range(1, copies):
                write(path.with_name(f"{path.stem}-copy{n}.wav"), samples * (1 - 0.01 * n), 16000)
    return folder / "manifest.csv"


def run_engine(engine: str, folder: Path, manifest: Path, workers: int) -> Run:
    import duckdb

    db = folder / f"{engine}.duckdb"
    args = [sys.executable, "-m", "pipeline.cli", "run", str(folder / "calls"), "--manifest", str(manifest),
            "--db", str(db), "-q", "--engine", engine, "--set", f"workers={workers}"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("CALLQA_")}
    started = time.monotonic()
    proc = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    stop, cpu = threading.Event(), [0.0]
    sampler = threading.Thread(target=tree_cpu_seconds, args=(proc.pid, stop, cpu), daemon=True)
    sampler.start()
    _, err = proc.communicate()
    wall = time.monotonic() - started
    stop.set()
    sampler.join()
    if proc.returncode:
        print(f"{engine}: exit {proc.returncode}\n{err[-2000:]}", file=sys.stderr)
    con = duckdb.connect(str(db), read_only=True)
    try:
        calls, audio_s = con.execute(
            "SELECT count(*), coalesce(sum(CASE WHEN c.media = 'audio' THEN c.duration_s END), 0) "
            "FROM calls c JOIN current_scorecards s USING (call_id)").fetchone()
    finally:
        con.close()
    return Run(engine, wall, cpu[0], calls, audio_s, proc.returncode)


def same_scores(folder: Path) -> bool:
    import duckdb

    def scores(db: Path):
        con = duckdb.connect(str(db), read_only=True)
        try:
            return sorted(con.execute("SELECT call_id, criterion, value, label FROM current_scores").fetchall(),
                          key=lambda r: tuple(map(str, r)))
        finally:
            con.close()

    return scores(folder / "local.duckdb") == scores(folder / "ray.duckdb")


def steady_state(folder: Path) -> tuple[float, float, float]:
    """(audio seconds, wall seconds, CPU seconds) of one warm worker over the recordings."""
    from callqa.settings import load_settings
    from pipeline.runner import CallProcessor, admit_one, process_one

    settings = load_settings()
    processor = CallProcessor(settings)
    recordings = sorted((folder / "calls" / "en").iterdir())
    calls = [admit_one(str(p), settings) for p in recordings]
    process_one(calls[0], processor)  # loads the models: not part of the steady state
    wall0, cpu0 = time.perf_counter(), time.process_time()
    for call in calls[1:]:
        landed = process_one(call, processor)
        assert landed.error is None, (call.source, landed.error)
    return (sum(c.audio.duration_s for c in calls[1:]), time.perf_counter() - wall0, time.process_time() - cpu0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2, help="Ray actors asked for (setting workers)")
    parser.add_argument("--copies", type=int, default=1, help="copies of each recording in the batch")
    parser.add_argument("--no-ray", action="store_true")
    parser.add_argument("--no-steady", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    folder = Path(tempfile.mkdtemp(prefix="callqa-throughput-"))
    try:
        manifest = prepare_batch(folder, args.copies)
        runs = [run_engine("local", folder, manifest, args.workers)]
        if not args.no_ray:
            runs.append(run_engine("ray", folder, manifest, args.workers))
        print(f"batch: {runs[0].calls} calls, {runs[0].audio_s / 60:.1f} min of audio; machine: {cores} cores; "
              f"ray workers asked: {args.workers}")
        print(f"{'engine':<8}{'exit':>5}{'calls':>7}{'wall s':>9}{'CPU s':>9}{'audio h/h':>11}"
              f"{'per core':>10}{'per CPU-h':>11}")
        for r in runs:
            print(f"{r.engine:<8}{r.exit_code:>5}{r.calls:>7}{r.wall_s:>9.1f}{r.cpu_s:>9.1f}"
                  f"{r.audio_h_per_h:>11.2f}{r.audio_h_per_h / cores:>10.2f}{r.audio_h_per_cpu_h:>11.2f}")
        if len(runs) == 2:
            local, ray = runs
            print(f"ray / local throughput: {ray.audio_h_per_h / local.audio_h_per_h:.2f}x; "
                  f"same scores: {'yes' if same_scores(folder) else 'NO'}")
        if not args.no_steady:
            audio_s, wall_s, cpu_s = steady_state(folder)
            print(f"steady state, one warm worker (models loaded), {audio_s / 60:.1f} min of audio: "
                  f"RTF {wall_s / audio_s:.3f} wall, {cpu_s / audio_s:.3f} CPU-s per audio-s "
                  f"= {audio_s / cpu_s:.1f} audio-h per CPU-core-hour")
    finally:
        if args.keep:
            print(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
