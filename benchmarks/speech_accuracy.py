"""Recognition accuracy of the speech room on the shared evaluation data.

    python benchmarks/speech_accuracy.py [--backend faster-whisper|openai-whisper] [--prompt-zh TEXT] [--beam N]

WER on the English sets (whisper_jfk, the LibriSpeech sentence, pyannote's 2-speaker call with its
STM words), CER on mandarin_read_clips (human references in Simplified characters; goal <= 12 %)
and on the two other Mandarin clips. Text is recognised by the chosen backend exactly as the
speech stage does it (VAD windows, language per window, prompts, Simplified output); both sides
are normalised the same way: lower case, punctuation removed, Traditional -> Simplified.
Reads ../shared/data (never copied into the repository).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "data" / "speech"

from callqa import audio  # noqa: E402
from callqa.settings import load_settings  # noqa: E402
from transcribe.language import simplified  # noqa: E402

JFK = "And so my fellow Americans, ask not what your country can do for you, ask what you can do for your country."


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


def mandarin_cases():
    refs = kaldi_text(DATA / "mandarin_read_clips" / "text")
    for key, text in sorted(refs.items()):
        yield "mandarin_read_clips", key, DATA / "mandarin_read_clips" / f"{key}.wav", text
    golden = (DATA / "mandarin_short_clips" / "funasr_sample.golden_paraformer.txt")
    if golden.exists():
        yield "mandarin_short_clips (model-agreed ref)", "funasr_sample", DATA / "mandarin_short_clips" / "funasr_sample.wav", \
            "我想问我在滨海新区有房"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", default="faster-whisper", choices=("faster-whisper", "openai-whisper"))
    parser.add_argument("--prompt-zh", default=None, help="an initial prompt for Mandarin (default: the setting, none)")
    parser.add_argument("--beam", type=int, default=None)
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

    def recognise(path: Path) -> str:
        samples = audio.decode(path).mean(axis=0)
        segments, _ = asr.transcribe(samples, 16000)
        return " ".join(s.text for s in segments)

    started = time.perf_counter()
    print("\nEnglish WER (language detected per window)")
    total_e = total_n = 0
    for name, path, ref in english_cases():
        hyp = recognise(path)
        e, n = edits(words(ref), words(hyp)), len(words(ref))
        total_e, total_n = total_e + e, total_n + n
        print(f"  {name:<36} WER {100 * e / n:5.1f} %  ({e}/{n} words)")
        if args.show:
            print(f"      hyp: {hyp}")
    print(f"  {'all English':<36} WER {100 * total_e / total_n:5.1f} %")

    print("\nMandarin CER (Simplified references; goal <= 12 % on mandarin_read_clips)")
    sets: dict[str, list[int]] = {}
    for group, key, path, ref in mandarin_cases():
        hyp = recognise(path)
        e, n = edits(chars(ref), chars(hyp)), len(chars(ref))
        acc = sets.setdefault(group, [0, 0])
        acc[0] += e
        acc[1] += n
        print(f"  {key:<42} CER {100 * e / n:5.1f} %  ({e}/{n})" + (f"  hyp: {hyp}" if args.show else ""))
    for group, (e, n) in sets.items():
        print(f"  {group:<42} CER {100 * e / n:5.1f} %  ({e}/{n} characters)")
    print(f"\n{time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
