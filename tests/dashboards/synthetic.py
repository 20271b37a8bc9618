"""Synthetic calls for the dashboard's tests and benchmark, generated from code with a fixed seed.

Each call is a consistent (Call, Transcript, Scorecard): the script steps, violations and level in the
scorecard are what the turns say, and every score's evidence points at the turn that earned it.
``build_store`` writes them through the store's own API (the way the pipeline does), with one real
8 kHz WAV file as every call's recording so the audio player has something to play.
"""

from __future__ import annotations

import hashlib
import math
import random
import struct
import wave
from datetime import datetime, timedelta
from pathlib import Path
from typing import Iterator

from callqa.records import (
    AudioInfo, Call, CallMeta, Evidence, Redaction, Reliability, Score, Scorecard, Transcript, Turn,
)

TEAMS = {"north": ("A01", "A02", "A03", "A04"), "south": ("A05", "A06", "A07", "A08"),
         "east": ("A09", "A10", "A11", "A12")}
AGENT_TEAM = {agent: team for team, agents in TEAMS.items() for agent in agents}
FIRST_WEEK = datetime(2025, 1, 6, 9, 0)
RUBRIC_VERSION = "rubric-zh-1"
SCORE_VERSION = "score-v1"
TRANSCRIPT_VERSION = "asr-v1"

_ZH = {
    "greeting": "您好，感谢您致电美味外卖客服，", "self_intro": "我是客服小王，", "offer_help": "请问有什么可以帮您？",
    "verification": "好的，麻烦您提供一下订单号，我帮您核对。", "order": "订单号是[order_number]。",
    "empathy": "非常抱歉给您带来不便，理解您的心情。", "solution": "根据您描述的情况，我建议为您全额退款，",
    "extra": "另外再送您一张二十元优惠券。", "other_needs": "请问还有其他需要帮助的吗？",
    "closing": "感谢您选择美味外卖，祝您用餐愉快，再见！", "evasive": "这个不归我管，你自己想办法吧。",
    "rude": "我已经说过了，你听不懂吗？", "delight": "没想到这么贴心，太谢谢了！", "accept": "好的，谢谢。",
    "angry": "你们这服务太差了！", "bye": "没有了，再见。",
    "order_delay": "我的订单已经晚了一个小时了，还没送到！", "food_quality": "送来的饭菜是凉的，还有异味。",
    "refund_dispute": "我申请的退款一直没有到账。", "service_attitude": "上次的客服态度很差。",
    "rider_issue": "骑手把我的餐放在楼下就走了。", "other": "我想问一下发票怎么开。",
}
_EN = {
    "greeting": "Hello, thank you for calling Tasty Delivery. ", "self_intro": "My name is Sam. ",
    "offer_help": "How can I help you today?", "verification": "Could you confirm the order number for me?",
    "order": "It is [order_number].", "empathy": "I'm sorry for the trouble, I understand.",
    "solution": "Here is what I can do: a full refund. ", "extra": "I'll also add a ten dollar voucher.",
    "other_needs": "Is there anything else I can help with?",
    "closing": "Thank you for choosing Tasty Delivery, have a nice day!",
    "evasive": "That's not my department, call them yourself.", "rude": "I already told you, calm down.",
    "delight": "Wow, that's more than I expected, thank you!", "accept": "Okay, thanks.",
    "angry": "This service is terrible!", "bye": "No, that's all. Bye.",
    "order_delay": "My order is an hour late and still not here!", "food_quality": "The food arrived cold.",
    "refund_dispute": "My refund never arrived.", "service_attitude": "Your last agent was rude to me.",
    "rider_issue": "The rider left my food downstairs.", "other": "How do I get an invoice?",
}
CATEGORIES = ("order_delay", "food_quality", "refund_dispute", "service_attitude", "rider_issue", "other")
STEPS = ("greeting", "self_intro", "offer_help", "verification", "empathy", "solution", "transfer_notice",
         "other_needs", "closing")
VIOLATIONS = ("evasive", "rude", "long_silence", "overtalk", "no_apology_on_complaint")
LEVEL_LABELS = ("未解决 Unresolved", "已受理 Logged", "已解决 Resolved", "满意级 Satisfied", "惊喜级 Surprise")


def call_id_for(seed: int, i: int) -> str:
    return hashlib.sha256(f"synthetic-call|{seed}|{i}".encode()).hexdigest()


def _turns(rng: random.Random, words: dict, category: str, level: int, missing: set, violation: str | None):
    """Turn texts as (speaker, text, step-or-cue keys said in it)."""
    opening = "".join(words[k] for k in ("greeting", "self_intro", "offer_help") if k not in missing)
    plan = [("agent", opening or words["offer_help"], [k for k in ("greeting", "self_intro", "offer_help")
                                                      if k not in missing]),
            ("customer", words[category], ["complaint"])]
    if "verification" not in missing:
        plan += [("agent", words["verification"], ["verification"]), ("customer", words["order"], ["order"])]
    if "empathy" not in missing:
        plan.append(("agent", words["empathy"], ["empathy"]))
    if violation in ("evasive", "rude"):
        plan += [("agent", words[violation], [violation]), ("customer", words["angry"], [])]
    if level >= 2:
        plan.append(("agent", words["solution"] + (words["extra"] if level == 4 else ""), ["solution"]))
        plan.append(("customer", words["delight"] if level == 4 else words["accept"], []))
    if "other_needs" not in missing:
        plan += [("agent", words["other_needs"], ["other_needs"]), ("customer", words["bye"], [])]
    if "closing" not in missing:
        plan.append(("agent", words["closing"], ["closing"]))
    return plan


def synthetic_call(seed: int, i: int, audio_path: str = "synthetic.wav",
                   ) -> tuple[Call, Transcript, Scorecard]:
    rng = random.Random(f"{seed}:{i}")
    agent = f"A{rng.randint(1, 12):02d}"
    language = "zh" if rng.random() < 0.7 else "en"
    words = _ZH if language == "zh" else _EN
    category = rng.choices(CATEGORIES, weights=(30, 20, 20, 10, 15, 5))[0]
    level = rng.choices(range(5), weights=(10, 20, 35, 25, 10))[0]
    violation = rng.choices((None, "evasive", "rude"), weights=(80, 10, 10))[0]
    if violation == "evasive":
        level = 0
    missing = {s for s in ("self_intro", "verification", "empathy", "other_needs", "closing")
               if rng.random() < 0.15}
    started = FIRST_WEEK + timedelta(days=rng.randrange(56), minutes=rng.randrange(600))
    turns, t = [], 0.0
    said: dict[str, int] = {}
    for index, (speaker, text, keys) in enumerate(_turns(rng, words, category, level, missing, violation)):
        length = max(2.0, len(text) * (0.22 if language == "zh" else 0.07))
        redactions = ()
        if "order" in keys:
            at = text.index("[order_number]")
            redactions = (Redaction("order_number", at, at + len("[order_number]"), t + 0.8, t + length - 0.3),)
        turns.append(Turn(index, speaker, round(t, 2), round(t + length, 2), text, confidence=0.9,
                          redactions=redactions))
        for key in keys:
            said.setdefault(key, index)
        t += length + rng.uniform(0.3, 1.5)
    duration = round(t, 2)
    meta = CallMeta(agent_id=agent, agent_name=f"Agent {agent}", team=AGENT_TEAM[agent], started_at=started,
                    direction="inbound", queue="refunds" if category == "refund_dispute" else "delivery",
                    language=language)
    call = Call(call_id_for(seed, i), audio_path, "audio", meta,
                AudioInfo(duration, 8000, 1, "pcm_s16le", "wav", 16000 * int(duration)))
    verdict = rng.choices(("ok", "review", "unusable"), weights=(85, 12, 3))[0]
    transcript = Transcript(call.call_id, language, tuple(turns), duration,
                            Reliability(verdict, () if verdict == "ok" else ("low ASR confidence",)),
                            role_confidence=0.95, engine="synthetic")

    def evidence(key: str, cue: str) -> tuple[Evidence, ...]:
        if key not in said:
            return ()
        turn = turns[said[key]]
        return (Evidence(turn.index, turn.start, turn.end, turn.text[:40], cue),)

    step_scores = []
    for step in STEPS:
        value = None if step == "transfer_notice" else float(step in said)
        step_scores.append(Score(f"script.{step}", value, None, evidence(step, step)))
    applicable = [s.value for s in step_scores if s.value is not None]
    sentiments = tuple(round(rng.uniform(-0.9, -0.2) if tr.speaker == "customer" and tr.index < 3
                             else rng.uniform(-0.2, 0.9), 2) for tr in turns)
    start, end = sentiments[1], sentiments[-1] if turns[-1].speaker == "customer" else sentiments[-2]
    scores = [Score("resolution_level", float(level), LEVEL_LABELS[level],
                    evidence("solution", "remedy") or evidence("complaint", "complaint")),
              Score("compliance", round(sum(applicable) / len(applicable), 4)), *step_scores,
              *[Score(f"violation.{code}", float(code == violation), None,
                      evidence(code, code) if code == violation else ()) for code in VIOLATIONS],
              Score("politeness.agent", round(rng.uniform(40, 95) - (30 if violation == "rude" else 0), 1)),
              Score("politeness.customer", round(rng.uniform(30, 90), 1)),
              Score("sentiment.customer.start", start), Score("sentiment.customer.end", end),
              Score("sentiment.customer.shift", round(end - start, 2)),
              Score("category", None, category, evidence("complaint", category)),
              Score("metric.handle_time_s", duration, "seconds")]
    scorecard = Scorecard(call.call_id, language, RUBRIC_VERSION, "embedded", tuple(scores), sentiments)
    return call, transcript, scorecard


def synthetic_calls(n: int, seed: int = 7, audio_path: str = "synthetic.wav") -> Iterator[tuple]:
    for i in range(n):
        yield synthetic_call(seed, i, audio_path)


def write_wav(path: Path, seconds: float = 90.0, rate: int = 8000) -> Path:
    """A phone-quality mono WAV: alternating tones (one pitch per 'speaker') with short gaps."""
    frames = bytearray()
    for n in range(int(seconds * rate)):
        t = n / rate
        pitch = 440.0 if int(t // 5) % 2 == 0 else 660.0
        gap = (t % 5) > 4.5
        frames += struct.pack("<h", 0 if gap else int(8000 * math.sin(2 * math.pi * pitch * t)))
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(bytes(frames))
    return path


def build_store(db_path: Path, n: int = 60, seed: int = 7):
    """A store of ``n`` synthetic calls written through the store API, audio beside the database."""
    from store import Store
    from store.results import RubricText

    Path(db_path).parent.mkdir(parents=True, exist_ok=True)
    audio = write_wav(Path(db_path).with_name("synthetic-call.wav"))
    store = Store(db_path)
    records = list(synthetic_calls(n, seed, str(audio)))
    store.add_calls(call for call, _, _ in records)
    rubric = RubricText(RUBRIC_VERSION, "# synthetic rubric\n", "zh", "synthetic")
    for call, transcript, scorecard in records:
        store.save_call_results(call.call_id, transcript, TRANSCRIPT_VERSION, scorecard, SCORE_VERSION,
                                rubric=rubric)
    return store
