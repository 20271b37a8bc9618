"""Speed and memory of the speech room, side by side in one run.

    python benchmarks/speech_speed.py [--threads 2] [--long-minutes 20] [--skip-openai]
                                      [--device auto|cpu|cuda] [--compare-batched] [--compare-devices]

1. faster-whisper (CTranslate2 int8) against openai-whisper (PyTorch fp32) on the same base weights
   and the same audio (jfk, the LibriSpeech sentence and pyannote's 2-speaker call: 55 s), through the
   same windowing code; each model loaded and warmed up first, the best of 3 passes. Goal:
   faster-whisper >= 4x faster. (On a GPU: float16 for both.)
2. The whole speech stage (ASR + diarization or channels + roles + reliability) on a 5-minute
   two-speaker call made of the bundled sample calls (mono: agent and customer voices alternate;
   and a stereo one), real-time factor and peak memory, each in a fresh process. Goal: RTF <= 0.15
   with the base model on 2 CPU cores.
3. Bounded memory: the same stage on a long recording (speech every few minutes, silence between),
   peak memory beside the 5-minute call's.
4. With --compare-batched: the 5-minute mono call's stage with windows decoded one by one and 16 at
   a time (batch_size), side by side, and the same for ASR alone on that call; batching is
   what a GPU is for (on a CPU it buys nothing).
5. With --compare-devices: the 5-minute mono and stereo calls' stage on the CPU (int8, --threads) and
   on the GPU (float16, batched), side by side in the same run.
Wall-clock figures depend on what else the machine runs; CPU seconds are printed beside them.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "data" / "speech"
SAMPLES = ROOT / "samples" / "calls" / "en"
RATE = 16000
REPEATS = 3

from callqa import audio  # noqa: E402
from callqa.settings import load_settings  # noqa: E402

MONO_PARTS = ("en_02_cold_pizza_satisfied.mp3", "en_03_stuck_refund_phone.wav", "en_06_late_lunch_evasive.ogg",
              "en_08_wrong_building_surprise.flac", "en_01_late_dinner_surprise.flac", "en_04_rude_rider_transfer.ogg")
STEREO_PARTS = ("en_01_late_dinner_surprise.flac", "en_05_callback_rude_overtalk.mp3",
                "en_07_invoice_long_wait.flac", "en_01_late_dinner_surprise.flac", "en_05_callback_rude_overtalk.mp3")


def usage() -> tuple[float, float]:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime, r.ru_maxrss / 1024.0


def child_asr(backend: str, threads: int, extra: dict) -> dict:
    from callqa import registry

    paths = [extra.pop("audio")] if "audio" in extra else [
        DATA / "whisper_jfk" / "jfk.flac", DATA / "wenet_aishell_librispeech" / "librispeech-1995-1837-0001.wav",
        DATA / "pyannote_sample_2spk" / "sample.wav"]
    settings = load_settings({"asr_backend": backend, "cpu_threads": threads, **extra})
    asr = registry.build("transcriber", backend, settings)
    clips = [audio.decode(p).mean(axis=0) for p in paths]
    asr.transcribe(clips[0][: RATE * 3], RATE)  # load and warm up
    timed = []
    for _ in range(REPEATS):  # the best of a few passes: the first one still pays for lazy set-up
        cpu0, wall0 = usage()[0], time.perf_counter()
        words = sum(len(s.words) for clip in clips for s in asr.transcribe(clip, RATE)[0])
        timed.append((time.perf_counter() - wall0, usage()[0] - cpu0))
    wall, cpu = min(timed)
    return {"label": asr.label, "wall": wall, "cpu": cpu, "audio": sum(c.size for c in clips) / RATE,
            "words": words, "walls": [round(w, 2) for w, _ in timed]}


def child_stage(path: str, threads: int, extra: dict) -> dict:
    import transcribe
    from callqa.records import AUDIO, Call

    stage = transcribe.build_speech_stage(load_settings({"cpu_threads": threads, **extra}))
    info = audio.probe(path, verify=False)
    call = Call(call_id="bench", source=path, media=AUDIO, audio=info)
    warm = ROOT.parent / "shared" / "data" / "speech" / "whisper_jfk" / "jfk.flac"
    if warm.exists():  # load the models outside the timed run
        stage.run(Call(call_id="warm", source=str(warm), media=AUDIO, audio=audio.probe(warm)))
    cpu0, wall0 = usage()[0], time.perf_counter()
    transcript = stage.run(call)
    cpu, peak = usage()
    return {"wall": time.perf_counter() - wall0, "cpu": cpu - cpu0, "audio": info.duration_s, "peak_mb": peak,
            "turns": len(transcript.turns), "engine": transcript.engine, "verdict": transcript.reliability.verdict}


def run_child(kind: str, arg: str, extra: dict) -> dict:
    done = subprocess.run([sys.executable, __file__, "--child", kind, arg, json.dumps(extra)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "child failed")
    return json.loads(done.stdout.strip().splitlines()[-1])


def build_calls(folder: Path, long_minutes: float) -> dict[str, Path]:
    mono = np.concatenate([audio.decode(SAMPLES / p, RATE).mean(axis=0) for p in MONO_PARTS])[: 300 * RATE]
    stereo_parts = []
    for p in STEREO_PARTS:
        x = audio.decode(SAMPLES / p, RATE)
        stereo_parts.append(x if x.shape[0] == 2 else np.vstack([x[0], np.zeros_like(x[0])]))
    stereo = np.concatenate(stereo_parts, axis=1)[:, : 300 * RATE]
    calls = {"mono 5 min": audio.write(folder / "mono5.flac", mono, RATE),
             "stereo 5 min": audio.write(folder / "stereo5.flac", stereo, RATE)}
    if long_minutes > 0:
        clip = audio.decode(SAMPLES / MONO_PARTS[0], RATE).mean(axis=0)
        gap = np.zeros(int(240 * RATE), np.float32)
        pieces, total = [], 0
        while total < long_minutes * 60 * RATE:
            pieces += [clip, gap]
            total += clip.size + gap.size
        calls[f"mono {long_minutes:g} min"] = audio.write(folder / "long.flac", np.concatenate(pieces)[: int(long_minutes * 60 * RATE)], RATE)
    return calls


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--long-minutes", type=float, default=20.0)
    parser.add_argument("--skip-openai", action="store_true")
    parser.add_argument("--device", default="auto", choices=("auto", "cpu", "cuda"))
    parser.add_argument("--compare-batched", action="store_true", help="4.: batch_size 1 against 16")
    parser.add_argument("--compare-devices", action="store_true", help="5.: the stage on the CPU against the GPU")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, arg, extra = args.child
        child = child_asr if kind == "asr" else child_stage
        result = child(arg, args.threads, json.loads(extra))
        print(json.dumps(result))
        return 0
    if not DATA.exists():
        print(f"evaluation data not found at {DATA}", file=sys.stderr)
        return 2
    print(f"{args.threads} CPU threads; machine load average {Path('/proc/loadavg').read_text().split()[0]}")
    print("\n1. same weights, same audio (55 s), models warmed up")
    results = {}
    for backend in ("faster-whisper",) + (() if args.skip_openai else ("openai-whisper",)):
        try:
            r = results[backend] = run_child("asr", backend, {"device": args.device})
        except RuntimeError as err:
            print(f"  {backend:<15} unavailable: {err}")
            continue
        print_asr(r)
    if len(results) == 2:
        fw, ow = results["faster-whisper"], results["openai-whisper"]
        print(f"  faster-whisper is {ow['wall'] / fw['wall']:.1f}x faster (wall), {ow['cpu'] / fw['cpu']:.1f}x (CPU)")
    print("\n2./3. whole speech stage, fresh process per call (models loaded and warmed up first)")
    with tempfile.TemporaryDirectory() as tmp:
        calls = build_calls(Path(tmp), args.long_minutes)
        for name, path in calls.items():
            print_stage(name, run_child("stage", str(path), {"device": args.device}))
        if args.compare_batched:
            print("\n4. the 5-minute mono call, windows one by one and 16 at a time")
            timed = {}
            for batch in (1, 16):
                timed[batch] = run_child("stage", str(calls["mono 5 min"]), {"device": args.device, "batch_size": batch})
                print_stage(f"batch_size {batch}", timed[batch])
            print(f"  batched is {timed[1]['wall'] / timed[16]['wall']:.2f}x the speed of one by one (wall)")
            print("  ASR alone on the same call:")
            asr_only = {batch: run_child("asr", "faster-whisper", {"device": args.device, "batch_size": batch,
                                                                   "audio": str(calls["mono 5 min"])})
                        for batch in (1, 16)}
            for batch, r in asr_only.items():
                print_asr(r, f"batch_size {batch}")
            print(f"  batched ASR is {asr_only[1]['wall'] / asr_only[16]['wall']:.2f}x the speed of one by one (wall)")
        if args.compare_devices:
            print(f"\n5. the 5-minute calls on the CPU ({args.threads} threads, int8) and on the GPU (float16, batched)")
            for name in ("mono 5 min", "stereo 5 min"):
                on = {device: run_child("stage", str(calls[name]), {"device": device}) for device in ("cpu", "cuda")}
                for device, r in on.items():
                    print_stage(f"{name[:6]} {device}", r)
                print(f"  {name}: the GPU is {on['cpu']['wall'] / on['cuda']['wall']:.1f}x the speed of the CPU (wall)")
    return 0


def print_asr(r: dict, name: str = "") -> None:
    print(f"  {name or r['label']:<32} wall {r['wall']:6.2f} s (RTF {r['wall'] / r['audio']:.4f})  "
          f"cpu {r['cpu']:6.1f} s  words {r['words']}  (best of {r['walls']})")


def print_stage(name: str, r: dict) -> None:
    print(f"  {name:<14} {r['audio']:6.0f} s audio  wall {r['wall']:6.1f} s (RTF {r['wall'] / r['audio']:.3f})  "
          f"cpu {r['cpu']:6.1f} s (cpu-RTF {r['cpu'] / r['audio']:.3f})  peak {r['peak_mb']:5.0f} MB  "
          f"{r['turns']} turns, {r['verdict']}, {r['engine']}")


if __name__ == "__main__":
    raise SystemExit(main())
