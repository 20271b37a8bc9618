"""The blind call set (tests/scoring/blind, written by someone who never saw the scorer) as a regression
suite: each split keeps the agreement it reached, with floors just under the measured figures.

blind-dev was used to improve the rubric; blind-test never was (only its totals were read), so its
floors are the honest generalisation figures. A failure on blind-test prints only the figure, never
the calls it missed: reading them would make the set no longer blind (see blind/README.md).
Measured (python benchmarks/scoring_rubric.py): blind-dev QWK 0.941, category 0.938;
blind-test QWK 0.673, category 0.656 (before any change for this set: 0.349 and 0.656).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from callqa.rubric import SCRIPT_STEPS, VIOLATIONS
from scoring import build_scorer
from scoring.evaluation import evaluate, read_labelled
from tests.scoring.scoring_helpers import settings

BLIND = Path(__file__).with_name("blind")

# floors per split: level QWK, category accuracy, F1 per script step and per violation
FLOORS = {
    "dev": {"qwk": 0.92, "category": 0.90, "steps": 0.95, "violations": 0.90},
    "test": {"qwk": 0.65, "category": 0.62,
             "steps": {"transfer_notice": 0.60, "greeting": 0.95, "self_intro": 0.95, "offer_help": 0.95,
                       "verification": 0.95, "empathy": 0.95, "solution": 0.95, "other_needs": 0.95,
                       "closing": 0.95},
             "violations": {"evasive": 0.65, "rude": 0.85, "long_silence": 0.80, "overtalk": 0.95,
                            "no_apology_on_complaint": 0.95}},
}


@pytest.fixture(scope="module")
def scorer():
    return build_scorer(settings())


@pytest.fixture(scope="module", params=sorted(FLOORS))
def split(request, scorer):
    folder = BLIND / request.param
    items = read_labelled(folder) if folder.is_dir() else []
    if not items:
        pytest.skip(f"no blind calls in {folder}")
    return request.param, evaluate((i, scorer.score(i.transcript)) for i in items)


def _floor(kind, split_name: str, code: str) -> float:
    floor = FLOORS[split_name][kind]
    return floor[code] if isinstance(floor, dict) else floor


def _why(split_name: str, report, needle: str) -> str:
    if split_name == "test":
        return "blind-test misses are not printed (reading them unblinds the set)"
    return "\n".join(m for m in report.misses if needle in m)


def test_level_agreement(split):
    name, report = split
    assert report.level_qwk >= FLOORS[name]["qwk"], _why(name, report, "level")


def test_category_accuracy(split):
    name, report = split
    assert report.category_accuracy >= FLOORS[name]["category"], _why(name, report, "category")


@pytest.mark.parametrize("step", SCRIPT_STEPS)
def test_script_step_f1(split, step):
    name, report = split
    assert report.steps[step].f1 >= _floor("steps", name, step), _why(name, report, f"script.{step}")


@pytest.mark.parametrize("code", VIOLATIONS)
def test_violation_f1(split, code):
    name, report = split
    assert report.violations[code].f1 >= _floor("violations", name, code), _why(name, report, f"violation.{code}")
