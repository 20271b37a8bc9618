"""QA sampling plans: N calls per agent per week, stratified, risky calls oversampled, reproducible.

A plan is data (:class:`PlanParams`); a draw is a pure function of the plan and the candidate calls.
Each (agent, week) stratum gets its own random stream derived from the seed, so the same plan over
the same calls draws the same calls, and calls arriving in another week do not change this week's draw.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from datetime import date

import numpy as np
import pandas as pd

RISK_REASONS = ("low_level", "violation", "negative_shift", "unreliable")


@dataclass(frozen=True)
class PlanParams:
    per_agent_week: int = 3
    risk_weight: float = 3.0  # a risky call is this many times as likely to be drawn
    negative_shift: float = -0.2  # customer sentiment shift at or below this is risky
    low_level: int = 1  # resolution level at or below this is risky
    date_from: date | None = None
    date_to: date | None = None
    teams: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        out = asdict(self)
        out["date_from"] = self.date_from.isoformat() if self.date_from else None
        out["date_to"] = self.date_to.isoformat() if self.date_to else None
        out["teams"] = list(self.teams)
        return out


def risk_reasons(row: pd.Series, params: PlanParams) -> tuple[str, ...]:
    """Why a call is risky (empty when it is not)."""
    reasons = []
    level = row.get("resolution_level")
    if level is not None and not pd.isna(level) and level <= params.low_level:
        reasons.append("low_level")
    if (row.get("violations") or 0) > 0:
        reasons.append("violation")
    shift = row.get("customer_shift")
    if shift is not None and not pd.isna(shift) and shift <= params.negative_shift:
        reasons.append("negative_shift")
    verdict = row.get("verdict")
    if verdict is not None and not pd.isna(verdict) and verdict != "ok":
        reasons.append("unreliable")
    return tuple(reasons)


def _stream(seed: int, agent: str, week: str) -> np.random.Generator:
    digest = hashlib.sha256(f"{seed}|{agent}|{week}".encode("utf-8")).digest()
    return np.random.default_rng(int.from_bytes(digest[:8], "big"))


def draw_sample(candidates: pd.DataFrame, params: PlanParams, seed: int) -> pd.DataFrame:
    """The calls a plan picks: columns call_id, agent_id, week, risky, reasons.

    ``candidates`` needs call_id, agent_id, started_at and may have resolution_level, violations,
    customer_shift, verdict. Within each (agent, week) up to ``per_agent_week`` calls are drawn without
    replacement, a risky call weighing ``risk_weight`` times an ordinary one.
    """
    columns = ["call_id", "agent_id", "week", "risky", "reasons"]
    if candidates.empty or params.per_agent_week <= 0:
        return pd.DataFrame(columns=columns)
    frame = candidates.copy()
    frame["agent_id"] = frame["agent_id"].fillna("?").astype(str)
    started = pd.to_datetime(frame["started_at"])
    frame["week"] = (started - pd.to_timedelta(started.dt.weekday, unit="D")).dt.strftime("%Y-%m-%d")
    frame["week"] = frame["week"].fillna("undated")
    frame["reasons"] = [risk_reasons(row, params) for _, row in frame.iterrows()]
    frame["risky"] = frame["reasons"].map(bool)
    picked = []
    for (agent, week), stratum in frame.sort_values("call_id").groupby(["agent_id", "week"], sort=True):
        take = min(params.per_agent_week, len(stratum))
        weights = np.where(stratum["risky"].to_numpy(), params.risk_weight, 1.0)
        chosen = _stream(seed, agent, week).choice(len(stratum), size=take, replace=False,
                                                   p=weights / weights.sum())
        picked.append(stratum.iloc[sorted(chosen)])
    if not picked:
        return pd.DataFrame(columns=columns)
    return pd.concat(picked)[columns].reset_index(drop=True)


def assign_round_robin(call_ids: list[str], reviewers: list[str], seed: int) -> list[tuple[str, str]]:
    """(call_id, reviewer) pairs spreading calls evenly over reviewers in a seeded order."""
    if not reviewers:
        return []
    order = list(reviewers)
    np.random.default_rng(seed).shuffle(order)
    return [(call_id, order[i % len(order)]) for i, call_id in enumerate(call_ids)]
