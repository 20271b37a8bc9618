"""Records for store tests, generated from code with a fixed seed."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from callqa.records import (
    AudioInfo, Call, CallMeta, Evidence, Redaction, Reliability, Score, Scorecard, Transcript,
    Turn, Word,
)
from store import Store

TEAMS = ("alpha", "beta", "gamma")
CATEGORIES = ("order_delay", "food_quality", "refund_dispute", "service_attitude", "rider_issue", "other")
STEPS = ("greeting", "self_intro", "offer_help", "empathy", "solution", "other_needs", "closing")
LEVEL_NAMES = ("未解决 Unresolved", "已受理 Logged", "已解决 Resolved", "满意级 Satisfied", "惊喜级 Surprise")


def make_call(i: int, *, team: str | None = None, agent: str | None = None,
              started_at: datetime | None = None, source: str | None = None) -> Call:
    rng = random.Random(i)
    return Call(
        call_id=f"{i:064x}",
        source=source or f"/calls/week {i % 4}/通话 {i}.wav",
        media="audio",
        meta=CallMeta(agent_id=agent or f"A{i % 5}", agent_name=f"Agent {i % 5}",
                      team=team or TEAMS[i % len(TEAMS)],
                      started_at=started_at or datetime(2025, 3, 3, 9) + timedelta(days=i % 28, minutes=i),
                      direction="inbound", queue=("orders", "refunds")[i % 2],
                      customer_id=f"C{rng.randrange(1000)}", agent_channel=0, language="en"),
        audio=AudioInfo(duration_s=60.0 + i, sample_rate=8000, channels=2, codec="pcm_s16le",
                        container="wav", size_bytes=960_000 + i),
    )


def make_transcript(call_id: str, *, words: str = "order", turns: int = 4, verdict: str = "ok") -> Transcript:
    out = []
    for k in range(turns):
        speaker = "agent" if k % 2 == 0 else "customer"
        text = (f"hello thank you for calling turn {k}" if speaker == "agent"
                else f"my {words} is late, call me at [PHONE] turn {k}")
        out.append(Turn(
            index=k, speaker=speaker, start=k * 5.0, end=k * 5.0 + 4.0, text=text, channel=k % 2,
            confidence=0.9, words=(Word(text.split()[0], k * 5.0, k * 5.0 + 0.5, 0.95),),
            redactions=(Redaction("phone", text.find("[PHONE]"), text.find("[PHONE]") + 7,
                                  k * 5.0 + 2, k * 5.0 + 3),) if "[PHONE]" in text else ()))
    return Transcript(call_id=call_id, language="en", turns=tuple(out), duration_s=turns * 5.0,
                      reliability=Reliability(verdict, () if verdict == "ok" else ("low confidence",)),
                      role_confidence=0.8, engine="test-engine")


def make_scorecard(call_id: str, *, level: int = 2, compliance: float = 0.75,
                   violations: dict[str, int] | None = None, category: str = "order_delay",
                   shift: float = 0.2, rubric_version: str = "rubric-1", turns: int = 4) -> Scorecard:
    violations = {"rude": 0, "evasive": 0} | (violations or {})
    scores = [
        Score("resolution_level", float(level), LEVEL_NAMES[level],
              (Evidence(turn=1, start=5.0, end=9.0, quote="my order is late", cue="remedy offered"),)),
        Score("compliance", compliance),
        *(Score(f"script.{step}", 1.0 if n / len(STEPS) < compliance else 0.0) for n, step in enumerate(STEPS)),
        Score("script.transfer_notice", None),
        *(Score(f"violation.{code}", float(count),
                evidence=tuple(Evidence(turn=0, quote="calm down", cue=code) for _ in range(count)))
          for code, count in violations.items()),
        Score("politeness.agent", 80.0), Score("politeness.customer", 60.0),
        Score("sentiment.customer.start", -0.3), Score("sentiment.customer.end", -0.3 + shift),
        Score("sentiment.customer.shift", shift),
        Score("category", None, category),
        Score("metric.handle_time_s", 20.0), Score("metric.agent_talk_ratio", 0.5),
    ]
    return Scorecard(call_id=call_id, language="en", rubric_version=rubric_version, scorer="embedded",
                     scores=tuple(scores), turn_sentiment=tuple((-0.5 + k * 0.2) for k in range(turns)))




def table_counts(store: Store) -> dict[str, int]:
    tables = ("calls", "call_sources", "input_failures", "stage_status", "transcripts", "turns",
              "scorecards", "scores", "turn_sentiment", "rubrics", "reviews", "audit_log")
    with store.read() as con:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
