"""Agreement statistics between raters (machine vs human, human vs human): kappas and F1.

Used by the benchmarks, the dashboard's calibration page and notebooks. Pure Python, no numpy.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Hashable, Sequence


def _check(a: Sequence, b: Sequence) -> None:
    if len(a) != len(b):
        raise ValueError(f"rater sequences differ in length ({len(a)} vs {len(b)})")
    if not a:
        raise ValueError("no ratings to compare")


def cohen_kappa(a: Sequence[Hashable], b: Sequence[Hashable]) -> float:
    """Cohen's kappa for two raters over nominal labels (1.0 when both agree on a single label)."""
    _check(a, b)
    n = len(a)
    observed = sum(x == y for x, y in zip(a, b)) / n
    ca, cb = Counter(a), Counter(b)
    expected = sum(ca[k] * cb.get(k, 0) for k in ca) / (n * n)
    if expected == 1.0:
        return 1.0 if observed == 1.0 else 0.0
    return (observed - expected) / (1.0 - expected)


def quadratic_weighted_kappa(a: Sequence[int], b: Sequence[int], low: int | None = None,
                             high: int | None = None) -> float:
    """Quadratic weighted kappa for ordinal ratings in low..high (e.g. resolution levels 0..4)."""
    _check(a, b)
    a, b = [int(x) for x in a], [int(x) for x in b]
    low = min(a + b) if low is None else low
    high = max(a + b) if high is None else high
    k = high - low + 1
    if k <= 1:
        return 1.0
    n = len(a)
    observed = [[0.0] * k for _ in range(k)]
    for x, y in zip(a, b):
        observed[x - low][y - low] += 1
    ra = [sum(row) for row in observed]
    rb = [sum(observed[i][j] for i in range(k)) for j in range(k)]
    num = den = 0.0
    for i in range(k):
        for j in range(k):
            w = (i - j) ** 2 / (k - 1) ** 2
            num += w * observed[i][j]
            den += w * ra[i] * rb[j] / n
    if den == 0:
        return 1.0 if num == 0 else 0.0
    return 1.0 - num / den


@dataclass(frozen=True)
class BinaryAgreement:
    tp: int
    fp: int
    fn: int
    tn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        if self.tp == 0:
            return 1.0 if self.fp == 0 and self.fn == 0 else 0.0
        return 2 * p * r / (p + r)

    @property
    def support(self) -> int:
        return self.tp + self.fn


def binary_agreement(truth: Sequence[bool], predicted: Sequence[bool]) -> BinaryAgreement:
    """Confusion counts of a yes/no criterion; ``f1`` is 1.0 when neither side ever says yes."""
    _check(truth, predicted)
    tp = sum(1 for t, p in zip(truth, predicted) if t and p)
    fp = sum(1 for t, p in zip(truth, predicted) if not t and p)
    fn = sum(1 for t, p in zip(truth, predicted) if t and not p)
    return BinaryAgreement(tp, fp, fn, len(truth) - tp - fp - fn)


def f1_score(truth: Sequence[bool], predicted: Sequence[bool]) -> float:
    return binary_agreement(truth, predicted).f1


def accuracy(truth: Sequence[Hashable], predicted: Sequence[Hashable]) -> float:
    _check(truth, predicted)
    return sum(t == p for t, p in zip(truth, predicted)) / len(truth)


def macro_f1(truth: Sequence[Hashable], predicted: Sequence[Hashable]) -> float:
    labels = sorted(set(truth) | set(predicted), key=str)
    return sum(f1_score([t == k for t in truth], [p == k for p in predicted]) for k in labels) / len(labels)
