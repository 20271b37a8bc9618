"""Rules that generalise beyond the rubric's phrases: a question's answer is its remedy, a question is
not a complaint, "退不了" negates, the customer's first complaint names the category; and calls
written in other words than the rubric's (tests/scoring/paraphrase_calls.py)."""

from __future__ import annotations

import pytest

from scoring import build_scorer
from tests.scoring.paraphrase_calls import CALLS
from tests.scoring.scoring_helpers import call, settings, transcript


@pytest.fixture(scope="module")
def scorer():
    return build_scorer(settings())


HOW_TO = [("agent", "您好，感谢您致电优品商城，请问有什么可以帮您？"),
          ("customer", "你好，会员的积分在哪里能看到呢？"),
          ("agent", "您打开首页右下角的我的，再点会员中心，积分就在头像下面那一行显示。"),
          ("customer", "哦，看到了。"),
          ("agent", "请问还有其他问题吗？"),
          ("customer", "没有了，谢谢。")]


def test_a_question_answered_is_resolved_and_its_answer_is_the_solution(scorer):
    card = scorer.score(call("zh", HOW_TO))
    assert card.value("resolution_level") == 3
    lifted = [e for e in card.get("resolution_level").evidence if e.turn == 2]
    assert lifted and "substantive agent reply" in lifted[0].note
    assert card.value("script.solution") == 1.0
    assert card.value("script.empathy") is None  # a question is not a complaint
    assert card.value("violation.no_apology_on_complaint") == 0


def test_an_answer_counts_only_when_nothing_was_complained_about(scorer):
    complaint = HOW_TO[:1] + [("customer", "我的积分少了两百，怎么回事？你们乱扣积分。")] + HOW_TO[2:]
    card = scorer.score(call("zh", complaint))
    assert card.value("resolution_level") == 0
    assert card.value("violation.no_apology_on_complaint") == 1


def test_a_transfer_is_not_an_answer(scorer):
    lines = [("agent", "Thanks for calling ShopRight, how can I help?"),
             ("customer", "How do I become a seller on your marketplace?"),
             ("agent", "Seller accounts are handled by our partner team, let me transfer you to them now, please hold."),
             ("customer", "Sure.")]
    card = scorer.score(call("en", lines))
    assert card.value("resolution_level") == 1  # handed on, not answered
    assert card.value("script.transfer_notice") == 1.0


def test_cannot_refund_is_not_a_refund(scorer):
    lines = [("customer", "我买的杯子送来就碎了。"), ("agent", "抱歉，这个订单已经过了售后期，给您退不了。"),
             ("customer", "好吧。")]
    card = scorer.score(call("zh", lines))
    assert card.value("resolution_level") == 0
    offered = [("customer", "我买的杯子送来就碎了。"), ("agent", "抱歉，我这边直接给你退二十九块，原路返回。"),
               ("customer", "行。")]
    assert scorer.score(call("zh", offered)).value("resolution_level") == 2


def test_the_first_complaint_names_the_category(scorer):
    lines = [("customer", "My package was supposed to arrive Monday and tracking hasn't updated in a week."),
             ("agent", "I'm sorry, let me check."),
             ("customer", "And if it's lost I want my refund, I was charged already, charged for nothing.")]
    card = scorer.score(call("en", lines))
    assert card.get("category").label == "order_delay"
    assert "next refund_dispute" in card.get("category").evidence[-1].note


@pytest.mark.parametrize("name,level,violations,language,rows", CALLS, ids=[c[0] for c in CALLS])
def test_paraphrased_calls(scorer, name, level, violations, language, rows):
    turns = [("agent" if s == "a" else "customer", a, b, text) for s, a, b, text in rows]
    card = scorer.score(transcript(language, turns, call_id=name))
    assert card.value("resolution_level") == level, card.get("resolution_level").evidence[-1].note
    for code in violations:
        assert card.value(f"violation.{code}") >= 1, code
