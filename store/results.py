"""Stage results: transcripts with their turns, scorecards with their scores, rubrics.

Results are keyed by (call, version of what produced them). Saving the same key again replaces
that key's rows inside the same transaction (idempotent); a new version is stored beside the old
ones, so re-scoring keeps history.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from callqa.records import Scorecard, Transcript

from store.base import NotFound, StoreBase
from store.bulk import CallResult, write_results
from store.rows import scorecard_from_rows, transcript_from_rows, utc_now


@dataclass(frozen=True)
class RubricText:
    """A rubric as stored: its content-hash version and the file's text."""

    version: str
    content: str
    language: str | None = None
    name: str | None = None


def _require_calls(con, call_ids, path) -> None:
    ids = sorted(set(call_ids))
    known = {r[0] for r in con.execute(
        "SELECT call_id FROM calls WHERE list_contains(?, call_id)", [ids]).fetchall()}
    missing = [c for c in ids if c not in known]
    if missing:
        raise NotFound(f"call {', '.join(missing[:5])} is not in {path}; add it with add_calls first")


def write_rubric(con, rubric: RubricText) -> None:
    con.execute("INSERT INTO rubrics VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                [rubric.version, rubric.language, rubric.name, rubric.content, utc_now()])


class ResultsMixin(StoreBase):
    def save_call_results(self, call_id: str, transcript: Transcript, transcript_version: str,
                          scorecard: Scorecard | None = None, score_version: str | None = None,
                          rubric: RubricText | None = None) -> None:
        """Transcript, turns, scorecard, scores and statuses of one call in ONE transaction.

        Rows are stored under ``call_id`` whatever call_id the records carry. Without a
        scorecard only the transcript is saved (e.g. when scoring failed).
        """
        self.save_results([CallResult(call_id, transcript_version, transcript, scorecard, score_version)],
                          rubrics=[rubric] if rubric else ())

    def save_results(self, results: Sequence[CallResult], rubrics: Sequence[RubricText] = ()) -> None:
        """Many calls' results in one transaction (the landing-zone loader and bulk imports)."""
        for r in results:
            if r.scorecard is not None and not r.score_version:
                raise ValueError(f"call {r.call_id}: a scorecard needs its score_version")

        def work(con) -> None:
            _require_calls(con, [r.call_id for r in results], self.path)
            for r in results:
                if r.transcript is None and not con.execute(
                        "SELECT count(*) FROM transcripts WHERE call_id = ? AND version = ?",
                        [r.call_id, r.transcript_version]).fetchall()[0][0]:
                    raise NotFound(f"call {r.call_id} has no transcript version {r.transcript_version}")
            for rubric in rubrics:
                write_rubric(con, rubric)
            write_results(con, results)

        if results or rubrics:
            self.transaction(work)

    def save_transcript(self, call_id: str, transcript: Transcript, version: str) -> None:
        self.save_call_results(call_id, transcript, version)

    def save_scorecard(self, call_id: str, transcript_version: str, scorecard: Scorecard,
                       score_version: str, rubric: RubricText | None = None) -> None:
        """Store a (re-)scoring of a stored transcript beside the earlier scorecards."""
        self.save_results([CallResult(call_id, transcript_version, None, scorecard, score_version)],
                          rubrics=[rubric] if rubric else ())

    def transcripts_to_rescore(self, score_version: str) -> list[tuple[str, str]]:
        """(call_id, transcript_version) of every call whose current transcript has no scorecard
        at ``score_version`` yet (re-scoring old calls with a new rubric), oldest call first."""
        return [tuple(r) for r in self.query_rows(
            "SELECT o.call_id, o.transcript_version FROM call_summary o "
            "WHERE o.transcript_version IS NOT NULL AND NOT EXISTS (SELECT 1 FROM scorecards s "
            "WHERE s.call_id = o.call_id AND s.version = ?) ORDER BY o.call_time, o.call_id",
            [score_version])]

    def save_rubric(self, rubric: RubricText) -> None:
        self.transaction(lambda con: write_rubric(con, rubric))

    # ---- loading -------------------------------------------------------------------------------
    def _current_version(self, con, call_id: str, column: str, what: str) -> str:
        """The version of the call's current transcript or scorecard (``column`` of call_summary)."""
        assert column in ("transcript_version", "score_version")
        found = con.execute(f"SELECT {column} FROM call_summary WHERE call_id = ?", [call_id]).fetchall()
        if not found or found[0][0] is None:
            raise NotFound(f"call {call_id} has no {what} in {self.path}")
        return found[0][0]

    def load_transcript(self, call_id: str, version: str | None = None) -> Transcript:
        """A stored transcript; without a version, the call's current (latest saved) one."""
        with self.read() as con:
            version = version or self._current_version(con, call_id, "transcript_version", "transcript")
            head = con.execute(
                "SELECT language, duration_s, verdict, reasons, role_confidence, engine "
                "FROM transcripts WHERE call_id = ? AND version = ?", [call_id, version]).fetchone()
            if head is None:
                raise NotFound(f"call {call_id} has no transcript version {version}")
            turns = con.execute(
                "SELECT turn_index, speaker, start_s, end_s, text, channel, confidence, words, "
                "redactions FROM turns WHERE call_id = ? AND transcript_version = ? "
                "ORDER BY turn_index", [call_id, version]).fetchall()
        return transcript_from_rows(call_id, head, turns)

    def load_scorecard(self, call_id: str, version: str | None = None) -> Scorecard:
        """A stored scorecard; without a version, the call's current (latest saved) one."""
        with self.read() as con:
            version = version or self._current_version(con, call_id, "score_version", "scorecard")
            head = con.execute(
                "SELECT language, rubric_version, scorer FROM scorecards "
                "WHERE call_id = ? AND version = ?", [call_id, version]).fetchone()
            if head is None:
                raise NotFound(f"call {call_id} has no scorecard version {version}")
            scores = con.execute(
                "SELECT criterion, value, label, evidence FROM scores "
                "WHERE call_id = ? AND score_version = ? ORDER BY score_index, criterion",
                [call_id, version]).fetchall()
            sentiments = con.execute(
                "SELECT turn_index, sentiment FROM turn_sentiment "
                "WHERE call_id = ? AND score_version = ? ORDER BY turn_index",
                [call_id, version]).fetchall()
        return scorecard_from_rows(call_id, head, scores, sentiments)

    def scorecard_history(self, call_id: str):
        """DataFrame of every scorecard of a call, newest first, with its summary figures."""
        return self.query_df(
            "SELECT * EXCLUDE (call_id) FROM scorecards WHERE call_id = ? "
            "ORDER BY created_at DESC, version DESC", [call_id])

    def transcript_history(self, call_id: str):
        return self.query_df(
            "SELECT * EXCLUDE (call_id) FROM transcripts WHERE call_id = ? "
            "ORDER BY created_at DESC, version DESC", [call_id])

    def rubric(self, version: str) -> RubricText:
        rows = self.query_rows("SELECT version, content, language, name FROM rubrics WHERE version = ?",
                               [version])
        if not rows:
            raise NotFound(f"rubric {version} is not in {self.path}")
        return RubricText(*rows[0])

    def rubrics(self):
        """DataFrame of stored rubric versions with how many scorecards used each."""
        return self.query_df(
            "SELECT r.version, r.language, r.name, r.created_at, count(s.call_id) AS scorecards "
            "FROM rubrics r LEFT JOIN scorecards s ON s.rubric_version = r.version "
            "GROUP BY ALL ORDER BY r.created_at DESC")
