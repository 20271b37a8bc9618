"""The scoring room: a transcript in, a Scorecard out (every RUBRIC.md criterion with evidence).

    scorer = build_scorer(settings)          # backend by name: embedded | transformers | llm
    card = scorer.score(transcript)          # Scorecard; scorer.version keys the stored result
    scorecard_to_json(card, transcript)      # the ``callqa score --json`` contract

Backends are imported only when chosen, so importing this package stays light.
"""

from __future__ import annotations

from typing import Any


def build_scorer(settings: Any):
    """The scorer named by ``settings.scorer`` (see callqa.registry), built once per worker."""
    from callqa.registry import build

    return build("scorer", settings.scorer, settings)


def scorecard_to_json(scorecard, transcript=None) -> dict:
    from scoring.contract import scorecard_to_json as to_json

    return to_json(scorecard, transcript)


__all__ = ["build_scorer", "scorecard_to_json"]
