"""WebVTT and SubRip (SRT) subtitles with speaker names."""

from __future__ import annotations

import html
import re

from callqa.errors import InputError
from ingest.imports.common import Line, seconds

_TIMING = re.compile(r"^\s*(?P<start>[\d:.,]+)\s*-->\s*(?P<end>[\d:.,]+)")
_VOICE = re.compile(r"<v(?:\.[\w.-]+)?\s+(?P<name>[^>]+)>")
_TAG = re.compile(r"</?[^>]*>")
_PREFIX = re.compile(r"^\s*(?:\[(?P<bracket>[^\]]{1,40})\]|(?P<colon>[^:：\s][^:：]{0,39})[:：])\s*(?P<text>.*)$")


def read_webvtt(text: str, source: str) -> list[Line]:
    blocks = _blocks(text)
    if not blocks or not blocks[0][0].startswith("WEBVTT"):
        raise InputError(source, "not WebVTT: the file does not start with 'WEBVTT'")
    return [line for block in blocks[1:] if (line := _cue(block, source, webvtt=True))]


def read_srt(text: str, source: str) -> list[Line]:
    return [line for block in _blocks(text) if (line := _cue(block, source, webvtt=False))]


def _blocks(text: str) -> list[list[str]]:
    return [block.splitlines() for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip()) if block.strip()]


def _cue(block: list[str], source: str, webvtt: bool) -> Line | None:
    timing_at = next((i for i, row in enumerate(block[:2]) if "-->" in row), None)
    if timing_at is None:
        if webvtt and block[0].split()[0] in ("NOTE", "STYLE", "REGION"):
            return None
        raise InputError(source, f"cue without a timing line: {block[0][:60]!r}")
    found = _TIMING.match(block[timing_at])
    where = f"cue at {block[timing_at].strip()[:40]!r}"
    if not found:
        raise InputError(source, f"{where}: not a timing line")
    start, end = seconds(found["start"], source, where), seconds(found["end"], source, where)
    if end < start:
        raise InputError(source, f"{where}: ends before it starts")
    raw = " ".join(row.strip() for row in block[timing_at + 1:] if row.strip())
    voice = _VOICE.search(raw) if webvtt else None
    speaker = voice["name"].strip() if voice else None
    body = html.unescape(_TAG.sub("", raw)).strip()
    if speaker is None and (prefix := _PREFIX.match(body)):
        speaker = (prefix["bracket"] or prefix["colon"]).strip()
        body = prefix["text"].strip()
    if body.startswith("- "):
        body = body[2:]
    return Line(start=start, end=end, text=body, speaker=speaker) if body else None
