"""What "nothing lost, nothing duplicated, nothing half-stored" means, checked on a real DuckDB file.

Read-only SQL straight on the file (not through the Store) so a bug in the store's own queries cannot
hide a bug in what it wrote.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
ZH_TRANSCRIPTS = sorted((SAMPLES / "calls" / "zh").glob("*.json"))


def rows(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def base_tables(db: Path) -> list[str]:
    return [t for (t,) in rows(db, "SELECT table_name FROM information_schema.tables "
                                   "WHERE table_schema = 'main' AND table_type = 'BASE TABLE' ORDER BY 1")]


def snapshot(db: Path) -> dict[str, dict[str, int]]:
    """Every row of every table as a content hash -> multiplicity (row order ignored)."""
    shot: dict[str, dict[str, int]] = {}
    con = duckdb.connect(str(db), read_only=True)
    try:
        for table in base_tables(db):
            counts: dict[str, int] = {}
            for row in con.execute(f'SELECT * FROM "{table}"').fetchall():
                key = hashlib.sha256(repr(row).encode("utf-8")).hexdigest()
                counts[key] = counts.get(key, 0) + 1
            shot[table] = counts
    finally:
        con.close()
    return shot


def assert_preserved(before: dict[str, dict[str, int]], after: dict[str, dict[str, int]],
                     unchanged_tables: tuple[str, ...] = ()) -> None:
    """Every row stored before is still there, byte for byte; ``unchanged_tables`` gained nothing either."""
    for table, counts in before.items():
        assert table in after, f"table {table} disappeared"
        lost = {k: n for k, n in counts.items() if after[table].get(k, 0) < n}
        assert not lost, f"{table}: {len(lost)} row(s) stored before were changed or lost"
    for table in unchanged_tables:
        assert after[table] == before[table], f"{table} changed"


def assert_consistent(db: Path) -> int:
    """Each call stored once and complete; returns the number of calls.

    - one row per call in calls and in call_summary, every source path names a stored call;
    - no transcript without a scorecard, no scorecard without its transcript and scores;
    - no duplicate turns, scores or stage statuses;
    - a 'done' status for exactly the results that are stored, and the summary row pointing at them.
    """
    def none(sql: str, what: str) -> None:
        found = rows(db, sql)
        assert found == [], f"{what}: {found[:5]}"

    none("SELECT call_id, count(*) FROM calls GROUP BY 1 HAVING count(*) > 1", "calls stored twice")
    none("SELECT call_id, count(*) FROM call_summary GROUP BY 1 HAVING count(*) > 1", "summary rows twice")
    none("SELECT call_id FROM calls EXCEPT SELECT call_id FROM call_summary", "calls without a summary row")
    none("SELECT call_id FROM call_summary EXCEPT SELECT call_id FROM calls", "summary rows without a call")
    none("SELECT call_id FROM call_sources EXCEPT SELECT call_id FROM calls", "source paths of no call")
    none("SELECT call_id FROM calls EXCEPT SELECT call_id FROM call_sources", "calls without a source path")
    none("SELECT call_id FROM transcripts EXCEPT SELECT call_id FROM scorecards",
         "transcripts stored without their scores")
    none("SELECT call_id, transcript_version FROM scorecards "
         "EXCEPT SELECT call_id, version FROM transcripts", "scorecards without their transcript")
    # a call with no speech at all (silence, noise, a tone) keeps an empty scorecard beside its
    # "unusable" transcript; any other scorecard must have its scores
    none("SELECT c.call_id, c.version FROM scorecards c JOIN transcripts t "
         "ON t.call_id = c.call_id AND t.version = c.transcript_version "
         "WHERE NOT (t.verdict = 'unusable' AND NOT EXISTS (SELECT 1 FROM turns u WHERE u.call_id = t.call_id "
         "AND u.transcript_version = t.version)) "
         "EXCEPT SELECT call_id, score_version FROM scores", "scorecards without scores")
    none("SELECT s.call_id FROM scores s JOIN scorecards c ON c.call_id = s.call_id AND c.version = s.score_version "
         "JOIN transcripts t ON t.call_id = c.call_id AND t.version = c.transcript_version "
         "WHERE NOT EXISTS (SELECT 1 FROM turns u WHERE u.call_id = t.call_id AND u.transcript_version = t.version)",
         "scores invented for a call with no speech")
    none("SELECT call_id, transcript_version, turn_index, count(*) FROM turns GROUP BY ALL HAVING count(*) > 1",
         "duplicate turns")
    none("SELECT call_id, score_version, criterion, count(*) FROM scores GROUP BY ALL HAVING count(*) > 1",
         "duplicate scores")
    none("SELECT call_id, stage, version, count(*) FROM stage_status GROUP BY ALL HAVING count(*) > 1",
         "duplicate stage statuses")
    none("SELECT call_id, version FROM transcripts EXCEPT "
         "SELECT call_id, version FROM stage_status WHERE stage = 'transcribe' AND status = 'done'",
         "transcripts without a done status")
    none("SELECT call_id, version FROM stage_status WHERE stage = 'transcribe' AND status = 'done' "
         "EXCEPT SELECT call_id, version FROM transcripts", "done statuses without a transcript")
    none("SELECT call_id, version FROM scorecards EXCEPT "
         "SELECT call_id, version FROM stage_status WHERE stage = 'score' AND status = 'done'",
         "scorecards without a done status")
    none("SELECT call_id, version FROM stage_status WHERE stage = 'score' AND status = 'done' "
         "EXCEPT SELECT call_id, version FROM scorecards", "done statuses without a scorecard")
    none("SELECT s.call_id FROM call_summary s LEFT JOIN current_scorecards c USING (call_id) "
         "WHERE s.score_version IS DISTINCT FROM c.version", "summary rows not showing the current scorecard")
    none("SELECT s.call_id FROM call_summary s LEFT JOIN current_transcripts t USING (call_id) "
         "WHERE s.transcript_version IS DISTINCT FROM t.version", "summary rows not showing the current transcript")
    return rows(db, "SELECT count(*) FROM calls")[0][0]


def write_transcripts(folder: Path, count: int, tag: str) -> list[Path]:
    """``count`` distinct real transcripts (the bundled Chinese calls, each given its own call id and
    external id, so each has its own content hash and is its own call)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for i in range(count):
        source = ZH_TRANSCRIPTS[i % len(ZH_TRANSCRIPTS)]
        doc = json.loads(source.read_text(encoding="utf-8"))
        doc["call_id"] = f"{tag}-{i:03d}"
        doc.setdefault("meta", {})["external_id"] = f"{tag}-{i:03d}"
        path = folder / f"{tag}-{i:03d}.json"
        path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        written.append(path)
    return written

