"""Chinese decoded without a prompt gets punctuation from pauses."""

from callqa.records import Word
from transcribe.punctuation import punctuate_zh


def w(text, start, end):
    return Word(text, start, end, probability=0.9)


def text(words):
    return "".join(x.text for x in words)


def test_pauses_become_commas_and_the_end_a_full_stop():
    words = [w("你", 0.0, 0.2), w("好", 0.2, 0.4), w("请", 1.0, 1.2), w("问", 1.2, 1.4)]
    assert text(punctuate_zh(words)) == "你好，请问。"


def test_a_space_between_chinese_characters_is_a_pause():
    words = [w("好", 0.0, 0.2), w(" 首", 0.2, 0.4), w("先", 0.4, 0.6)]
    out = punctuate_zh(words)
    assert text(out) == "好，首先。"
    assert [(x.start, x.end) for x in out] == [(0.0, 0.2), (0.2, 0.4), (0.4, 0.6)]


def test_spaces_around_latin_words_stay():
    words = [w("我的", 0.0, 0.3), w(" iPhone", 0.3, 0.7), w(" 坏了", 0.7, 1.0)]
    assert text(punctuate_zh(words)) == "我的 iPhone 坏了。"


def test_a_punctuated_segment_is_left_alone():
    words = [w("你好，", 0.0, 0.4), w("请问", 1.5, 1.9)]
    assert punctuate_zh(words) == tuple(words)


def test_no_words():
    assert punctuate_zh([]) == ()
