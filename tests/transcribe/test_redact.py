"""PII redaction of text and transcripts: kinds, spoken forms, hard negatives, purity, idempotence."""

from __future__ import annotations

import pytest

from callqa.records import Redaction, Transcript, Turn, Word
from transcribe.pii.checksums import id_check_char, luhn_valid
from transcribe.redact import PLACEHOLDERS, redact_text, redact_transcript


def with_luhn(body: str) -> str:
    return next(body + d for d in "0123456789" if luhn_valid(body + d))


def with_id_check(first17: str) -> str:
    return first17 + id_check_char(first17)


ID = with_id_check("44030519850612231")
CARD = with_luhn("622202123456789")  # 16 digits
VISA = with_luhn("411111111111111")


def kinds(text: str, language: str, **kw) -> list[str]:
    return [r.kind for r in redact_text(text, language, **kw)[1]]


@pytest.mark.parametrize("text, kind", [
    ("我的手机号是13812345678，麻烦记一下", "phone"),
    ("电话是138 1234 5678", "phone"),
    ("号码是138-1234-5678", "phone"),
    ("您打+86 139 8765 4321就行", "phone"),
    ("我的电话是一三八一二三四五六七八", "phone"),
    ("手机幺三九零零零幺二三四五", "phone"),
    ("手机是一五零，两两三三，四四五五", "phone"),
    ("座机010-62345678", "phone"),
    ("我家电话是0755 8765 4321", "phone"),
    ("家里座机87654321", "phone"),
    (f"身份证号码是{ID}", "id_number"),
    ("身份证号是" + "".join("零一二三四五六七八九"[int(c)] for c in ID[:17]) + "叉"
     if id_check_char(ID[:17]) == "X" else f"身份证{ID}", "id_number"),
    (f"卡号{CARD[:4]} {CARD[4:8]} {CARD[8:12]} {CARD[12:]}", "bank_card"),
    ("我的邮箱是zhang.san@163.com", "email"),
    ("邮箱是zhangsan艾特qq点com", "email"),
    ("寄到广东省深圳市南山区科技园路18号3栋502室", "address"),
    ("我住在北京市朝阳区建国路八十八号", "address"),
    ("地址是幸福小区3栋2单元501室", "address"),
])
def test_chinese_kinds(text, kind):
    assert kinds(text, "zh") == [kind], redact_text(text, "zh")


@pytest.mark.parametrize("text, kind", [
    ("You can reach me at (415) 555-2671.", "phone"),
    ("It's 415-555-2671, thanks.", "phone"),
    ("my number is five five five, two three four, five six seven eight", "phone"),
    ("call me on four one five, five five five, two six seven one", "phone"),
    ("it's four oh eight, double five five, one two three four", "phone"),
    ("call 1-212-555-0147 tomorrow", "phone"),
    (f"the card is {VISA[:4]} {VISA[4:8]} {VISA[8:12]} {VISA[12:]}", "bank_card"),
    ("my social is 123-45-6789", "ssn"),
    ("social security number one two three four five six seven eight nine", "ssn"),
    ("email me at john.smith@example.com", "email"),
    ("it's john dot smith at gmail dot com", "email"),
    ("I live at 742 Evergreen Terrace, Springfield", "address"),
    ("ship it to 1600 Pennsylvania Avenue NW", "address"),
    ("send it to twelve thirty four Maple Street please", "address"),
])
def test_english_kinds(text, kind):
    assert kinds(text, "en") == [kind], redact_text(text, "en")


@pytest.mark.parametrize("text, language", [
    ("一共是199元，大概三到五个工作日到", "zh"),
    ("订单是2024-05-12 14:30下的", "zh"),
    ("您一共下了12单，总金额12,345.67元", "zh"),
    ("我们的客服热线是400-820-8820", "zh"),
    ("1234567890123456这个号不对", "zh"),  # 16 digits, fails Luhn
    ("我一个人等了两个小时", "zh"),
    ("这个月15号发货，5号线地铁站旁边", "zh"),
    ("That comes to $1,299.99 with tax.", "en"),
    ("The meeting is at 10:30 on 2024-05-12.", "en"),
    ("It's about a 2 hour drive.", "en"),
    ("I ordered three hundred and fifty units last year.", "en"),
    ("Call our toll-free line 1-800-555-0199.", "en"),
    ("Oh, one more thing.", "en"),
    ("The gift code is 4829 1033 5521 8890.", "en"),
    ("流水号不对，是266744672385485630吗？", "zh"),
    ("Product code 4006 1234 5678 9010, one more thing", "en"),
])
def test_hard_negatives_are_left_alone(text, language):
    assert redact_text(text, language) == (text, ())


def test_order_numbers_only_when_asked_and_never_taken_for_a_card():
    order = with_luhn("202405120012345")  # would pass as a card without its cue
    text = f"您的订单号是{order}，请查收"
    assert redact_text(text, "zh") == (text, ())
    redacted, found = redact_text(text, "zh", order_numbers=True)
    assert redacted == "您的订单号是[ORDER_NUMBER]，请查收"
    assert [r.kind for r in found] == ["order_number"]
    assert kinds("your order number is DD-20240512 ok", "en", order_numbers=True) == ["order_number"]


def test_a_lone_digit_after_a_pause_is_the_next_phrase_not_part_of_the_number():
    redacted, _ = redact_text("单号SF20240512001，一直没到", "zh", order_numbers=True)
    assert redacted == "单号[ORDER_NUMBER]，一直没到"
    redacted, _ = redact_text("call 415-555-2671, one more thing", "en")
    assert redacted == "call [PHONE], one more thing"


def test_long_and_repetitive_text_is_handled():
    """Patterns stay linear on long turns (a regression guard: these once backtracked for minutes)."""
    for text, language in (("市区" * 2000, "zh"), ("a b " * 2000 + " at gmail", "en"),
                           ("广东省" * 1000 + "路", "zh"), ("1 " * 2000, "en")):
        assert redact_text(text, language) == (text, ())
    spelled = redact_text("a b " * 2000 + "at gmail dot com", "en")[0]  # letters spelled out: an e-mail
    assert spelled.endswith(" [EMAIL]") and spelled.startswith("a b a b")
    text = "，".join(["我的手机号是一三八一二三四五六七八"] * 200)
    redacted, found = redact_text(text, "zh")
    assert len(found) == 200 and "一三八" not in redacted


def test_placeholder_spans_index_the_new_text():
    text = f"手机13812345678，身份证{ID}，邮箱a.b@qq.com"
    redacted, found = redact_text(text, "zh")
    assert [redacted[r.char_start:r.char_end] for r in found] == ["[PHONE]", "[ID_NUMBER]", "[EMAIL]"]
    assert "13812345678" not in redacted and ID not in redacted


def test_wrong_checksums_count_only_when_a_cue_names_the_number():
    bad_id = ID[:17] + ("0" if ID[17] != "0" else "1")
    bad_card = CARD[:-1] + str((int(CARD[-1]) + 1) % 10)
    assert kinds(f"是{bad_id}吗", "zh") == []
    assert kinds(f"是{bad_card}吗", "zh") == []
    # a misheard digit: the cue still says what the number is
    assert kinds(f"证件{bad_id}", "zh") == ["id_number"]
    assert kinds(f"卡号{bad_card}", "zh") == ["bank_card"]
    assert kinds(f"流水号{CARD}", "zh") == []  # passes Luhn, but a serial number says so


def _transcript() -> Transcript:
    words = (Word(" My", 0.0, 0.2, 0.9), Word(" number", 0.2, 0.5, 0.9), Word(" is", 0.5, 0.6, 0.9),
             Word(" five", 0.6, 0.8, 0.8), Word(" five", 0.8, 1.0, 0.7), Word(" five,", 1.0, 1.2, 0.9),
             Word(" two", 1.3, 1.4, 0.9), Word(" three", 1.4, 1.6, 0.9), Word(" four,", 1.6, 1.8, 0.9),
             Word(" five", 1.9, 2.0, 0.9), Word(" six", 2.0, 2.2, 0.9), Word(" seven", 2.2, 2.4, 0.9),
             Word(" eight.", 2.4, 2.7, 0.6), Word(" Thanks.", 2.8, 3.1, 0.9))
    text = "".join(w.text for w in words).strip()
    zh_words = tuple(Word(c, 10 + i * 0.2, 10.2 + i * 0.2) for i, c in enumerate("我的手机是13812345678谢谢"))
    return Transcript("call-1", "en", (
        Turn(0, "customer", 0.0, 3.1, text, words),
        Turn(1, "agent", 3.2, 4.0, "Thank you, noted."),
        Turn(2, "customer", 10.0, 12.0, "".join(w.text for w in zh_words), zh_words),
    ))


def test_transcript_turns_get_text_words_and_times_redacted():
    original = _transcript()
    redacted = redact_transcript(original)
    first = redacted.turns[0]
    assert first.text == "My number is [PHONE]. Thanks."
    assert first.redactions == (Redaction("phone", 13, 20, 0.6, 2.7),)
    assert [w.text for w in first.words] == [" My", " number", " is", " [PHONE].", " Thanks."]
    assert first.words[3].start == 0.6 and first.words[3].end == 2.7 and first.words[3].probability == 0.6
    assert redacted.turns[1] is original.turns[1]
    third = redacted.turns[2]
    assert third.text == "我的手机是[PHONE]谢谢"
    assert third.redactions[0].start == pytest.approx(11.0) and third.redactions[0].end == pytest.approx(13.2)
    assert "".join(w.text for w in third.words) == third.text


def test_redaction_is_pure_and_idempotent():
    original = _transcript()
    before = repr(original)
    once = redact_transcript(original)
    assert repr(original) == before
    assert redact_transcript(once) == once
    assert redact_transcript(once) is once


def test_new_redactions_keep_earlier_ones_in_place():
    turn = Turn(0, "customer", 0, 1, "卡号[BANK_CARD]，手机13812345678", redactions=(Redaction("bank_card", 2, 13),))
    out = redact_transcript(Transcript("c", "zh", (turn,))).turns[0]
    assert out.text == "卡号[BANK_CARD]，手机[PHONE]"
    assert [(r.kind, out.text[r.char_start:r.char_end]) for r in out.redactions] == [
        ("bank_card", "[BANK_CARD]"), ("phone", "[PHONE]")]


def test_words_that_differ_from_the_text_still_get_times():
    words = (Word("Call", 0.0, 0.3), Word("me", 0.3, 0.4), Word("at", 0.4, 0.5),
             Word("415-555-2671", 0.5, 2.0))
    turn = Turn(0, "customer", 0, 2, "call me at 415 555 2671", words)
    out = redact_transcript(Transcript("c", "en", (turn,))).turns[0]
    assert out.text == "call me at [PHONE]"
    assert (out.redactions[0].start, out.redactions[0].end) == (0.5, 2.0)


def test_placeholders_cover_every_kind():
    assert set(PLACEHOLDERS.values()) >= {"[PHONE]", "[ID_NUMBER]", "[BANK_CARD]", "[EMAIL]",
                                          "[ADDRESS]", "[ORDER_NUMBER]", "[SSN]"}
