"""When each turn of a scripted call starts and ends: response latencies, pauses, overtalk, waits."""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass

from samples.model import AGENT, Line

LEAD_IN_S = (0.6, 1.2)  # ring-to-first-word
RESPONSE_LATENCY_S = {AGENT: (0.6, 1.4), "customer": (0.3, 0.9)}  # after the other party's turn
SAME_SPEAKER_PAUSE_S = (0.3, 0.7)  # a breath between two turns of one speaker
TAIL_S = 0.8  # silence kept after the last word
ZH_CHARS_PER_S = {AGENT: 4.6, "customer": 4.2}  # a natural Mandarin speaking rate


@dataclass(frozen=True)
class Placed:
    line: Line
    start: float
    end: float


def place(lines: Sequence[Line], durations: Sequence[float], seed: int) -> tuple[Placed, ...]:
    """Lay the turns out in time; ``Line.gap`` overrides the drawn pause (negative: overtalk)."""
    rng = random.Random(seed)
    placed: list[Placed] = []
    for i, (line, duration) in enumerate(zip(lines, durations, strict=True)):
        if i == 0:
            start = rng.uniform(*LEAD_IN_S)
        else:
            previous = placed[-1]
            if line.gap is not None:
                gap = line.gap
            elif line.speaker == previous.line.speaker:
                gap = rng.uniform(*SAME_SPEAKER_PAUSE_S)
            else:
                gap = rng.uniform(*RESPONSE_LATENCY_S[line.speaker])
            start = max(0.0, previous.end + gap)
        placed.append(Placed(line, round(start, 2), round(start + duration, 2)))
    return tuple(placed)


def call_length(placed: Sequence[Placed]) -> float:
    return round(max(p.end for p in placed) + TAIL_S, 2)


def spoken_zh_duration(line: Line, rng: random.Random) -> float:
    """Seconds a Chinese turn takes to say: its characters at the speaker's rate, with a little jitter."""
    chars = len(re.sub(r"[\s，。？！、：；“”‘’（）…,.?!:;\"'()-]", "", line.text))
    return round(max(0.6, chars / ZH_CHARS_PER_S[line.speaker] * rng.uniform(0.9, 1.1)), 2)
