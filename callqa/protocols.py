"""One small Protocol per role. Backends implement them; stages depend only on these."""

from __future__ import annotations

from typing import Protocol

from callqa.progress import ProgressHook
from callqa.records import Call, Scorecard, Segment, SpeakerSpan, Transcript


class Transcriber(Protocol):
    name: str

    def transcribe(self, samples, sample_rate: int, *, language: str | None = None,
                   hook: ProgressHook | None = None) -> tuple[tuple[Segment, ...], str]:
        """Recognise speech in mono float32 samples; return segments and the language."""


class Diarizer(Protocol):
    name: str

    def diarize(self, samples, sample_rate: int, *, num_speakers: int = 2) -> tuple[SpeakerSpan, ...]:
        """Who spoke when in mono float32 samples."""


class Scorer(Protocol):
    name: str

    def score(self, transcript: Transcript) -> Scorecard:
        """Every rubric criterion for one call, each with its evidence."""


class SpeechStage(Protocol):
    version: str

    def run(self, call: Call, hook: ProgressHook | None = None) -> Transcript:
        """Audio call in, agent/customer transcript out."""
