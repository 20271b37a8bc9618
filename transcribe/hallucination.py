"""Never invent text: recognised segments that are probably not speech are dropped.

Whisper trained on subtitles fills silence and noise with stock phrases ("Thank you.",
"Thanks for watching!", subtitle credits) and with low-probability babble. A segment is kept only
when its decoding statistics say it was heard.
"""

from __future__ import annotations

import re

from callqa.records import Segment

# Stock phrases Whisper produces on non-speech (compared without punctuation, lower case).
_STOCK = (
    "you", "thank you", "thanks for watching", "thank you for watching", "bye", "so", "okay",
    "please subscribe", "subtitles by the amaraorg community",
    "请不吝点赞订阅转发打赏支持明镜与点点栏目", "字幕由amaraorg社区提供", "谢谢观看", "谢谢大家",
    "优优独播剧场youyou独播剧场", "中文字幕志愿者李宗盛", "by索兰娅", "字幕志愿者杨茜茜",
)

MIN_AVG_LOGPROB = -1.2  # below this the decoder was guessing
NO_SPEECH_LIMIT = 0.6  # with a weak log-probability, this much no-speech belief drops the segment
STOCK_NO_SPEECH = 0.25  # a stock phrase needs little doubt to be dropped

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def bare(text: str) -> str:
    return _NON_WORD.sub("", text).lower()


def is_music(text: str) -> bool:
    t = text.strip().lower()
    return bool(t) and (set(t) <= set("♪♫♬ ") or t in {"[music]", "(music)", "[音乐]", "(音乐)", "music"})


STOCK_PHRASES = frozenset(bare(p) for p in _STOCK)


def plausible(segment: Segment) -> bool:
    """Whether a recognised segment should be kept."""
    text = bare(segment.text)
    if not text and not is_music(segment.text):
        return False
    logprob = segment.avg_logprob if segment.avg_logprob is not None else 0.0
    no_speech = segment.no_speech_prob or 0.0
    if logprob < MIN_AVG_LOGPROB:
        return False
    if no_speech > NO_SPEECH_LIMIT and logprob < -0.5:
        return False
    if text in STOCK_PHRASES and (no_speech > STOCK_NO_SPEECH or logprob < -0.6):
        return False
    return True
