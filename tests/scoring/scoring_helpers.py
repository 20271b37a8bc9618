"""Small builders for scoring tests: transcripts from (speaker, start, end, text) rows."""

from __future__ import annotations

from callqa.records import Transcript, Turn
from callqa.settings import load_settings


def transcript(language: str, rows, call_id: str = "test-call", duration_s: float | None = None) -> Transcript:
    turns = tuple(Turn(index=i, speaker=s, start=float(a), end=float(b), text=text)
                  for i, (s, a, b, text) in enumerate(rows))
    return Transcript(call_id=call_id, language=language, turns=turns, duration_s=duration_s)


def call(language: str, lines) -> Transcript:
    """A transcript from (speaker, text) lines, two seconds apart."""
    rows, t = [], 0.0
    for speaker, text in lines:
        rows.append((speaker, t, t + 1.5, text))
        t += 2.0
    return transcript(language, rows)


def settings(**overrides):
    return load_settings(overrides=overrides, env={}, config_file=None)


def shared_data(*parts: str):
    """A path under ../shared/data, or skip the test with the reason when it is absent."""
    from pathlib import Path

    import pytest

    path = Path(__file__).resolve().parents[3].joinpath("shared", "data", *parts)
    if not path.exists():
        pytest.skip(f"evaluation data not found at {path} (../shared/data beside the checkout)")
    return path
