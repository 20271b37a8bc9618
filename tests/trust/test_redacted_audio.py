"""Redacted audio, end to end on real recordings with spoken personal data (tests/trust/spoken_pii):
the pipeline writes a bleeped copy, re-running changes nothing, a changed mode or a lost record is
caught up, retention deletes the copies, and in the real app (AppTest) a role without the right to
the original is served the redacted bytes, or nothing, never the original.
"""

from __future__ import annotations

import csv
import shutil
import time
from pathlib import Path

import duckdb
import numpy as np
import pytest

from tests.pipeline.conftest import callqa
from tests.trust.app_session import logged_in
from tests.trust.integrity import rows

SPOKEN = Path(__file__).resolve().parent / "spoken_pii"
RECORDINGS = (SPOKEN / "stereo_8k_phone.flac", SPOKEN / "mono_16k_card.mp3")
PASSWORD = "trust-pass-2"
USERS = {"agent": ("agent", "A01"), "qa": ("qa_reviewer", None), "boss": ("manager", None)}
MARGIN_S = 0.1  # transcribe.redact.redact_audio's default margin around each span
TONE = 0.1, 1000.0  # its bleep: amplitude, Hz


@pytest.fixture(scope="module")
def processed(tmp_path_factory, whisper_base) -> Path:
    """Both recordings through the real `callqa run` (default settings: bleep), agent A01's calls."""
    from dashboards import auth

    folder = tmp_path_factory.mktemp("redacted-audio")
    inbox = folder / "inbox"
    inbox.mkdir()
    with (folder / "manifest.csv").open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["file", "agent_id", "team", "language"])
        for path in RECORDINGS:
            shutil.copy(path, inbox / path.name)
            out.writerow([f"inbox/{path.name}", "A01", "North", "en"])
    result = callqa("run", str(inbox), "--manifest", str(folder / "manifest.csv"),
                    "--db", str(folder / "calls.duckdb"), "-q")
    assert result.code == 0 and "2 processed" in result.err, result.err
    for name, (role, agent_id) in USERS.items():
        auth.add_user(folder / "users.toml", name, PASSWORD, role, agent_id=agent_id)
    return folder


@pytest.fixture
def world(processed, tmp_path, monkeypatch) -> Path:
    """A private copy of the processed store, its recordings and redacted copies, for the dashboard."""
    shutil.copytree(processed, tmp_path, dirs_exist_ok=True)
    con = duckdb.connect(str(tmp_path / "calls.duckdb"))
    try:  # the copies point into this folder, not the module's
        for table, column in (("calls", "source"), ("call_sources", "path"), ("redacted_audio", "path")):
            con.execute(f"UPDATE {table} SET {column} = replace({column}, ?, ?)", [str(processed), str(tmp_path)])
    finally:
        con.close()
    for name in ("CALLQA_ORIGINAL_AUDIO_ROLES", "CALLQA_REDACT_AUDIO", "CALLQA_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CALLQA_DB", str(tmp_path / "calls.duckdb"))
    monkeypatch.setenv("CALLQA_USERS_FILE", str(tmp_path / "users.toml"))
    return tmp_path


def stored(db: Path) -> dict[str, dict]:
    """Per call: the original, the redacted copy's record, and the timed redactions of its transcript."""
    from store import Store

    store = Store(db)
    out = {}
    for call_id, source in rows(db, "SELECT call_id, source FROM calls ORDER BY source"):
        transcript = store.load_transcript(call_id)
        redactions = [r for turn in transcript.turns for r in turn.redactions]
        out[Path(source).name] = {"call_id": call_id, "source": source, "copy": store.redacted_audio(call_id),
                                  "redactions": redactions}
    return out


def decoded(path: str | Path) -> tuple[np.ndarray, int]:
    from callqa.audio import decode, probe

    rate = probe(path).sample_rate
    return decode(path, rate), rate


def assert_redacted(copy_path, original_path, redactions, mode: str) -> None:
    """Inside every span the copy is the bleep (or silence) on every channel; outside, the original."""
    copy, rate = decoded(copy_path)
    original, original_rate = decoded(original_path)
    original = np.clip(original, -1.0, 1.0)  # an MP3 decodes slightly past full scale; 16-bit PCM cannot
    assert rate == original_rate and copy.shape == original.shape
    outside = np.ones(copy.shape[1], bool)
    for r in redactions:
        first, last = int(np.ceil(r.start * rate)), int(np.floor(r.end * rate))
        assert last - first > 0.3 * rate, r  # a spoken number lasts
        index = np.arange(first, last)
        expected = np.zeros(len(index)) if mode == "silence" else TONE[0] * np.sin(2 * np.pi * TONE[1] * index / rate)
        for channel in range(copy.shape[0]):
            assert np.abs(copy[channel, first:last] - expected).max() < 2e-3, (r, channel)
        said = original[:, first:last]
        assert np.sqrt(np.mean(said ** 2)) > 0.01, "the original has speech where the personal data was"
        assert np.abs(said.sum(axis=0) / copy.shape[0] - expected).max() > 0.05
        outside[max(0, int((r.start - MARGIN_S) * rate) - 1):int((r.end + MARGIN_S) * rate) + 2] = False
    assert np.abs(copy[:, outside] - original[:, outside]).max() < 2e-3, "only the spans change"


def test_the_pipeline_bleeps_spoken_personal_data_in_mono_stereo_and_8khz(processed):
    calls = stored(processed / "calls.duckdb")
    assert set(calls) == {p.name for p in RECORDINGS}
    kinds = {name: {r.kind for r in call["redactions"]} for name, call in calls.items()}
    assert kinds == {"stereo_8k_phone.flac": {"phone"}, "mono_16k_card.mp3": {"bank_card"}}
    for name, call in calls.items():
        copy = call["copy"]
        assert copy is not None and copy.mode == "bleep" and copy.spans == len(call["redactions"])
        assert Path(copy.path).parent == processed / "calls.duckdb.redacted"  # the default folder
        assert all(r.start is not None for r in call["redactions"]), "word times give every span a time"
        assert_redacted(copy.path, call["source"], call["redactions"], "bleep")
    channels = {name: decoded(c["copy"].path)[0].shape[0] for name, c in calls.items()}
    rates = {name: decoded(c["copy"].path)[1] for name, c in calls.items()}
    assert channels == {"stereo_8k_phone.flac": 2, "mono_16k_card.mp3": 1}
    assert rates == {"stereo_8k_phone.flac": 8000, "mono_16k_card.mp3": 16000}


def test_running_again_changes_nothing(world):
    db = world / "calls.duckdb"
    before = {name: (Path(c["copy"].path).read_bytes(), c["copy"]) for name, c in stored(db).items()}
    made = rows(db, "SELECT call_id, created_at FROM redacted_audio ORDER BY call_id")
    again = callqa("run", str(world / "inbox"), "--db", str(db), "-q")
    assert again.code == 0 and "0 processed" in again.err, again.err
    after = {name: (Path(c["copy"].path).read_bytes(), c["copy"]) for name, c in stored(db).items()}
    assert after == before
    assert rows(db, "SELECT call_id, created_at FROM redacted_audio ORDER BY call_id") == made
    assert not [p for p in (world / "calls.duckdb.redacted").iterdir() if p.name.startswith(".")]


def test_a_changed_mode_and_a_lost_record_are_caught_up(world):
    db = world / "calls.duckdb"
    calls = stored(db)
    lost = calls["stereo_8k_phone.flac"]
    con = duckdb.connect(str(db))
    try:  # a crash between writing the copy and recording it
        con.execute("DELETE FROM redacted_audio WHERE call_id = ?", [lost["call_id"]])
    finally:
        con.close()
    result = callqa("process", "--db", str(db), "--set", "redact_audio=silence", "-q")
    assert result.code == 0 and "0 processed" in result.err, result.err
    for name, call in stored(db).items():
        assert call["copy"].mode == "silence", name
        assert_redacted(call["copy"].path, call["source"], call["redactions"], "silence")


def test_retention_deletes_the_redacted_copies_and_they_are_not_made_again(world):
    db = world / "calls.duckdb"
    copies = [Path(c["copy"].path) for c in stored(db).values()]
    assert all(p.is_file() for p in copies)
    time.sleep(1.0)
    result = callqa("purge", "--days", "0.00001", "--db", str(db))
    assert result.code == 0 and "2 call(s)" in result.err and "2 redacted audio copies" in result.err, result.err
    assert not any(p.exists() for p in copies)
    assert rows(db, "SELECT count(*) FROM redacted_audio") == [(0,)]
    assert all(Path(source).is_file() for (source,) in rows(db, "SELECT source FROM calls")), \
        "the recordings are the customer's: kept unless retention_delete_audio"
    again = callqa("process", "--db", str(db), "-q")
    assert again.code == 0 and not any(p.exists() for p in copies), again.err
    exported = callqa("export", "--out", str(world / "export"), "--db", str(db))
    assert exported.code == 0, exported.err
    text = (world / "export" / "turns.csv").read_text(encoding="utf-8")
    assert "4 1 5" not in text and "[PHONE]" not in text  # purged words are gone from exports too


# --- the listening room -------------------------------------------------------------------------

class _Served:
    """Every media file the app served during AppTest runs (AppTest keeps them in memory)."""

    def __init__(self, monkeypatch):
        from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
        from streamlit.testing.v1 import app_test

        served = self.storages = []

        class Recording(MemoryMediaFileStorage):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                served.append(self)

        monkeypatch.setattr(app_test, "MemoryMediaFileStorage", Recording)

    def bytes_of(self, url: str) -> bytes:
        name = url.rsplit("/", 1)[-1]
        for storage in reversed(self.storages):
            try:
                return storage.get_file(name).content
            except Exception:
                continue
        raise AssertionError(f"{url} was not served")


def opened(username: str, call_id: str):
    at = logged_in(username, PASSWORD)
    at.session_state["call_id"] = call_id
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def played(at, served: _Served) -> bytes | None:
    audio = at.get("audio")
    return served.bytes_of(audio[0].proto.url) if audio else None


def test_each_role_is_served_only_what_it_may_hear(world, monkeypatch, tmp_path):
    served = _Served(monkeypatch)
    calls = stored(world / "calls.duckdb")
    for name, call in calls.items():
        original, redacted = Path(call["source"]).read_bytes(), Path(call["copy"].path).read_bytes()
        assert played(opened("qa", call["call_id"]), served) == original, name
        for restricted in ("agent", "boss"):
            at = opened(restricted, call["call_id"])
            body = played(at, served)
            assert body == redacted, (restricted, name)
            assert "Redacted recording: personal data is bleeped or silenced." in [c.value for c in at.caption]
            heard = tmp_path / f"heard-{restricted}-{name}.wav"
            heard.write_bytes(body)
            assert_redacted(heard, call["source"], call["redactions"], "bleep")
    # the setting decides who hears the original: here only admins
    monkeypatch.setenv("CALLQA_ORIGINAL_AUDIO_ROLES", "admin")
    some = calls["mono_16k_card.mp3"]
    assert played(opened("qa", some["call_id"]), served) == Path(some["copy"].path).read_bytes()


def test_without_a_redacted_copy_a_restricted_role_hears_nothing_and_is_told_why(world, monkeypatch):
    served = _Served(monkeypatch)
    db = world / "calls.duckdb"
    calls = stored(db)
    missing, unrecorded = calls["stereo_8k_phone.flac"], calls["mono_16k_card.mp3"]
    Path(missing["copy"].path).unlink()
    con = duckdb.connect(str(db))
    try:
        con.execute("DELETE FROM redacted_audio WHERE call_id = ?", [unrecorded["call_id"]])
    finally:
        con.close()
    for call, why, code in ((missing, "is missing from disk", "copy_missing"),
                            (unrecorded, "no redacted copy has been written", "no_copy")):
        at = opened("agent", call["call_id"])
        assert not at.get("audio"), "never the original in place of the redacted copy"
        assert any(why in w.value for w in at.warning), [w.value for w in at.warning]
        at.run()  # a rerun of the same session is not audited again
        con = duckdb.connect(str(db), read_only=True)
        try:
            rows = con.execute("SELECT actor, detail FROM audit_log WHERE action = 'audio.withheld' "
                               "AND target = ?", [call["call_id"]]).fetchall()
        finally:
            con.close()
        assert len(rows) == 1 and rows[0][0] == "agent" and code in rows[0][1], rows
        assert played(opened("qa", call["call_id"]), served) == Path(call["source"]).read_bytes()
    time.sleep(1.0)
    assert callqa("purge", "--days", "0.00001", "--db", str(db)).code == 0
    at = opened("agent", missing["call_id"])
    assert not at.get("audio") and any("retention" in w.value for w in at.warning)


def test_recording_for_decides_by_role_transcript_and_copy(tmp_path):
    from dashboards.auth import User, recording_for
    from store.calls import ListeningAudio, RedactedAudio

    copy_file = tmp_path / "copy.wav"
    copy_file.write_bytes(b"RIFF")
    copy = RedactedAudio("c", "v", "bleep", str(copy_file), 1)
    agent, qa = User("a", "agent", agent_id="A"), User("q", "qa_reviewer")
    roles = "qa_reviewer,admin"
    cases = [
        (qa, ListeningAudio(False, 0, None, False), ("orig.wav", "original")),
        (agent, ListeningAudio(False, 0, None, False), (None, "not_transcribed")),
        (agent, ListeningAudio(True, 0, None, False), ("orig.wav", "no_redactions")),
        (agent, ListeningAudio(True, 2, copy, False), (str(copy_file), "redacted")),
        (agent, ListeningAudio(True, 2, None, False), (None, "no_copy")),
        (agent, ListeningAudio(True, 2, None, True), (None, "purged")),
        (agent, ListeningAudio(True, 2, RedactedAudio("c", "v", "bleep", str(tmp_path / "gone.wav"), 1), False),
         (None, "copy_missing")),
    ]
    for user, listening, expected in cases:
        assert recording_for(user, "orig.wav", listening, roles) == expected, (user.role, listening)
    assert recording_for(qa, "orig.wav", ListeningAudio(True, 2, copy, False), "admin") == (str(copy_file), "redacted")
    assert recording_for(qa, "orig.wav", ListeningAudio(True, 2, None, False), " admin , qa_reviewer ")[1] == "original"
