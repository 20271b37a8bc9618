"""Filters over ``call_summary`` (``call_overview`` plus the searchable text), as bound SQL.

Every value a user types travels as a bound parameter; only fixed column names and operators from
this module are ever written into SQL text, so a filter cannot inject SQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

# The columns a list may be ordered by (a whitelist: the order is never user SQL).
ORDER_COLUMNS = (
    "call_time", "ingested_at", "agent_id", "team", "resolution_level", "compliance",
    "violations", "customer_sentiment_shift", "handle_time_s", "agent_politeness", "category",
)


@dataclass(frozen=True)
class CallFilter:
    """What to show. Empty tuples and None mean "any".

    Row-level access: ``allowed_teams`` (None = every team; a tuple = only calls of those teams,
    so an empty tuple shows nothing) and ``allowed_agent_id`` (only that agent's calls) are set by
    the caller from the user's role and always apply, whatever else is asked.
    """

    date_from: date | datetime | None = None  # call time on or after (a date means its midnight)
    date_to: date | datetime | None = None  # a date includes that whole day
    teams: tuple[str, ...] = ()
    agent_ids: tuple[str, ...] = ()
    queues: tuple[str, ...] = ()
    directions: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    levels: tuple[int, ...] = ()
    violation_codes: tuple[str, ...] = ()  # calls with any of these violations
    has_violation: bool | None = None
    compliance_min: float | None = None
    compliance_max: float | None = None
    shift_min: float | None = None  # customer sentiment shift
    shift_max: float | None = None
    verdicts: tuple[str, ...] = ()  # reliability: ok | review | unusable
    languages: tuple[str, ...] = ()
    scored: bool | None = None  # True: only calls with a scorecard; False: only without
    text: str | None = None  # words said in the call (current transcript), case-insensitive
    call_ids: tuple[str, ...] = ()
    allowed_teams: tuple[str, ...] | None = None
    allowed_agent_id: str | None = None
    order_by: str = "call_time"
    descending: bool = True
    limit: int | None = 500
    offset: int = 0


def _start(moment: date | datetime) -> datetime:
    return moment if isinstance(moment, datetime) else datetime.combine(moment, time.min)


def _end(moment: date | datetime) -> tuple[str, datetime]:
    if isinstance(moment, datetime):
        return "<=", moment
    return "<", datetime.combine(moment + timedelta(days=1), time.min)


def where_clause(f: CallFilter, alias: str = "o") -> tuple[str, list[Any]]:
    """``(sql, params)``: an SQL condition over ``call_summary AS alias`` and its parameters."""
    a = alias
    clauses: list[str] = []
    params: list[Any] = []

    def add(sql: str, *values: Any) -> None:
        clauses.append(sql)
        params.extend(values)

    def one_of(column: str, values: tuple) -> None:
        if values:
            add(f"list_contains(?, {a}.{column})", list(values))

    if f.allowed_teams is not None:
        add(f"list_contains(?, {a}.team)", list(f.allowed_teams))
    if f.allowed_agent_id is not None:
        add(f"{a}.agent_id = ?", f.allowed_agent_id)
    if f.date_from is not None:
        add(f"{a}.call_time >= ?", _start(f.date_from))
    if f.date_to is not None:
        op, moment = _end(f.date_to)
        add(f"{a}.call_time {op} ?", moment)
    one_of("team", f.teams)
    one_of("agent_id", f.agent_ids)
    one_of("queue", f.queues)
    one_of("direction", f.directions)
    one_of("category", f.categories)
    one_of("verdict", f.verdicts)
    one_of("language", f.languages)
    one_of("call_id", f.call_ids)
    if f.levels:
        add(f"list_contains(?, CAST({a}.resolution_level AS INTEGER))", [int(v) for v in f.levels])
    if f.violation_codes:
        add(f"list_has_any({a}.violation_codes, ?::VARCHAR[])", list(f.violation_codes))
    if f.has_violation is True:
        clauses.append(f"{a}.violations > 0")
    elif f.has_violation is False:
        clauses.append(f"{a}.violations = 0")
    for column, op, value in (("compliance", ">=", f.compliance_min),
                              ("compliance", "<=", f.compliance_max),
                              ("customer_sentiment_shift", ">=", f.shift_min),
                              ("customer_sentiment_shift", "<=", f.shift_max)):
        if value is not None:
            add(f"{a}.{column} {op} ?", float(value))
    if f.scored is True:
        clauses.append(f"{a}.score_version IS NOT NULL")
    elif f.scored is False:
        clauses.append(f"{a}.score_version IS NULL")
    if f.text:
        add(f"strpos({a}.search_text, lower(?)) > 0", f.text)
    return (" AND ".join(clauses) or "TRUE"), params


def order_clause(f: CallFilter, alias: str = "o") -> str:
    if f.order_by not in ORDER_COLUMNS:
        raise ValueError(f"cannot order calls by {f.order_by!r} (one of: {', '.join(ORDER_COLUMNS)})")
    direction = "DESC" if f.descending else "ASC"
    return f"ORDER BY {alias}.{f.order_by} {direction} NULLS LAST, {alias}.call_id"


def page_clause(f: CallFilter) -> tuple[str, list[Any]]:
    if f.limit is None:
        return ("OFFSET ?", [int(f.offset)]) if f.offset else ("", [])
    return "LIMIT ? OFFSET ?", [int(f.limit), int(f.offset)]
