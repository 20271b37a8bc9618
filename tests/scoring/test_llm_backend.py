"""The llm scorer against a loopback OpenAI-compatible server started and stopped here."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from callqa.errors import SettingError
from scoring import build_scorer, scorecard_to_json
from scoring.llm_backend import LlmUnavailable
from tests.scoring.scoring_helpers import settings, transcript

ROWS = [("agent", 0.0, 4.0, "Thank you for calling, my name is Ann, how can I help you?"),
        ("customer", 4.5, 8.0, "My order is an hour late."),
        ("agent", 8.5, 12.0, "I'm sorry. I've refunded your order and the driver will be there soon."),
        ("customer", 12.5, 14.0, "Okay, thanks.")]


class FakeServer:
    """Answers /v1/chat/completions with a canned reply and keeps the requests it saw."""

    def __init__(self, reply: str):
        self.requests: list[dict] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                length = int(self.headers["Content-Length"])
                outer.requests.append({"path": self.path, "body": json.loads(self.rfile.read(length))})
                data = json.dumps({"choices": [{"message": {"role": "assistant", "content": reply}}]}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


def test_llm_judges_the_level_with_turn_evidence():
    reply = 'Sure. {"level": 2, "reasons": [{"turn": 2, "cue": "refund delivered"}, ' \
            '{"turn": 3, "cue": "customer accepts"}], "missing": "no check for other needs"}'
    with FakeServer(reply) as server:
        scorer = build_scorer(settings(scorer="llm", llm_url=server.url, llm_model="tiny-judge"))
        call = transcript("en", ROWS)
        card = scorer.score(call)
    assert server.requests[0]["path"] == "/v1/chat/completions"
    body = server.requests[0]["body"]
    assert body["model"] == "tiny-judge" and body["temperature"] == 0
    assert "[2] agent 8.5s: I'm sorry. I've refunded your order" in body["messages"][1]["content"]
    level = card.get("resolution_level")
    assert level.value == 2 and level.label == "已解决 Resolved"
    assert (level.evidence[0].turn, level.evidence[0].start, level.evidence[0].cue) == (2, 8.5, "refund delivered")
    assert "missing: no check for other needs" in level.evidence[2].note
    assert level.evidence[-1].note.startswith("embedded rubric level:")
    assert scorecard_to_json(card, call)["resolution_level"] == 2
    assert card.value("script.greeting") == 1  # the rest is the rubric


def test_an_answer_without_a_level_is_a_clear_error():
    with FakeServer("I think the agent did fine.") as server:
        scorer = build_scorer(settings(scorer="llm", llm_url=server.url, llm_model="m"))
        with pytest.raises(LlmUnavailable, match="no level 0-4"):
            scorer.score(transcript("en", ROWS))


def test_unreachable_server_is_a_clear_error():
    with FakeServer("{}") as server:
        url = server.url
    scorer = build_scorer(settings(scorer="llm", llm_url=url, llm_model="m"))  # server already stopped
    with pytest.raises(LlmUnavailable, match="llm server"):
        scorer.score(transcript("en", ROWS))


def test_llm_scorer_needs_its_settings():
    with pytest.raises(SettingError, match="llm_url"):
        build_scorer(settings(scorer="llm"))
