"""Conversation metrics (RUBRIC §7), computed from turn timing alone."""

from __future__ import annotations

from callqa.records import AGENT, CUSTOMER, Evidence, Score, Transcript, Turn
from scoring.text import char_count

METRICS = ("handle_time_s", "agent_talk_ratio", "customer_talk_ratio", "silence_ratio",
           "longest_silence_s", "overtalk_count", "agent_response_latency_s", "speaking_rate",
           "customer_speaking_rate")


def _union(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    out: list[list[float]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return [(a, b) for a, b in out]


def _length(spans: list[tuple[float, float]]) -> float:
    return sum(b - a for a, b in spans)


def call_span(transcript: Transcript) -> tuple[float, float]:
    """From 0 (the recording's start) to the recording's end (duration) or the last word."""
    last = max((t.end for t in transcript.turns), default=0.0)
    end = max(transcript.duration_s or 0.0, last)
    return 0.0, end


def silences(transcript: Transcript) -> list[tuple[float, float, Turn | None, Turn | None]]:
    """Stretches where nobody speaks between the first and the last turn: (start, end, before, after)."""
    turns = sorted(transcript.turns, key=lambda t: t.start)
    out, reach, last = [], None, None
    for turn in turns:
        if reach is not None and turn.start > reach:
            out.append((reach, turn.start, last, turn))
        if reach is None or turn.end >= reach:
            reach, last = turn.end, turn
    return out


def overtalks(turns: tuple[Turn, ...], min_overlap_s: float, backchannel_max_chars: int,
              language: str) -> list[tuple[Turn, Turn]]:
    """(agent turn, customer turn) where the agent starts inside the customer's turn and overlaps it."""
    customers = [t for t in turns if t.speaker == CUSTOMER]
    out = []
    for agent in (t for t in turns if t.speaker == AGENT):
        if char_count(agent.text, language) <= backchannel_max_chars:
            continue
        for cust in customers:
            overlap = min(agent.end, cust.end) - agent.start
            if cust.start < agent.start < cust.end and overlap >= min_overlap_s:
                out.append((agent, cust))
                break
    return out


def metric_scores(transcript: Transcript, overtalk: list[tuple[Turn, Turn]]) -> list[Score]:
    start, end = call_span(transcript)
    handle = max(end - start, 1e-9)
    by = {role: [t for t in transcript.turns if t.speaker == role] for role in (AGENT, CUSTOMER)}
    talk = {role: _length(_union([(t.start, t.end) for t in turns])) for role, turns in by.items()}
    speech = _length(_union([(t.start, t.end) for t in transcript.turns]))
    gaps = silences(transcript)
    longest = max(gaps, key=lambda g: g[1] - g[0], default=None)
    latencies = []
    turns = sorted(transcript.turns, key=lambda t: t.start)
    for prev, turn in zip(turns, turns[1:]):
        if prev.speaker == CUSTOMER and turn.speaker == AGENT:
            latencies.append((max(0.0, turn.start - prev.end), turn))

    def rate(role: str) -> float | None:
        minutes = talk[role] / 60.0
        units = sum(char_count(t.text, transcript.language) for t in by[role])
        return round(units / minutes, 1) if minutes > 0 else None

    unit = "characters per minute" if transcript.language == "zh" else "words per minute"
    scores = [
        Score("metric.handle_time_s", round(handle, 2), "seconds",
              (Evidence(start=start, end=end, note="recording start to end"),)),
        Score("metric.agent_talk_ratio", round(talk[AGENT] / handle, 4), "share of handle time"),
        Score("metric.customer_talk_ratio", round(talk[CUSTOMER] / handle, 4), "share of handle time"),
        Score("metric.silence_ratio", round(max(0.0, handle - speech) / handle, 4),
              "share of handle time with nobody speaking"),
        Score("metric.longest_silence_s", round(longest[1] - longest[0], 2) if longest else 0.0, "seconds",
              (Evidence(turn=longest[3].index, start=longest[0], end=longest[1],
                        note="longest gap between turns"),) if longest else ()),
        Score("metric.overtalk_count", float(len(overtalk)), "agent turns started inside a customer turn",
              tuple(Evidence(turn=a.index, start=a.start, end=min(a.end, c.end),
                             note=f"agent talks over customer turn {c.index}") for a, c in overtalk)),
        Score("metric.agent_response_latency_s",
              round(sum(x for x, _ in latencies) / len(latencies), 2) if latencies else None,
              "mean seconds from a customer turn's end to the agent's reply"),
        Score("metric.speaking_rate", rate(AGENT), f"agent {unit}"),
        Score("metric.customer_speaking_rate", rate(CUSTOMER), f"customer {unit}"),
    ]
    return scores
