"""Redacted copies of recordings: what a transcript redacted, bleeped or silenced in the audio too.

Dashboard roles without the right to the original recording (setting ``original_audio_roles``) hear
this copy. One is written for each audio call whose current transcript has redactions, in the mode
of setting ``redact_audio``: a redaction with word times is covered with a margin on both sides
(``transcribe.redact.redact_audio``), and one without times (the recogniser gave no word times)
covers its whole turn, so nothing redacted in the text stays audible. Every channel is covered, at
the recording's own rate and channel count (8 kHz phone audio stays 8 kHz). The copy is a WAV file
named after the call in the folder of setting ``redacted_audio_dir`` (default ``<db>.redacted``),
written under a temporary name and renamed, so a reader never meets half a file; writing it again
gives the same bytes.

Workers write the copy beside the call's results (local runner and Ray actors alike); after every
batch ``redact_stored_audio`` writes whatever is still missing: copies lost to a crash between the
file and its record, copies of calls stored before this existed, and copies in a changed mode.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from callqa.errors import InputError
from callqa.records import AUDIO, Call, Redaction, Transcript

OFF = "off"


def redacted_audio_folder(settings) -> Path:
    if settings.redacted_audio_dir:
        return Path(settings.redacted_audio_dir).expanduser()
    return Path(f"{settings.db}.redacted")


def audio_spans(transcript: Transcript) -> list[Redaction]:
    """Every redaction of the transcript with a time span: its words' times, else its turn's."""
    return [r if r.start is not None and r.end is not None else replace(r, start=turn.start, end=turn.end)
            for turn in transcript.turns for r in turn.redactions]


def write_redacted_copy(call: Call, transcript: Transcript, transcript_version: str, folder: Path,
                        mode: str):
    """The call's recording with every redaction bleeped or silenced, as a ``store.calls.RedactedAudio``;
    None when there is nothing to write (mode off, no recording, no redactions).

    Raises InputError naming the recording when it can no longer be read.
    """
    from store.calls import RedactedAudio

    spans = audio_spans(transcript)
    if mode == OFF or call.media != AUDIO or not spans:
        return None
    from callqa.audio import decode, probe, write
    from transcribe.redact import redact_audio

    rate = call.audio.sample_rate if call.audio else probe(call.source).sample_rate
    samples = decode(call.source, sample_rate=rate)  # (channels, n) at the recording's own rate
    redacted = redact_audio(samples.T, rate, spans, mode=mode).T
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{call.call_id}.wav"
    tmp = folder / f".{call.call_id}.{os.getpid()}.tmp.wav"  # the extension picks the encoder
    try:
        write(tmp, redacted, rate)
        os.replace(tmp, target)
    except OSError as err:
        raise InputError(str(target), f"cannot write the redacted copy ({err.strerror or err})") from err
    finally:
        tmp.unlink(missing_ok=True)
    return RedactedAudio(call.call_id, transcript_version, mode, str(target), len(spans))


def redact_stored_audio(store, settings) -> list:
    """Write the redacted copies still missing for the current transcripts (see the module doc);
    returns the InputFailures of the recordings that could not be redacted."""
    from callqa.records import InputFailure
    from pipeline.progress import write_line

    if settings.redact_audio == OFF:
        return []
    folder = redacted_audio_folder(settings)
    failures = []
    for call, version in store.calls_needing_redacted_audio(settings.redact_audio):
        try:
            transcript = store.load_transcript(call.call_id, version)
            copy = write_redacted_copy(call, transcript, version, folder, settings.redact_audio)
        except Exception as err:  # one recording's failure never stops the others
            path, reason = (err.path, err.reason) if isinstance(err, InputError) else (
                call.source, f"{type(err).__name__}: {err}")
            failures.append(InputFailure(path, f"redacted audio not written: {reason}"))
            write_line(str(failures[-1]))
            continue
        if copy is not None:
            store.save_redacted_audio(copy)
    return failures
