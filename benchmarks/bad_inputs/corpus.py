"""The bad-input corpus: every kind of broken input callqa must refuse clearly, generated from code.

Nothing here is a stored binary: each file is built from the bundled sample calls (real speech) and a
seeded random generator, so the corpus is the same on every machine. ``build_corpus(folder)`` writes

    folder/
      inbox/            recordings and transcripts, good and bad, walked by `callqa run inbox`
      manifest.csv      per-call metadata for inbox files, with bad rows (run together with inbox)
      manifests/        whole manifests that are unusable (each its own `callqa ingest --manifest`)
      rubrics/          rubric files that are unusable (`--set rubric=PATH`)
      settings/         callqa.toml files with bad values (`--config PATH`), plus bad environments

and returns a :class:`Corpus` listing each case with what the command line must answer.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
SPEECH = SAMPLES / "calls" / "en" / "en_03_stuck_refund_phone.wav"  # mono 8 kHz phone speech
TRANSCRIPT = SAMPLES / "calls" / "zh" / "zh_04_refund_to_wallet.json"
SEED = 20260306
RATE = 8000

# What the command line must answer for a case.
FAILS = "fails"  # a line `path: reason` on stderr, the input not stored as a call
UNUSABLE = "unusable"  # stored, reliability unusable, no words invented
REVIEW = "review"  # stored, reliability review (a person listens before scores count)
USAGE = "usage"  # the command refuses to start: exit status 2, naming the file or the setting
REFUSED = "refused"  # the command stops before processing: exit 1 or 2, `path: reason`

NOT_AUDIO = r"not a recognised audio|not .*audio|corrupt|cannot be read|decode"


@dataclass(frozen=True)
class Case:
    """One bad input: its kind, the path the error must name, and what must happen."""

    kind: str
    path: Path
    expect: str
    reason: str  # a regular expression the reason must match (case-insensitive)
    env: dict[str, str] = field(default_factory=dict)  # for settings given by environment


@dataclass(frozen=True)
class Corpus:
    folder: Path
    inbox: Path
    manifest: Path
    inbox_cases: tuple[Case, ...]  # fed by `callqa run inbox --manifest manifest.csv`
    manifest_cases: tuple[Case, ...]  # each `callqa ingest --manifest PATH`
    rubric_cases: tuple[Case, ...]  # each `callqa run good.json --set rubric=PATH`
    settings_cases: tuple[Case, ...]  # each `callqa run good.json --config PATH` or with `env`
    good_audio: Path
    good_transcript: Path
    refused_by_row: tuple[Path, ...]  # valid files whose manifest row is bad: must not be stored

    @property
    def cases(self) -> tuple[Case, ...]:
        return self.inbox_cases + self.manifest_cases + self.rubric_cases + self.settings_cases


def speech(seconds: float, start_s: float = 0.5) -> np.ndarray:
    """Real phone speech from the bundled samples, mono float32 at 8 kHz."""
    from callqa.audio import decode

    samples = decode(SPEECH, RATE)[0]
    return samples[int(start_s * RATE): int((start_s + seconds) * RATE)].copy()


def _write(path: Path, samples: np.ndarray) -> Path:
    from callqa.audio import write

    return write(path, samples, RATE)


def _truncated(path: Path, samples: np.ndarray, keep: float = 0.6) -> Path:
    _write(path, samples)
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])
    return path


def _json(path: Path, doc) -> Path:
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def _transcript_variant(path: Path, call_id: str, **changes) -> Path:
    doc = json.loads(TRANSCRIPT.read_text(encoding="utf-8"))
    doc.update({"call_id": call_id, **changes})
    doc.pop("meta", None)
    return _json(path, doc)


def _audio_cases(inbox: Path, rng: np.random.Generator) -> list[Case]:
    voice = speech(6.0)
    t = np.arange(int(4.0 * RATE)) / RATE
    cases = [
        Case("audio: zero-byte file", inbox / "zero.wav", FAILS, r"empty|0 bytes"),
        Case("audio: text renamed .wav", inbox / "text.wav", FAILS, NOT_AUDIO),
        Case("audio: truncated wav", inbox / "truncated.wav", FAILS, r"truncat"),
        Case("audio: truncated mp3", inbox / "truncated.mp3", FAILS, r"truncat|corrupt|decode"),
        Case("audio: truncated flac", inbox / "truncated.flac", FAILS, r"truncat|corrupt|decode"),
        Case("audio: garbage bytes named .mp3", inbox / "garbage.mp3", FAILS, NOT_AUDIO),
        Case("audio: garbage bytes named .flac", inbox / "garbage.flac", FAILS, NOT_AUDIO),
        Case("audio: three channels", inbox / "three_channels.wav", FAILS, r"3 channels"),
        Case("audio: dangling symbolic link", inbox / "dangling.wav", FAILS, r"broken symbolic link"),
        Case("audio: unicode and spaces, empty", inbox / "空 录音 ☎ copy.wav", FAILS, r"empty|0 bytes"),
        Case("audio: 0.3 s recording", inbox / "short_0.3s.wav", UNUSABLE, r"too short"),
        Case("audio: silence only", inbox / "silence.wav", UNUSABLE, r"silence|no speech"),
        Case("audio: noise only", inbox / "noise.wav", UNUSABLE, r"no speech|noise"),
        Case("audio: pure tone", inbox / "tone.wav", UNUSABLE, r"tone"),
        Case("audio: clipped speech", inbox / "clipped.wav", REVIEW, r"clip"),
    ]
    (inbox / "zero.wav").write_bytes(b"")
    (inbox / "text.wav").write_text("RIFF? No: these are meeting notes saved with the wrong name.\n" * 20,
                                    encoding="utf-8")
    _truncated(inbox / "truncated.wav", voice)
    _truncated(inbox / "truncated.mp3", voice)
    _truncated(inbox / "truncated.flac", voice)
    (inbox / "garbage.mp3").write_bytes(rng.integers(0, 256, 40_000, dtype=np.uint8).tobytes())
    (inbox / "garbage.flac").write_bytes(rng.integers(0, 256, 40_000, dtype=np.uint8).tobytes())
    _write(inbox / "three_channels.wav", np.stack([voice, voice * 0.5, voice * 0.25]))
    os.symlink(inbox / "recording-that-was-moved.wav", inbox / "dangling.wav")
    (inbox / "空 录音 ☎ copy.wav").write_bytes(b"")
    _write(inbox / "short_0.3s.wav", voice[: int(0.3 * RATE)])
    _write(inbox / "silence.wav", np.zeros_like(t, dtype=np.float32))
    _write(inbox / "noise.wav", (0.3 * rng.standard_normal(t.size)).clip(-1, 1).astype(np.float32))
    _write(inbox / "tone.wav", (0.5 * np.sin(2 * np.pi * 425.0 * t)).astype(np.float32))  # a dial tone
    _write(inbox / "clipped.wav", np.clip(voice * 12.0, -1.0, 1.0))
    return cases


def _transcript_cases(inbox: Path) -> list[Case]:
    cases = [
        Case("transcript: malformed JSON", inbox / "malformed.json", FAILS, r"malformed JSON"),
        Case("transcript: wrong types", inbox / "wrong_types.json", FAILS, r"must be|invalid"),
        Case("transcript: negative times", inbox / "negative_times.json", FAILS, r"times|start"),
        Case("transcript: unknown language", inbox / "french.json", FAILS, r"language"),
        Case("transcript: not UTF-8", inbox / "latin1.json", FAILS, r"UTF-8"),
    ]
    (inbox / "malformed.json").write_text('{"call_id": "broken", "language": "zh", "turns": [{"speaker": ',
                                          encoding="utf-8")
    _transcript_variant(inbox / "wrong_types.json", "wrong-types", turns="agent said hello")
    _transcript_variant(inbox / "negative_times.json", "negative-times",
                        turns=[{"speaker": "agent", "start": -3.0, "end": -1.0, "text": "您好"}])
    _transcript_variant(inbox / "french.json", "french", language="fr")
    (inbox / "latin1.json").write_bytes('{"call_id": "latin", "language": "en", "turns": '
                                        '[{"speaker": "agent", "start": 0, "end": 1, "text": "caf\xe9"}]}'
                                        .encode("latin-1"))
    return cases


def _manifest(folder: Path, inbox: Path, good_audio: Path) -> tuple[Path, list[Case], list[Path]]:
    """manifest.csv: the good recording's metadata, and rows that must each be refused."""
    dated = _transcript_variant(inbox / "row_bad_date.json", "row-bad-date")
    channel = _transcript_variant(inbox / "row_bad_channel.json", "row-bad-channel")
    (inbox / "folder.wav").mkdir()
    manifest = folder / "manifest.csv"
    header = "file,agent_id,agent_name,team,started_at,direction,agent_channel"
    rows = [
        f"inbox/{good_audio.name},a-901,Zhou Min,North,2026-03-02T10:00:00,inbound,",
        "inbox/missing.wav,a-902,Ghost,North,2026-03-02T11:00:00,inbound,",
        "../../etc/passwd,a-903,Mallory,North,2026-03-02T12:00:00,inbound,",
        "/etc/passwd,a-903,Mallory,North,2026-03-02T12:00:00,inbound,",
        f"inbox/{dated.name},a-904,Li Lei,South,the day before yesterday,inbound,",
        f"inbox/{channel.name},a-905,Han Mei,South,2026-03-02T13:00:00,inbound,middle",
        "inbox/folder.wav,a-906,Dir,South,2026-03-02T14:00:00,inbound,",
    ]
    manifest.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    m = str(manifest)
    cases = [
        Case("manifest row: file missing", inbox / "missing.wav", FAILS, r"not found"),
        Case("manifest row: path traversal ../../etc/passwd", manifest, FAILS, r"row 4: refused.*outside"),
        Case("manifest row: absolute path outside", manifest, FAILS, r"row 5: refused.*outside"),
        Case("manifest row: bad date", manifest, FAILS, r"row 6: .*(date|started_at)"),
        Case("manifest row: bad agent_channel", manifest, FAILS, r"row 7: .*agent_channel"),
        Case("manifest row: directory named .wav", inbox / "folder.wav", FAILS, r"directory"),
    ]
    assert all(str(c.path) in (m, str(inbox / "missing.wav"), str(inbox / "folder.wav")) for c in cases)
    return manifest, cases, [dated, channel]


def _manifest_files(folder: Path) -> list[Case]:
    out = folder / "manifests"
    out.mkdir()
    files = {
        "malformed.csv": ('file,agent_id\n"inbox/a.wav,a-1\n', r"malformed CSV"),
        "not_a_list.json": ('{"file": "inbox/a.wav", "agent_id": "a-1"}', r"must be a list"),
        "malformed.json": ('[{"file": "inbox/a.wav",', r"malformed JSON"),
        "no_file_column.csv": ("path,agent_id\ninbox/a.wav,a-1\n", r"no 'file' column"),
        "empty.csv": ("", r"empty"),
        "binary.csv": ("file,agent_id\n\x00\x01\x02,a-1\n", r"NUL|binary"),
    }
    cases = []
    for name, (text, reason) in files.items():
        (out / name).write_text(text, encoding="utf-8")
        cases.append(Case(f"manifest: {name}", out / name, FAILS, reason))
    (out / "latin1.csv").write_bytes("file,agent_name\ninbox/a.wav,Jos\xe9\n".encode("latin-1"))
    cases.append(Case("manifest: not UTF-8", out / "latin1.csv", FAILS, r"UTF-8"))
    return cases


def _rubric_files(folder: Path) -> list[Case]:
    out = folder / "rubrics"
    out.mkdir()
    shipped = (ROOT / "scoring" / "rubrics" / "zh.toml").read_text(encoding="utf-8")
    (out / "malformed.toml").write_text("[levels\nnames = [\n", encoding="utf-8")
    (out / "missing_keys.toml").write_text('[rubric]\nlanguage = "zh"\nname = "half a rubric"\n',
                                           encoding="utf-8")
    wrong = re.sub(r"(?m)^fuzzy_threshold = .*$", 'fuzzy_threshold = "high"', shipped, count=1)
    assert wrong != shipped, "the shipped rubric no longer sets matching.fuzzy_threshold"
    (out / "wrong_type.toml").write_text(wrong, encoding="utf-8")
    return [
        Case("rubric: malformed TOML", out / "malformed.toml", REFUSED, r"malformed TOML"),
        Case("rubric: missing keys", out / "missing_keys.toml", REFUSED, r"'levels': missing"),
        Case("rubric: wrong value type", out / "wrong_type.toml", REFUSED, r"fuzzy_threshold.*must be"),
        Case("rubric: file does not exist", out / "no_such_rubric.toml", REFUSED, r"cannot read"),
    ]


def _settings_files(folder: Path) -> list[Case]:
    out = folder / "settings"
    out.mkdir()
    files = {
        "bad_number.toml": ('workers = "many"\n', r"workers.*int"),
        "bad_choice.toml": ('[callqa]\nengine = "spark"\n', r"engine.*one of"),
        "unknown.toml": ("wrokers = 2\n", r"unknown setting 'wrokers'"),
        "malformed.toml": ("workers = \n", r"cannot read settings"),
    }
    cases = []
    for name, (text, reason) in files.items():
        (out / name).write_text(text, encoding="utf-8")
        cases.append(Case(f"settings file: {name}", out / name, USAGE, reason))
    cases += [
        Case("settings env: CALLQA_BEAM_SIZE=wide", out / "env", USAGE, r"beam_size.*int",
             {"CALLQA_BEAM_SIZE": "wide"}),
        Case("settings env: CALLQA_VAD=maybe", out / "env", USAGE, r"vad.*bool", {"CALLQA_VAD": "maybe"}),
        Case("settings env: CALLQA_DEVICE=tpu", out / "env", USAGE, r"device.*one of", {"CALLQA_DEVICE": "tpu"}),
    ]
    return cases


def build_corpus(folder: str | Path, seed: int = SEED) -> Corpus:
    """Write the whole corpus under ``folder`` (which must be empty or absent) and describe it."""
    import shutil

    folder = Path(folder)
    inbox = folder / "inbox"
    inbox.mkdir(parents=True)
    rng = np.random.default_rng(seed)
    good_audio = _write(inbox / "客服 录音 good.wav", speech(6.0))
    good_transcript = _transcript_variant(inbox / "good call 好.json", "good-call")
    shutil.copy(good_audio, inbox / "录音 副本 good.wav")  # the same call twice (walked after): stored once
    inbox_cases = _audio_cases(inbox, rng) + _transcript_cases(inbox)
    manifest, row_cases, refused = _manifest(folder, inbox, good_audio)
    return Corpus(folder=folder, inbox=inbox, manifest=manifest,
                  inbox_cases=tuple(inbox_cases + row_cases),
                  manifest_cases=tuple(_manifest_files(folder)),
                  rubric_cases=tuple(_rubric_files(folder)),
                  settings_cases=tuple(_settings_files(folder)),
                  good_audio=good_audio, good_transcript=good_transcript,
                  refused_by_row=tuple(refused))
