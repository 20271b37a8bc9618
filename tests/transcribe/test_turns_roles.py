"""Turns from words and speakers, and agent/customer roles, on small hand-made inputs."""

from __future__ import annotations

from callqa.records import AGENT, CUSTOMER, Segment, SpeakerSpan, Turn, Word
from transcribe import roles
from transcribe.turns import SpokenWord, assign_speakers, build_turns, relabel, segment_words, speaker_at


def w(text, start, end, p=0.9):
    return Word(text, start, end, p)


def test_speaker_at_prefers_overlap_then_nearest():
    spans = [SpeakerSpan(0, 2, "A"), SpeakerSpan(2, 4, "B")]
    assert speaker_at(0.5, 1.0, spans) == "A"
    assert speaker_at(1.8, 2.6, spans) == "B"  # more of the word is in B
    assert speaker_at(5.0, 5.2, spans) == "B"  # after every span: the nearest
    assert speaker_at(1.0, 1.1, []) is None


def test_mono_turns_split_on_speaker_change_and_long_pause():
    words = [w(" Hello,", 0.0, 0.4), w(" thanks", 0.5, 0.9), w(" hi", 1.0, 1.2),
             w(" again", 5.0, 5.3), w(" bye", 5.4, 5.6)]
    spans = [SpeakerSpan(0, 0.95, "A"), SpeakerSpan(0.95, 1.3, "B"), SpeakerSpan(4.9, 6, "B")]
    turns = build_turns(assign_speakers(words, spans), by_channel=False)
    assert [(t.speaker, t.text) for t in turns] == [("A", "Hello, thanks"), ("B", "hi"), ("B", "again bye")]
    assert [t.index for t in turns] == [0, 1, 2]
    assert turns[0].start == 0.0 and turns[0].end == 0.9
    assert abs(turns[0].confidence - 0.9) < 1e-9


def test_stereo_turns_keep_overlap():
    agent = [SpokenWord(w("您好", 0.0, 0.5), "channel_0", 0), SpokenWord(w("请讲", 0.6, 1.5), "channel_0", 0)]
    customer = [SpokenWord(w(" 我的", 0.8, 1.0), "channel_1", 1), SpokenWord(w("订单", 1.0, 1.4), "channel_1", 1)]
    turns = build_turns(agent + customer, by_channel=True)
    assert [(t.speaker, t.text, t.channel) for t in turns] == [("channel_0", "您好请讲", 0), ("channel_1", "我的订单", 1)]
    assert turns[1].start < turns[0].end  # overtalk is kept


def test_segment_words_fall_back_to_segment_text():
    segs = [Segment(0, 1, "hello there", words=(w(" hello", 0, 0.4), w(" there", 0.5, 1))),
            Segment(2, 3, "no words"), Segment(3, 4, "  ")]
    assert [x.text for x in segment_words(segs)] == [" hello", " there", " no words"]


def turn(i, speaker, start, text):
    return Turn(index=i, speaker=speaker, start=start, end=start + 1, text=text)


def test_roles_from_content_chinese_and_english():
    zh = [turn(0, "S1", 0, "喂？"), turn(1, "S0", 1, "您好，感谢您致电客服中心，请问有什么可以帮您？"),
          turn(2, "S1", 3, "我的订单怎么还没到")]
    decision = roles.by_content(zh)
    assert decision.roles == {"S0": AGENT, "S1": CUSTOMER} and decision.method == "content"
    assert decision.confidence > 0.9
    en = [turn(0, "A", 0, "Hi, I ordered a pizza an hour ago."),
          turn(1, "B", 2, "Thank you for calling. How can I help you today?")]
    assert roles.by_content(en).roles == {"A": CUSTOMER, "B": AGENT}
    traditional = [turn(0, "X", 0, "感謝您致電，請問有什麼可以幫您"), turn(1, "Y", 1, "嗯")]
    assert roles.by_content(traditional).roles["X"] == AGENT


def test_roles_fallback_first_speaker_is_agent():
    decision = roles.by_content([turn(0, "B", 0, "the weather"), turn(1, "A", 1, "is nice")])
    assert decision.roles == {"B": AGENT, "A": CUSTOMER}
    assert decision.method == "fallback" and decision.confidence == roles.FALLBACK_CONFIDENCE
    assert roles.by_content([]).roles == {}


def test_roles_from_channel_map():
    decision = roles.by_channel(["channel_0", "channel_1"], "channel_1")
    assert decision.roles == {"channel_0": CUSTOMER, "channel_1": AGENT} and decision.confidence == 1.0
    turns = relabel([turn(0, "channel_1", 0, "hi")], decision.roles)
    assert turns[0].speaker == AGENT


def test_zero_length_words_keep_the_running_speaker():
    spans = [SpeakerSpan(0, 12.0, "A"), SpeakerSpan(11.9, 14, "B")]
    words = [w(" I", 11.5, 11.9), w(" heard", 12.0, 12.0), w(" a", 11.95, 12.0), w(" beep", 12.3, 12.8)]
    spoken = assign_speakers(words, spans)
    assert [s.speaker for s in spoken] == ["A", "A", "A", "B"]
    assert speaker_at(12.0, 12.0, spans) == "B"  # alone, the widened word leans to B
