"""Punctuation for Chinese that Whisper decoded without any.

Whisper base writes Mandarin without punctuation unless a prompt steers it, and a prompt costs
accuracy on conversational speech (see ``transcribe.language``). Without one it marks some pauses
with a space. Here a pause between two words (or such a space between Chinese characters) becomes
a comma and the end of a segment a full stop, so turns read as sentences in the listening room.
Segments the model did punctuate are left as they are.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Sequence

from callqa.records import Word

PUNCTUATION = set("，。？！、；：,.?!;:…")
COMMA_PAUSE_S = 0.3
FULL_STOP = "。"
COMMA = "，"


def is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff"


def unpunctuated(words: Sequence[Word]) -> bool:
    return bool(words) and not any(ch in PUNCTUATION for w in words for ch in w.text)


def punctuate_zh(words: Sequence[Word]) -> tuple[Word, ...]:
    """Words with commas at pauses and a full stop after the last one, when none had punctuation."""
    if not unpunctuated(words):
        return tuple(words)
    out: list[Word] = []
    for i, word in enumerate(words):
        text = word.text if i == 0 else _joined(words[i - 1], word)
        if i == len(words) - 1:
            text = text.rstrip() + FULL_STOP
        elif _pause_after(word, words[i + 1]):
            text = text.rstrip() + COMMA
        out.append(replace(word, text=text))
    return tuple(out)


def _joined(previous: Word, word: Word) -> str:
    """A word's text without the space Whisper put before it between Chinese characters (the space
    became a comma after the previous word); spaces around Latin words stay."""
    stripped = word.text.lstrip()
    if stripped != word.text and previous.text.strip() and is_cjk(previous.text.strip()[-1]) \
            and stripped and is_cjk(stripped[0]):
        return stripped
    return word.text


def _pause_after(word: Word, following: Word) -> bool:
    if following.start - word.end >= COMMA_PAUSE_S:
        return True
    after = following.text.lstrip()
    return (following.text != after and bool(after) and is_cjk(after[0])
            and bool(word.text.strip()) and is_cjk(word.text.strip()[-1]))
