"""Finding inputs: the files named, and the recordings and transcripts inside the folders named."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from callqa.records import InputFailure

AUDIO_EXTENSIONS = frozenset({
    ".wav", ".wave", ".mp3", ".m4a", ".mp4", ".aac", ".flac", ".ogg", ".oga", ".opus", ".amr", ".awb",
    ".wma", ".aif", ".aiff", ".caf", ".webm", ".mka", ".3gp", ".au",
})
TRANSCRIPT_EXTENSION = ".json"


@dataclass(frozen=True)
class Found:
    """One candidate input. ``named``: the user (or a manifest) named this file itself, so it is
    read whatever its extension; a file met in a folder walk is only taken when it looks like one."""

    path: Path
    named: bool

    @property
    def is_transcript(self) -> bool:
        return self.path.suffix.lower() == TRANSCRIPT_EXTENSION


def find_inputs(paths: Iterable[str | Path]) -> Iterator[Found | InputFailure]:
    """Each named file, and each input file in the named folders (recursively, in name order)."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from walk(path)
        elif os.path.lexists(path):
            yield Found(path, named=True)
        else:
            yield InputFailure(str(path), "no such file or folder")


def walk(folder: Path) -> Iterator[Found | InputFailure]:
    """Recordings and transcript files under ``folder``. Names starting with "." (hidden files and
    folders) or "manifest" (manifests live beside their recordings) are skipped."""
    problems: list[OSError] = []
    for here, folders, files in os.walk(folder, onerror=problems.append):
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        yield from _report(problems)
        for name in sorted(files):
            if is_candidate(Path(name)):
                yield Found(Path(here) / name, named=False)
    yield from _report(problems)


def is_candidate(path: Path) -> bool:
    """Whether a folder walk would take this file."""
    name = path.name
    return (not name.startswith(".") and not name.lower().startswith("manifest")
            and path.suffix.lower() in AUDIO_EXTENSIONS | {TRANSCRIPT_EXTENSION})


def _report(problems: list[OSError]) -> Iterator[InputFailure]:
    while problems:
        err = problems.pop(0)
        reason = "permission denied" if isinstance(err, PermissionError) else (err.strerror or str(err))
        yield InputFailure(str(err.filename), f"cannot list folder ({reason})")
