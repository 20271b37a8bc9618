"""Fixtures for the trust tests: a store populated before the bad things happen."""

from __future__ import annotations

from pathlib import Path

import pytest

from callqa.records import Review
from tests.pipeline.conftest import callqa, whisper_base  # noqa: F401 (a fixture for this room too)
from tests.trust.integrity import write_transcripts


@pytest.fixture
def populated(tmp_path: Path) -> Path:
    """A database holding three processed calls and a review, made by the real command line."""
    db = tmp_path / "earlier.duckdb"
    earlier = write_transcripts(tmp_path / "earlier", 3, "earlier")
    result = callqa("run", *map(str, earlier), "--db", str(db), "-q")
    assert result.code == 0, result.err
    from store import Store

    store = Store(db)
    call_id = store.call_overview().call_id.iloc[0]
    store.add_review(Review(call_id=call_id, criterion="resolution_level", reviewer="qa",
                            verdict="correct", value=2.0, reason="resolved on the call"))
    return db
