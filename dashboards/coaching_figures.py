"""The coaching page's figures from one query's sums (store.dashboard_queries.coaching_sums).

Each input row is (who, week, measure, total, n) with ``who`` agent or team; a figure over any rows
is sum(total) / sum(n), a count is sum(n), and ``violation.<code>`` is divided by the scored calls.
Pure pandas, so the figures are tested against the store's direct queries on the same calls.
"""

from __future__ import annotations

import pandas as pd

COUNTS = ("calls", "scored_calls")
WHO = ("agent", "team")


def _ratio(total: pd.Series, n: pd.Series) -> pd.Series:
    return (total / n.where(n > 0)).astype(float)


def scorecard(sums: pd.DataFrame) -> pd.DataFrame:
    """measure, agent, team: the KPIs, ``script.<step>`` and ``violation.<code>`` over all weeks
    (the shape of ``Store.agent_scorecard``)."""
    rows = sums[~sums["measure"].str.startswith("level.")]
    totals = rows.groupby(["measure", "who"])[["total", "n"]].sum()
    figure = _ratio(totals["total"], totals["n"]).unstack("who").reindex(columns=list(WHO))
    counts = totals["n"].unstack("who").reindex(columns=list(WHO))
    for measure in COUNTS:
        if measure in figure.index:
            figure.loc[measure] = counts.loc[measure].astype(float)
    codes = [m for m in figure.index if m.startswith("violation.")]
    if codes:
        scored = counts.loc["scored_calls"] if "scored_calls" in counts.index else pd.Series(dtype=float)
        hits = totals["total"].unstack("who").reindex(index=codes, columns=list(WHO)).fillna(0.0)
        figure.loc[codes] = hits / scored.reindex(list(WHO)).where(lambda s: s > 0)
    return figure.rename_axis(index="measure", columns=None).reset_index().sort_values(
        "measure", ignore_index=True)


def level_distribution(sums: pd.DataFrame) -> pd.DataFrame:
    """who, level, calls, share (of that who's scored calls with a level)."""
    rows = sums[sums["measure"].str.startswith("level.")]
    levels = rows.groupby(["who", "measure"], as_index=False)["n"].sum()
    levels["level"] = levels["measure"].str.split(".").str[1].astype(int)
    levels = levels.rename(columns={"n": "calls"})[["who", "level", "calls"]]
    levels["share"] = levels["calls"] / levels.groupby("who")["calls"].transform("sum")
    return levels.sort_values(["who", "level"], ignore_index=True)


def weekly(sums: pd.DataFrame) -> pd.DataFrame:
    """who, week, calls, mean_level: the weekly trend of the agent and of the team."""
    rows = sums[sums["measure"].isin(("calls", "mean_level"))]
    table = rows.pivot_table(index=["who", "week"], columns="measure", values=["total", "n"], aggfunc="sum")
    out = pd.DataFrame({"calls": table[("n", "calls")],
                        "mean_level": _ratio(table[("total", "mean_level")], table[("n", "mean_level")])
                        if ("total", "mean_level") in table.columns else float("nan")})
    return out.reset_index().sort_values(["who", "week"], ignore_index=True)
