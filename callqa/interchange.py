"""The transcript interchange format: the output of ``callqa transcribe`` and the input of ``callqa score``.

    {"call_id": str, "language": "zh" | "en",
     "turns": [{"speaker": "agent" | "customer" | <label>, "start": s, "end": s, "text": str,
                # optional: "words": [{"text", "start", "end", "probability"}], "channel": int,
                #           "confidence": float, "redactions": [...]}, ...],
     # optional: "duration_s", "reliability": {"verdict", "reasons"}, "role_confidence", "engine",
     #           "agent_id" (the enrolled agent recognised by voice),
     #           "meta": {agent_id, agent_name, team, started_at, direction, queue, customer_id, ...}}

Users with transcripts from another system write this and score them directly.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from callqa.errors import InputError
from callqa.records import (
    LANGUAGES, CallMeta, Evidence, Redaction, Reliability, Score, Scorecard, Transcript, Turn, Word,
    as_plain,
)

FORMAT_VERSION = 1


def transcript_to_dict(transcript: Transcript, meta: CallMeta | None = None) -> dict[str, Any]:
    out = as_plain(transcript)
    if meta is not None and as_plain(meta):
        out["meta"] = as_plain(meta)
    return out


def transcript_to_json(transcript: Transcript, meta: CallMeta | None = None, **kw: Any) -> str:
    return json.dumps(transcript_to_dict(transcript, meta), ensure_ascii=False, **kw)


def read_transcript(path: str | Path) -> tuple[Transcript, CallMeta]:
    """Read one interchange file; any problem is an InputError naming the file."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise InputError(str(path), f"cannot read file ({err.strerror or err})") from err
    try:
        doc = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as err:
        raise InputError(str(path), "not UTF-8 text") from err
    except json.JSONDecodeError as err:
        raise InputError(str(path), f"malformed JSON (line {err.lineno}, column {err.colno}: {err.msg})") from err
    return transcript_from_dict(doc, source=str(path))


def transcript_from_dict(doc: Any, source: str = "<transcript>") -> tuple[Transcript, CallMeta]:
    def bad(reason: str) -> InputError:
        return InputError(source, reason)

    if not isinstance(doc, dict):
        raise bad("a transcript must be a JSON object")
    for key in ("call_id", "language", "turns"):
        if key not in doc:
            raise bad(f"missing required field '{key}'")
    call_id, language, turns_doc = doc["call_id"], doc["language"], doc["turns"]
    if not isinstance(call_id, str) or not call_id.strip():
        raise bad("'call_id' must be a non-empty string")
    if language not in LANGUAGES:
        raise bad(f"'language' must be one of {', '.join(LANGUAGES)}, not {language!r}")
    if not isinstance(turns_doc, list):
        raise bad("'turns' must be a list")
    turns = tuple(_turn(i, t, bad) for i, t in enumerate(turns_doc))
    rel = doc.get("reliability") or {}
    if not isinstance(rel, dict):
        raise bad("'reliability' must be an object")
    transcript = Transcript(
        call_id=call_id,
        language=language,
        turns=turns,
        duration_s=_opt_float(doc.get("duration_s"), "duration_s", bad),
        reliability=Reliability(verdict=str(rel.get("verdict", "ok")),
                                reasons=tuple(str(r) for r in rel.get("reasons", ()))),
        role_confidence=_opt_float(doc.get("role_confidence"), "role_confidence", bad),
        engine=doc.get("engine"),
        agent_id=_opt_str(doc.get("agent_id"), "agent_id", bad),
    )
    return transcript, _meta(doc.get("meta") or {}, bad)


def _turn(i: int, t: Any, bad) -> Turn:
    where = f"turn {i}"
    if not isinstance(t, dict):
        raise bad(f"{where} must be an object")
    for key in ("speaker", "start", "end", "text"):
        if key not in t:
            raise bad(f"{where} is missing '{key}'")
    if not isinstance(t["text"], str):
        raise bad(f"{where}: 'text' must be a string")
    start = _opt_float(t["start"], f"{where} start", bad)
    end = _opt_float(t["end"], f"{where} end", bad)
    if start is None or end is None or start < 0 or end < start:
        raise bad(f"{where}: times must be numbers with 0 <= start <= end (got {t['start']!r}, {t['end']!r})")
    try:
        words = tuple(
            Word(text=str(w["text"]), start=float(w["start"]), end=float(w["end"]),
                 probability=None if w.get("probability") is None else float(w["probability"]))
            for w in t.get("words") or ()
        )
    except (KeyError, TypeError, ValueError, AttributeError) as err:
        raise bad(f"{where}: each word needs text, start and end ({_detail(err)})") from err
    try:
        redactions = tuple(
            Redaction(kind=str(r["kind"]), char_start=int(r["char_start"]), char_end=int(r["char_end"]),
                      start=r.get("start"), end=r.get("end"))
            for r in t.get("redactions") or ()
        )
    except (KeyError, TypeError, ValueError, AttributeError) as err:
        raise bad(f"{where}: each redaction needs kind, char_start and char_end ({_detail(err)})") from err
    channel = t.get("channel")
    if channel is not None and (isinstance(channel, bool) or not isinstance(channel, int)):
        raise bad(f"{where}: 'channel' must be an integer, not {channel!r}")
    return Turn(index=i, speaker=str(t["speaker"]), start=start, end=end, text=t["text"],
                words=words, channel=channel,
                confidence=_opt_float(t.get("confidence"), f"{where} confidence", bad),
                redactions=redactions)


def _detail(err: BaseException) -> str:
    return f"missing {err}" if isinstance(err, KeyError) else str(err)


def _opt_float(value: Any, name: str, bad) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise bad(f"'{name}' must be a number, not {value!r}")
    return float(value)


def _opt_str(value: Any, name: str, bad) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise bad(f"'{name}' must be a string, not {value!r}")
    return value


def _meta(doc: Any, bad) -> CallMeta:
    if not isinstance(doc, dict):
        raise bad("'meta' must be an object")
    started = doc.get("started_at")
    if isinstance(started, str):
        try:
            started = datetime.fromisoformat(started)
        except ValueError as err:
            raise bad(f"meta.started_at is not an ISO date-time: {started!r}") from err
    channel = doc.get("agent_channel")
    channel = {"left": 0, "right": 1}.get(channel, channel) if isinstance(channel, str) else channel
    if channel not in (None, "", 0, 1):
        raise bad(f"meta.agent_channel must be 0 (left) or 1 (right), not {doc.get('agent_channel')!r}")
    return CallMeta(
        agent_id=doc.get("agent_id"), agent_name=doc.get("agent_name"), team=doc.get("team"),
        started_at=started, direction=doc.get("direction"), queue=doc.get("queue"),
        customer_id=doc.get("customer_id"),
        agent_channel=None if channel in (None, "") else int(channel),
        language=doc.get("language"), external_id=doc.get("external_id"),
    )


def scorecard_to_dict(scorecard: Scorecard) -> dict[str, Any]:
    """A Scorecard as JSON-ready builtins (for Parquet landing files and caches; not the score contract)."""
    return {
        "call_id": scorecard.call_id, "language": scorecard.language,
        "rubric_version": scorecard.rubric_version, "scorer": scorecard.scorer,
        "scores": [as_plain(s) | {"value": s.value} for s in scorecard.scores],
        "turn_sentiment": list(scorecard.turn_sentiment),
    }


def scorecard_from_dict(doc: dict[str, Any]) -> Scorecard:
    return Scorecard(
        call_id=doc["call_id"], language=doc["language"], rubric_version=doc["rubric_version"],
        scorer=doc["scorer"],
        scores=tuple(
            Score(criterion=s["criterion"], value=s.get("value"), label=s.get("label"),
                  evidence=tuple(Evidence(**e) for e in s.get("evidence", ())))
            for s in doc["scores"]),
        turn_sentiment=tuple(doc.get("turn_sentiment", ())),
    )
