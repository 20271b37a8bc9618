"""The second generalisation pass (issue 4): mechanisms, not phrases. Each test names the rule; the
calls in tests/scoring/principle_calls.py exercise them together in words no rubric file holds."""

from __future__ import annotations

import pytest

from callqa.records import Turn
from scoring import build_scorer
from scoring.deferral import deferred
from scoring.matching import Match, asked
from scoring.sentiment import EnglishSentiment
from tests.scoring.principle_calls import CALLS
from tests.scoring.scoring_helpers import call, settings


@pytest.fixture(scope="module")
def scorer():
    return build_scorer(settings())


def _remedy(text: str, phrase: str, language: str) -> Match:
    from scoring.text import normalise

    at = normalise(text, language).find(normalise(phrase, language))
    assert at >= 0, phrase
    return Match("remedy", phrase, Turn(0, "agent", 0.0, 1.0, text), "exact", 100.0, at)


@pytest.mark.parametrize("text,phrase,language,expected", [
    ("找不到的话，要是确认丢件了，就给您全额退款。", "全额退款", "zh", True),
    ("退款或者补发您到时候可以选。", "补发", "zh", True),
    ("我已经提交了退款申请，三个工作日内会有审核结果。", "退款", "zh", True),
    ("我已经给您退款了，如果三天没到账您再联系我们。", "退款", "zh", False),  # done stays done
    ("如果您同意的话，我马上给您退款。", "退款", "zh", False),  # waits only for the customer's yes
    ("这边直接给您退款，原路返回。", "退款", "zh", False),
    ("You'll get a decision on a replacement within three days.", "replacement", "en", True),
    ("Once the lab checks it, we can send a replacement.", "replacement", "en", True),
    ("I've refunded you, and if anything looks off just call us.", "refunded", "en", False),
    ("I can send a replacement today if you'd like.", "replacement", "en", False),
])
def test_a_conditional_or_pending_remedy_is_deferred(text, phrase, language, expected):
    assert deferred(_remedy(text, phrase, language), language) is expected


def test_an_offer_asked_as_a_question_is_not_a_deflection(scorer):
    text = "您需要联系商家吗，我可以帮您联系"
    assert asked(_remedy(text, "联系商家", "zh"), "zh")
    assert not asked(_remedy("您需要联系商家，我们管不了", "联系商家", "zh"), "zh")
    lines = [("customer", "我的外卖少了一份饭。"), ("agent", text), ("customer", "好的。")]
    assert scorer.score(call("zh", lines)).value("violation.evasive") == 0


def test_who_acts_survives_a_fuzzy_match(scorer):
    """"I want to reach the driver" is the agent acting, not "you'd want to reach them" (deflecting)."""
    lines = [("customer", "My order says delivered but nothing is here."),
             ("agent", "I'm sorry. I want to reach the driver and check his GPS, would you mind holding?")]
    assert scorer.score(call("en", lines)).value("violation.evasive") == 0


def test_a_negated_remedy_is_no_solution(scorer):
    lines = [("customer", "Can I get a refund for the box that shipped?"),
             ("agent", "Unfortunately once a box has shipped it can't be cancelled or refunded."),
             ("customer", "Okay.")]
    card = scorer.score(call("en", lines))
    assert card.value("resolution_level") == 0
    assert card.value("script.solution") == 0.0


def test_a_transfer_that_asks_to_hold_is_a_transfer_notice(scorer):
    lines = [("customer", "The charger sparked when I plugged it in."),
             ("agent", "I'm going to transfer you to a product safety specialist now, please stay on the line.")]
    assert scorer.score(call("en", lines)).value("script.transfer_notice") == 1.0


def test_a_name_is_a_self_introduction_however_worded(scorer):
    card = scorer.score(call("en", [("agent", "Hey there, QuickBite support, you got Sam. What's going on today?"),
                                    ("customer", "Where do I put my gate code?")]))
    assert card.value("script.self_intro") == 1.0
    assert card.value("script.greeting") == 1.0
    card = scorer.score(call("en", [("agent", "Thanks for calling ShopRight, what can I help you with?"),
                                    ("customer", "How long do I have to return a sweater?"),
                                    ("agent", "Until January 31st, so you've got extra time.")]))
    assert card.value("script.self_intro") == 0.0  # "you've got extra time" names no one


def test_a_reply_word_does_not_negate_what_follows():
    polarity = EnglishSentiment()
    assert polarity.one("Nope, that's perfect. Thanks.") > 0.3
    assert polarity.one("No, this is terrible.") < -0.3


def test_two_character_category_cues_match_homophones(scorer):
    """"其手" is how a recogniser writes "骑手" (rider)."""
    lines = [("customer", "其手到了楼下打电话让我自己下来拿，我住十七楼，他就是不送上来"),
             ("agent", "非常抱歉，我帮您查一下")]
    assert scorer.score(call("zh", lines)).get("category").label == "rider_issue"


@pytest.mark.parametrize("name,level,found,absent,language,lines", CALLS, ids=[c[0] for c in CALLS])
def test_principle_calls(scorer, name, level, found, absent, language, lines):
    card = scorer.score(call(language, [("agent" if s == "a" else "customer", text) for s, text in lines]))
    assert card.value("resolution_level") == level, card.get("resolution_level").evidence[-1].note
    for code in found:
        assert card.value(f"violation.{code}") >= 1, code
    for code in absent:
        assert card.value(f"violation.{code}") == 0, code


def test_thanks_with_a_contrast_in_a_negative_turn_is_still_unhappy(scorer):
    lines = [("agent", "Thanks for calling QuickBite, this is Mo, how can I help?"),
             ("customer", "My fries were missing from the order."),
             ("agent", "Sorry about that. I've refunded the fries, four dollars back to your card."),
             ("customer", "Thanks, though honestly the whole evening was ruined."),
             ("agent", "Anything else I can help with?"), ("customer", "No."), ("agent", "Thanks for calling, bye.")]
    card = scorer.score(call("en", lines))
    assert card.value("resolution_level") == 2
    assert any("though" in (e.cue or "") for e in card.get("resolution_level").evidence)
