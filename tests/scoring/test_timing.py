"""Metrics and the timing violations (long silence, overtalk) from turn times."""

from __future__ import annotations

import pytest

from scoring import build_scorer
from tests.scoring.scoring_helpers import settings, transcript


@pytest.fixture(scope="module")
def scorer():
    return build_scorer(settings())


def test_metrics_from_turn_times(scorer):
    rows = [("agent", 0.0, 10.0, "您好，感谢您致电客服，请问有什么可以帮您"),  # 18 characters
            ("customer", 12.0, 20.0, "我的外卖还没到"),
            ("agent", 19.0, 25.0, "好的我帮您查一下"),  # starts 1 s inside the customer's turn
            ("customer", 30.0, 40.0, "好的")]
    card = scorer.score(transcript("zh", rows, duration_s=50.0))
    v = card.value
    assert v("metric.handle_time_s") == 50.0
    assert v("metric.agent_talk_ratio") == pytest.approx(16 / 50)
    assert v("metric.customer_talk_ratio") == pytest.approx(18 / 50)
    assert v("metric.silence_ratio") == pytest.approx((50 - 33) / 50)  # speech covers 0-10, 12-25, 30-40
    assert v("metric.longest_silence_s") == 5.0  # 25 -> 30
    assert v("metric.overtalk_count") == 1
    assert v("metric.agent_response_latency_s") == 0.0  # overlap counts as an immediate reply
    assert v("metric.speaking_rate") == pytest.approx((18 + 8) / (16 / 60), abs=0.1)
    assert card.value("violation.overtalk") == 1
    ev = card.get("violation.overtalk").evidence[0]
    assert (ev.turn, ev.start, ev.end) == (2, 19.0, 20.0)


def test_backchannels_and_small_overlaps_are_not_overtalk(scorer):
    rows = [("customer", 0.0, 10.0, "I ordered at noon and it still has not arrived at all"),
            ("agent", 4.0, 4.5, "mm"),
            ("agent", 9.8, 14.0, "I'm sorry about that, let me check the order for you")]
    card = scorer.score(transcript("en", rows))
    assert card.value("violation.overtalk") == 0 and card.value("metric.overtalk_count") == 0


def test_long_silence_unless_the_agent_put_the_customer_on_hold(scorer):
    waiting = [("agent", 0.0, 3.0, "What's your order number?"),
               ("customer", 3.5, 5.0, "4417."),
               ("agent", 70.0, 74.0, "Okay, I found it.")]
    card = scorer.score(transcript("en", waiting))
    assert card.value("violation.long_silence") == 1
    ev = card.get("violation.long_silence").evidence[0]
    assert (ev.turn, ev.start, ev.end) == (2, 5.0, 70.0)
    held = [("agent", 0.0, 3.0, "What's your order number? Then please hold while I check."), *waiting[1:]]
    assert scorer.score(transcript("en", held)).value("violation.long_silence") == 0
    short = [*waiting[:2], ("agent", 50.0, 54.0, "Okay, I found it.")]
    assert scorer.score(transcript("en", short)).value("violation.long_silence") == 0
