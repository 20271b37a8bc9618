"""Language handling: which languages a call may be in, picking one from Whisper's probabilities,
and Chinese normalised to Simplified characters.

Mandarin is decoded without an initial prompt by default (setting ``prompt_zh``). A prompt such
as 以下是普通话的句子。 makes Whisper base write Simplified characters and punctuation, but steers it
towards read speech: on the conversational (meeting) clip of the Mandarin evaluation set it cost
about 7 characters in 58, and OpenCC gives Simplified characters anyway. Punctuation then comes from
pauses (``transcribe.punctuation``). Content words in a prompt leak into transcripts.
"""

from __future__ import annotations

import functools

from callqa.records import LANGUAGES


def pick_language(probabilities: list[tuple[str, float]], allowed=LANGUAGES,
                  hint: str | None = None, min_probability: float = 0.6) -> tuple[str, float]:
    """The most probable allowed language and its share among the allowed ones.

    Whisper's own top choice may be a language a call centre does not serve (noise reads as
    Welsh or Nynorsk); only ``allowed`` languages count. When the choice is uncertain and a hint is
    given (the manifest's language), the hint wins.
    """
    scores = {lang: p for lang, p in probabilities if lang in allowed}
    if not scores:
        return (hint or allowed[0]), 0.0
    total = sum(scores.values()) or 1.0
    best = max(scores, key=scores.get)
    share = scores[best] / total
    if hint in allowed and best != hint and share < min_probability:
        return hint, scores.get(hint, 0.0) / total
    return best, share


@functools.lru_cache(maxsize=1)
def _t2s():
    from opencc import OpenCC

    return OpenCC("t2s")


def simplified(text: str) -> str:
    """Chinese text in Simplified characters (other text unchanged)."""
    if not any("\u3400" <= ch <= "\u9fff" for ch in text):
        return text
    return _t2s().convert(text)


def dominant(durations: dict[str, float], fallback: str = "en") -> str:
    """The language with the most speech."""
    spoken = {k: v for k, v in durations.items() if k in LANGUAGES and v > 0}
    return max(spoken, key=spoken.get) if spoken else fallback
