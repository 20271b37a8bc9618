"""The ingest room: finding calls and checking they can be used.

Inputs are recordings (any codec PyAV's ffmpeg decodes), interchange transcript files (``*.json``)
and manifests (CSV or JSON) of per-call metadata; the file name can carry metadata too
(setting ``filename_pattern``). Every input becomes a :class:`~callqa.records.Call` or an
:class:`~callqa.records.InputFailure` (``path: reason``); nothing here raises for one bad input.
Transcripts from other systems (WebVTT, SRT, Amazon Transcribe JSON) convert to the interchange
format with :func:`ingest.imports.import_transcript`.
"""

from ingest.batch import ingest_paths
from ingest.discover import AUDIO_EXTENSIONS, TRANSCRIPT_EXTENSION
from ingest.manifest import Manifest, ManifestRow, read_manifest
from ingest.meta import meta_from_filename, parse_meta
from ingest.watch import watch

__all__ = [
    "AUDIO_EXTENSIONS", "TRANSCRIPT_EXTENSION", "Manifest", "ManifestRow", "ingest_paths",
    "meta_from_filename", "parse_meta", "read_manifest", "watch",
]
