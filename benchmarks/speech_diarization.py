"""Diarization error rate of each diarizer on the shared evaluation data.

    python benchmarks/speech_diarization.py [--diarizers segmentation,windows,pyannote]

DER (missed + false alarm + confusion, over reference speech), without a collar and with a
±0.25 s collar (md-eval's ``-c 0.25``; pyannote.metrics ``collar=0.5``), on pyannote_sample_2spk
(2 speakers; goal <= 8 % / <= 2 %), voxconverse_aepyx_8k (4 speakers, 8 kHz) and the two
pyannote_ami_debug meeting clips scored inside their UEM (0-30 s). Each diarizer is told the true
number of speakers. Also prints the real-time factor (wall and CPU) of each run.
Diarizers: ``segmentation`` (the embedded default: PyanNet segmentation + GE2E voiceprints),
``windows`` (the embedded fallback without segmentation weights: VAD windows), ``pyannote``
(pyannote.audio's own SpeakerDiarization pipeline on the same segmentation checkpoint and GE2E
voiceprints, no hub). pyannote.audio does not import beside the project's torch: run that one in
the environment ``scripts/pyannote_env.sh`` makes,

    ../pyenv/bin/python benchmarks/speech_diarization.py --diarizers segmentation,pyannote
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "data" / "speech"

import numpy as np  # noqa: E402

from callqa import audio, models  # noqa: E402
from callqa.settings import load_settings  # noqa: E402
from transcribe.der import der, read_rttm, read_uem  # noqa: E402

SETS = (
    ("pyannote_sample_2spk", "pyannote_sample_2spk/sample.wav", "pyannote_sample_2spk/sample.rttm", "sample", None, 2),
    ("voxconverse_aepyx_8k", "voxconverse_aepyx_8k/aepyx_8k.wav", "voxconverse_aepyx_8k/aepyx.rttm", "aepyx", None, 4),
    ("pyannote_ami_debug tst00", "pyannote_ami_debug/tst00.wav", "pyannote_ami_debug/debug.test.rttm", "tst00",
     "pyannote_ami_debug/debug.test.uem", 4),
    ("pyannote_ami_debug tst01", "pyannote_ami_debug/tst01.wav", "pyannote_ami_debug/debug.test.rttm", "tst01",
     "pyannote_ami_debug/debug.test.uem", 4),
)


def build(name: str, settings):
    if name == "segmentation":
        from transcribe.diarize_segments import SegmentationDiarizer

        return SegmentationDiarizer(models.model_path("pyannote-segmentation", settings))
    if name == "windows":
        from transcribe.diarize_embedded import EmbeddedDiarizer

        return EmbeddedDiarizer()
    from callqa import registry

    return registry.build("diarizer", "pyannote", settings)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--diarizers", default="segmentation,windows,pyannote")
    args = parser.parse_args()
    if not DATA.exists():
        print(f"evaluation data not found at {DATA}", file=sys.stderr)
        return 2
    settings = load_settings()
    print(f"{'diarizer':<13} {'set':<26} {'DER':>7} {'collar':>7}  {'miss':>6} {'FA':>6} {'conf':>6} {'ref s':>6}  RTF wall/cpu")
    for name in args.diarizers.split(","):
        try:
            diarizer = build(name, settings)
        except Exception as err:  # a missing extra or weights: say so and go on
            print(f"{name:<13} unavailable: {err}")
            continue
        diarizer.diarize(np.zeros(16000 * 6, np.float32) + 0.01 * np.sin(np.arange(16000 * 6) / 3.0), 16000)  # warm up
        for label, wav, rttm, file_id, uem, speakers in SETS:
            samples = audio.decode(DATA / wav).mean(axis=0)
            wall, cpu = time.perf_counter(), time.process_time()
            spans = diarizer.diarize(samples, 16000, num_speakers=speakers)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            reference = read_rttm(DATA / rttm, file_id)
            region = read_uem(DATA / uem, file_id) if uem else None
            plain, collared = der(reference, spans, uem=region), der(reference, spans, collar=0.25, uem=region)
            seconds = samples.size / 16000
            print(f"{name:<13} {label:<26} {100 * plain.der:6.1f}% {100 * collared.der:6.1f}%  "
                  f"{plain.missed:6.2f} {plain.false_alarm:6.2f} {plain.confusion:6.2f} {plain.total:6.1f}  "
                  f"{wall / seconds:.3f}/{cpu / seconds:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
