import json

import pytest

from callqa.errors import InputError
from callqa.interchange import read_transcript, transcript_to_dict, transcript_from_dict
from callqa.records import CallMeta, Transcript, Turn, Word

DOC = {
    "call_id": "c-1", "language": "en",
    "turns": [
        {"speaker": "agent", "start": 0.0, "end": 2.5, "text": "Hello, thank you for calling.",
         "words": [{"text": "Hello,", "start": 0.0, "end": 0.5, "probability": 0.9}]},
        {"speaker": "customer", "start": 2.4, "end": 4.0, "text": "Hi, my order is late.", "channel": 1},
    ],
    "meta": {"agent_id": "a7", "team": "North", "started_at": "2026-03-02T09:30:00", "agent_channel": 0},
}


def test_round_trip_keeps_turns_words_and_meta():
    transcript, meta = transcript_from_dict(DOC)
    assert transcript.turns[0].words == (Word("Hello,", 0.0, 0.5, 0.9),)
    assert transcript.turns[1].channel == 1 and transcript.turns[1].index == 1
    assert meta.agent_id == "a7" and meta.started_at.year == 2026 and meta.agent_channel == 0
    again, meta2 = transcript_from_dict(json.loads(json.dumps(transcript_to_dict(transcript, meta))))
    assert again == transcript and meta2 == meta


def test_minimal_document_from_another_system_is_enough():
    transcript, meta = transcript_from_dict(
        {"call_id": "x", "language": "zh", "turns": [{"speaker": "spk1", "start": 1, "end": 2, "text": "您好"}]})
    assert transcript.turns == (Turn(0, "spk1", 1.0, 2.0, "您好"),)
    assert meta == CallMeta()


@pytest.mark.parametrize("mutate,reason", [
    (lambda d: d.pop("turns"), "missing required field 'turns'"),
    (lambda d: d.update(language="fr"), "'language' must be one of"),
    (lambda d: d["turns"][0].update(end=-1), "turn 0: times"),
    (lambda d: d["turns"][1].pop("text"), "turn 1 is missing 'text'"),
    (lambda d: d["turns"][0].update(start="soon"), "must be a number"),
    (lambda d: d["meta"].update(started_at="yesterday"), "not an ISO date-time"),
])
def test_malformed_documents_name_the_file_and_the_problem(tmp_path, mutate, reason):
    doc = json.loads(json.dumps(DOC))
    mutate(doc)
    path = tmp_path / "call.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_transcript(path)
    assert str(err.value).startswith(str(path) + ": ")
    assert reason in err.value.reason


@pytest.mark.parametrize("content,reason", [
    (b"", "malformed JSON"), (b"{not json", "malformed JSON"), (b"\xff\xfe\x00bad", "not UTF-8"),
    (b"[1, 2]", "must be a JSON object"),
])
def test_unreadable_files(tmp_path, content, reason):
    path = tmp_path / "t.json"
    path.write_bytes(content)
    with pytest.raises(InputError, match=reason):
        read_transcript(path)


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="cannot read file"):
        read_transcript(tmp_path / "absent.json")


def test_records_are_frozen():
    t = Transcript("c", "en", ())
    with pytest.raises(Exception):
        t.language = "zh"


def test_scorecard_round_trip_keeps_evidence_and_none_values():
    from callqa.interchange import scorecard_from_dict, scorecard_to_dict
    from callqa.records import Evidence, Score, Scorecard

    card = Scorecard("c", "zh", "r1", "embedded", (
        Score("resolution_level", 4.0, "惊喜级", (Evidence(turn=3, start=10.0, end=12.5, quote="没想到", cue="delight"),)),
        Score("script.transfer_notice", None),
    ), turn_sentiment=(0.5, None, -0.2))
    assert scorecard_from_dict(json.loads(json.dumps(scorecard_to_dict(card)))) == card


@pytest.mark.parametrize("mutate,reason", [
    (lambda d: d["turns"][0]["words"][0].pop("start"), "each word needs text, start and end"),
    (lambda d: d["turns"][0].update(redactions=[{"kind": "phone"}]), "each redaction needs"),
    (lambda d: d["turns"][1].update(channel="right"), "'channel' must be an integer"),
    (lambda d: d["meta"].update(agent_channel="middle"), "agent_channel must be 0"),
])
def test_malformed_nested_fields_are_input_errors(mutate, reason):
    doc = json.loads(json.dumps(DOC))
    mutate(doc)
    with pytest.raises(InputError, match=reason):
        transcript_from_dict(doc, source="x.json")


def test_agent_channel_may_be_named():
    doc = json.loads(json.dumps(DOC))
    doc["meta"]["agent_channel"] = "right"
    assert transcript_from_dict(doc)[1].agent_channel == 1
