"""A minute of the pipeline writing while dashboard readers query and reviewers save reviews.

Each person is a separate process (DuckDB's lock is per process): three readers running the
dashboard's queries, two reviewers saving reviews, and `callqa run` over and over on newly arrived
calls. Lock waits are allowed; an error any of them sees is not, and no review may be lost.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time

import pytest

from tests.pipeline.conftest import callqa
from tests.trust.integrity import ROOT, ZH_TRANSCRIPTS, assert_consistent, rows, write_transcripts

SOAK_S = float(os.environ.get("TRUST_SOAK_S", "60"))
READERS, REVIEWERS = 3, 2


def _pipeline_writes(db, folder, deadline: float, results: list) -> None:
    """`callqa run` on a fresh batch of calls, again and again until the deadline."""
    batch = 0
    while time.monotonic() < deadline:
        arrived = write_transcripts(folder / f"batch{batch:03d}", 4, f"soak{batch:03d}")
        results.append(callqa("run", *map(str, arrived), "--db", str(db), "-q"))
        batch += 1


@pytest.mark.slow
def test_pipeline_readers_and_reviewers_together_for_a_minute(tmp_path):
    db = tmp_path / "calls.duckdb"
    assert callqa("run", *map(str, ZH_TRANSCRIPTS), "--db", str(db), "-q").code == 0
    calls_before = rows(db, "SELECT count(*) FROM calls")[0][0]

    people = [("reader", i) for i in range(READERS)] + [("reviewer", 100 + i) for i in range(REVIEWERS)]
    procs = []
    for role, seed in people:
        out = tmp_path / f"{role}-{seed}.json"
        procs.append((role, out, subprocess.Popen(
            [sys.executable, "-m", "tests.trust.soak_workers", role, str(db), str(SOAK_S), str(seed), str(out)],
            cwd=ROOT, stderr=subprocess.PIPE, text=True,
            env={k: v for k, v in os.environ.items() if not k.startswith("CALLQA_")})))
    runs: list = []
    writer = threading.Thread(target=_pipeline_writes,
                              args=(db, tmp_path / "arriving", time.monotonic() + SOAK_S, runs))
    writer.start()
    writer.join(timeout=SOAK_S + 300)
    reports = []
    for role, out, proc in procs:
        try:
            proc.wait(timeout=120)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        assert proc.returncode == 0, f"{role} crashed: {proc.stderr.read()[-2000:]}"
        reports.append((role, json.loads(out.read_text(encoding="utf-8"))))
        proc.stderr.close()

    assert not writer.is_alive()
    assert runs and all(r.code == 0 for r in runs), [r.err[-1000:] for r in runs if r.code]
    errors = [e for _, report in reports for e in report["errors"]]
    assert errors == [], f"{len(errors)} error(s) seen by readers and reviewers:\n" + "\n".join(errors[:5])
    assert all(report["queries"] > 0 for role, report in reports if role == "reader")

    saved = [review_id for role, report in reports if role == "reviewer" for review_id in report["saved"]]
    assert saved, "the reviewers saved nothing"
    stored = {r for (r,) in rows(db, "SELECT review_id FROM reviews WHERE reviewer LIKE 'soak-reviewer-%'")}
    assert stored == set(saved) and len(saved) == len(set(saved)), "reviews lost or duplicated"
    audited = rows(db, "SELECT count(*) FROM audit_log WHERE actor LIKE 'soak-reviewer-%' "
                       "AND action NOT LIKE 'login%'")[0][0]
    assert audited == len(saved), "every saved review has its audit row"
    assert assert_consistent(db) == calls_before + 4 * len(runs)
    queries = sum(report["queries"] for role, report in reports if role == "reader")
    print(f"soak {SOAK_S:.0f} s: {len(runs)} pipeline runs, {queries} reader queries, {len(saved)} reviews, 0 errors")
