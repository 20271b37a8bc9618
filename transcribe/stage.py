"""The speech stage: an audio Call in, an agent/customer Transcript out.

Stereo calls (one party per channel) are transcribed channel by channel: exact speaker separation.
Mono calls are transcribed once and diarized. The recording is streamed in blocks (bounded memory);
the Whisper model and the diarizer are built once per stage object and reused for every call.
"""

from __future__ import annotations

import inspect
from typing import Any

import numpy as np

from callqa import audio, registry
from callqa.errors import InputError
from callqa.progress import ProgressHook, silent
from callqa.records import AUDIO, Call, CallMeta, Segment, SpeakerSpan, Transcript
from callqa.versioning import fingerprint
from transcribe import reliability, roles, voiceprints
from transcribe.blocks import SAMPLE_RATE, blocks
from transcribe.hallucination import is_music
from transcribe.language import dominant
from transcribe.signal_checks import SignalMeter
from transcribe.turns import SpokenWord, assign_speakers, build_turns, relabel, segment_words

# Bump when a change in this room changes transcripts, so stored transcripts are redone.
CODE_VERSION = "speech-3"
STREAM_CHUNK_S = 30.0
MIXED_CORRELATION = 0.95  # channels this alike hold one mix (split channels correlate far less)


class WholeCallSession:
    """Diarize at the end from the whole (mono) call, for diarizers that need it all at once."""

    def __init__(self, diarizer):
        self.diarizer = diarizer
        self.parts: list[np.ndarray] = []

    def feed(self, samples: np.ndarray, offset: float) -> None:
        self.parts.append(samples)

    def finish(self, num_speakers: int) -> tuple[SpeakerSpan, ...]:
        if not self.parts:
            return ()
        whole = np.concatenate(self.parts)
        return tuple(self.diarizer.diarize(whole, SAMPLE_RATE, num_speakers=num_speakers))


class CallSpeechStage:
    def __init__(self, settings: Any):
        self.settings = settings
        self.transcriber = registry.build("transcriber", settings.asr_backend, settings)
        self._takes_hint = "hint" in inspect.signature(self.transcriber.transcribe).parameters
        self._diarizer = None
        self._voiceprints: dict[str, voiceprints.Voiceprint] | None = None

    @property
    def voiceprints(self) -> dict[str, voiceprints.Voiceprint]:
        """Enrolled agents' voiceprints (read once per stage; enrolment applies to calls processed after it)."""
        if self._voiceprints is None:
            self._voiceprints = voiceprints.load_all(voiceprints.folder_of(self.settings))
        return self._voiceprints

    @property
    def version(self) -> str:
        s = self.settings
        return fingerprint("speech", CODE_VERSION, s.asr_backend, getattr(self.transcriber, "label", s.asr_model),
                           s.vad, s.diarizer, s.num_speakers, s.language, s.beam_size, s.batch_size, s.prompt_zh,
                           s.pyannote_pipeline if s.diarizer == "pyannote" else "")

    @property
    def diarizer(self):
        if self._diarizer is None:
            self._diarizer = registry.build("diarizer", self.settings.diarizer, self.settings)
        return self._diarizer

    def run(self, call: Call, hook: ProgressHook | None = None) -> Transcript:
        hook = hook or silent
        if call.media != AUDIO:
            raise InputError(call.source, "not an audio recording")
        info = call.audio or audio.probe(call.source)
        if info.channels > 2:
            raise InputError(call.source, f"{info.channels} channels: callqa reads mono or stereo (one party per channel) recordings")
        language = None if self.settings.language == "auto" else self.settings.language
        hint = call.meta.language if call.meta.language in ("zh", "en") else None
        meter = SignalMeter(SAMPLE_RATE)
        words: list[SpokenWord] = []
        segments: list[Segment] = []
        session = None
        stereo: bool | None = None
        heard: dict[int | None, list[np.ndarray]] = {}  # the first minutes, for voice identification
        by_voice = bool(self.voiceprints)
        for block in blocks(audio.stream(call.source, SAMPLE_RATE, STREAM_CHUNK_S)):
            hook("transcribe", call.call_id, total=info.duration_s, completed=block.offset)
            meter.feed(block.samples)
            if stereo is None:
                stereo = block.samples.shape[0] == 2 and not _same_channels(block.samples)
            tracks = ([(ch, block.samples[ch]) for ch in range(2)] if stereo
                      else [(None, block.samples.mean(axis=0))])
            for channel, samples in tracks:
                if by_voice and block.offset < voiceprints.IDENTIFY_WINDOW_S:
                    heard.setdefault(channel, []).append(samples)
                found = self._recognise(samples, language, hint, block.offset)
                segments.extend(found)
                label = f"channel_{channel}" if channel is not None else None
                for w in segment_words(s for s in found if not is_music(s.text)):
                    words.append(SpokenWord(w, label or "", channel))
                if not stereo:
                    if session is None:
                        session = self._session()
                    session.feed(samples, block.offset)
        if not stereo and session is not None and words:
            spans = session.finish(self.settings.num_speakers)
            words = assign_speakers((sw.word for sw in words), spans)
        turns = build_turns(words, by_channel=bool(stereo))
        decision = self._roles(turns, call.meta, bool(stereo),
                               {ch: np.concatenate(parts) for ch, parts in heard.items()})
        turns = relabel(turns, decision.roles)
        spoken: dict[str, float] = {}
        for s in segments:
            spoken[s.language or "en"] = spoken.get(s.language or "en", 0.0) + (s.end - s.start)
        music_s = sum(s.end - s.start for s in segments if is_music(s.text))
        verdict = reliability.judge(turns, segments, meter.stats, music_s=music_s,
                                    roles_guessed=decision.method == "fallback" and len(decision.roles) > 1)
        hook("transcribe", call.call_id, total=info.duration_s, completed=info.duration_s)
        return Transcript(
            call_id=call.call_id, language=dominant(spoken, fallback=language or hint or "en"), turns=turns,
            duration_s=round(info.duration_s or meter.stats.duration_s, 3), reliability=verdict,
            role_confidence=decision.confidence if decision.roles else None,
            engine=self._engine(bool(stereo), decision), agent_id=decision.agent_id)

    def _recognise(self, samples: np.ndarray, language, hint, offset: float) -> list[Segment]:
        kwargs = {"language": language}
        if self._takes_hint:
            kwargs["hint"] = hint
        found, _lang = self.transcriber.transcribe(samples, SAMPLE_RATE, **kwargs)
        return [_shifted(s, offset) for s in found]

    def _session(self):
        start = getattr(self.diarizer, "start", None)
        return start() if start else WholeCallSession(self.diarizer)

    def _roles(self, turns, meta: CallMeta, stereo: bool, heard: dict) -> roles.RoleDecision:
        if stereo and meta.agent_channel in (0, 1):
            return roles.by_channel([f"channel_{c}" for c in (0, 1)], f"channel_{meta.agent_channel}")
        if heard:
            match = voiceprints.identify(voiceprints.speech_by_speaker(heard, turns), self.voiceprints,
                                         threshold=self.settings.voice_match, expected=meta.agent_id or None)
            if match is not None:
                return roles.by_voice(sorted({t.speaker for t in turns}), match.speaker, match.similarity,
                                      match.agent_id)
        return roles.by_content(turns)

    def _engine(self, stereo: bool, decision: roles.RoleDecision) -> str:
        asr = getattr(self.transcriber, "label", self.settings.asr_backend)
        engine = f"{asr}+{'channels' if stereo else self.settings.diarizer + '-diarizer'}"
        if decision.method == "voice":
            engine += f"+voice:{decision.agent_id}"
        return engine


def _same_channels(samples: np.ndarray) -> bool:
    """A mono recording stored as two (nearly) identical channels: one mix, not one party each."""
    a, b = samples[0].astype(np.float64), samples[1].astype(np.float64)
    if not np.any(a) or not np.any(b):
        return not np.any(a) and not np.any(b)
    return float(np.corrcoef(a, b)[0, 1]) > MIXED_CORRELATION


def _shifted(segment: Segment, offset: float) -> Segment:
    if not offset:
        return segment
    from dataclasses import replace

    return replace(segment, start=round(segment.start + offset, 3), end=round(segment.end + offset, 3),
                   words=tuple(replace(w, start=round(w.start + offset, 3), end=round(w.end + offset, 3))
                               for w in segment.words))


def build_speech_stage(settings: Any) -> CallSpeechStage:
    return CallSpeechStage(settings)


def transcribe_file(path, settings: Any, meta: CallMeta | None = None) -> Transcript:
    """One recording file as a Transcript (for `callqa transcribe AUDIO --json`)."""
    info = audio.probe(path)
    call = Call(call_id=audio.content_hash(path), source=str(path), media=AUDIO, meta=meta or CallMeta(), audio=info)
    return build_speech_stage(settings).run(call)
