"""Landing files: a worker writes each call's results as Parquet (temporary name, then rename) and the
driver loads them into DuckDB. A reader never sees a half-written file (see shared/FACTS.md), and a
file loaded twice changes nothing because the store's saves are idempotent.
"""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from callqa.interchange import (
    scorecard_from_dict, scorecard_to_dict, transcript_from_dict, transcript_to_dict,
)
from callqa.records import Scorecard, Transcript

SUFFIX = ".parquet"


@dataclass(frozen=True)
class Landed:
    """One call's results as a worker produced them: either both records or the error."""

    call_id: str
    source: str
    transcript_version: str
    score_version: str
    transcript: Transcript | None = None
    scorecard: Scorecard | None = None
    stage: str | None = None  # the stage that failed
    error: str | None = None


def write_landing(folder: Path, landed: Landed) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder.mkdir(parents=True, exist_ok=True)
    row = {
        "call_id": landed.call_id, "source": landed.source,
        "transcript_version": landed.transcript_version, "score_version": landed.score_version,
        "transcript_json": None if landed.transcript is None else json.dumps(
            transcript_to_dict(landed.transcript), ensure_ascii=False),
        "scorecard_json": None if landed.scorecard is None else json.dumps(
            scorecard_to_dict(landed.scorecard), ensure_ascii=False),
        "stage": landed.stage, "error": landed.error,
    }
    name = f"{landed.call_id[:16]}-{uuid.uuid4().hex[:8]}"
    tmp = folder / f".{name}.tmp"
    pq.write_table(pa.Table.from_pylist([row]), tmp)
    final = folder / f"{name}{SUFFIX}"
    os.replace(tmp, final)
    return final


def read_landing(path: Path) -> Iterator[Landed]:
    import pyarrow.parquet as pq

    for row in pq.read_table(path).to_pylist():
        transcript = None
        if row["transcript_json"]:
            transcript, _ = transcript_from_dict(json.loads(row["transcript_json"]), source=str(path))
        scorecard = scorecard_from_dict(json.loads(row["scorecard_json"])) if row["scorecard_json"] else None
        yield Landed(call_id=row["call_id"], source=row["source"],
                     transcript_version=row["transcript_version"], score_version=row["score_version"],
                     transcript=transcript, scorecard=scorecard, stage=row["stage"], error=row["error"])


def landed_files(folder: Path) -> list[Path]:
    """Complete landing files only (temporary ones start with a dot), oldest first."""
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.glob(f"*{SUFFIX}") if not p.name.startswith(".")),
                  key=lambda p: p.stat().st_mtime)
