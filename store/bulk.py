"""Writing stage results, one call or many thousands, through one columnar path.

Rows are built by ``store.rows`` and inserted as Arrow batches; any rows already stored under the
same (call, version) keys are deleted first in the same transaction, so saving again is idempotent.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from callqa.records import Scorecard, Transcript

from store import agent_weeks
from store.attribution import claim_by_voice
from store.rows import (
    SUMMARY_COLUMNS, scorecard_row, score_rows, sentiment_rows, transcript_row, turn_rows, utc_now,
)
from store.sql_views import SUMMARY_ADD_CALLS, SUMMARY_REFRESH

TRANSCRIPT_COLUMNS = ("call_id", "version", "language", "duration_s", "verdict", "reasons",
                      "role_confidence", "engine", "created_at", "purged_at", "search_text")
TURN_COLUMNS = ("call_id", "transcript_version", "turn_index", "speaker", "start_s", "end_s", "text",
                "channel", "confidence", "words", "redactions")
SCORECARD_COLUMNS = ("call_id", "version", "transcript_version", "rubric_version", "scorer",
                     "language", "created_at", *SUMMARY_COLUMNS)
SCORE_COLUMNS = ("call_id", "score_version", "criterion", "value", "label", "evidence", "score_index")
SENTIMENT_COLUMNS = ("call_id", "score_version", "turn_index", "sentiment")
_GIVEN_CALLS = "SELECT unnest(?::VARCHAR[]) AS call_id"
STATUS_COLUMNS = ("call_id", "stage", "version", "status", "error", "updated_at")


@dataclass(frozen=True)
class CallResult:
    """One call's results to store: a transcript, a scorecard of it, or both."""

    call_id: str
    transcript_version: str
    transcript: Transcript | None = None
    scorecard: Scorecard | None = None
    score_version: str | None = None


def _arrow(columns: Sequence[str], rows: Sequence[tuple], types: dict[str, object] | None = None):
    import pyarrow as pa

    types = types or {}
    arrays = {}
    for i, name in enumerate(columns):
        values = [row[i] for row in rows]
        kind = types.get(name)
        if isinstance(kind, str):  # an alias such as "string" or "timestamp[us]"
            kind = pa.type_for_alias(kind)
        arrays[name] = pa.array(values, type=kind)
    return pa.table(arrays)


def insert_rows(con, table: str, columns: Sequence[str], rows: Sequence[tuple],
                types: dict[str, object] | None = None, verb: str = "INSERT") -> None:
    """Insert rows as one Arrow batch (``verb`` may be ``INSERT OR REPLACE``/``INSERT OR IGNORE``)."""
    if rows:
        con.register("_batch", _arrow(columns, rows, types))
        try:
            con.execute(f"{verb} INTO {table} BY NAME SELECT * FROM _batch")
        finally:
            con.unregister("_batch")


def _replace(con, table: str, key: tuple[str, str], columns: Sequence[str], rows: Sequence[tuple],
             keys: set[tuple[str, str]], types: dict[str, object] | None = None) -> None:
    """Delete ``table``'s rows under ``keys`` (pairs of ``key`` columns), then insert ``rows``."""
    if keys:
        con.register("_keys", _arrow(("a", "b"), sorted(keys)))
        try:
            con.execute(f"DELETE FROM {table} USING _keys WHERE {table}.{key[0]} = _keys.a "
                        f"AND {table}.{key[1]} = _keys.b")
        finally:
            con.unregister("_keys")
    insert_rows(con, table, columns, rows, types)


def refresh_summary(con, call_ids) -> None:
    """Bring the calls' ``call_summary`` rows (and their agents' ``agent_weeks``) up to date with
    their current results."""
    if call_ids:
        con.execute(SUMMARY_REFRESH.format(calls=_GIVEN_CALLS), [sorted(call_ids)])
        agent_weeks.refresh(con, call_ids)


def add_to_summary(con, call_ids) -> None:
    """Give newly stored calls their ``call_summary`` rows (and count them in ``agent_weeks``)."""
    if call_ids:
        con.execute(SUMMARY_ADD_CALLS.format(calls=_GIVEN_CALLS), [sorted(call_ids)])
        agent_weeks.refresh(con, call_ids)


def _mark_current(con, table: str, latest: dict[str, str]) -> None:
    """Make ``latest`` (call_id -> version) each call's current row of ``table``."""
    if not latest:
        return
    con.register("_current", _arrow(("call_id", "version"), sorted(latest.items())))
    try:
        con.execute(f"UPDATE {table} SET is_current = ({table}.version = _current.version) "
                    f"FROM _current WHERE {table}.call_id = _current.call_id")
    finally:
        con.unregister("_current")


def write_results(con, results: Sequence[CallResult]) -> None:
    """Store every result (inside the caller's transaction) and mark its stages done."""
    import pyarrow as pa

    now = utc_now()
    heads, turns, cards, scores, sentiments, statuses = [], [], [], [], [], []
    transcript_keys: set[tuple[str, str]] = set()
    score_keys: set[tuple[str, str]] = set()
    for r in results:
        if r.transcript is not None:
            key = (r.call_id, r.transcript_version)
            if key in transcript_keys:  # the last of duplicates wins
                heads = [h for h in heads if h[:2] != key]
                turns = [t for t in turns if t[:2] != key]
            transcript_keys.add(key)
            heads.append(transcript_row(r.call_id, r.transcript_version, r.transcript, now))
            turns += turn_rows(r.call_id, r.transcript_version, r.transcript.turns)
            statuses.append((r.call_id, "transcribe", r.transcript_version, "done", None, now))
        if r.scorecard is not None:
            if not r.score_version:
                raise ValueError(f"call {r.call_id}: a scorecard needs its score_version")
            key = (r.call_id, r.score_version)
            if key in score_keys:
                cards = [c for c in cards if c[:2] != key]
                scores = [s for s in scores if s[:2] != key]
                sentiments = [s for s in sentiments if s[:2] != key]
            score_keys.add(key)
            cards.append(scorecard_row(r.call_id, r.score_version, r.transcript_version, r.scorecard, now))
            scores += score_rows(r.call_id, r.score_version, r.scorecard.scores)
            sentiments += sentiment_rows(r.call_id, r.score_version, r.scorecard.turn_sentiment)
            statuses.append((r.call_id, "score", r.score_version, "done", None, now))
    _replace(con, "turns", ("call_id", "transcript_version"), TURN_COLUMNS, turns, transcript_keys,
             {"text": pa.string(), "words": pa.string(), "redactions": pa.string(),
              "channel": pa.int32(), "confidence": pa.float64()})
    _replace(con, "transcripts", ("call_id", "version"), TRANSCRIPT_COLUMNS, heads, transcript_keys,
             {"purged_at": pa.timestamp("us"), "reasons": pa.string(), "engine": pa.string(),
              "search_text": pa.string(),
              "duration_s": pa.float64(), "role_confidence": pa.float64()})
    _replace(con, "scores", ("call_id", "score_version"), SCORE_COLUMNS, scores, score_keys,
             {"value": pa.float64(), "label": pa.string(), "evidence": pa.string()})
    _replace(con, "turn_sentiment", ("call_id", "score_version"), SENTIMENT_COLUMNS, sentiments,
             score_keys, {"sentiment": pa.float64()})
    _replace(con, "scorecards", ("call_id", "version"), SCORECARD_COLUMNS, cards, score_keys,
             {c: pa.float64() for c in SUMMARY_COLUMNS}
             | {"level_label": pa.string(), "category": pa.string(), "violations": pa.int32(),
                "violation_codes": pa.list_(pa.string()), "steps_met": pa.list_(pa.string()),
                "steps_missed": pa.list_(pa.string())})
    _mark_current(con, "transcripts", {r.call_id: r.transcript_version for r in results
                                       if r.transcript is not None})
    _mark_current(con, "scorecards", {r.call_id: r.score_version for r in results
                                      if r.scorecard is not None})
    claim_by_voice(con, {r.call_id: r.transcript.agent_id for r in results
                         if r.transcript is not None and r.transcript.agent_id})
    refresh_summary(con, {r.call_id for r in results})
    # several results of one call and stage in a batch: the last one's status wins
    latest = {(st[0], st[1], st[2]): st for st in statuses}
    insert_rows(con, "stage_status", STATUS_COLUMNS, list(latest.values()), {"error": pa.string()},
                verb="INSERT OR REPLACE")
