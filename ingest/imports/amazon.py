"""Amazon Transcribe's JSON output: words with times and confidences, speaker or channel labels."""

from __future__ import annotations

import json
from typing import Any

from callqa.errors import InputError
from callqa.records import Word
from ingest.imports.common import Line


def read_amazon(text: str, source: str) -> tuple[list[Line], str | None]:
    """Lines (one per run of words of one speaker or channel) and the language the job names."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError(source, f"malformed JSON (line {err.lineno}, column {err.colno}: {err.msg})") from None
    results = doc.get("results") if isinstance(doc, dict) else None
    if not isinstance(results, dict) or not isinstance(results.get("items"), list):
        raise InputError(source, "not an Amazon Transcribe result (no results.items)")
    language = str(results.get("language_code") or doc.get("language_code") or "")[:2].lower() or None
    channel_of = _channels(results)
    speaker_of = _speakers(results)
    lines: list[Line] = []
    words: list[Word] = []
    who: tuple[str | None, int | None] = (None, None)
    for index, item in enumerate(results["items"]):
        content = _content(item, source, index)
        if item.get("type") == "punctuation":
            if words:
                last = words[-1]
                words[-1] = Word(last.text + content, last.start, last.end, last.probability)
            continue
        start, end = _time(item, "start_time", source, index), _time(item, "end_time", source, index)
        key = item.get("id", (item.get("start_time"), item.get("end_time")))
        speaker = item.get("speaker_label") or speaker_of(start)
        channel = channel_of.get(key)
        if (speaker, channel) != who and words:
            lines.append(_line(words, *who, language))
            words = []
        who = (speaker, channel)
        confidence = (item.get("alternatives") or [{}])[0].get("confidence")
        words.append(Word(content, start, end, None if confidence in (None, "") else float(confidence)))
    if words:
        lines.append(_line(words, *who, language))
    return lines, language


def _line(words: list[Word], speaker: str | None, channel: int | None, language: str | None) -> Line:
    joiner = "" if language == "zh" else " "
    label = speaker if speaker is not None else (f"ch_{channel}" if channel is not None else None)
    return Line(start=words[0].start, end=words[-1].end, text=joiner.join(w.text for w in words),
                speaker=label, words=tuple(words), channel=channel)


def _content(item: Any, source: str, index: int) -> str:
    try:
        return str(item["alternatives"][0]["content"])
    except (TypeError, KeyError, IndexError):
        raise InputError(source, f"results.items[{index}] has no alternatives[0].content") from None


def _time(item: dict, key: str, source: str, index: int) -> float:
    try:
        return float(item[key])
    except (KeyError, TypeError, ValueError):
        raise InputError(source, f"results.items[{index}] has no usable {key}") from None


def _channels(results: dict) -> dict[Any, int]:
    """Item key -> channel number, from channel identification (ch_0, ch_1...)."""
    out: dict[Any, int] = {}
    for channel in (results.get("channel_labels") or {}).get("channels") or ():
        number = int(str(channel.get("channel_label", "ch_0")).removeprefix("ch_"))
        for item in channel.get("items") or ():
            out[item.get("id", (item.get("start_time"), item.get("end_time")))] = number
    return out


def _speakers(results: dict):
    """start time -> speaker label, from older outputs that keep labels in speaker_labels.segments."""
    segments = [(float(s["start_time"]), float(s["end_time"]), s["speaker_label"])
                for s in (results.get("speaker_labels") or {}).get("segments") or ()]

    def speaker_of(start: float) -> str | None:
        return next((label for lo, hi, label in segments if lo <= start < hi), None)
    return speaker_of
