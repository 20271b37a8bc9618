"""Resolution level, violations, politeness, sentiment and category on small, readable calls."""

from __future__ import annotations

import pytest

from scoring import build_scorer
from scoring.sentiment import ChineseSentiment, EnglishSentiment, speaker_arc
from tests.scoring.scoring_helpers import call, settings


@pytest.fixture(scope="module")
def scorer():
    return build_scorer(settings())


COMPLAINT = ("customer", "我的外卖超时一个小时了，还没送到。")


def test_level_is_cumulative_and_explains_what_is_missing(scorer):
    logged = call("zh", [COMPLAINT, ("agent", "非常抱歉，我已经提交工单，二十四小时内给您回电。"),
                         ("customer", "好吧。")])
    card = scorer.score(logged)
    assert card.value("resolution_level") == 1
    assert "no concrete remedy" in card.get("resolution_level").evidence[-1].note

    refused = call("zh", [COMPLAINT, ("agent", "抱歉，我这边给您补偿五元红包。"),
                          ("customer", "我不要红包，这不行。"), ("agent", "那我提交给专员，今天之内答复您。")])
    assert scorer.score(refused).value("resolution_level") == 1


def test_thanks_while_still_unhappy_stays_resolved_not_satisfied(scorer):
    lines = [COMPLAINT, ("agent", "非常抱歉，我这边为您全额退款。"), ("customer", "好的。"),
             ("agent", "请问还有其他需要帮助的吗？")]
    happy = scorer.score(call("zh", lines + [("customer", "没有了，谢谢。")]))
    unhappy = scorer.score(call("zh", lines + [("customer", "谢谢，不过我还是不满意，下次不会再点了。")]))
    assert happy.value("resolution_level") == 3
    assert unhappy.value("resolution_level") == 2
    assert "dissatisfaction" in unhappy.get("resolution_level").evidence[-1].note


def test_an_unrequested_extra_and_delight_make_surprise(scorer):
    base = [("customer", "My burger came cold."), ("agent", "I'm sorry. I've refunded the burger to your card."),
            ("customer", "Okay, thanks."), ("agent", "Is there anything else I can help you with?"),
            ("customer", "No, that's all, thank you.")]
    extra = base[:1] + [("agent", "I'm sorry. I've refunded the burger to your card, and on top of that "
                                  "I've added free delivery on your next order."),
                        ("customer", "Wow, I didn't expect that, thanks.")] + base[3:]
    assert scorer.score(call("en", base)).value("resolution_level") == 3
    card = scorer.score(call("en", extra))
    assert card.value("resolution_level") == 4
    cues = [e.cue for e in card.get("resolution_level").evidence if e.cue]
    assert any(c.startswith("extra:") for c in cues) and any(c.startswith("delight:") for c in cues)


def test_polite_but_evasive_agent_is_level_0_with_evasive_violation(scorer):
    card = scorer.score(call("zh", [("customer", "饭里吃出头发了。"),
                                    ("agent", "非常抱歉，这个我们处理不了，建议您自己联系商家。")]))
    assert card.value("resolution_level") == 0
    assert card.value("violation.evasive") == 1
    assert card.value("politeness.agent") > 60  # polite words, still evasive


def test_no_apology_on_complaint_and_rude(scorer):
    card = scorer.score(call("en", [("customer", "This is ridiculous, my food is cold and two hours late."),
                                    ("agent", "Calm down, I already told you the driver is coming.")]))
    assert card.value("violation.no_apology_on_complaint") == 1
    assert card.value("violation.rude") == 1  # one occurrence per turn
    assert card.get("violation.rude").evidence[0].turn == 1
    assert card.value("script.empathy") == 0


def test_politeness_per_speaker(scorer):
    polite = scorer.score(call("zh", [("agent", "您好，请问有什么可以帮您？麻烦您稍等，谢谢。"),
                                      ("customer", "你们这什么破服务，垃圾，赶紧给我退钱！")]))
    rude = scorer.score(call("zh", [("agent", "听不懂吗？我都说了，你怎么这么麻烦。"), ("customer", "好的。")]))
    assert polite.value("politeness.agent") > 70 > rude.value("politeness.agent")
    assert polite.value("politeness.customer") < 30
    assert any("垃圾" in (e.cue or "") for e in polite.get("politeness.customer").evidence)


def test_turn_sentiment_handles_negation_intensity_and_contrast():
    zh = ChineseSentiment()
    good, bad, not_good = zh(["很好吃", "太难吃了", "不好吃"])
    assert good > 0.5 and bad < -0.5 and not_good < 0
    assert zh(["味道还不错，就是送得太慢了"])[0] < 0  # what follows the contrast weighs more
    en = EnglishSentiment()
    assert en(["The food arrived cold and two hours late."])[0] < -0.3
    assert en(["Thank you so much, that was really helpful!"])[0] > 0.5


def test_speaker_arc_is_thirds_of_the_speech():
    rows = call("en", [("customer", "a" * 10), ("customer", "b" * 10), ("customer", "c" * 10)]).turns
    start, end = speaker_arc(rows, {0: -1.0, 1: 0.0, 2: 1.0})
    assert (start, end) == (-1.0, 1.0)


def test_customer_shift_in_the_scorecard(scorer):
    card = scorer.score(call("en", [("customer", "This is terrible, my order is late and cold."),
                                    ("agent", "I'm sorry, I've refunded it."),
                                    ("customer", "Great, thank you so much, that's wonderful.")]))
    assert card.value("sentiment.customer.start") < 0 < card.value("sentiment.customer.end")
    assert card.value("sentiment.customer.shift") == pytest.approx(
        card.value("sentiment.customer.end") - card.value("sentiment.customer.start"), abs=1e-3)


@pytest.mark.parametrize("language, text, category", [
    ("zh", "骑手把外卖扔在门口就走了，态度很差", "rider_issue"),
    ("zh", "退款申请被拒了，钱一直没退回来", "refund_dispute"),
    ("zh", "菜里有头发，还馊了", "food_quality"),
    ("en", "My order still hasn't arrived, it's been over an hour.", "order_delay"),
    ("en", "The restaurant manager was rude and hung up on me.", "service_attitude"),
    ("en", "Can I change the name on my account?", "other"),
])
def test_category_from_the_customer_words(scorer, language, text, category):
    card = scorer.score(call(language, [("agent", "Hello." if language == "en" else "您好。"), ("customer", text)]))
    assert card.get("category").label == category


def test_asking_for_service_is_not_positive_sentiment():
    english = EnglishSentiment()
    asks = english(["I need help with my order.", "Yes, I'd like to change the address, please."])
    assert all(abs(v) < 0.05 for v in asks)
    assert english(["Thank you so much, that was really helpful!"])[0] > 0.5
