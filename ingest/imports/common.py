"""What every importer produces (timed lines of one speaker) and how lines become Turns."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping, Sequence

from callqa.errors import InputError
from callqa.records import AGENT, CUSTOMER, LANGUAGES, ROLES, Reliability, Transcript, Turn, Word

_ROLE_NAMES = {
    AGENT: ("agent", "rep", "representative", "operator", "advisor", "客服", "坐席", "座席", "工作人员"),
    CUSTOMER: ("customer", "caller", "client", "客户", "顾客", "用户", "来电者"),
}
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_MERGE_GAP_S = 2.0  # consecutive lines of one speaker closer than this are one turn


@dataclass(frozen=True)
class Line:
    """One timed stretch of one speaker's speech as the other system wrote it."""

    start: float
    end: float
    text: str
    speaker: str | None = None
    words: tuple[Word, ...] = ()
    channel: int | None = None


def to_transcript(lines: Sequence[Line], *, call_id: str, language: str | None, roles: Mapping[str, str],
                  source: str, engine: str) -> Transcript:
    """Turns from lines: speakers mapped to roles, consecutive lines of one speaker merged."""
    if not lines:
        raise InputError(source, "no timed speech found in the transcript")
    language = language or guess_language(" ".join(line.text for line in lines))
    if language not in LANGUAGES:
        raise InputError(source, f"language must be one of {', '.join(LANGUAGES)}, not {language!r}")
    for role in roles.values():
        if role not in ROLES:
            raise InputError(source, f"a speaker can be mapped to {' or '.join(ROLES)}, not {role!r}")
    joiner = "" if language == "zh" else " "
    turns: list[Turn] = []
    for line in sorted(lines, key=lambda ln: ln.start):
        speaker = speaker_role(line.speaker, roles)
        last = turns[-1] if turns else None
        if last and last.speaker == speaker and last.channel == line.channel and line.start - last.end <= _MERGE_GAP_S:
            turns[-1] = Turn(last.index, speaker, last.start, max(last.end, line.end),
                             (last.text + joiner + line.text).strip(), last.words + line.words, line.channel)
        else:
            turns.append(Turn(len(turns), speaker, line.start, line.end, line.text.strip(), line.words, line.channel))
    duration = max(turn.end for turn in turns)
    known = all(turn.speaker in ROLES for turn in turns)
    reliability = Reliability() if known else Reliability(
        "review", ("speakers not mapped to agent/customer: " + ", ".join(
            sorted({t.speaker for t in turns if t.speaker not in ROLES})),))
    return Transcript(call_id=call_id, language=language, turns=tuple(turns), duration_s=duration,
                      reliability=reliability, engine=engine)


def speaker_role(name: str | None, roles: Mapping[str, str]) -> str:
    """The role a speaker name maps to, the name itself when nothing says, or 'unknown'."""
    if name is None or not name.strip():
        return "unknown"
    name = name.strip()
    if name in roles:
        return roles[name]
    lowered = name.lower()
    for role, names in _ROLE_NAMES.items():
        if any(lowered.startswith(n) and (not n.isascii() or not lowered[len(n):len(n) + 1].isalpha())
               for n in names):
            return role
    return name


def guess_language(text: str) -> str:
    """zh when a fifth or more of the letters are Chinese characters, else en."""
    letters = [c for c in text if c.isalpha()]
    return "zh" if letters and len(_CJK.findall(text)) >= 0.2 * len(letters) else "en"


def seconds(text: str, source: str, where: str) -> float:
    """A time as ``[hh:]mm:ss[.,]fff`` (subtitles) or plain seconds, as a float."""
    parts = text.strip().replace(",", ".").split(":")
    try:
        if len(parts) > 3 or any(p == "" for p in parts):
            raise ValueError(text)
        value = 0.0
        for part in parts:
            value = value * 60 + float(part)
    except ValueError:
        raise InputError(source, f"{where}: not a time: {text.strip()!r}") from None
    return value
