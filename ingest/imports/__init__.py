"""Transcripts from other systems, as interchange Transcripts that ``callqa score`` can read.

Formats: WebVTT (speakers from ``<v Name>`` voice tags or ``Name:`` prefixes), SubRip/SRT
(``Name:`` or ``[Name]`` prefixes) and Amazon Transcribe's JSON output (speaker or channel
identification). ``import_transcript`` picks the format from the file; the result's ``call_id`` is
the SHA-256 of the imported file, so importing it twice gives the same call.

Speakers keep the names the file gives unless ``roles`` maps them (``{"Alice": "agent"}``); names
that already say it (agent, customer, 客服, 客户, ...) become the roles themselves.
"""

from __future__ import annotations

from pathlib import Path
from typing import Mapping

from callqa.audio import content_hash
from callqa.errors import InputError
from callqa.records import Transcript
from ingest.imports.common import Line, to_transcript

FORMATS = ("webvtt", "srt", "amazon")


def import_transcript(path: str | Path, *, language: str | None = None,
                      roles: Mapping[str, str] | None = None, format: str | None = None) -> Transcript:
    """Read one transcript file of another system. ``language`` (zh|en) overrides the file's or the
    guess from its text; ``format`` overrides the guess from its name and content."""
    from ingest.imports import amazon, subtitles

    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as err:
        raise InputError(str(path), f"cannot read file ({err.strerror or err})") from err
    except UnicodeDecodeError as err:
        raise InputError(str(path), "not UTF-8 text") from err
    kind = format or _guess_format(path, text)
    if kind == "webvtt":
        lines, file_language = subtitles.read_webvtt(text, str(path)), None
    elif kind == "srt":
        lines, file_language = subtitles.read_srt(text, str(path)), None
    elif kind == "amazon":
        lines, file_language = amazon.read_amazon(text, str(path))
    else:
        raise InputError(str(path), f"unknown transcript format {kind!r} (known: {', '.join(FORMATS)})")
    return to_transcript(lines, call_id=content_hash(path), language=language or file_language,
                         roles=roles or {}, source=str(path), engine=f"import/{kind}")


def _guess_format(path: Path, text: str) -> str:
    suffix = path.suffix.lower()
    if suffix == ".vtt" or text.lstrip().startswith("WEBVTT"):
        return "webvtt"
    if suffix == ".srt":
        return "srt"
    if suffix == ".json" or text.lstrip().startswith("{"):
        return "amazon"
    return "srt" if "-->" in text else "unknown"


__all__ = ["FORMATS", "Line", "import_transcript"]
