"""Figures the pages compute from query results: category alerts, agreement tables, leniency.

Pure pandas over DataFrames the store returns; the kappas come from scoring/agreement.py.
"""

from __future__ import annotations

import math

import pandas as pd

from scoring.agreement import cohen_kappa, quadratic_weighted_kappa

LEVEL = "resolution_level"


def category_alerts(weekly: pd.DataFrame, *, min_calls: int = 5, ratio: float = 2.0,
                    history: int = 4) -> pd.DataFrame:
    """Categories whose latest week has ``ratio`` times the calls of their mean over the weeks before.

    ``weekly`` has columns week, category, calls. A sudden rise in one complaint category is what
    the business needs to hear about first.
    """
    columns = ["category", "week", "calls", "ratio"]
    if weekly.empty:
        return pd.DataFrame(columns=columns)
    table = weekly.pivot_table(index="week", columns="category", values="calls", aggfunc="sum",
                               fill_value=0).sort_index()
    if len(table) < 2:
        return pd.DataFrame(columns=columns)
    last, before = table.iloc[-1], table.iloc[max(0, len(table) - 1 - history):-1]
    rows = []
    for category, calls in last.items():
        baseline = max(float(before[category].mean()), 1.0)
        if calls >= min_calls and calls / baseline >= ratio:
            rows.append({"category": category, "week": table.index[-1], "calls": int(calls),
                         "ratio": calls / baseline})
    return pd.DataFrame(rows, columns=columns).sort_values("ratio", ascending=False, ignore_index=True)


def _rating(criterion: str, value) -> object:
    """A score as a category to compare: the level as an int, a step met/missed/n.a., a violation yes/no."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    if criterion == LEVEL:
        return int(round(value))
    if criterion.startswith("violation."):
        return value > 0
    return int(round(value))


def kappa(criterion: str, a: list, b: list) -> float:
    """QWK for the resolution level, Cohen's kappa for everything else."""
    ra, rb = [_rating(criterion, v) for v in a], [_rating(criterion, v) for v in b]
    if criterion == LEVEL:
        pairs = [(x, y) for x, y in zip(ra, rb) if x != "n/a" and y != "n/a"]
        if not pairs:
            return float("nan")
        return quadratic_weighted_kappa([x for x, _ in pairs], [y for _, y in pairs], 0, 4)
    return cohen_kappa(ra, rb)


def agreement_table(pairs: pd.DataFrame, left: str = "machine_value", right: str = "human_value",
                    min_pairs: int = 1) -> pd.DataFrame:
    """Per criterion: pairs, share of exact agreement, kappa (QWK for the level) and its name."""
    rows = []
    if pairs.empty:
        return pd.DataFrame(columns=["criterion", "pairs", "agreement", "kappa", "statistic"])
    for criterion, group in pairs.groupby("criterion", sort=True):
        if not (criterion == LEVEL or criterion.startswith(("script.", "violation."))):
            continue
        if len(group) < min_pairs:
            continue
        a, b = group[left].tolist(), group[right].tolist()
        same = sum(_rating(criterion, x) == _rating(criterion, y) for x, y in zip(a, b))
        rows.append({"criterion": criterion, "pairs": len(group), "agreement": same / len(group),
                     "kappa": kappa(criterion, a, b),
                     "statistic": "QWK" if criterion == LEVEL else "Cohen κ"})
    table = pd.DataFrame(rows, columns=["criterion", "pairs", "agreement", "kappa", "statistic"])
    order = table["criterion"].map(lambda c: (c != LEVEL, not c.startswith("script."), c))
    return table.iloc[order.argsort(kind="stable")].reset_index(drop=True)


def leniency(pairs: pd.DataFrame) -> pd.DataFrame:
    """Per reviewer: levels reviewed, mean (human − machine) level, share of scores they corrected."""
    columns = ["reviewer", "reviews", "level_bias", "correction_rate"]
    if pairs.empty:
        return pd.DataFrame(columns=columns)
    rows = []
    for reviewer, group in pairs.groupby("reviewer", sort=True):
        levels = group[group["criterion"] == LEVEL].dropna(subset=["machine_value", "human_value"])
        changed = [_rating(c, m) != _rating(c, h) for c, m, h in
                   zip(group["criterion"], group["machine_value"], group["human_value"])]
        rows.append({"reviewer": reviewer, "reviews": len(group),
                     "level_bias": (levels["human_value"] - levels["machine_value"]).mean()
                     if len(levels) else float("nan"),
                     "correction_rate": sum(changed) / len(group)})
    return pd.DataFrame(rows, columns=columns)
