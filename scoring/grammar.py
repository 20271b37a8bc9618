"""The grammar cues of ``lexicons/grammar.toml`` (conditions, pending decisions, pushes back to the
customer, confirmations, surprise), per language: word lists as tuples, patterns compiled."""

from __future__ import annotations

import functools
import re
import tomllib
from pathlib import Path

GRAMMAR = Path(__file__).with_name("lexicons") / "grammar.toml"


@functools.lru_cache(maxsize=1)
def _doc() -> dict:
    return tomllib.loads(GRAMMAR.read_text(encoding="utf-8"))


def words(name: str) -> dict[str, tuple[str, ...]]:
    return {lang: tuple(items) for lang, items in _doc()[name].items()}


def pattern(name: str) -> dict[str, re.Pattern]:
    return {lang: re.compile(text) for lang, text in _doc()[name].items()}
