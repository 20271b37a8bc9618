"""The shared vocabulary: frozen records that flow one way through the stages.

ingest -> Call; transcribe -> Transcript (of Turns); scoring -> Scorecard (of Scores with Evidence);
people -> Review. No stage mutates a record it receives; it returns new ones
(``dataclasses.replace``).

Criterion names used in Score.criterion (the store, the dashboard and the JSON contract agree on them):

=============================  ==========================================================
``resolution_level``           value 0..4, label the level's name (e.g. ``惊喜级 Surprise``)
``compliance``                 value 0..1 (met steps / applicable steps)
``script.<step>``              value 1 met, 0 missed, None not applicable
``violation.<code>``           value = number of occurrences (0 = none), one Evidence each
``politeness.<speaker>``       value 0..100 (speaker is ``agent`` or ``customer``)
``sentiment.<speaker>.<part>`` value -1..1, part is ``start``, ``end`` or ``shift``
``category``                   value None, label the complaint category code
``metric.<name>``              value of a conversation metric (seconds, ratios, counts, rates)
=============================  ==========================================================
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

AGENT = "agent"
CUSTOMER = "customer"
ROLES = (AGENT, CUSTOMER)
LANGUAGES = ("zh", "en")

AUDIO = "audio"
TRANSCRIPT = "transcript"

RELIABLE = "ok"
NEEDS_REVIEW = "review"
UNUSABLE = "unusable"


@dataclass(frozen=True)
class AudioInfo:
    """What probing an audio file found."""

    duration_s: float
    sample_rate: int
    channels: int
    codec: str
    container: str
    size_bytes: int


@dataclass(frozen=True)
class CallMeta:
    """Per-call metadata from a manifest or the file name. Every field is optional."""

    agent_id: str | None = None
    agent_name: str | None = None
    team: str | None = None
    started_at: datetime | None = None
    direction: str | None = None  # inbound | outbound
    queue: str | None = None
    customer_id: str | None = None
    agent_channel: int | None = None  # 0 = first (left) channel, 1 = second (right)
    language: str | None = None  # a hint: zh | en
    external_id: str | None = None  # the call's id in the customer's own systems


@dataclass(frozen=True)
class Call:
    """One recorded call (or one transcript from another system), identified by content.

    ``call_id`` is the SHA-256 of the file's bytes, so the same recording ingested twice is one call.
    """

    call_id: str
    source: str
    media: str  # AUDIO | TRANSCRIPT
    meta: CallMeta = field(default_factory=CallMeta)
    audio: AudioInfo | None = None


@dataclass(frozen=True)
class Word:
    text: str
    start: float
    end: float
    probability: float | None = None


@dataclass(frozen=True)
class Segment:
    """A stretch of recognised speech before speakers are assigned to roles."""

    start: float
    end: float
    text: str
    words: tuple[Word, ...] = ()
    speaker: str | None = None  # a diarization label or a channel label
    channel: int | None = None
    language: str | None = None
    avg_logprob: float | None = None
    no_speech_prob: float | None = None
    compression_ratio: float | None = None


@dataclass(frozen=True)
class SpeakerSpan:
    """Who spoke when, as a diarizer sees it."""

    start: float
    end: float
    speaker: str


@dataclass(frozen=True)
class Redaction:
    """A span of personal data removed from a turn's text.

    ``char_start``/``char_end`` index the placeholder in the stored (redacted) text; the times, when
    known, locate the span in the audio so it can be silenced.
    """

    kind: str  # phone | id_number | bank_card | email | address | order_number | ssn ...
    char_start: int
    char_end: int
    start: float | None = None
    end: float | None = None


@dataclass(frozen=True)
class Turn:
    """Consecutive speech of one speaker. Turns may overlap in time: that is overtalk."""

    index: int
    speaker: str  # AGENT | CUSTOMER | a raw label when roles are unknown
    start: float
    end: float
    text: str
    words: tuple[Word, ...] = ()
    channel: int | None = None
    confidence: float | None = None
    redactions: tuple[Redaction, ...] = ()


@dataclass(frozen=True)
class Reliability:
    """Whether a transcript can be trusted for automatic scoring.

    ``verdict`` is RELIABLE, NEEDS_REVIEW (route to a human) or UNUSABLE (no usable speech).
    """

    verdict: str = RELIABLE
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class Transcript:
    """A call as agent and customer turns: the interchange format's record."""

    call_id: str
    language: str
    turns: tuple[Turn, ...]
    duration_s: float | None = None
    reliability: Reliability = field(default_factory=Reliability)
    role_confidence: float | None = None
    engine: str | None = None  # provenance, e.g. "faster-whisper/base/int8+embedded-diarizer"
    agent_id: str | None = None  # the enrolled agent recognised by voice (the call is theirs if unassigned)


@dataclass(frozen=True)
class Evidence:
    """Why a score is what it is: the words, where they were said and the rubric cue they matched."""

    turn: int | None = None
    start: float | None = None
    end: float | None = None
    quote: str = ""
    cue: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Score:
    """One criterion's machine score for one call. See the module doc for criterion names."""

    criterion: str
    value: float | None
    label: str | None = None
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Scorecard:
    """Every score of one call, by one scorer and one rubric version."""

    call_id: str
    language: str
    rubric_version: str
    scorer: str
    scores: tuple[Score, ...]
    turn_sentiment: tuple[float | None, ...] = ()

    def get(self, criterion: str) -> Score | None:
        return next((s for s in self.scores if s.criterion == criterion), None)

    def value(self, criterion: str) -> float | None:
        score = self.get(criterion)
        return None if score is None else score.value


@dataclass(frozen=True)
class Review:
    """A person's judgement of one machine score. Stored beside the machine's, never over it."""

    call_id: str
    criterion: str
    reviewer: str
    verdict: str  # confirm | correct
    value: float | None = None  # the human value when correcting
    label: str | None = None
    reason: str | None = None  # required when correcting
    note: str | None = None  # a coaching note
    coaching: bool = False  # add the call to the coaching library
    created_at: datetime | None = None


@dataclass(frozen=True)
class StageStatus:
    """Where one call stands in one stage."""

    call_id: str
    stage: str  # ingest | transcribe | score
    status: str  # pending | done | failed
    version: str | None = None
    error: str | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True)
class InputFailure:
    """An input that could not be used, reported as ``path: reason`` and kept in the store."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


def as_plain(value: Any) -> Any:
    """A record (or nest of them) as JSON-ready builtins, dropping None-valued optional fields."""
    from dataclasses import fields, is_dataclass

    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: as_plain(getattr(value, f.name)) for f in fields(value)
                if getattr(value, f.name) is not None}
    if isinstance(value, (list, tuple)):
        return [as_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: as_plain(v) for k, v in value.items()}
    if isinstance(value, datetime):
        return value.isoformat()
    return value
