"""The CLI contract of issue 2, one test (or more) per command, through the real `callqa` command."""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import duckdb
import pytest

from callqa.settings import SETTINGS
from tests.pipeline.conftest import (
    ROOT, audio_samples, callqa, json_lines, transcript_samples,
)

CONTRACT_KEYS = {"call_id", "language", "resolution_level", "script", "compliance", "violations",
                 "politeness", "sentiment", "category", "metrics", "evidence"}
DEMO_LEVEL_KAPPA_FLOOR = 0.8  # measured 0.946 (13/17 exact) on 2026-11-22; a regression guard
SCRIPT_STEPS = {"greeting", "self_intro", "offer_help", "verification", "empathy", "solution",
                "transfer_notice", "other_needs", "closing"}


def rows(db: Path, sql: str, params=()):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


# --- commands that need no model -------------------------------------------------------------

def test_help_and_settings():
    result = callqa("--help")
    assert result.code == 0
    for command in ("run", "ingest", "process", "transcribe", "score", "dashboard", "demo", "models", "export"):
        assert command in result.out
    listing = callqa("settings")
    assert listing.code == 0
    for setting in SETTINGS:
        assert f"`{setting.name}`" in listing.out


@pytest.mark.parametrize("args", [
    ("run",), ("no-such-command",), ("score",), ("export", "--format", "xml"),
    ("run", "x.wav", "--set", "beam_size=wide"), ("run", "x.wav", "--set", "novalue"),
])
def test_usage_errors_exit_2(args, tmp_path):
    result = callqa(*args, "--db", str(tmp_path / "x.duckdb")) if args[0] == "run" else callqa(*args)
    assert result.code == 2, result


def test_score_prints_one_contract_object_per_call():
    files = transcript_samples()
    assert len(files) >= 8
    result = callqa("score", *map(str, files), "--json")
    assert result.code == 0, result.err
    objects = json_lines(result.out)
    assert len(objects) == len(files)
    for obj in objects:
        assert CONTRACT_KEYS <= set(obj), set(obj) ^ CONTRACT_KEYS
        assert obj["language"] == "zh"
        assert obj["resolution_level"] in (0, 1, 2, 3, 4)
        assert set(obj["script"]) == SCRIPT_STEPS
        assert 0.0 <= obj["compliance"] <= 1.0
        assert set(obj["politeness"]) == {"agent", "customer"}
        assert {"agent", "customer", "turns"} <= set(obj["sentiment"])


def test_score_reports_bad_files_and_goes_on(tmp_path):
    bad = tmp_path / "broken transcript ✓.json"
    bad.write_text('{"call_id": "x", "language": "en", "turns": [{"speaker": "agent"}]}', encoding="utf-8")
    missing = tmp_path / "absent.json"
    good = transcript_samples()[0]
    result = callqa("score", str(bad), str(good), str(missing), "--json")
    assert result.code == 1
    assert len(json_lines(result.out)) == 1
    assert f"{bad}: turn 0 is missing 'start'" in result.err
    assert f"{missing}: cannot read file" in result.err


def test_ingest_registers_without_processing_and_failures_are_stored(tmp_path):
    db = tmp_path / "calls.duckdb"
    junk = tmp_path / "inbox"
    junk.mkdir()
    (junk / "empty.wav").write_bytes(b"")
    (junk / "notes renamed.wav").write_text("this is not audio", encoding="utf-8")
    shutil.copy(transcript_samples()[0], junk / "一个 通话.json")
    result = callqa("ingest", str(junk), "--db", str(db))
    assert result.code == 1
    assert f"{junk / 'empty.wav'}: " in result.err and f"{junk / 'notes renamed.wav'}: " in result.err
    assert rows(db, "select count(*) from calls")[0][0] == 1
    failed = dict(rows(db, "select path, reason from input_failures"))
    assert set(failed) == {str(junk / "empty.wav"), str(junk / "notes renamed.wav")}
    assert all(reason for reason in failed.values())
    # the same again: nothing duplicated, nothing lost
    again = callqa("ingest", str(junk), "--db", str(db))
    assert again.code == 1
    assert rows(db, "select count(*) from calls")[0][0] == 1


def test_callqa_db_environment_variable_and_default(tmp_path):
    sample = transcript_samples()[0]
    env_db = tmp_path / "from-env.duckdb"
    assert callqa("ingest", str(sample), env={"CALLQA_DB": str(env_db)}).code == 0
    assert env_db.exists()
    workdir = tmp_path / "work"
    workdir.mkdir()
    assert callqa("ingest", str(sample), cwd=workdir).code == 0
    assert (workdir / "callqa.duckdb").exists()


def test_models_list_and_path():
    listing = callqa("models", "list")
    assert listing.code == 0 and "whisper-base" in listing.out
    unknown = callqa("models", "path", "no-such-model")
    assert unknown.code != 0 and "no-such-model" in unknown.err


# --- the pipeline on real audio --------------------------------------------------------------

@pytest.fixture(scope="module")
def processed_db(tmp_path_factory, whisper_base):
    """Two real recordings (one stereo, one mono) and the Chinese transcripts through `callqa run`."""
    inbox = tmp_path_factory.mktemp("inbox")
    chosen = _one_stereo_one_mono()
    for path in chosen + transcript_samples():
        shutil.copy(path, inbox / path.name)
    db = inbox.parent / "processed.duckdb"
    result = callqa("run", str(inbox), "--db", str(db))
    assert result.code == 0, result.err
    return db, inbox, result


def _one_stereo_one_mono() -> list[Path]:
    import av

    stereo = mono = None
    for path in audio_samples():
        with av.open(str(path)) as container:
            channels = container.streams.audio[0].codec_context.channels
        if channels == 2 and stereo is None:
            stereo = path
        if channels == 1 and mono is None:
            mono = path
    assert stereo and mono, "the bundled samples must hold stereo and mono recordings"
    return [stereo, mono]


@pytest.mark.slow
def test_run_stores_every_call_completely(processed_db):
    db, inbox, result = processed_db
    n_files = len(list(inbox.iterdir()))
    assert "processed" in result.err and "0 failed" in result.err
    assert rows(db, "select count(*) from calls")[0][0] == n_files
    per_call = rows(db, """select c.call_id, count(distinct t.version), count(distinct s.version)
                           from calls c left join transcripts t using (call_id)
                           left join scorecards s using (call_id) group by c.call_id""")
    assert all(tv == 1 and sv == 1 for _, tv, sv in per_call), per_call
    speakers = {r[0] for r in rows(db, "select distinct speaker from turns")}
    assert speakers == {"agent", "customer"}
    levels = [r[0] for r in rows(db, "select value from scores where criterion = 'resolution_level'")]
    assert len(levels) == n_files and all(0 <= v <= 4 for v in levels)
    # running again finds nothing to do and changes nothing
    again = callqa("run", str(inbox), "--db", str(db))
    assert again.code == 0 and f"{n_files} already stored" in again.err
    assert rows(db, "select count(*) from calls")[0][0] == n_files


@pytest.mark.slow
def test_transcribe_prints_interchange_json(whisper_base):
    stereo = _one_stereo_one_mono()[0]
    result = callqa("transcribe", str(stereo), "--json")
    assert result.code == 0, result.err
    doc = json.loads(result.out)
    assert doc["language"] == "en" and len(doc["call_id"]) == 64
    assert {t["speaker"] for t in doc["turns"]} == {"agent", "customer"}
    assert all(t["end"] >= t["start"] for t in doc["turns"])
    assert sum(len(t["text"]) for t in doc["turns"]) > 100


def test_transcribe_refuses_bad_audio(tmp_path):
    bad = tmp_path / "zero.wav"
    bad.write_bytes(b"")
    result = callqa("transcribe", str(bad), "--json")
    assert result.code == 1 and str(bad) in result.err and result.out == ""


@pytest.mark.slow
def test_export_and_status(processed_db, tmp_path):
    db, _inbox, _ = processed_db
    for fmt, suffix in (("csv", ".csv"), ("parquet", ".parquet")):
        out = tmp_path / fmt
        result = callqa("export", "--format", fmt, "--out", str(out), "--db", str(db))
        assert result.code == 0, result.err
        files = {Path(line).name for line in result.out.split()}
        assert {f"calls{suffix}", f"turns{suffix}", f"scores{suffix}", f"reviews{suffix}"} <= files
    n_calls = rows(db, "select count(*) from calls")[0][0]
    con = duckdb.connect()
    exported = con.execute("select count(*) from read_parquet(?)", [str(tmp_path / "parquet" / "calls.parquet")]).fetchall()[0][0]
    con.close()
    assert exported == n_calls
    status = callqa("status", "--db", str(db))
    assert status.code == 0 and "done" in status.out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_dashboard_serves_and_stops(tmp_path):
    pytest.importorskip("streamlit", reason="the dashboard extra is not installed")
    db = tmp_path / "d.duckdb"
    assert callqa("ingest", str(transcript_samples()[0]), "--db", str(db)).code == 0
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "dashboard", "--db", str(db), "--port", str(port)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as resp:
                    assert resp.status == 200
                    break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise AssertionError("the dashboard did not come up: " + proc.stdout.read1(10000).decode())
                time.sleep(0.5)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_ingest_then_process_and_rescore_with_a_changed_rubric_keeps_history(tmp_path):
    from scoring.rubrics import shipped_rubric_path

    db = tmp_path / "p.duckdb"
    files = [str(p) for p in transcript_samples()[:3]]
    assert callqa("ingest", *files, "--db", str(db)).code == 0
    assert rows(db, "select count(*) from scorecards")[0][0] == 0
    processed = callqa("process", "--db", str(db))
    assert processed.code == 0, processed.err
    assert "3 processed" in processed.err
    assert callqa("process", "--db", str(db)).err.count("0 processed") == 1

    # a customer edits the rubric: the greeting phrase no longer counts
    rubric = tmp_path / "zh-custom.toml"
    original = shipped_rubric_path("zh").read_text(encoding="utf-8")
    rubric.write_text(original.replace('name = "', 'name = "custom ', 1), encoding="utf-8")
    rescored = callqa("process", "--rescore", "--db", str(db), "--set", f"rubric={rubric}")
    assert rescored.code == 0, rescored.err
    assert "3 processed" in rescored.err
    versions = rows(db, "select call_id, count(distinct version) from scorecards group by call_id")
    assert len(versions) == 3 and all(n == 2 for _, n in versions), "old scores are kept beside new ones"


def test_ingest_watch_picks_up_new_recordings_and_stops_cleanly(tmp_path):
    import signal

    db, inbox = tmp_path / "w.duckdb", tmp_path / "inbox"
    inbox.mkdir()
    proc = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "ingest", str(inbox), "--watch", "--db", str(db),
                             "--set", "watch_interval_s=0.3"], cwd=ROOT, stderr=subprocess.PIPE, text=True)
    try:
        time.sleep(1.5)
        shutil.copy(transcript_samples()[0], inbox / "arrived.json")
        deadline = time.monotonic() + 30
        count = 0
        while time.monotonic() < deadline and count == 0:
            time.sleep(0.5)
            try:
                count = rows(db, "select count(*) from calls")[0][0]
            except duckdb.Error:  # the watcher is writing right now
                count = 0
        assert count == 1
    finally:
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert "arrived.json" in err


@pytest.mark.slow
def test_demo_populates_the_database_and_says_how_to_open_it(tmp_path, whisper_base):
    import json as _json

    db = tmp_path / "demo.duckdb"
    result = callqa("demo", "--db", str(db), cwd=tmp_path)
    assert result.code == 0, result.err
    assert "callqa dashboard --db" in result.err and "reviewer" in result.err
    labels = _json.loads((ROOT / "samples" / "labels.json").read_text(encoding="utf-8"))["calls"]
    n = rows(db, "select count(*) from calls")[0][0]
    assert n == len(labels) >= 16
    assert rows(db, "select count(distinct call_id) from scorecards")[0][0] == n
    # what callqa finds against what the samples were written to show
    found = dict(rows(db, """select c.source, s.value from scores s join calls c using (call_id)
                             where s.criterion = 'resolution_level'"""))
    by_file = {Path(source).name: level for source, level in found.items()}
    pairs = [(label["resolution_level"], by_file[Path(name).name]) for name, label in labels.items()]
    from scoring.agreement import quadratic_weighted_kappa

    kappa = quadratic_weighted_kappa([a for a, _ in pairs], [b for _, b in pairs])
    print(f"demo resolution level: QWK {kappa:.3f}, exact {sum(a == b for a, b in pairs)}/{len(pairs)}")
    assert kappa >= DEMO_LEVEL_KAPPA_FLOOR
    assert (tmp_path / "callqa-users.toml").exists()
    again = callqa("demo", "--db", str(db), cwd=tmp_path)
    assert again.code == 0 and rows(db, "select count(*) from calls")[0][0] == n


def test_import_converts_subtitles_into_transcripts_that_score(tmp_path):
    vtt = tmp_path / "call 7.vtt"
    vtt.write_text(
        "WEBVTT\n\n00:00:00.000 --> 00:00:03.000\n<v Alice>Hello, thank you for calling. How can I help you?\n\n"
        "00:00:03.500 --> 00:00:06.000\n<v Bob>My order is an hour late.\n\n"
        "00:00:06.500 --> 00:00:09.000\n<v Alice>I'm sorry for the trouble. Let me check the order number.\n",
        encoding="utf-8")
    broken = tmp_path / "broken.srt"
    broken.write_text("1\nthis is not a time line\nhello\n", encoding="utf-8")
    out = tmp_path / "out"
    result = callqa("import", str(vtt), str(broken), "--out", str(out), "--roles", "Alice=agent,Bob=customer")
    assert result.code == 1 and f"{broken}: " in result.err
    converted = out / "call 7.json"
    doc = json.loads(converted.read_text(encoding="utf-8"))
    assert [t["speaker"] for t in doc["turns"]] == ["agent", "customer", "agent"]
    scored = callqa("score", str(converted), "--json")
    assert scored.code == 0, scored.err
    assert json_lines(scored.out)[0]["script"]["greeting"] is True
    assert callqa("import", str(vtt), "--out", str(out), "--roles", "Alice=boss").code == 2


def test_the_rubric_text_that_scored_each_call_is_kept(tmp_path):
    db = tmp_path / "r.duckdb"
    assert callqa("run", *map(str, transcript_samples()[:2]), "--db", str(db)).code == 0
    stored = rows(db, "select version, language, content from rubrics")
    card_versions = {r[0] for r in rows(db, "select distinct rubric_version from scorecards")}
    assert {v for v, _, _ in stored} == card_versions
    assert all(language == "zh" and "[" in content for _, language, content in stored)


def test_report_writes_a_team_week_and_refuses_unknown_teams(tmp_path):
    db = tmp_path / "rep.duckdb"
    assert callqa("run", *map(str, transcript_samples()), "--db", str(db)).code == 0
    out = tmp_path / "north.html"
    result = callqa("report", "--team", "North", "--db", str(db), "--out", str(out))
    assert result.code == 0, result.err
    html = out.read_text(encoding="utf-8")
    assert "North" in html and "<svg" in html and "http://" not in html.replace("http://www.w3.org", "")
    assert callqa("report", "--team", "North", "--week", "someday", "--db", str(db)).code == 2
    unknown = callqa("report", "--team", "Atlantis", "--db", str(db))
    assert unknown.code == 1 and "Atlantis" in unknown.err
    assert rows(db, "select count(*) from audit_log where action = 'export'")[0][0] == 1


def test_retention_purges_words_of_old_calls_and_keeps_scores(tmp_path):
    db = tmp_path / "ret.duckdb"
    files = [str(p) for p in transcript_samples()[:2]]  # calls from March 2026
    assert callqa("run", *files, "--db", str(db), "--set", "retention_days=36500").code == 0
    assert rows(db, "select count(*) from turns where text is null")[0][0] == 0
    assert callqa("purge", "--db", str(db)).code == 2  # no days given, none set
    result = callqa("purge", "--days", "30", "--db", str(db))
    assert result.code == 0 and "2 call(s)" in result.err
    assert rows(db, "select count(*) from turns where text is not null")[0][0] == 0
    assert rows(db, "select count(*) from scores where criterion = 'resolution_level'")[0][0] == 2
    assert all(Path(p).exists() for p in files), "source files are kept unless asked"


def test_users_add_and_list_store_only_a_password_hash(tmp_path):
    db = tmp_path / "u.duckdb"
    added = callqa("users", "add", "lin", "--role", "team_lead", "--teams", "North,South", "--db", str(db),
                   stdin="s3cret-Pass\n")
    assert added.code == 0, added.err
    users_file = tmp_path / "callqa-users.toml"
    text = users_file.read_text(encoding="utf-8")
    assert "lin" in text and "s3cret-Pass" not in text
    listing = callqa("users", "list", "--db", str(db))
    assert listing.code == 0 and "lin\tteam_lead\tNorth,South" in listing.out
    from dashboards import auth

    users = auth.load_users(users_file)
    assert auth.authenticate(users, "lin", "s3cret-Pass") is not None
    assert auth.authenticate(users, "lin", "wrong") is None
    assert callqa("users", "add", "x", "--db", str(db)).code == 2  # no role


def _bad_rubrics(folder: Path) -> dict[str, tuple[Path, str]]:
    from scoring.rubrics import shipped_rubric_path

    shipped = shipped_rubric_path("zh").read_text(encoding="utf-8")
    invalid, unknown_step = folder / "invalid.toml", folder / "unknown_step.toml"
    invalid.write_text(shipped.replace("[script.greeting]", "[script.greeting", 1), encoding="utf-8")
    assert "[script.greeting]" in shipped
    unknown_step.write_text(shipped + '\n[script.say_goodbye_twice]\nphrases = ["再见再见"]\n', encoding="utf-8")
    return {"missing": (folder / "no-such-rubric.toml", "cannot read rubric"),
            "invalid TOML": (invalid, "malformed TOML"),
            "unknown step": (unknown_step, "say_goodbye_twice.*unknown key")}


@pytest.mark.parametrize("command", ["run", "ingest-process", "process"])
def test_a_bad_rubric_stops_the_command_before_anything_is_ingested(tmp_path, command):
    transcript = transcript_samples()[0]
    db = tmp_path / "calls.duckdb"
    if command == "process":  # a call waits to be processed
        assert callqa("ingest", str(transcript), "--db", str(db), "-q").code == 0
    for name, (rubric, reason) in _bad_rubrics(tmp_path).items():
        args = {"run": ["run", str(transcript)], "process": ["process"],
                "ingest-process": ["ingest", "--watch", "--process", str(transcript)]}[command]
        result = callqa(*args, "--db", str(db), "-q", "--set", f"rubric={rubric}", timeout=60)
        assert result.code == 2, (name, result.code, result.err)
        assert "Traceback" not in result.err
        line = next(line for line in result.err.splitlines() if str(rubric) in line)
        assert re.search(reason, line), (name, line)
        if command == "process":
            assert rows(db, "SELECT count(*) FROM calls") == [(1,)]
            assert rows(db, "SELECT count(*) FROM stage_status WHERE stage <> 'ingest'") == [(0,)]
            assert rows(db, "SELECT count(*) FROM input_failures") == [(0,)]
        else:
            assert not db.exists(), (name, "the database was opened before the rubric was checked")
