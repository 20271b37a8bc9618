"""The transcribe room: audio calls in, agent/customer transcripts out.

``build_speech_stage(settings)`` returns the stage the pipeline runs for every audio call;
``transcribe_file(path, settings)`` is the one-recording shortcut behind `callqa transcribe`.
Backends (faster-whisper, openai-whisper, the embedded and pyannote diarizers) are imported only
when chosen, so importing this package imports no ML library.
"""

from __future__ import annotations


def build_speech_stage(settings):
    from transcribe.stage import build_speech_stage as build

    return build(settings)


def transcribe_file(path, settings, meta=None):
    from transcribe.stage import transcribe_file as run

    return run(path, settings, meta)


__all__ = ["build_speech_stage", "transcribe_file"]
