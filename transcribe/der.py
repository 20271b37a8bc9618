"""Diarization error rate (DER), evaluated on a 10 ms grid, as NIST md-eval defines it.

DER = (missed speech + false alarm + speaker confusion) / reference speech, with the optimal
one-to-one mapping between reference and hypothesis speakers (Hungarian, on overlap time).
Overlapped reference speech counts once per speaker. ``collar`` removes ``±collar`` seconds around
every reference boundary from scoring (md-eval's ``-c``; pyannote.metrics calls the total width
``collar``, so its 0.5 is this 0.25). ``uem`` limits scoring to (start, end) regions.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

from callqa.records import SpeakerSpan

STEP = 0.01


@dataclass(frozen=True)
class DerResult:
    der: float
    missed: float
    false_alarm: float
    confusion: float
    total: float  # scored reference speech, seconds


def read_rttm(path: str | Path, file_id: str | None = None) -> list[SpeakerSpan]:
    spans = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        fields = line.split()
        if len(fields) < 8 or fields[0] != "SPEAKER" or (file_id and fields[1] != file_id):
            continue
        start, duration = float(fields[3]), float(fields[4])
        spans.append(SpeakerSpan(start, start + duration, fields[7]))
    return spans


def read_uem(path: str | Path, file_id: str) -> list[tuple[float, float]]:
    out = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        fields = line.split()
        if len(fields) >= 4 and fields[0] == file_id:
            out.append((float(fields[2]), float(fields[3])))
    return out


def _grid(spans: Sequence[SpeakerSpan], n: int) -> tuple[list[str], np.ndarray]:
    labels = sorted({s.speaker for s in spans})
    grid = np.zeros((len(labels), n), dtype=bool)
    for s in spans:
        grid[labels.index(s.speaker), max(0, int(round(s.start / STEP))):max(0, int(round(s.end / STEP)))] = True
    return labels, grid


def der(reference: Sequence[SpeakerSpan], hypothesis: Sequence[SpeakerSpan], *, collar: float = 0.0,
        uem: Iterable[tuple[float, float]] | None = None) -> DerResult:
    from scipy.optimize import linear_sum_assignment

    end = max([s.end for s in reference] + [s.end for s in hypothesis] + [e for _, e in (uem or [])] + [0.0])
    n = int(np.ceil(end / STEP)) + 1
    _, ref = _grid(reference, n)
    _, hyp = _grid(hypothesis, n)
    scored = np.zeros(n, dtype=bool)
    if uem:
        for s, e in uem:
            scored[int(round(s / STEP)):int(round(e / STEP))] = True
    else:
        scored[:] = True
    if collar > 0:
        c = int(round(collar / STEP))
        for s in reference:
            for t in (s.start, s.end):
                i = int(round(t / STEP))
                scored[max(0, i - c):i + c] = False
    ref, hyp = ref[:, scored], hyp[:, scored]
    n_ref, n_hyp = ref.sum(axis=0), hyp.sum(axis=0)
    correct = np.zeros_like(n_ref)
    if len(ref) and len(hyp):
        overlap = ref.astype(np.int64) @ hyp.T.astype(np.int64)
        rows, cols = linear_sum_assignment(-overlap)
        for r, h in zip(rows, cols):
            correct += ref[r] & hyp[h]
    missed = np.maximum(n_ref - n_hyp, 0).sum() * STEP
    false_alarm = np.maximum(n_hyp - n_ref, 0).sum() * STEP
    confusion = (np.minimum(n_ref, n_hyp) - correct).sum() * STEP
    total = n_ref.sum() * STEP
    return DerResult((missed + false_alarm + confusion) / total if total else 0.0,
                     missed, false_alarm, confusion, total)
