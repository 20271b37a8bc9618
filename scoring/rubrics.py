"""Which rubric scores a call: the shipped one for its language, or the customer's file."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from callqa.records import LANGUAGES
from callqa.rubric import Rubric, load_rubric

SHIPPED = Path(__file__).with_name("rubrics")


def shipped_rubric_path(language: str) -> Path:
    return SHIPPED / f"{language}.toml"


@lru_cache(maxsize=32)
def _load(path: str, mtime_ns: int) -> Rubric:
    return load_rubric(path)


def cached_rubric(path: str | Path) -> Rubric:
    """A rubric loaded once per file content (a changed file is read again)."""
    path = Path(path).expanduser()
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        mtime = -1
    return _load(str(path), mtime)


class RubricChoice:
    """``auto`` picks the shipped rubric for the call's language; anything else is a file path."""

    def __init__(self, setting: str):
        self.setting = setting

    def for_language(self, language: str) -> Rubric:
        if self.setting == "auto":
            return cached_rubric(shipped_rubric_path(language))
        return cached_rubric(self.setting)

    def versions(self) -> dict[str, str]:
        if self.setting == "auto":
            return {lang: cached_rubric(shipped_rubric_path(lang)).version for lang in LANGUAGES}
        return {"file": cached_rubric(self.setting).version}
