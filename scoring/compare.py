"""What changed between two scorecards of one call (e.g. before and after a rubric edit)."""

from __future__ import annotations

from dataclasses import dataclass

from callqa.records import Scorecard


@dataclass(frozen=True)
class Change:
    criterion: str
    before: float | str | None  # the value, or the label for label-only scores (category)
    after: float | str | None


def _shown(score) -> float | str | None:
    if score is None:
        return None
    return score.value if score.value is not None else score.label


def scorecard_changes(before: Scorecard, after: Scorecard, tolerance: float = 1e-6) -> list[Change]:
    """Every criterion whose value (or label) differs, in the newer scorecard's order."""
    if before.call_id != after.call_id:
        raise ValueError(f"scorecards of different calls ({before.call_id} vs {after.call_id})")
    names = [s.criterion for s in after.scores] + [s.criterion for s in before.scores
                                                   if after.get(s.criterion) is None]
    out = []
    for name in names:
        old, new = _shown(before.get(name)), _shown(after.get(name))
        if isinstance(old, float) and isinstance(new, float) and abs(old - new) <= tolerance:
            continue
        if old != new:
            out.append(Change(name, old, new))
    return out
