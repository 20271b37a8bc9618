"""Scoring against human labels: the labelled regression set, the benchmark and calibration use this.

A labelled call is an interchange transcript with an extra ``labels`` object::

    "labels": {"resolution_level": 0..4, "script": {step: true | false | null},
               "violations": [code, ...], "category": code, "split": "tuned" | "holdout"}
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from callqa.interchange import transcript_from_dict
from callqa.records import Scorecard, Transcript
from callqa.rubric import SCRIPT_STEPS, VIOLATIONS
from scoring.agreement import BinaryAgreement, accuracy, binary_agreement, quadratic_weighted_kappa


@dataclass(frozen=True)
class Labelled:
    transcript: Transcript
    level: int
    script: dict[str, bool | None]
    violations: frozenset[str]
    category: str
    source: str
    split: str = "tuned"  # "tuned": the rubric was adjusted while reading these; "holdout": never


def read_labelled(folder: str | Path) -> list[Labelled]:
    out = []
    for path in sorted(Path(folder).glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        labels = doc.pop("labels")
        transcript, _ = transcript_from_dict(doc, source=str(path))
        out.append(Labelled(transcript, int(labels["resolution_level"]), dict(labels["script"]),
                            frozenset(labels["violations"]), labels["category"], str(path),
                            labels.get("split", "tuned")))
    return out


@dataclass(frozen=True)
class Report:
    n: int
    level_qwk: float
    level_exact: float
    steps: dict[str, BinaryAgreement]
    violations: dict[str, BinaryAgreement]
    category_accuracy: float
    misses: tuple[str, ...]  # one line per disagreement, for reading


def evaluate(pairs: Iterable[tuple[Labelled, Scorecard]]) -> Report:
    pairs = list(pairs)
    misses = []
    truth_levels, got_levels = [], []
    step_pairs: dict[str, tuple[list[bool], list[bool]]] = {s: ([], []) for s in SCRIPT_STEPS}
    vio_pairs: dict[str, tuple[list[bool], list[bool]]] = {v: ([], []) for v in VIOLATIONS}
    cats = ([], [])
    for item, card in pairs:
        name = item.transcript.call_id
        level = int(card.value("resolution_level"))
        truth_levels.append(item.level)
        got_levels.append(level)
        if level != item.level:
            misses.append(f"{name}: level {level}, labelled {item.level} "
                          f"({card.get('resolution_level').evidence[-1].note or ''})")
        for step in SCRIPT_STEPS:
            truth, got = item.script.get(step), card.value(f"script.{step}")
            truth_met, got_met = bool(truth), bool(got)
            step_pairs[step][0].append(truth_met)
            step_pairs[step][1].append(got_met)
            if truth_met != got_met:
                misses.append(f"{name}: script.{step} {got}, labelled {truth}")
        for code in VIOLATIONS:
            truth_v, got_v = code in item.violations, bool(card.value(f"violation.{code}"))
            vio_pairs[code][0].append(truth_v)
            vio_pairs[code][1].append(got_v)
            if truth_v != got_v:
                misses.append(f"{name}: violation.{code} {got_v}, labelled {truth_v}")
        got_cat = card.get("category").label
        cats[0].append(item.category)
        cats[1].append(got_cat)
        if got_cat != item.category:
            misses.append(f"{name}: category {got_cat}, labelled {item.category}")
    return Report(
        n=len(pairs),
        level_qwk=quadratic_weighted_kappa(truth_levels, got_levels, 0, 4),
        level_exact=accuracy(truth_levels, got_levels),
        steps={s: binary_agreement(*step_pairs[s]) for s in SCRIPT_STEPS},
        violations={v: binary_agreement(*vio_pairs[v]) for v in VIOLATIONS},
        category_accuracy=accuracy(*cats),
        misses=tuple(misses),
    )
