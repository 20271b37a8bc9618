"""The bad-input corpus (benchmarks/bad_inputs) through the real command line, beside good inputs.

Each bad input gets a clear ``path: reason`` (or, for a recording that holds no speech, a clear
verdict and no invented words), the exit status says what the contract says, the good inputs are
stored, and everything stored before the run is still there, byte for byte.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from benchmarks.bad_inputs.corpus import FAILS, REFUSED, REVIEW, UNUSABLE, USAGE, build_corpus
from tests.pipeline.conftest import callqa
from tests.trust.integrity import assert_consistent, assert_preserved, rows, snapshot

NO_WORDS = r"no turns|no speech|too short|silence|tone|noise"
NOTHING_STORED = ("calls", "call_sources", "call_summary", "transcripts", "turns", "scorecards", "scores",
                  "turn_sentiment", "stage_status", "reviews", "disputes", "audit_log", "rubrics")


def line_for(stderr: str, path: Path) -> str | None:
    """The reason given for ``path`` on stderr (``path: reason``), or None."""
    prefix = f"{path}: "
    return next((line[len(prefix):] for line in stderr.splitlines() if line.startswith(prefix)), None)


def stored_sources(db: Path) -> set[str]:
    return {p for (p,) in rows(db, "SELECT path FROM call_sources")}


def call_of(db: Path, path: Path) -> str | None:
    found = rows(db, "SELECT call_id FROM call_sources WHERE path = ?", [str(path)])
    return found[0][0] if found else None


def check_failed(case, stderr: str, db: Path) -> None:
    reason = line_for(stderr, case.path)
    assert reason is not None, f"{case.kind}: no '{case.path}: reason' line on stderr"
    matching = [line for line in stderr.splitlines() if line.startswith(f"{case.path}: ")
                and re.search(case.reason, line, re.I)]
    assert matching, f"{case.kind}: reason does not say /{case.reason}/: {reason}"
    assert str(case.path) not in stored_sources(db), f"{case.kind}: stored as a call"
    kept = [r for (r,) in rows(db, "SELECT reason FROM input_failures WHERE path = ?", [str(case.path)])]
    assert any(re.search(case.reason, r, re.I) for r in kept), f"{case.kind}: reason not kept in the store"


def check_no_words(case, stderr: str, db: Path) -> None:
    """Stored as a call, with no words invented: an unusable verdict, or a failed stage saying why."""
    call_id = call_of(db, case.path)
    assert call_id is not None, f"{case.kind}: a readable recording must be stored as a call"
    assert rows(db, "SELECT count(*) FROM turns WHERE call_id = ?", [call_id]) == [(0,)], \
        f"{case.kind}: words were invented: {rows(db, 'SELECT text FROM turns WHERE call_id = ?', [call_id])}"
    verdicts = rows(db, "SELECT verdict, reasons FROM transcripts WHERE call_id = ?", [call_id])
    if verdicts:
        verdict, reasons = verdicts[0]
        assert verdict == UNUSABLE and re.search(case.reason, reasons, re.I), (case.kind, verdicts)
        return
    reason = line_for(stderr, case.path)
    assert reason is not None and re.search(NO_WORDS, reason, re.I), f"{case.kind}: {reason!r}"
    failed = rows(db, "SELECT error FROM stage_status WHERE call_id = ? AND status = 'failed'", [call_id])
    assert failed and re.search(NO_WORDS, failed[0][0], re.I), f"{case.kind}: failure not kept: {failed}"


def check_review(case, db: Path) -> None:
    call_id = call_of(db, case.path)
    assert call_id is not None, f"{case.kind}: not stored"
    verdict, reasons = rows(db, "SELECT verdict, reasons FROM current_transcripts WHERE call_id = ?", [call_id])[0]
    assert verdict == REVIEW and re.search(case.reason, reasons, re.I), (case.kind, verdict, reasons)
    assert rows(db, "SELECT count(*) FROM current_scorecards WHERE call_id = ?", [call_id]) == [(1,)]


@pytest.mark.slow
def test_bad_recordings_transcripts_and_manifest_rows_beside_good_ones(tmp_path, populated, whisper_base):
    corpus = build_corpus(tmp_path / "corpus")
    before = snapshot(populated)
    result = callqa("run", str(corpus.inbox), "--manifest", str(corpus.manifest), "--db", str(populated), "-q")
    assert result.code == 1, result.err
    assert "Traceback" not in result.err

    for case in corpus.inbox_cases:
        if case.expect == FAILS:
            check_failed(case, result.err, populated)
        elif case.expect == UNUSABLE:
            check_no_words(case, result.err, populated)
        elif case.expect == REVIEW:
            check_review(case, populated)
        else:
            raise AssertionError(f"unexpected expectation {case.expect} for {case.kind}")

    good_audio = call_of(populated, corpus.good_audio)
    assert good_audio is not None
    assert rows(populated, "SELECT agent_id, team FROM calls WHERE call_id = ?", [good_audio]) == [("a-901", "North")]
    assert rows(populated, "SELECT count(*) FROM call_sources WHERE call_id = ?", [good_audio]) == [(2,)]  # + copy
    for good in (good_audio, call_of(populated, corpus.good_transcript)):
        assert rows(populated, "SELECT count(*) > 0 FROM current_turns WHERE call_id = ?", [good]) == [(True,)]
        assert rows(populated, "SELECT count(*) FROM current_scorecards WHERE call_id = ?", [good]) == [(1,)]
    for refused in corpus.refused_by_row:  # a valid file whose manifest row is bad waits for the row's fix
        assert str(refused) not in stored_sources(populated)
    assert not any("passwd" in s for s in stored_sources(populated))

    assert_consistent(populated)
    assert_preserved(before, snapshot(populated))
    # a second run changes nothing that is stored: the same failures, no call processed twice
    again_before = snapshot(populated)
    again = callqa("run", str(corpus.inbox), "--manifest", str(corpus.manifest), "--db", str(populated), "-q")
    assert again.code == 1 and "0 processed" in again.err, again.err
    assert_preserved(again_before, snapshot(populated), unchanged_tables=NOTHING_STORED)


def test_unusable_manifests_rubrics_and_settings_are_refused_and_nothing_stored_changes(tmp_path, populated):
    corpus = build_corpus(tmp_path / "corpus")
    pending = corpus.good_transcript
    assert callqa("ingest", str(pending), "--db", str(populated), "-q").code == 0
    before = snapshot(populated)

    for case in corpus.manifest_cases:
        result = callqa("ingest", "--manifest", str(case.path), "--db", str(populated), "-q")
        assert result.code == 1, (case.kind, result.err)
        reason = line_for(result.err, case.path)
        assert reason is not None and re.search(case.reason, reason, re.I), (case.kind, result.err)
    failures = {p for (p,) in rows(populated, "SELECT path FROM input_failures")}
    assert {str(c.path) for c in corpus.manifest_cases} <= failures

    for case in corpus.rubric_cases:
        assert case.expect == REFUSED
        result = callqa("process", "--db", str(populated), "--set", f"rubric={case.path}", "-q")
        assert result.code in (1, 2), (case.kind, result.code, result.err)
        assert "Traceback" not in result.err
        assert re.search(re.escape(f"{case.path}: ") + ".*" + case.reason, result.err, re.I), (case.kind, result.err)

    for case in corpus.settings_cases:
        assert case.expect == USAGE
        args = ["process", "--db", str(populated), "-q"] + ([] if case.env else ["--config", str(case.path)])
        result = callqa(*args, env=case.env)
        assert result.code == 2, (case.kind, result.code, result.err)
        assert re.search(case.reason, result.err, re.I), (case.kind, result.err)
        if not case.env:
            assert str(case.path) in result.err, (case.kind, result.err)

    assert_preserved(before, snapshot(populated), unchanged_tables=NOTHING_STORED)
    # the call left pending by the refused runs is processed once the inputs are fixed
    fixed = callqa("process", "--db", str(populated), "-q")
    assert fixed.code == 0 and "1 processed" in fixed.err, fixed.err
    assert assert_consistent(populated) == 4


def test_corpus_has_at_least_twenty_kinds_and_is_reproducible(tmp_path):
    first = build_corpus(tmp_path / "a")
    second = build_corpus(tmp_path / "b")
    kinds = [c.kind for c in first.cases]
    assert len(set(kinds)) == len(kinds) >= 20
    families = {k.split(":")[0].split(" ")[0] for k in kinds}
    assert {"audio", "manifest", "transcript", "rubric", "settings"} <= families
    for a, b in zip(sorted(first.inbox.iterdir()), sorted(second.inbox.iterdir())):
        assert a.name == b.name
        if a.is_file() and not a.is_symlink():
            assert a.read_bytes() == b.read_bytes(), a.name  # generated from code with a fixed seed
    assert json.loads((first.inbox / "good call 好.json").read_text(encoding="utf-8"))["turns"]


@pytest.mark.parametrize("unlisted_name", ["a unlisted copy.wav", "c unlisted copy.wav"])
def test_manifest_metadata_survives_an_unlisted_copy_met_first(tmp_path, unlisted_name):
    """Whichever copy the folder walk meets first ("a..." before the listed "b...", "c..." after),
    the one call stored carries the manifest's metadata and both paths."""
    from benchmarks.bad_inputs.corpus import speech
    from callqa.audio import write

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    listed = write(inbox / "b listed.wav", speech(2.0), 8000)
    (inbox / unlisted_name).write_bytes(listed.read_bytes())
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(f"file,agent_id,team\ninbox/{listed.name},a-777,North\n", encoding="utf-8")
    db = tmp_path / "calls.duckdb"
    assert callqa("ingest", str(inbox), "--manifest", str(manifest), "--db", str(db), "-q").code == 0
    assert rows(db, "SELECT agent_id, team FROM calls") == [("a-777", "North")]
    assert {Path(p).name for (p,) in rows(db, "SELECT path FROM call_sources")} == {listed.name, unlisted_name}
