"""Watch mode: recordings are taken once they stop growing, once per content, until stopped.

Each test runs watch() in a thread with a short poll interval and a stop event, and waits for what
it expects with a deadline (the deadline bounds the test; no assertion is about time).
"""

from __future__ import annotations

import dataclasses
import queue
import threading
import time

import pytest

from callqa import audio
from callqa.records import Call, InputFailure
from ingest import watch
from tests.ingest.ingest_fixtures import make_call, settings, tone  # noqa: F401 (fixtures)

DEADLINE_S = 20.0


class Watcher:
    def __init__(self, folders, settings, manifest=None):
        self.items: queue.Queue = queue.Queue()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, args=(folders, settings, manifest), daemon=True)
        self.thread.start()

    def _run(self, folders, settings, manifest):
        for item in watch(folders, settings, manifest, stop=self.stop):
            self.items.put(item)

    def next(self):
        return self.items.get(timeout=DEADLINE_S)

    def quiet_for(self, polls: int, interval: float) -> list:
        """Whatever arrives during a few polls (normally nothing)."""
        time.sleep(polls * interval)
        found = []
        while not self.items.empty():
            found.append(self.items.get())
        return found

    def close(self):
        self.stop.set()
        self.thread.join(DEADLINE_S)
        assert not self.thread.is_alive()


@pytest.fixture
def fast(settings):
    return dataclasses.replace(settings, watch_interval_s=0.05)


def test_a_recording_written_after_the_watch_starts_is_taken_once_complete(tmp_path, fast):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    source = audio.write(tmp_path / "source.wav", tone(seconds=2.0), 16000).read_bytes()
    watcher = Watcher([inbox], dataclasses.replace(fast, watch_interval_s=0.25))
    try:
        target = inbox / "new call.wav"
        with open(target, "wb") as f:  # a recorder writing in small pieces, faster than the polls
            for start in range(0, len(source), 2048):
                f.write(source[start:start + 2048])
                f.flush()
                time.sleep(0.005)
        call = watcher.next()
        assert isinstance(call, Call), call
        assert call.source == str(target) and call.audio.duration_s == pytest.approx(2.0)
        assert call.call_id == audio.content_hash(tmp_path / "source.wav")
        assert watcher.quiet_for(4, 0.25) == []
    finally:
        watcher.close()


def test_same_content_is_not_taken_twice_but_new_content_is(tmp_path, make_call, fast):
    first = make_call("inbox/a.wav")
    watcher = Watcher([tmp_path / "inbox"], fast)
    try:
        assert watcher.next().source == str(first)  # present at the start: taken too
        first.touch()  # same bytes, new time
        assert watcher.quiet_for(6, 0.05) == []
        audio.write(first, tone(seed=5), 16000)  # new content under the same name
        again = watcher.next()
        assert again.source == str(first) and again.call_id == audio.content_hash(first)
        make_call("inbox/sub/b.flac", seed=6)
        assert watcher.next().source.endswith("b.flac")
    finally:
        watcher.close()


def test_bad_files_are_reported_once_and_the_manifest_is_reread(tmp_path, make_call, fast):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    manifest = inbox / "manifest.csv"
    manifest.write_text("file,agent_id\n")
    watcher = Watcher([inbox], fast, manifest=manifest)
    try:
        (inbox / "notes.wav").write_text("not a recording\n" * 10)
        failure = watcher.next()
        assert isinstance(failure, InputFailure) and failure.reason == "not audio: the file holds text"
        manifest.write_text("file,agent_id\nlater.wav,A5\n")
        make_call("inbox/later.wav")
        call = watcher.next()
        assert isinstance(call, Call) and call.meta.agent_id == "A5"
        assert watcher.quiet_for(6, 0.05) == []
    finally:
        watcher.close()


def test_stop_ends_the_watch(tmp_path, fast):
    stop = threading.Event()
    stop.set()
    assert list(watch([tmp_path], fast, stop=stop)) == []
