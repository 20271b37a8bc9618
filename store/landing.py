"""The Parquet landing zone: how workers on other machines hand results to the one DuckDB writer.

A worker writes one small Parquet file per call result (or stage failure) under a temporary name
and renames it into place, so a reader never sees half a file (shared/FACTS.md). The loader saves
each file's rows with the same idempotent writes as the local runner, commits, and only then
removes the files: a crash in between leaves files that load again to the same rows.
"""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from callqa.interchange import scorecard_from_dict, transcript_from_dict
from callqa.records import Scorecard, Transcript, as_plain

from store.base import NotFound, StoreBase
from store.bulk import CallResult, write_results
from store.results import RubricText, write_rubric
from store.rows import utc_now

SUFFIX = ".parquet"
COLUMNS = ("kind", "call_id", "transcript_version", "transcript", "score_version", "scorecard",
           "rubric_version", "rubric_content", "rubric_language", "rubric_name",
           "stage", "version", "error", "written_at")


@dataclass(frozen=True)
class LandingLoad:
    files: int
    results: int
    failures: int


def _write_row(folder: str | Path, row: dict[str, Any]) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    full = {c: row.get(c) for c in COLUMNS}
    full["written_at"] = utc_now().isoformat()
    schema = pa.schema([(c, pa.string()) for c in COLUMNS])
    table = pa.Table.from_pylist([full], schema=schema)
    name = f"{row['call_id'][:16]}-{uuid.uuid4().hex}{SUFFIX}"
    tmp = folder / f".{name}.tmp"
    pq.write_table(table, tmp)
    os.replace(tmp, folder / name)
    return folder / name


def write_result_file(folder: str | Path, call_id: str, transcript: Transcript,
                      transcript_version: str, scorecard: Scorecard | None = None,
                      score_version: str | None = None, rubric: RubricText | None = None) -> Path:
    """One call's results as a landing file (the arguments of Store.save_call_results)."""
    return _write_row(folder, {
        "kind": "result", "call_id": call_id, "transcript_version": transcript_version,
        "transcript": json.dumps(as_plain(transcript), ensure_ascii=False),
        "score_version": score_version,
        "scorecard": None if scorecard is None else json.dumps(as_plain(scorecard), ensure_ascii=False),
        "rubric_version": rubric and rubric.version, "rubric_content": rubric and rubric.content,
        "rubric_language": rubric and rubric.language, "rubric_name": rubric and rubric.name,
    })


def write_failure_file(folder: str | Path, call_id: str, stage: str, version: str, error: str) -> Path:
    """One call's stage failure as a landing file (the arguments of Store.record_stage_failure)."""
    return _write_row(folder, {"kind": "failure", "call_id": call_id, "stage": stage,
                               "version": version, "error": error})


def _failure(con, row: dict[str, Any]) -> None:
    con.execute(
        "INSERT INTO stage_status VALUES (?, ?, ?, 'failed', ?, ?) "
        "ON CONFLICT DO UPDATE SET status = excluded.status, error = excluded.error, "
        "updated_at = excluded.updated_at WHERE stage_status.status <> 'done'",
        [row["call_id"], row["stage"], row["version"], row["error"], utc_now()])


def _result(row: dict[str, Any]) -> CallResult:
    call_id = row["call_id"]
    transcript, _ = transcript_from_dict(json.loads(row["transcript"]), source=f"landing {call_id}")
    scorecard = scorecard_from_dict(json.loads(row["scorecard"])) if row["scorecard"] else None
    return CallResult(call_id, row["transcript_version"], transcript, scorecard, row["score_version"])


class LandingMixin(StoreBase):
    def load_parquet_results(self, folder: str | Path, batch_size: int = 500) -> LandingLoad:
        """Load every finished landing file of ``folder`` into the store, then remove them.

        Files are loaded ``batch_size`` at a time, each batch in one transaction. Rows for calls
        the store does not know are an error (ingest the calls first) and stop the load with the
        batch rolled back and its files kept.
        """
        import pyarrow.parquet as pq

        files = sorted(p for p in Path(folder).glob(f"*{SUFFIX}") if not p.name.startswith("."))
        counts = {"result": 0, "failure": 0}
        for start in range(0, len(files), batch_size):
            batch = files[start:start + batch_size]
            rows = sorted((row for path in batch for row in pq.read_table(path).to_pylist()),
                          key=lambda row: row["written_at"] or "")

            results = [_result(r) for r in rows if r["kind"] == "result"]
            failures = [r for r in rows if r["kind"] == "failure"]
            rubrics = {r["rubric_version"]: RubricText(r["rubric_version"], r["rubric_content"] or "",
                                                       r["rubric_language"], r["rubric_name"])
                       for r in rows if r["rubric_version"]}

            def work(con) -> None:
                ids = sorted({r["call_id"] for r in rows})
                known = {r[0] for r in con.execute(
                    "SELECT call_id FROM calls WHERE list_contains(?, call_id)", [ids]).fetchall()}
                missing = sorted(set(ids) - known)
                if missing:
                    raise NotFound(f"{folder}: results for calls not in {self.path}: {', '.join(missing[:5])}")
                for rubric in rubrics.values():
                    write_rubric(con, rubric)
                for failure in failures:
                    _failure(con, failure)
                write_results(con, results)  # after the failures: a stored result stays done

            self.transaction(work)
            counts["result"] += len(results)
            counts["failure"] += len(failures)
            for path in batch:
                path.unlink(missing_ok=True)
        return LandingLoad(files=len(files), results=counts["result"], failures=counts["failure"])
