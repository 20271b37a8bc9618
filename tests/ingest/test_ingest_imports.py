"""Transcripts from other systems (WebVTT, SRT, Amazon Transcribe) into the interchange format."""

from __future__ import annotations

import hashlib
import json

import pytest

from callqa.errors import InputError
from callqa.interchange import transcript_from_dict, transcript_to_dict
from ingest.imports import import_transcript

WEBVTT = """WEBVTT - support call 1182

NOTE exported by the contact-centre suite

1
00:00:00.500 --> 00:00:03.000
<v Alice>Thank you for calling, this is Alice.</v>

2
00:00:03.200 --> 00:00:05.000
<v Alice>How can I help you today?

00:00:05.500 --> 00:01:08.250 line:90%
<v.loud Bob>My order never arrived
and I&apos;m really upset.</v>

00:01:09.000 --> 00:01:12.000
<v Alice>I am sorry to hear that.
"""

SRT_ZH = """1
00:00:00,000 --> 00:00:02,500
客服：您好，很高兴为您服务。

2
00:00:03,000 --> 00:00:06,000
客户：我的外卖超时一个小时了。

3
00:00:06,500 --> 00:00:09,000
[客服] 非常抱歉，我马上为您处理。
"""


def test_webvtt_voices_become_turns_with_mapped_roles(tmp_path):
    path = tmp_path / "call 1182.vtt"
    path.write_text(WEBVTT, encoding="utf-8")
    transcript = import_transcript(path, roles={"Alice": "agent", "Bob": "customer"})
    assert transcript.call_id == hashlib.sha256(path.read_bytes()).hexdigest()
    assert transcript.language == "en" and transcript.engine == "import/webvtt"
    assert [(t.speaker, t.start, t.end, t.text) for t in transcript.turns] == [
        ("agent", 0.5, 5.0, "Thank you for calling, this is Alice. How can I help you today?"),
        ("customer", 5.5, 68.25, "My order never arrived and I'm really upset."),
        ("agent", 69.0, 72.0, "I am sorry to hear that."),
    ]
    assert transcript.reliability.verdict == "ok"


def test_unmapped_speakers_keep_their_names_and_ask_for_review(tmp_path):
    path = tmp_path / "call.vtt"
    path.write_text(WEBVTT, encoding="utf-8")
    transcript = import_transcript(path)
    assert [t.speaker for t in transcript.turns] == ["Alice", "Bob", "Alice"]
    assert transcript.reliability.verdict == "review"
    assert "Alice, Bob" in transcript.reliability.reasons[0]


def test_srt_with_chinese_role_prefixes(tmp_path):
    path = tmp_path / "通话.srt"
    path.write_text(SRT_ZH, encoding="utf-8")
    transcript = import_transcript(path)
    assert transcript.language == "zh"
    assert [(t.speaker, t.text) for t in transcript.turns] == [
        ("agent", "您好，很高兴为您服务。"), ("customer", "我的外卖超时一个小时了。"),
        ("agent", "非常抱歉，我马上为您处理。"),
    ]


def amazon_doc(**results):
    return {"jobName": "call-7", "status": "COMPLETED", "results": {"language_code": "en-US", **results}}


def word(i, start, end, content, speaker=None, confidence="0.98"):
    item = {"id": i, "type": "pronunciation", "start_time": str(start), "end_time": str(end),
            "alternatives": [{"confidence": confidence, "content": content}]}
    return item | ({"speaker_label": speaker} if speaker else {})


def test_amazon_transcribe_speaker_labels(tmp_path):
    items = [word(0, 0.1, 0.4, "Hello", "spk_0"), {"id": 1, "type": "punctuation", "alternatives": [{"content": ","}]},
             word(2, 0.4, 0.9, "thanks", "spk_0"), word(3, 1.5, 1.9, "Hi", "spk_1", "0.7"),
             {"id": 4, "type": "punctuation", "alternatives": [{"content": "."}]}]
    path = tmp_path / "job.json"
    path.write_text(json.dumps(amazon_doc(items=items)))
    transcript = import_transcript(path, roles={"spk_0": "agent", "spk_1": "customer"})
    assert [(t.speaker, t.start, t.end, t.text) for t in transcript.turns] == [
        ("agent", 0.1, 0.9, "Hello, thanks"), ("customer", 1.5, 1.9, "Hi."),
    ]
    assert [(w.text, w.probability) for w in transcript.turns[1].words] == [("Hi.", 0.7)]
    again, _ = transcript_from_dict(transcript_to_dict(transcript))
    assert again == transcript  # a valid interchange transcript


def test_amazon_transcribe_channel_identification_and_older_segments(tmp_path):
    items = [word(0, 0.0, 0.5, "您好"), word(1, 0.6, 1.0, "请讲"), word(2, 1.2, 1.8, "超时了")]
    channels = {"channels": [{"channel_label": "ch_0", "items": items[:2]},
                             {"channel_label": "ch_1", "items": items[2:]}], "number_of_channels": 2}
    path = tmp_path / "zh.json"
    doc = amazon_doc(items=items, channel_labels=channels)
    doc["results"]["language_code"] = "zh-CN"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    transcript = import_transcript(path, roles={"ch_0": "agent", "ch_1": "customer"})
    assert transcript.language == "zh"
    assert [(t.speaker, t.channel, t.text) for t in transcript.turns] == [("agent", 0, "您好请讲"),
                                                                          ("customer", 1, "超时了")]
    segments = {"speakers": 2, "segments": [{"start_time": "0.0", "end_time": "1.1", "speaker_label": "spk_0"},
                                            {"start_time": "1.1", "end_time": "2.0", "speaker_label": "spk_1"}]}
    path.write_text(json.dumps(amazon_doc(items=items, speaker_labels=segments)))
    assert [t.speaker for t in import_transcript(path).turns] == ["spk_0", "spk_1"]


@pytest.mark.parametrize("name, text, reason", [
    ("a.vtt", "WEBVTT\n\n00:00:01.000 --> soon\nHello\n", "not a timing line"),
    ("a.vtt", "WEBVTT\n\n00:00:01.000 --> 1:2:3:4.5\nHello\n", "not a time: '1:2:3:4.5'"),
    ("a.vtt", "1\n00:00:01.000 --> 00:00:02.000\nHello\n", "not WebVTT"),
    ("a.srt", "1\n00:00:05,000 --> 00:00:02,000\nHello\n", "ends before it starts"),
    ("a.srt", "just some text\n", "cue without a timing line"),
    ("a.srt", "", "no timed speech found"),
    ("a.json", '{"results": {}}', "not an Amazon Transcribe result"),
    ("a.json", '{"results": ', "malformed JSON"),
    ("a.txt", "hello", "unknown transcript format"),
])
def test_bad_transcripts_are_input_errors(tmp_path, name, text, reason):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=reason) as caught:
        import_transcript(path)
    assert caught.value.path == str(path)


def test_roles_must_be_roles(tmp_path):
    path = tmp_path / "a.srt"
    path.write_text(SRT_ZH, encoding="utf-8")
    with pytest.raises(InputError, match="agent or customer, not 'boss'"):
        import_transcript(path, roles={"客服": "boss"})
