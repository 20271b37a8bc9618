"""Recognition accuracy of the speech room on the shared evaluation data.

    python benchmarks/speech_accuracy.py [--backend faster-whisper|openai-whisper] [--prompt-zh TEXT]
        [--beam N] [--wheel-dir DIR] [--show]

Text is recognised exactly as the speech stage does it (VAD windows, language per window, prompts,
Simplified output); both sides are normalised the same way: lower case, punctuation removed,
Traditional -> Simplified.

- English WER: whisper_jfk, the LibriSpeech sentence, pyannote's 2-speaker call (its STM words).
- Mandarin CER, dev (where settings may be chosen): the FunASR sample (model-agreed reference), the
  CosyVoice prompt clip (its prompt text) and, when found, the Mandarin reference clip that the
  f5-tts package ships (``basic_ref_zh.wav``, text from the package's speech_edit.py; MIT package,
  a film line). It is read from an installed ``f5_tts`` or from an f5-tts wheel in ``--wheel-dir``
  (``pip download --no-deps f5-tts -d DIR``), never copied. The wenet AISHELL sentence is the same
  file as a test clip (BAC009S0724W0121), so it is not dev.
- Mandarin CER, test: mandarin_read_clips (human references; goal <= 12 %). Report only: nothing is
  chosen on it.
Reads ../shared/data (never copied into the repository).
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "data" / "speech"

from callqa import audio  # noqa: E402
from callqa.settings import load_settings  # noqa: E402
from transcribe.language import simplified  # noqa: E402

JFK = "And so my fellow Americans, ask not what your country can do for you, ask what you can do for your country."
F5_CLIP = "f5_tts/infer/examples/basic/basic_ref_zh.wav"
F5_TEXT = "对，这就是我，万人敬仰的太乙真人。"  # f5_tts/infer/speech_edit.py, origin_text of this clip


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def chars(text: str) -> list[str]:
    return [c for c in simplified(text) if re.match(r"\w", c)]


def edits(ref: list[str], hyp: list[str]) -> int:
    from rapidfuzz.distance import Levenshtein

    return Levenshtein.distance(ref, hyp)


def kaldi_text(path: Path, keep_spaces: bool = False) -> dict[str, str]:
    """Kaldi ``text``: id, then the transcript (Chinese references are split by spaces: joined)."""
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            key, _, text = line.strip().partition(" ")
            text = text.strip()
            out[Path(key).name] = text if keep_spaces else text.replace(" ", "")
    return out


def stm_text(path: Path) -> str:
    return " ".join(line.split(maxsplit=5)[5] for line in path.read_text(encoding="utf-8").splitlines()
                    if len(line.split(maxsplit=5)) == 6)


def english_cases():
    yield "whisper_jfk", DATA / "whisper_jfk" / "jfk.flac", JFK
    libri = "librispeech-1995-1837-0001"
    yield libri, DATA / "wenet_aishell_librispeech" / f"{libri}.wav", \
        kaldi_text(DATA / "wenet_aishell_librispeech" / "text", keep_spaces=True)[libri]
    yield "pyannote_sample_2spk (STM)", DATA / "pyannote_sample_2spk" / "sample.wav", \
        stm_text(DATA / "pyannote_sample_2spk" / "sample.stm")


def f5_clip(wheel_dir: Path | None, scratch: Path) -> Path | None:
    """f5-tts's Mandarin reference clip: from the installed package, else from a downloaded wheel."""
    import importlib.util

    spec = importlib.util.find_spec("f5_tts")
    if spec is not None and spec.submodule_search_locations:
        path = Path(list(spec.submodule_search_locations)[0]).parent / F5_CLIP
        if path.exists():
            return path
    for wheel in sorted(wheel_dir.glob("f5_tts-*.whl")) if wheel_dir else ():
        with zipfile.ZipFile(wheel) as archive:
            if F5_CLIP in archive.namelist():
                target = scratch / "basic_ref_zh.wav"
                target.write_bytes(archive.read(F5_CLIP))
                return target
    return None


def mandarin_dev(wheel_dir: Path | None, scratch: Path):
    short = DATA / "mandarin_short_clips"
    yield "funasr_sample (model-agreed ref)", short / "funasr_sample.wav", \
        (short / "funasr_sample.golden_paraformer.txt").read_text(encoding="utf-8").strip()
    yield "cosyvoice_zero_shot_prompt (prompt text)", short / "cosyvoice_zero_shot_prompt.wav", \
        "希望你以后能够做的比我还好呦。"
    clip = f5_clip(wheel_dir, scratch)
    if clip is None:
        print("  (f5-tts basic_ref_zh: not found; pip download --no-deps f5-tts -d DIR, then --wheel-dir DIR)")
    else:
        yield "f5-tts basic_ref_zh (package text)", clip, F5_TEXT


def mandarin_test():
    refs = kaldi_text(DATA / "mandarin_read_clips" / "text")
    for key, text in sorted(refs.items()):
        yield key, DATA / "mandarin_read_clips" / f"{key}.wav", text


def rate(e: int, n: int) -> str:
    return f"{100 * e / n:5.1f} % ({e}/{n})" if n else "  n/a"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", default="faster-whisper", choices=("faster-whisper", "openai-whisper"))
    parser.add_argument("--prompt-zh", default=None, help="an initial prompt for Mandarin (default: the setting, none)")
    parser.add_argument("--beam", type=int, default=None)
    parser.add_argument("--wheel-dir", type=Path, default=None, help="a folder with a downloaded f5-tts wheel")
    parser.add_argument("--show", action="store_true", help="print every hypothesis")
    args = parser.parse_args()
    if not DATA.exists():
        print(f"evaluation data not found at {DATA}", file=sys.stderr)
        return 2
    overrides = {"asr_backend": args.backend}
    if args.prompt_zh is not None:
        overrides["prompt_zh"] = args.prompt_zh
    if args.beam:
        overrides["beam_size"] = args.beam
    settings = load_settings(overrides)
    from callqa import registry

    asr = registry.build("transcriber", args.backend, settings)
    print(f"backend {asr.label}, beam {settings.beam_size}, Mandarin prompt {settings.prompt_zh or 'none'!r}")

    def score(cases, split, total: str) -> None:
        errors = length = 0
        for name, path, ref in cases:
            segments, _ = asr.transcribe(audio.decode(path).mean(axis=0), 16000)
            hyp = " ".join(s.text for s in segments)
            e, n = edits(split(ref), split(hyp)), len(split(ref))
            errors, length = errors + e, length + n
            print(f"  {name:<42} {rate(e, n):>18}" + (f"  hyp: {hyp}" if args.show else ""))
        print(f"  {total:<42} {rate(errors, length):>18}")

    started = time.perf_counter()
    print("\nEnglish WER (language detected per window)")
    score(english_cases(), words, "all English")
    with tempfile.TemporaryDirectory() as scratch:
        print("\nMandarin CER, dev (settings may be chosen here)")
        score(list(mandarin_dev(args.wheel_dir, Path(scratch))), chars, "dev")
    print("\nMandarin CER, test: mandarin_read_clips (report only; goal <= 12 %)")
    score(mandarin_test(), chars, "mandarin_read_clips")
    print(f"\n{time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
