"""Agent voice enrolment: a known agent's voiceprint tells which speaker of a call is the agent.

A voiceprint is the mean GE2E (resemblyzer) embedding of an agent's speech in one or more
recordings, kept as a small JSON file per agent in the voiceprints folder (setting
``voiceprints_dir``; default ``<db>.voiceprints`` beside the database). When a call's speakers are
not given by a channel map, the speech stage compares each speaker's voice in the first minutes of
the call with the voiceprints (the manifest's agent only, when that agent is enrolled) and the
speaker who matches one closely enough, clearly more than the others, is the agent.

Measured on the bundled sample calls: the same agent voice in two calls scores 0.79-0.99 cosine
(0.79 between 8 kHz and 16 kHz recordings), an agent against a customer 0.50-0.52.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import numpy as np

from callqa import audio
from callqa.errors import InputError

MODEL = "resemblyzer-ge2e-256"
SAMPLE_RATE = 16000
MIN_ENROL_SPEECH_S = 5.0  # less speech gives an unstable voiceprint
MIN_CALL_SPEECH_S = 1.5  # a speaker with less speech in a call is not compared
MARGIN = 0.1  # the agent's match must beat every other speaker's by this much
IDENTIFY_WINDOW_S = 180.0  # the first minutes of a call: greetings, and a bounded buffer
AGENT_ID = re.compile(r"^[\w.\-]{1,64}$")


@dataclass(frozen=True)
class Voiceprint:
    agent_id: str
    vector: tuple[float, ...]
    speech_s: float
    sources: tuple[str, ...]
    model: str = MODEL
    enrolled_at: str = ""

    def array(self) -> np.ndarray:
        return np.asarray(self.vector, dtype=np.float32)


@dataclass(frozen=True)
class VoiceMatch:
    speaker: str  # the call's speaker label (channel_0, SPEAKER_01...)
    agent_id: str
    similarity: float
    margin: float  # over the best other speaker


def folder_of(settings: Any) -> Path:
    return Path(settings.voiceprints_dir or f"{settings.db}.voiceprints")


def enrol(agent_id: str, paths: Sequence[str | Path], *, channel: int | None = None) -> Voiceprint:
    """A voiceprint from recordings of one agent (a stereo file needs the agent's channel)."""
    if not AGENT_ID.match(agent_id or ""):
        raise InputError(str(agent_id), "an agent id is 1-64 letters, digits, '.', '_' or '-'")
    if not paths:
        raise InputError(agent_id, "no recordings to enrol from")
    vectors, weights = [], []
    for path in paths:
        samples = audio.decode(path, sample_rate=SAMPLE_RATE)
        if samples.shape[0] > 1 and channel is None:
            raise InputError(str(path), "stereo recording: say which channel is the agent (--channel 0 or 1)")
        if channel is not None and channel >= samples.shape[0]:
            raise InputError(str(path), f"has no channel {channel}")
        speech = speech_of(samples[channel if channel is not None else 0])
        seconds = speech.size / SAMPLE_RATE
        if seconds < 1.0:
            raise InputError(str(path), f"only {seconds:.1f} s of speech: nothing to enrol")
        vectors.append(embed(speech))
        weights.append(seconds)
    total = float(sum(weights))
    if total < MIN_ENROL_SPEECH_S:
        raise InputError(agent_id, f"{total:.1f} s of speech in all; enrolment needs at least {MIN_ENROL_SPEECH_S:.0f} s")
    mean = np.average(np.stack(vectors), axis=0, weights=weights)
    mean = mean / (np.linalg.norm(mean) + 1e-9)
    return Voiceprint(agent_id, tuple(round(float(x), 6) for x in mean), round(total, 1),
                      tuple(Path(p).name for p in paths),
                      enrolled_at=datetime.now(timezone.utc).isoformat(timespec="seconds"))


def save(voiceprint: Voiceprint, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{voiceprint.agent_id}.json"
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(asdict(voiceprint), ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)
    return path


def load_all(folder: Path) -> dict[str, Voiceprint]:
    """Every voiceprint in the folder (none when it does not exist); a bad file is an InputError."""
    prints: dict[str, Voiceprint] = {}
    if not folder.is_dir():
        return prints
    for path in sorted(folder.glob("*.json")):
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
            vp = Voiceprint(agent_id=str(doc["agent_id"]), vector=tuple(float(x) for x in doc["vector"]),
                            speech_s=float(doc["speech_s"]), sources=tuple(doc.get("sources", ())),
                            model=str(doc.get("model", "")), enrolled_at=str(doc.get("enrolled_at", "")))
        except (OSError, ValueError, KeyError, TypeError) as err:
            raise InputError(str(path), f"not a voiceprint ({type(err).__name__}: {err})") from err
        if vp.model != MODEL or len(vp.vector) != 256:
            raise InputError(str(path), f"voiceprint made with {vp.model!r}, this version reads {MODEL!r}: enrol again")
        prints[vp.agent_id] = vp
    return prints


def remove(agent_id: str, folder: Path) -> bool:
    path = folder / f"{agent_id}.json"
    if AGENT_ID.match(agent_id) and path.is_file():
        path.unlink()
        return True
    return False


def identify(speech: Mapping[str, np.ndarray], prints: Mapping[str, Voiceprint], *, threshold: float,
             expected: str | None = None) -> VoiceMatch | None:
    """Which speaker is an enrolled agent: the best (speaker, voiceprint) pair when its cosine
    similarity reaches ``threshold`` and beats every other speaker's match with that voiceprint by
    MARGIN. ``expected`` (the manifest's agent), when enrolled, is the only voiceprint compared."""
    candidates = {expected: prints[expected]} if expected in prints else dict(prints)
    voices = {s: embed(x) for s, x in speech.items() if x.size >= MIN_CALL_SPEECH_S * SAMPLE_RATE}
    if not candidates or not voices:
        return None
    best: VoiceMatch | None = None
    for agent_id, vp in candidates.items():
        sims = {s: float(v @ vp.array()) for s, v in voices.items()}
        speaker = max(sims, key=sims.get)
        others = [sim for s, sim in sims.items() if s != speaker]
        margin = sims[speaker] - max(others) if others else sims[speaker]
        if sims[speaker] >= threshold and margin >= MARGIN and (best is None or sims[speaker] > best.similarity):
            best = VoiceMatch(speaker, agent_id, round(sims[speaker], 4), round(margin, 4))
    return best


def speech_by_speaker(samples: Mapping[str | None, np.ndarray], turns: Iterable[Any],
                      until_s: float = IDENTIFY_WINDOW_S) -> dict[str, np.ndarray]:
    """Each speaker's speech within the first ``until_s`` seconds, cut from their turns' times.
    ``samples`` maps a channel (None for mono) to 16 kHz audio from the start of the call."""
    parts: dict[str, list[np.ndarray]] = {}
    for turn in turns:
        if turn.start >= until_s:
            continue
        track = samples.get(turn.channel, samples.get(None))
        if track is None:
            continue
        piece = track[int(turn.start * SAMPLE_RATE):int(min(turn.end, until_s) * SAMPLE_RATE)]
        if piece.size:
            parts.setdefault(turn.speaker, []).append(piece)
    return {s: np.concatenate(p) for s, p in parts.items()}


def speech_of(samples: np.ndarray) -> np.ndarray:
    from transcribe.vad import concat, speech_regions

    return concat(samples, speech_regions(np.ascontiguousarray(samples, dtype=np.float32)))


def embed(speech: np.ndarray) -> np.ndarray:
    from transcribe.diarize_embedded import embed_audio

    return embed_audio(speech)
