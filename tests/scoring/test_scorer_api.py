"""The scorer as the pipeline and the CLI use it: build by name, score, JSON contract."""

from __future__ import annotations

import json

import pytest

from callqa.errors import InputError
from callqa.rubric import CATEGORIES, SCRIPT_STEPS, VIOLATIONS
from scoring import build_scorer, scorecard_to_json
from tests.scoring.scoring_helpers import settings, transcript

ZH_ROWS = [
    ("agent", 0.0, 5.0, "您好，感谢您致电美团外卖客服，我是客服小王，请问有什么可以帮您？"),
    ("customer", 5.5, 12.0, "我的外卖等了一个半小时还没送到，太慢了！"),
    ("agent", 12.5, 18.0, "非常抱歉让您久等了，麻烦您报一下订单号，我帮您查一下。"),
    ("customer", 18.5, 21.0, "订单号是三三八九。"),
    ("agent", 21.5, 30.0, "我这边马上为您全额退款，退款已经提交，一到三个工作日原路退回。"),
    ("customer", 30.5, 32.0, "好的，那就这样吧。"),
    ("agent", 32.5, 35.0, "请问还有其他需要帮助的吗？"),
    ("customer", 35.5, 37.0, "没有了，谢谢。"),
    ("agent", 37.5, 41.0, "感谢您的来电，祝您用餐愉快，再见。"),
]


@pytest.fixture(scope="module")
def scorer():
    return build_scorer(settings())


def test_embedded_scorer_scores_a_chinese_call_with_evidence(scorer):
    call = transcript("zh", ZH_ROWS)
    card = scorer.score(call)
    assert card.call_id == "test-call" and card.language == "zh"
    assert card.value("resolution_level") == 3
    assert card.get("category").label == "order_delay"
    assert card.value("script.greeting") == 1 and card.value("script.transfer_notice") is None
    assert card.value("compliance") == 1.0
    assert all(card.value(f"violation.{code}") == 0 for code in VIOLATIONS)
    level = card.get("resolution_level")
    assert any(ev.turn == 4 and ev.cue.startswith("remedy") for ev in level.evidence)
    assert "level 4" in level.evidence[-1].note  # what was missing for the next level
    assert len(card.turn_sentiment) == len(ZH_ROWS)


def test_json_contract_has_exactly_the_documented_keys(scorer):
    call = transcript("zh", ZH_ROWS)
    out = scorecard_to_json(scorer.score(call), call)
    assert set(out) == {"contract_version", "call_id", "language", "resolution_level", "script", "compliance",
                        "violations", "politeness", "sentiment", "category", "metrics", "evidence"}
    assert out["contract_version"] == 1
    assert set(out["script"]) == set(SCRIPT_STEPS)
    assert out["category"] in CATEGORIES
    assert set(out["politeness"]) == {"agent", "customer"}
    assert set(out["sentiment"]) == {"agent", "customer", "turns"}
    assert set(out["sentiment"]["customer"]) == {"start", "end", "shift"}
    assert [t["speaker"] for t in out["sentiment"]["turns"]][:2] == ["agent", "customer"]
    assert {"handle_time_s", "agent_talk_ratio", "customer_talk_ratio", "silence_ratio", "longest_silence_s",
            "overtalk_count", "agent_response_latency_s", "speaking_rate"} <= set(out["metrics"])
    assert out["evidence"]["resolution_level"][0]["turn"] == 4
    json.dumps(out, ensure_ascii=False)  # JSON-ready


def test_violations_in_json_point_at_turn_and_time(scorer):
    rows = [("agent", 0.0, 3.0, "喂，什么事？"),
            ("customer", 3.5, 8.0, "你们送的饭都凉了，我要投诉。"),
            ("agent", 8.5, 12.0, "这个不归我管，你自己想办法吧。")]
    out = scorecard_to_json(scorer.score(transcript("zh", rows)))
    evasive = [v for v in out["violations"] if v["code"] == "evasive"]
    assert evasive and evasive[0]["turn"] == 2 and evasive[0]["start"] == 8.5
    assert "你自己想办法" in evasive[0]["evidence"]
    assert out["resolution_level"] == 0
    assert any(v["code"] == "no_apology_on_complaint" for v in out["violations"])


def test_version_changes_with_the_rubric_file(tmp_path):
    from scoring.rubrics import shipped_rubric_path

    custom = tmp_path / "zh.toml"
    custom.write_text(shipped_rubric_path("zh").read_text(encoding="utf-8"), encoding="utf-8")
    first = build_scorer(settings(rubric=str(custom))).version
    custom.write_text(custom.read_text(encoding="utf-8").replace('"再见",', '"再会",'), encoding="utf-8")
    second = build_scorer(settings(rubric=str(custom))).version
    assert first != second and len(first) == 12


def test_unusable_transcripts_raise_input_errors(scorer):
    with pytest.raises(InputError, match="no turns"):
        scorer.score(transcript("zh", []))
    with pytest.raises(InputError, match="agent or customer"):
        scorer.score(transcript("en", [("SPEAKER_00", 0, 1, "hello")]))


def test_english_call_is_scored_with_the_english_rubric(scorer):
    rows = [("agent", 0.0, 4.0, "Thank you for calling QuickEats, my name is Dana, how can I help you today?"),
            ("customer", 4.5, 9.0, "My order is an hour late and I'm still waiting."),
            ("agent", 9.5, 14.0, "I'm so sorry about that. Could I have your order number please?"),
            ("customer", 14.5, 16.0, "It's 4417."),
            ("agent", 16.5, 24.0, "I'll go ahead and issue a full refund to your card right now."),
            ("customer", 24.5, 26.0, "Okay, that works."),
            ("agent", 26.5, 29.0, "Is there anything else I can help you with?"),
            ("customer", 29.5, 31.0, "No, that's all, thanks."),
            ("agent", 31.5, 34.0, "Thank you for choosing QuickEats, have a great day.")]
    card = scorer.score(transcript("en", rows))
    assert card.value("resolution_level") == 3
    assert card.value("compliance") == 1.0
    assert card.get("category").label == "order_delay"
    assert card.value("politeness.agent") > 60
