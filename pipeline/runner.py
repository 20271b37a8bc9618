"""The local runner: ingest, then transcribe -> redact -> score -> store, one call at a time, and a
redacted copy of each recording whose transcript has redactions (pipeline.redacted_audio).

Each call's results are written in one transaction, so killing the run at any moment loses at most
the call in flight, and running again resumes with the calls still pending.
"""

from __future__ import annotations

import time
import traceback
from dataclasses import dataclass, field, replace
from typing import Iterable, Sequence

from callqa import __version__
from callqa.errors import CallqaError, InputError, MissingExtra
from callqa.log import logger
from callqa.records import (
    AUDIO, RELIABLE, TRANSCRIPT, UNUSABLE, Call, InputFailure, Reliability, Scorecard, Transcript,
)
from callqa.versioning import fingerprint
from pipeline.progress import CallProgress, write_line


INGEST_BATCH = 200  # calls registered per transaction


@dataclass(frozen=True)
class Landed:
    """One call's results as a worker produced them: either both records or the failed stage's error."""

    call_id: str
    source: str
    transcript_version: str
    score_version: str
    transcript: Transcript | None = None
    scorecard: Scorecard | None = None
    stage: str | None = None  # the stage that failed
    error: str | None = None
    redacted_audio: object | None = None  # store.calls.RedactedAudio, when a copy was written

    @property
    def failed_version(self) -> str:
        return self.transcript_version if self.stage == "transcribe" else self.score_version

    def as_failure(self) -> InputFailure:
        return InputFailure(self.source, f"{self.stage} failed: {self.error}")


@dataclass(frozen=True)
class Summary:
    """What a command did, for the closing line and the exit status."""

    new_calls: int = 0
    duplicates: int = 0
    processed: int = 0
    needs_review: int = 0
    audio_s: float = 0.0
    elapsed_s: float = 0.0
    failures: tuple[InputFailure, ...] = field(default_factory=tuple)

    def merge(self, other: "Summary") -> "Summary":
        return Summary(
            new_calls=self.new_calls + other.new_calls,
            duplicates=self.duplicates + other.duplicates,
            processed=self.processed + other.processed,
            needs_review=self.needs_review + other.needs_review,
            audio_s=self.audio_s + other.audio_s,
            elapsed_s=self.elapsed_s + other.elapsed_s,
            failures=self.failures + other.failures,
        )

    def describe(self, db: str) -> str:
        parts = [f"{self.new_calls} new call(s)"]
        if self.duplicates:
            parts.append(f"{self.duplicates} already stored")
        parts.append(f"{self.processed} processed ({self.audio_s / 3600:.3f} h of audio in {self.elapsed_s:.0f} s)")
        if self.needs_review:
            parts.append(f"{self.needs_review} routed to a human (unreliable transcript)")
        parts.append(f"{len(self.failures)} failed")
        return "callqa: " + ", ".join(parts) + f" -> {db}"


def open_store(settings):
    from store import Store

    return Store(settings.db, lock_timeout_s=settings.lock_timeout_s)


# --- ingest ------------------------------------------------------------------------------------

def admit_one(path: str, settings) -> Call:
    """One file as a Call (probed and hashed), or an InputError naming it."""
    import ingest

    for item in ingest.ingest_paths([path], settings):
        if isinstance(item, InputFailure):
            raise InputError(item.path, item.reason)
        return item
    raise InputError(path, "no audio file or transcript found")


def ingest_into_store(store, paths: Sequence[str], settings, manifest: str | None = None,
                      quiet: bool = False) -> Summary:
    import ingest

    new = duplicates = 0
    failures: list[InputFailure] = []
    batch: list[Call] = []
    started = time.monotonic()

    def flush() -> None:
        nonlocal new, duplicates
        if batch:
            result = store.add_calls(batch)  # one transaction for the whole batch
            new += len(result.new)
            duplicates += len(result.existing)
            batch.clear()

    for item in ingest.ingest_paths(list(paths), settings, manifest=manifest):
        if isinstance(item, InputFailure):
            store.record_failure(item.path, item.reason, stage="ingest")
            failures.append(item)
            write_line(str(item))
            continue
        batch.append(item)
        if len(batch) >= INGEST_BATCH:
            flush()
    flush()
    return Summary(new_calls=new, duplicates=duplicates, failures=tuple(failures),
                   elapsed_s=time.monotonic() - started)


def watch_into_store(store, paths: Sequence[str], settings, manifest: str | None = None,
                     process: bool = False) -> Summary:
    """Ingest recordings as they arrive (and process them when asked) until interrupted."""
    import ingest

    total = Summary()
    processor = CallProcessor(settings) if process else None
    write_line(f"watching {', '.join(paths)} (Ctrl-C to stop)")
    try:
        for item in ingest.watch(list(paths), settings, manifest=manifest):
            if isinstance(item, InputFailure):
                store.record_failure(item.path, item.reason, stage="ingest")
                write_line(str(item))
                total = total.merge(Summary(failures=(item,)))
                continue
            result = store.add_calls([item])
            total = total.merge(Summary(new_calls=len(result.new), duplicates=0 if result.new else 1))
            write_line(f"{item.source}: {'new call' if result.new else 'already stored'} {item.call_id[:12]}")
            if processor is not None and result.new:
                total = total.merge(_process_calls(store, [item], processor, quiet=True))
    except KeyboardInterrupt:
        write_line("stopped watching")
    return total


# --- processing --------------------------------------------------------------------------------

def build_scorer_for(settings):
    import scoring

    return scoring.build_scorer(settings)


def contract_json(scorecard, transcript) -> dict:
    import scoring

    return scoring.scorecard_to_json(scorecard, transcript)


class CallProcessor:
    """The stages one worker needs, built once and reused for the whole batch."""

    def __init__(self, settings):
        self.settings = settings
        self.scorer = build_scorer_for(settings)
        self._speech = None
        self._rubric_texts: dict[str, object] = {}

    @property
    def speech(self):
        if self._speech is None:
            import transcribe

            self._speech = transcribe.build_speech_stage(self.settings)
        return self._speech

    @property
    def score_version(self) -> str:
        return self.scorer.version

    def transcript_version(self, media: str) -> str:
        redaction = ("redact", self.settings.redact_pii, self.settings.redact_order_numbers, _redactor_version())
        if media == TRANSCRIPT:
            return "import-" + fingerprint("import", redaction, __version__)
        try:
            speech_version = self.speech.version
        except MissingExtra:  # audio calls then fail one by one, naming the extra to install
            speech_version = "speech-backend-missing"
        return fingerprint(speech_version, redaction)

    def rubric_text(self, scorecard: Scorecard | None):
        """The text of the rubric that scored this card, for the store's rubric history (or None when
        the scorer has no rubric file or the file changed since it was read)."""
        if scorecard is None or not hasattr(self.scorer, "rubrics"):
            return None
        if scorecard.rubric_version not in self._rubric_texts:
            self._rubric_texts[scorecard.rubric_version] = _read_rubric_text(
                self.scorer.rubrics.for_language(scorecard.language), scorecard.rubric_version)
        return self._rubric_texts[scorecard.rubric_version]

    def transcript_of(self, call: Call) -> Transcript:
        if call.media == TRANSCRIPT:
            from callqa.interchange import read_transcript

            transcript, _meta = read_transcript(call.source)
            transcript = replace(transcript, call_id=call.call_id)
        else:
            transcript = self.speech.run(call)
        if self.settings.redact_pii:
            from transcribe.redact import redact_transcript

            transcript = redact_transcript(transcript, order_numbers=self.settings.redact_order_numbers)
        return transcript


def _read_rubric_text(rubric, version: str):
    import hashlib
    from pathlib import Path

    from store import RubricText

    try:
        raw = Path(rubric.source).read_bytes()
    except OSError:
        return None
    if hashlib.sha256(raw).hexdigest()[:12] != version:
        return None
    return RubricText(version=version, content=raw.decode("utf-8"), language=rubric.language, name=rubric.name)


def _redactor_version() -> str:
    from transcribe.redact import VERSION

    return VERSION


def speech_for(settings) -> CallProcessor:
    return CallProcessor(settings)


def process_pending(store, settings, quiet: bool = False, retry_failed: bool = False) -> Summary:
    from pipeline.redacted_audio import redact_stored_audio

    if settings.engine == "ray":
        from pipeline.ray_runner import process_pending_on_ray

        summary = process_pending_on_ray(store, settings, quiet=quiet, retry_failed=retry_failed)
    else:
        processor = CallProcessor(settings)
        calls = store.pending_calls(processor.transcript_version(AUDIO), processor.score_version,
                                    retry_failed=retry_failed)
        summary = _process_calls(store, calls, processor, quiet=quiet)
    return summary.merge(Summary(failures=tuple(redact_stored_audio(store, settings))))


def process_one(call: Call, processor: CallProcessor) -> Landed:
    """One call through transcription, redaction and scoring; a failure is returned, never raised."""
    transcript_version = processor.transcript_version(call.media)
    landed = Landed(call.call_id, call.source, transcript_version, processor.score_version)
    stage = "transcribe"
    try:
        transcript = processor.transcript_of(call)
        stage = "score"
        if not transcript.turns:
            # nothing was said (silence, noise, a tone, a fragment): store the verdict and its reasons
            # for a person to check; there is nothing to score and nothing is invented
            transcript, scorecard = _nothing_to_score(transcript, processor.score_version)
        else:
            scorecard = processor.scorer.score(transcript)
    except Exception as err:  # one call's failure never stops the batch
        if not isinstance(err, CallqaError):
            logger.debug("%s", traceback.format_exc())
        reason = err.reason if isinstance(err, InputError) else _reason(err)
        return replace(landed, stage=stage, error=reason)
    return replace(landed, transcript=transcript, scorecard=scorecard,
                   redacted_audio=_redacted_copy(call, transcript, transcript_version, processor.settings))


def _redacted_copy(call: Call, transcript: Transcript, transcript_version: str, settings):
    """The call's redacted recording, or None (nothing to redact, or it failed: the sweep after the
    batch, pipeline.redacted_audio.redact_stored_audio, tries again and reports why)."""
    from pipeline.redacted_audio import redacted_audio_folder, write_redacted_copy

    try:
        return write_redacted_copy(call, transcript, transcript_version, redacted_audio_folder(settings),
                                   settings.redact_audio)
    except Exception as err:
        logger.debug("%s: redacted audio not written (%s)", call.source, _reason(err))
        return None


def _nothing_to_score(transcript: Transcript, score_version: str) -> tuple[Transcript, Scorecard]:
    if transcript.reliability.verdict == RELIABLE:
        transcript = replace(transcript, reliability=Reliability(UNUSABLE, ("no speech found",)))
    empty = Scorecard(call_id=transcript.call_id, language=transcript.language, rubric_version="none",
                      scorer=f"none@{score_version}", scores=())
    return transcript, empty


def store_landed(store, landed: Landed, rubric=None) -> InputFailure | None:
    """Write one call's results in one transaction, or its failure; returns the failure if any."""
    if landed.error is not None:
        store.record_stage_failure(landed.call_id, landed.stage, landed.failed_version, landed.error)
        return landed.as_failure()
    store.save_call_results(landed.call_id, landed.transcript, landed.transcript_version,
                            landed.scorecard, landed.score_version, rubric=rubric)
    if landed.redacted_audio is not None:
        store.save_redacted_audio(landed.redacted_audio)
    return None


class BatchTally:
    """Counts what a batch did, for the summary."""

    def __init__(self):
        self.started = time.monotonic()
        self.processed = self.needs_review = 0
        self.audio_s = 0.0
        self.failures: list[InputFailure] = []

    def add(self, call: Call, landed: Landed, failure: InputFailure | None) -> None:
        if failure is not None:
            self.failures.append(failure)
            return
        self.processed += 1
        self.audio_s += call.audio.duration_s if call.audio else 0.0
        if landed.transcript.reliability.verdict != "ok":
            self.needs_review += 1

    def summary(self) -> Summary:
        return Summary(processed=self.processed, needs_review=self.needs_review, audio_s=self.audio_s,
                       elapsed_s=time.monotonic() - self.started, failures=tuple(self.failures))


def _process_calls(store, calls: Iterable[Call], processor: CallProcessor, quiet: bool) -> Summary:
    calls = list(calls)
    tally = BatchTally()
    with CallProgress(calls, disabled=quiet) as progress:
        for call in calls:
            landed = process_one(call, processor)
            failure = store_landed(store, landed, processor.rubric_text(landed.scorecard))
            tally.add(call, landed, failure)
            if failure is not None:
                progress.failed(call, str(failure))
            else:
                progress.done(call)
    return tally.summary()


def rescore_stored(store, settings, quiet: bool = False) -> Summary:
    """Score every stored transcript with the current scorer and rubric, keeping the old scores."""
    processor = CallProcessor(settings)
    scorer = processor.scorer
    started = time.monotonic()
    failures: list[InputFailure] = []
    done = 0
    for call_id, transcript_version in store.transcripts_to_rescore(scorer.version):
        transcript = store.load_transcript(call_id, transcript_version)
        try:
            scorecard = scorer.score(transcript)
            store.save_scorecard(call_id, transcript_version, scorecard, scorer.version,
                                 rubric=processor.rubric_text(scorecard))
            done += 1
        except Exception as err:
            failures.append(InputFailure(call_id, f"score failed: {_reason(err)}"))
            write_line(str(failures[-1]))
    return Summary(processed=done, failures=tuple(failures), elapsed_s=time.monotonic() - started)


def _reason(err: BaseException) -> str:
    text = str(err).strip().splitlines()[0] if str(err).strip() else ""
    return f"{type(err).__name__}: {text}" if text else type(err).__name__
