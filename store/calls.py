"""Calls, the paths they were seen under, bad inputs, each call's stage status and its redacted audio."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from callqa.records import AUDIO, Call, InputFailure

from store.base import NotFound, StoreBase
from store.bulk import add_to_summary, insert_rows
from store.rows import CALL_COLUMNS, call_from_row, call_row, utc_now

DONE, FAILED, PENDING = "done", "failed", "pending"
TRANSCRIBE, SCORE = "transcribe", "score"

# Arrow types of the columns that may be all-None in a batch
CALL_TYPES = {name: "string" for name in CALL_COLUMNS} | {
    "duration_s": "float64", "sample_rate": "int32", "channels": "int32", "size_bytes": "int64",
    "agent_channel": "int32", "started_at": "timestamp[us]", "ingested_at": "timestamp[us]"}

_SELECT_CALL = f"SELECT {', '.join('c.' + c for c in CALL_COLUMNS)} FROM calls c"


@dataclass(frozen=True)
class AddResult:
    """Which calls an ``add_calls`` stored for the first time and which were already there."""

    new: list[str]
    existing: list[str]


@dataclass(frozen=True)
class RedactedAudio:
    """A call's redacted recording: the transcript whose redactions it covers, how, and where it is."""

    call_id: str
    transcript_version: str
    mode: str  # bleep | silence
    path: str
    spans: int


@dataclass(frozen=True)
class ListeningAudio:
    """What a player needs to pick a call's recording for a listener who may not hear the original."""

    transcribed: bool  # the call has a stored transcript (else nobody knows what it holds)
    redactions: int  # redaction spans in the current transcript
    copy: RedactedAudio | None  # the redacted copy of the current transcript, when one was written
    purged: bool  # retention removed the call's words (and its redacted copy)


_SELECT_REDACTED = "SELECT call_id, transcript_version, mode, path, spans FROM redacted_audio"


class CallsMixin(StoreBase):
    def add_calls(self, calls: Iterable[Call]) -> AddResult:
        """Store new calls; a call already stored keeps its row and gains the extra source path."""
        calls = list(calls)
        if not calls:
            return AddResult([], [])

        def work(con) -> AddResult:
            now = utc_now()
            ids = sorted({c.call_id for c in calls})
            stored = {r[0] for r in con.execute(
                "SELECT call_id FROM calls WHERE list_contains(?, call_id)", [ids]).fetchall()}
            new: list[str] = []
            existing: list[str] = []
            rows = []
            for call in calls:
                if call.call_id in stored:
                    existing.append(call.call_id)
                    continue
                stored.add(call.call_id)
                new.append(call.call_id)
                rows.append(call_row(call, now))
            insert_rows(con, "calls", CALL_COLUMNS, rows, CALL_TYPES)
            add_to_summary(con, new)
            sources = list(dict.fromkeys((c.source, c.call_id) for c in calls))
            insert_rows(con, "call_sources", ("path", "call_id", "seen_at"),
                        [(path, call_id, now) for path, call_id in sources], verb="INSERT OR IGNORE")
            return AddResult(new, existing)

        return self.transaction(work)

    def load_call(self, call_id: str) -> Call:
        rows = self.query_rows(f"{_SELECT_CALL} WHERE c.call_id = ?", [call_id])
        if not rows:
            raise NotFound(f"call {call_id} is not in {self.path}")
        return call_from_row(rows[0])

    def call_sources(self, call_id: str) -> list[str]:
        """Every path the call was seen under, first seen first."""
        return [r[0] for r in self.query_rows(
            "SELECT path FROM call_sources WHERE call_id = ? ORDER BY seen_at, path", [call_id])]

    def record_failure(self, path: str, reason: str, stage: str = "ingest") -> None:
        """Keep a bad input and its reason (shown as ``path: reason``)."""
        self.record_failures([InputFailure(str(path), reason)], stage)

    def record_failures(self, failures: Iterable[InputFailure], stage: str = "ingest") -> None:
        rows = [(f.path, f.reason, stage, utc_now()) for f in failures]
        if rows:
            self.transaction(lambda con: con.executemany(
                "INSERT INTO input_failures VALUES (?, ?, ?, ?)", rows))

    def record_stage_failure(self, call_id: str, stage: str, version: str, error: str) -> None:
        """Mark one call's stage as failed with its error. A result already stored stays done."""
        self.transaction(lambda con: con.execute(
            "INSERT INTO stage_status VALUES (?, ?, ?, 'failed', ?, ?) "
            "ON CONFLICT DO UPDATE SET status = excluded.status, error = excluded.error, "
            "updated_at = excluded.updated_at WHERE stage_status.status <> 'done'",
            [call_id, stage, version, error, utc_now()]))

    def stage_statuses(self, call_id: str):
        """DataFrame of one call's stage statuses (stage, version, status, error, updated_at)."""
        return self.query_df(
            "SELECT stage, version, status, error, updated_at FROM stage_status "
            "WHERE call_id = ? ORDER BY updated_at, stage", [call_id])

    def pending_calls(self, transcribe_version: str, score_version: str, *,
                      retry_failed: bool = False, limit: int | None = None) -> list[Call]:
        """Calls lacking a done transcript at ``transcribe_version`` (audio calls only: a transcript
        call brings its own) or a done scorecard at ``score_version``, oldest first.

        Calls that failed at these versions are left out unless ``retry_failed``.
        """
        def status(stage: str, state: str) -> str:
            return ("EXISTS (SELECT 1 FROM stage_status s WHERE s.call_id = c.call_id "
                    f"AND s.stage = '{stage}' AND s.version = ? AND s.status = '{state}')")

        sql = (f"{_SELECT_CALL} WHERE (NOT {status(SCORE, DONE)} "
               f"OR (c.media = ? AND NOT {status(TRANSCRIBE, DONE)}))")
        params: list = [score_version, AUDIO, transcribe_version]
        if not retry_failed:
            sql += (f" AND NOT {status(SCORE, FAILED)} "
                    f"AND NOT (c.media = ? AND {status(TRANSCRIBE, FAILED)})")
            params += [score_version, AUDIO, transcribe_version]
        sql += " ORDER BY c.ingested_at, c.call_id"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        return [call_from_row(r) for r in self.query_rows(sql, params)]

    def input_failures(self, limit: int | None = 1000):
        """DataFrame of bad inputs, newest first: path, reason, stage, failed_at."""
        sql = "SELECT path, reason, stage, failed_at FROM input_failures ORDER BY failed_at DESC"
        return self.query_df(sql + (" LIMIT ?" if limit else ""), [limit] if limit else [])

    def save_redacted_audio(self, copy: RedactedAudio) -> None:
        """Record (or replace) the redacted copy of a call's recording."""
        self.transaction(lambda con: con.execute(
            "INSERT OR REPLACE INTO redacted_audio VALUES (?, ?, ?, ?, ?, ?)",
            [copy.call_id, copy.transcript_version, copy.mode, copy.path, copy.spans, utc_now()]))

    def redacted_audio(self, call_id: str) -> RedactedAudio | None:
        rows = self.query_rows(f"{_SELECT_REDACTED} WHERE call_id = ?", [call_id])
        return RedactedAudio(*rows[0]) if rows else None

    def listening_audio(self, call_id: str) -> ListeningAudio:
        """The current transcript's redaction count, its redacted copy (None when the copy on record
        was made from another transcript version) and whether retention purged the call."""
        with self.read() as con:
            row = con.execute(
                "SELECT t.version, t.purged_at IS NOT NULL, "
                "(SELECT coalesce(sum(json_array_length(u.redactions)), 0) FROM turns u "
                " WHERE u.call_id = t.call_id AND u.transcript_version = t.version) "
                "FROM transcripts t WHERE t.call_id = ? AND t.is_current", [call_id]).fetchone()
            copy = con.execute(f"{_SELECT_REDACTED} WHERE call_id = ?", [call_id]).fetchone()
        if row is None:
            return ListeningAudio(False, 0, None, False)
        version, purged, redactions = row
        current = RedactedAudio(*copy) if copy and copy[1] == version else None
        return ListeningAudio(True, int(redactions), current, bool(purged))

    def calls_needing_redacted_audio(self, mode: str) -> list[tuple[Call, str]]:
        """Audio calls whose current, unpurged transcript has redactions and no redacted copy of that
        transcript in ``mode``, with that transcript's version, oldest first."""
        columns = ", ".join("c." + c for c in CALL_COLUMNS)
        rows = self.query_rows(
            f"SELECT {columns}, t.version FROM calls c "
            "JOIN transcripts t ON t.call_id = c.call_id AND t.is_current AND t.purged_at IS NULL "
            "LEFT JOIN redacted_audio r ON r.call_id = c.call_id "
            "WHERE c.media = ? AND (r.call_id IS NULL OR r.transcript_version <> t.version OR r.mode <> ?) "
            "AND EXISTS (SELECT 1 FROM turns u WHERE u.call_id = c.call_id "
            "AND u.transcript_version = t.version AND json_array_length(u.redactions) > 0) "
            "ORDER BY c.ingested_at, c.call_id", [AUDIO, mode])
        return [(call_from_row(r[:-1]), r[-1]) for r in rows]
