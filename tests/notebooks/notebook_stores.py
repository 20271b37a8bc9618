"""Fixtures of the notebook tests: real stores built by the real pipeline, and the notebook runner.

Building a store takes a few seconds (the zh samples are transcripts: no speech model needed); the
simulated reviews (simulated_reviews.py, fixed seed) go in through the store's review API.
Test modules import the fixtures from here. (Not a conftest.py: other rooms' tests import
"conftest" by name, which would find this room's when the whole tree is collected.)
"""

from __future__ import annotations

import csv
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


notebook_runner = _load("callqa_notebooks_run", ROOT / "notebooks" / "run.py")  # notebooks/run.py


def zh_rows(limit: int | None = None) -> list[dict]:
    """Manifest rows of the bundled Chinese transcripts (no speech model needed)."""
    with (SAMPLES / "manifest.csv").open(newline="", encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["file"].startswith("calls/zh/")]
    return rows[:limit]


def build_store(folder: Path, rows: list[dict]) -> Path:
    """`callqa run` on these manifest rows' transcripts, in a subprocess like a user would."""
    manifest = folder / "manifest.csv"
    with manifest.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        for row in rows:
            writer.writerow({**row, "file": str(SAMPLES / row["file"])})
    db = folder / "callqa.duckdb"
    env = {k: v for k, v in os.environ.items() if not k.startswith("CALLQA_")}
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "run", *(str(SAMPLES / r["file"]) for r in rows),
         "--manifest", str(manifest), "--db", str(db), "-q"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return db


def call_id_of(db: Path, file_name: str) -> str:
    """The call id of the sample whose source path ends with ``file_name``."""
    from store import Store

    calls = Store(db).call_overview()
    return calls[calls.source.str.endswith(file_name)].call_id.iloc[0]


@pytest.fixture(scope="module")
def reviewed_store(tmp_path_factory) -> Path:
    """The 9 Chinese sample calls, scored, with seeded simulated reviews."""
    from tests.notebooks.simulated_reviews import simulate_reviews
    from store import Store

    db = build_store(tmp_path_factory.mktemp("reviewed"), zh_rows())
    assert simulate_reviews(Store(db), seed=7) > 0
    return db


@pytest.fixture(scope="module")
def sparse_store(tmp_path_factory) -> Path:
    """One scored call and no reviews: what a brand-new site has."""
    return build_store(tmp_path_factory.mktemp("sparse"), zh_rows(limit=1))
