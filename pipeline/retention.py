"""Retention: the words and redacted audio copies of old calls go; scores and reviews stay."""

from __future__ import annotations

import os

from pipeline.progress import write_line


def apply_retention(store, days: float, delete_audio: bool = False):
    """Purge the words and the redacted audio copies of calls older than ``days``; optionally delete
    their recordings too."""
    result = store.purge_older_than(days)
    doomed = [(p, "redacted copy") for p in result.redacted_audio_paths]
    doomed += [(p, "recording") for p in result.audio_paths] if delete_audio else []
    for path, what in doomed:
        try:
            os.remove(path)
        except FileNotFoundError:
            pass
        except OSError as err:
            write_line(f"{path}: could not delete the {what} ({err.strerror or err})")
    return result
