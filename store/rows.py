"""Records to table rows and back. Pure functions: no SQL runs here."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any, Sequence

from callqa.records import (
    CUSTOMER, AudioInfo, Call, CallMeta, Evidence, Redaction, Reliability, Score, Scorecard,
    Transcript, Turn, Word, as_plain,
)

CALL_COLUMNS = (
    "call_id", "source", "media", "duration_s", "sample_rate", "channels", "codec", "container",
    "size_bytes", "agent_id", "agent_name", "team", "started_at", "direction", "queue",
    "customer_id", "agent_channel", "language_hint", "external_id", "ingested_at",
)

SUMMARY_COLUMNS = (
    "resolution_level", "level_label", "compliance", "category", "violations", "violation_codes",
    "agent_politeness", "customer_politeness", "customer_sentiment_start",
    "customer_sentiment_end", "customer_sentiment_shift", "handle_time_s", "steps_met", "steps_missed",
)


def utc_now() -> datetime:
    """Bookkeeping times are stored as naive UTC."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def wall_clock(moment: datetime | None) -> datetime | None:
    """A call's start time as given (its time zone dropped, its clock reading kept)."""
    return None if moment is None else moment.replace(tzinfo=None)


def to_json(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, (list, tuple)) and not value:
        return "[]"
    return json.dumps(as_plain(value), ensure_ascii=False)


def from_json(text: str | None, default: Any = ()) -> Any:
    return default if text is None else json.loads(text)


# ---- calls -----------------------------------------------------------------------------------------
def call_row(call: Call, ingested_at: datetime) -> tuple:
    meta, audio = call.meta, call.audio
    return (
        call.call_id, call.source, call.media,
        audio.duration_s if audio else None, audio.sample_rate if audio else None,
        audio.channels if audio else None, audio.codec if audio else None,
        audio.container if audio else None, audio.size_bytes if audio else None,
        meta.agent_id, meta.agent_name, meta.team, wall_clock(meta.started_at), meta.direction,
        meta.queue, meta.customer_id, meta.agent_channel, meta.language, meta.external_id,
        ingested_at,
    )


def call_from_row(row: Sequence[Any]) -> Call:
    r = dict(zip(CALL_COLUMNS, row))
    audio = None
    if r["sample_rate"] is not None:
        audio = AudioInfo(duration_s=r["duration_s"], sample_rate=r["sample_rate"],
                          channels=r["channels"], codec=r["codec"], container=r["container"],
                          size_bytes=r["size_bytes"])
    meta = CallMeta(agent_id=r["agent_id"], agent_name=r["agent_name"], team=r["team"],
                    started_at=r["started_at"], direction=r["direction"], queue=r["queue"],
                    customer_id=r["customer_id"], agent_channel=r["agent_channel"],
                    language=r["language_hint"], external_id=r["external_id"])
    return Call(call_id=r["call_id"], source=r["source"], media=r["media"], meta=meta, audio=audio)


# ---- transcripts -----------------------------------------------------------------------------------
def transcript_row(call_id: str, version: str, transcript: Transcript, created_at: datetime) -> tuple:
    return (call_id, version, transcript.language, transcript.duration_s,
            transcript.reliability.verdict, to_json(list(transcript.reliability.reasons)),
            transcript.role_confidence, transcript.engine, created_at, None,
            "\n".join(t.text for t in transcript.turns))


def turn_rows(call_id: str, version: str, turns: Sequence[Turn]) -> list[tuple]:
    return [
        (call_id, version, t.index, t.speaker, t.start, t.end, t.text, t.channel, t.confidence,
         to_json(list(t.words)), to_json(list(t.redactions)))
        for t in turns
    ]


def transcript_from_rows(call_id: str, head: Sequence[Any], turns: Sequence[Sequence[Any]]) -> Transcript:
    language, duration_s, verdict, reasons, role_confidence, engine = head
    return Transcript(
        call_id=call_id, language=language, duration_s=duration_s,
        reliability=Reliability(verdict=verdict, reasons=tuple(from_json(reasons))),
        role_confidence=role_confidence, engine=engine,
        turns=tuple(_turn(row) for row in turns),
    )


def _turn(row: Sequence[Any]) -> Turn:
    index, speaker, start, end, text, channel, confidence, words, redactions = row
    return Turn(
        index=index, speaker=speaker, start=start, end=end, text=text or "", channel=channel,
        confidence=confidence,
        words=tuple(Word(**w) for w in from_json(words)),
        redactions=tuple(Redaction(**r) for r in from_json(redactions)),
    )


# ---- scorecards ------------------------------------------------------------------------------------
def scorecard_summary(scorecard: Scorecard) -> dict[str, Any]:
    """The per-call figures list pages filter and sort on, derived from the scores.

    (Without a ``metric.handle_time_s`` score, ``call_overview`` falls back to the duration.)
    """
    level = scorecard.get("resolution_level")
    category = scorecard.get("category")
    violations = [s for s in scorecard.scores
                  if s.criterion.startswith("violation.") and s.value]
    steps = [s for s in scorecard.scores if s.criterion.startswith("script.")]
    return {
        "resolution_level": None if level is None else level.value,
        "level_label": None if level is None else level.label,
        "compliance": scorecard.value("compliance"),
        "category": None if category is None else category.label,
        "violations": int(sum(s.value for s in violations)),
        "violation_codes": [s.criterion.removeprefix("violation.") for s in violations],
        "agent_politeness": scorecard.value("politeness.agent"),
        "customer_politeness": scorecard.value(f"politeness.{CUSTOMER}"),
        "customer_sentiment_start": scorecard.value("sentiment.customer.start"),
        "customer_sentiment_end": scorecard.value("sentiment.customer.end"),
        "customer_sentiment_shift": scorecard.value("sentiment.customer.shift"),
        "handle_time_s": scorecard.value("metric.handle_time_s"),
        "steps_met": sorted(s.criterion.removeprefix("script.") for s in steps if s.value == 1),
        "steps_missed": sorted(s.criterion.removeprefix("script.") for s in steps if s.value == 0),
    }


def scorecard_row(call_id: str, version: str, transcript_version: str, scorecard: Scorecard,
                  created_at: datetime) -> tuple:
    summary = scorecard_summary(scorecard)
    return (call_id, version, transcript_version, scorecard.rubric_version, scorecard.scorer,
            scorecard.language, created_at, *(summary[c] for c in SUMMARY_COLUMNS))


def score_rows(call_id: str, version: str, scores: Sequence[Score]) -> list[tuple]:
    return [(call_id, version, s.criterion, s.value, s.label, to_json(list(s.evidence)), i)
            for i, s in enumerate(scores)]


def sentiment_rows(call_id: str, version: str, sentiments: Sequence[float | None]) -> list[tuple]:
    return [(call_id, version, i, v) for i, v in enumerate(sentiments)]


def scorecard_from_rows(call_id: str, head: Sequence[Any], scores: Sequence[Sequence[Any]],
                        sentiments: Sequence[Sequence[Any]]) -> Scorecard:
    language, rubric_version, scorer = head
    size = 1 + max((i for i, _ in sentiments), default=-1)
    turn_sentiment: list[float | None] = [None] * size
    for index, value in sentiments:
        turn_sentiment[index] = value
    return Scorecard(
        call_id=call_id, language=language, rubric_version=rubric_version, scorer=scorer,
        scores=tuple(
            Score(criterion=criterion, value=value, label=label,
                  evidence=tuple(Evidence(**e) for e in from_json(evidence)))
            for criterion, value, label, evidence in scores),
        turn_sentiment=tuple(turn_sentiment),
    )
