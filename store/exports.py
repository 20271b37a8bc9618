"""Data leaving the store (CSV / Parquet exports) and data leaving for good (retention)."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from store.base import StoreBase
from store.bulk import refresh_summary
from store.rows import utc_now

# name -> query; the columns of each file are documented in store/README.md ("Exports").
EXPORTS = {
    "calls": "SELECT * EXCLUDE (violation_codes), array_to_string(violation_codes, ' ') AS violation_codes "
             "FROM call_overview ORDER BY call_time, call_id",
    "turns": "SELECT call_id, transcript_version, turn_index, speaker, start_s, end_s, text, channel, "
             "confidence, sentiment, CAST(redactions AS VARCHAR) AS redactions "
             "FROM current_turns ORDER BY call_id, turn_index",
    "scores": "SELECT call_id, score_version, criterion, value, label, CAST(evidence AS VARCHAR) AS evidence "
              "FROM current_scores ORDER BY call_id, criterion",
    "reviews": "SELECT r.review_id, r.call_id, r.score_version, r.criterion, r.reviewer, r.verdict, "
               "m.machine_value, m.machine_label, r.value, r.label, r.reason, r.note, r.coaching, "
               "r.created_at FROM reviews r JOIN machine_vs_human m USING (review_id) "
               "ORDER BY r.created_at, r.review_id",
}
FORMATS = ("csv", "parquet")


@dataclass(frozen=True)
class PurgeResult:
    """What retention removed: how many calls lost their text, the recordings now due for deletion
    (the store never deletes files it does not own) and the redacted copies (callqa's own files,
    always deleted with the words)."""

    calls: int
    audio_paths: tuple[str, ...]
    redacted_audio_paths: tuple[str, ...] = ()


def _arrow(result):
    """A pyarrow Table of a query result (DuckDB 2 renamed ``arrow()`` to ``to_arrow_table()``)."""
    to_table = getattr(result, "to_arrow_table", None) or result.arrow
    table = to_table()
    return table.read_all() if hasattr(table, "read_all") else table


def _write_atomically(table, target: Path, fmt: str) -> None:
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        if fmt == "csv":
            table.to_pandas().to_csv(tmp, index=False, encoding="utf-8")
        else:
            import pyarrow.parquet as pq

            pq.write_table(table, tmp)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


class ExportsMixin(StoreBase):
    def export(self, out_dir: str | Path, fmt: str = "csv", actor: str = "cli") -> list[Path]:
        """Write calls, turns, scores and reviews as ``<name>.csv`` or ``<name>.parquet``.

        Each file is written under a temporary name and renamed into place, so a reader never sees
        half a file. The export is recorded in the audit log.
        """
        if fmt not in FORMATS:
            raise ValueError(f"export format must be one of {', '.join(FORMATS)}, not {fmt!r}")
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        with self.read() as con:  # one snapshot for every file
            tables = {name: _arrow(con.execute(sql)) for name, sql in EXPORTS.items()}
        written = []
        for name, table in tables.items():
            target = out / f"{name}.{fmt}"
            _write_atomically(table, target, fmt)
            written.append(target)
        self.audit(actor, "export", str(out),
                   {"format": fmt, "rows": {n: t.num_rows for n, t in tables.items()}})
        return written

    def purge_older_than(self, days: float, actor: str = "retention") -> PurgeResult:
        """Retention: remove the words of calls older than ``days`` (turn text and word timings,
        evidence quotes, the record of their redacted audio) while keeping every score, time, label
        and review.

        A call's age counts from its start time (or when it was ingested, if that is unknown).
        """
        if days < 0:
            raise ValueError("retention days must be >= 0")
        cutoff = utc_now() - timedelta(days=days)

        def work(con) -> PurgeResult:
            old = con.execute(
                "SELECT call_id, media, source FROM calls "
                "WHERE coalesce(started_at, ingested_at) < ? AND call_id IN "
                "(SELECT call_id FROM transcripts WHERE purged_at IS NULL)", [cutoff]).fetchall()
            ids = [r[0] for r in old]
            if not ids:
                return PurgeResult(0, ())
            now = utc_now()
            con.execute("UPDATE turns SET text = NULL, words = NULL WHERE list_contains(?, call_id)", [ids])
            con.execute("UPDATE transcripts SET purged_at = ?, search_text = NULL "
                        "WHERE list_contains(?, call_id) AND purged_at IS NULL", [now, ids])
            refresh_summary(con, ids)
            evidence = con.execute(
                "SELECT call_id, score_version, criterion, evidence FROM scores "
                "WHERE list_contains(?, call_id) AND evidence IS NOT NULL "
                "AND json_array_length(evidence) > 0", [ids]).fetchall()
            rows = [(json.dumps([{**e, "quote": ""} for e in json.loads(ev)], ensure_ascii=False),
                     call_id, version, criterion) for call_id, version, criterion, ev in evidence]
            if rows:
                con.executemany("UPDATE scores SET evidence = ? WHERE call_id = ? "
                                "AND score_version = ? AND criterion = ?", rows)
            audio_ids = [r[0] for r in old if r[1] == "audio"]
            audio = tuple(r[0] for r in con.execute(
                "SELECT DISTINCT path FROM call_sources WHERE list_contains(?, call_id) ORDER BY path",
                [audio_ids]).fetchall())
            redacted = tuple(r[0] for r in con.execute(
                "DELETE FROM redacted_audio WHERE list_contains(?, call_id) RETURNING path", [ids]).fetchall())
            con.execute("INSERT INTO audit_log VALUES (?, ?, 'retention.purge', NULL, ?)",
                        [now, actor, json.dumps({"days": days, "calls": len(ids)})])
            return PurgeResult(len(ids), audio, tuple(sorted(redacted)))

        return self.transaction(work)
