"""Tolerant matching: homophones, dropped characters, Traditional script, negation, word edges."""

from __future__ import annotations

import pytest

from callqa.records import Turn
from callqa.rubric import CueSet, Matching
from scoring.matching import EXACT, FUZZY, HOMOPHONE, PAIRED, Matcher


def match(language, phrases, text, negatable=False, **cues):
    matching = Matching(fuzzy_threshold=84 if language == "zh" else 86, pinyin=language == "zh",
                        min_fuzzy_chars=4 if language == "zh" else 9)
    matcher = Matcher(language, matching)
    turn = Turn(index=0, speaker="agent", start=0.0, end=1.0, text=text)
    return matcher.find(CueSet("cue", tuple(phrases), "agent", negatable, **cues), matcher.said(turn))


def test_exact_and_traditional_script():
    assert match("zh", ["感谢您致电"], "您好，感謝您致電美團外賣").how == EXACT


def test_chinese_homophones_from_speech_recognition():
    found = match("zh", ["您好*感谢您*致电"], "您号，感谢您知电没团外卖")
    assert found is not None and found.how == HOMOPHONE


def test_dropped_character_is_a_fuzzy_match():
    found = match("zh", ["还有其他需要帮助的吗"], "请问还有其他需要帮的吗")
    assert found is not None and found.how == FUZZY


def test_fuzzy_match_keeps_the_phrase_meaning():
    assert match("zh", ["还有什么可以帮您"], "您好，请问有什么可以帮您？") is None  # 还 (else) is the point
    assert match("en", ["i can't help you with that"], "Is there anything else I can help you with?") is None
    assert match("en", ["do you understand"], "Thank you for your understanding.") is None


def test_english_slips_and_word_edges():
    assert match("en", ["thank you for calling"], "Hello, thank you for colling FoodDosh").how == FUZZY
    assert match("en", ["ok"], "I booked it") is None
    assert match("en", ["ok"], "Ok, fine.").how == EXACT


def test_negation_voids_a_negatable_cue():
    assert match("zh", ["满意"], "我还是不满意", negatable=True) is None
    assert match("zh", ["满意"], "我很满意", negatable=True) is not None
    assert match("en", ["happy"], "I'm not happy", negatable=True) is None


def test_star_means_then_within_a_short_gap():
    assert match("zh", ["帮您*退款"], "我帮您马上退款") is not None
    assert match("zh", ["退款*帮您"], "我帮您马上退款") is None
    far = "我已经帮您提交了加急工单，财务专员会在二十四小时内给您回电说明处理结果"
    assert match("zh", ["已经帮您*处理"], far) is None


def test_commitment_then_object_in_one_clause():
    found = match("zh", [], "我已经帮您把退款重新提交并审核通过了", commit=("已经",), objects=("退款",))
    assert found is not None and found.how == PAIRED
    assert match("zh", [], "我已经查过了，没办法退款", commit=("已经",), objects=("退款",)) is None
    assert match("en", [], "I've approved the refund.", commit=("i've",), objects=("refund",)) is not None
    assert match("en", [], "I've checked and we can't refund it.", commit=("i've",), objects=("refund",)) is None


@pytest.mark.parametrize("text", ["", "   ", "。。。"])
def test_empty_text_matches_nothing(text):
    assert match("zh", ["您好"], text) is None
