"""Watch mode: recordings are taken as they arrive, once they have stopped growing.

Every ``watch_interval_s`` the folders are listed again. A file is taken when its size and
modification time are the same on two consecutive looks and it is not empty (a recorder that has
created a file but not written it yet is still busy). Each (path, content) is yielded at most once per
run: a file that is rewritten with new content is taken again; touching it without changing its bytes
is not. Files present when the watch starts are taken too (the store skips calls it already has).
The manifest, when given, is read again whenever it changes, so rows can arrive with their recordings;
a row whose file has not arrived yet is not a failure in watch mode.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Iterable, Iterator

from callqa.audio import content_hash
from callqa.errors import InputError
from callqa.records import Call, InputFailure
from ingest.batch import take
from ingest.discover import Found, find_inputs
from ingest.manifest import Manifest, read_manifest
from ingest.meta import compile_pattern

_UNREAD = object()


def watch(folders: Iterable[str | Path], settings, manifest: str | Path | None = None,
          stop: threading.Event | None = None) -> Iterator[Call | InputFailure]:
    """Calls (or failures) for recordings as they appear under ``folders``, until ``stop`` is set."""
    stop = stop or threading.Event()
    pattern = compile_pattern(settings.filename_pattern)
    folders = [Path(f) for f in folders]
    book: Manifest | None = None
    book_signature = _UNREAD
    last_look: dict[str, tuple[int, int]] = {}  # real path -> (size, mtime) at the previous look
    handled: dict[str, tuple[int, int]] = {}  # real path -> (size, mtime) when it was last taken
    taken: set[tuple[str, str]] = set()  # (real path, content hash)
    reported: set[str] = set()
    while not stop.is_set():
        if manifest is not None and (signature := _signature(Path(manifest))) != book_signature:
            book_signature, book = signature, read_manifest(manifest, allowed_roots=folders)
            yield from book.failures
        look: dict[str, tuple[Found, tuple[int, int]]] = {}
        for found in _candidates(folders, book):
            if isinstance(found, InputFailure):
                if str(found) not in reported:
                    reported.add(str(found))
                    yield found
            elif (signature := _signature(found.path)) is not None and signature[0] > 0:
                look[os.path.realpath(found.path)] = (found, signature)
        for key, (found, signature) in look.items():
            if stop.is_set():
                return
            if last_look.get(key) != signature or handled.get(key) == signature:
                continue  # still growing, or already taken in this state
            handled[key] = signature
            try:
                digest = content_hash(found.path)
            except InputError as err:
                yield InputFailure(err.path, err.reason)
                continue
            if (key, digest) not in taken:
                taken.add((key, digest))
                if (result := take(found, settings, book, pattern, call_id=digest)) is not None:
                    yield result
        last_look = {key: signature for key, (_, signature) in look.items()}
        stop.wait(settings.watch_interval_s)


def _candidates(folders: list[Path], book: Manifest | None) -> Iterator[Found | InputFailure]:
    for found in find_inputs(folders):
        yield found
    for row in book.rows if book is not None else ():
        if row.file.is_file():
            yield Found(row.file, named=True)


def _signature(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns
