"""Turning inputs into Calls: every named file, every recording and transcript in the named folders,
and every file a manifest lists. One bad input is one InputFailure; the batch always goes on.

Two files with the same bytes under different names are both yielded, with the same ``call_id``
(the SHA-256 of the content): deduplication is the store's job, which keeps one call. The same file
reached twice (named twice, through a symbolic link, or by a folder walk and a manifest) is taken once.
"""

from __future__ import annotations

from dataclasses import replace

import dataclasses
import json
import os
import re
from pathlib import Path
from typing import Iterable, Iterator

from callqa.audio import content_hash, probe
from callqa.errors import InputError
from callqa.interchange import read_transcript
from callqa.log import logger
from callqa.records import AUDIO, TRANSCRIPT, Call, CallMeta, InputFailure
from ingest.discover import Found, find_inputs
from ingest.manifest import Manifest, read_manifest
from ingest.meta import compile_pattern, merge_meta, meta_from_filename, parse_meta


def ingest_paths(paths: Iterable[str | Path], settings, manifest: str | Path | None = None
                 ) -> Iterator[Call | InputFailure]:
    """Calls (or failures) for the files and folders in ``paths`` and the files ``manifest`` lists.

    Raises only for a wrong setting (an invalid ``filename_pattern``), before anything is read.
    """
    pattern = compile_pattern(settings.filename_pattern)
    paths = [Path(p) for p in paths]
    book = read_manifest(manifest, allowed_roots=paths) if manifest else None
    if book is not None:
        yield from book.failures
    seen = {os.path.realpath(manifest)} if manifest else set()
    # Files the manifest lists go first: two copies of one recording are one call, and the store keeps
    # the copy it meets first, so an unlisted copy met first would lose the manifest's metadata.
    unlisted: list[Found] = []
    for found in find_inputs(paths):
        if isinstance(found, InputFailure):
            yield found
        elif book is not None and book.row_for(found.path) is None:
            unlisted.append(found)
        else:
            yield from _take_once(found, seen, settings, book, pattern)
    for row in book.rows if book is not None else ():
        if os.path.realpath(row.file) in seen:
            continue
        if not os.path.lexists(row.file):
            seen.add(os.path.realpath(row.file))
            yield InputFailure(str(row.file), f"listed in manifest {book.path} row {row.number} but not found")
        else:
            yield from _take_once(Found(row.file, named=True), seen, settings, book, pattern)
    for found in unlisted:
        yield from _take_once(found, seen, settings, book, pattern)


def _take_once(found: Found, seen: set[str], settings, book: Manifest | None,
               pattern: re.Pattern | None) -> Iterator[Call | InputFailure]:
    """``take`` for a file not met before under any name (symbolic links, a folder and a manifest)."""
    key = os.path.realpath(found.path)
    if key in seen:
        return
    seen.add(key)
    if (result := take(found, settings, book, pattern)) is not None:
        yield result


def take(found: Found, settings, book: Manifest | None, pattern: re.Pattern | None,
         call_id: str | None = None) -> Call | InputFailure | None:
    """One input as a Call, an InputFailure, or None when it is not an input after all (a JSON file
    met in a folder walk that is no transcript, or a file whose manifest row was refused)."""
    path = found.path
    if book is not None and book.refuses(path):
        return None
    row = book.row_for(path) if book is not None else None
    try:
        name_meta = meta_from_filename(path.name, pattern)
    except ValueError as err:
        return InputFailure(str(path), f"file name: {err} (setting filename_pattern)")
    try:
        if found.is_transcript:
            return _transcript_call(found, name_meta, row.meta if row else None, call_id)
        return _audio_call(path, settings, merge_meta(name_meta, row.meta if row else None), call_id)
    except InputError as err:
        return InputFailure(err.path, err.reason)
    except Exception as err:  # a decoder or library bug must not stop the batch: report it as this file's
        logger.exception("%s: unexpected error while ingesting", path)
        return InputFailure(str(path), f"unexpected error while reading ({type(err).__name__}: {err})")


def _audio_call(path: Path, settings, meta: CallMeta, call_id: str | None) -> Call | InputFailure:
    info = probe(path)
    if info.channels > settings.max_channels:
        return InputFailure(str(path), f"{info.channels} channels: recordings with more than "
                                       f"{settings.max_channels} are refused (setting max_channels)")
    if meta.agent_channel is not None and meta.agent_channel >= info.channels:
        logger.warning("%s: agent_channel %s ignored: the recording has %d channel(s)",
                       path, meta.agent_channel, info.channels)
        meta = dataclasses.replace(meta, agent_channel=None)
    return Call(call_id=call_id or content_hash(path), source=str(path), media=AUDIO, meta=meta, audio=info)


def _transcript_call(found: Found, name_meta: CallMeta, row_meta: CallMeta | None,
                     call_id: str | None) -> Call | InputFailure | None:
    doc = _json_document(found.path)
    if not found.named and not (doc is None or _looks_like_transcript(doc)):
        logger.info("%s: skipped, a JSON file that is not a callqa transcript (no 'turns')", found.path)
        return None
    try:
        read_transcript(found.path)  # every check of the interchange format, with its reasons
        own_meta = parse_meta(doc.get("meta") or {})  # checked as strictly as a manifest row
        if own_meta.external_id is None and isinstance(doc.get("call_id"), str):
            own_meta = replace(own_meta, external_id=doc["call_id"])  # the other system's own id
    except (ValueError, TypeError, KeyError, AttributeError) as err:
        detail = f"missing field {err}" if isinstance(err, KeyError) else str(err)
        return InputFailure(str(found.path), f"invalid transcript ({detail})")
    return Call(call_id=call_id or content_hash(found.path), source=str(found.path), media=TRANSCRIPT,
                meta=merge_meta(name_meta, own_meta, row_meta))


def _json_document(path: Path):
    """The parsed JSON, or None when unreadable or malformed (reading it again reports why)."""
    try:
        return json.loads(path.read_bytes().decode("utf-8-sig"))
    except (OSError, ValueError):
        return None


def _looks_like_transcript(doc) -> bool:
    return isinstance(doc, dict) and ("turns" in doc or "call_id" in doc)
