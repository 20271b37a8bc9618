"""``agent_weeks``: the coaching figures pre-aggregated per agent, team and week, kept by the writer.

One row per (agent_id, team, week, measure) holds ``total`` and ``n``: a figure over any set of rows
is ``sum(total) / sum(n)`` (a count is ``sum(n)``), so an agent's scorecard against their team, the
level distribution and the weekly trend sum a few thousand rows instead of scanning every call.
Measures: the KPIs of ``store.queries.weekly_kpis`` (``calls``, ``scored_calls``, ``mean_level``...),
``level.<k>`` (calls at level k), ``script.<step>`` (met / applicable) and ``violation.<code>``
(calls with the code; divide by ``scored_calls``).

Whenever ``call_summary`` rows are added or refreshed (store/bulk.py) the (agent, week) groups of
those calls are rebuilt in the same transaction, so the figures never lag the calls.
"""

from __future__ import annotations

TABLE = """
CREATE TABLE agent_weeks (
    agent_id   VARCHAR,
    team       VARCHAR,
    week       DATE,
    agent_name VARCHAR,
    measure    VARCHAR NOT NULL,
    total      DOUBLE NOT NULL,
    n          BIGINT NOT NULL
)"""

SURPRISE_LEVEL = 4

# (measure, total, n) over one group of call_summary rows; the figure is total / n
KPI_MEASURES = (
    ("calls", "count(*)", "count(*)"),
    ("scored_calls", "count(score_version)", "count(score_version)"),
    ("mean_level", "sum(resolution_level)", "count(resolution_level)"),
    ("surprise_rate", f"count(*) FILTER (WHERE resolution_level >= {SURPRISE_LEVEL})", "count(resolution_level)"),
    ("compliance", "sum(compliance)", "count(compliance)"),
    ("violation_rate", "count(*) FILTER (WHERE violations > 0)", "count(violations)"),
    ("customer_sentiment_shift", "sum(customer_sentiment_shift)", "count(customer_sentiment_shift)"),
    ("handle_time_s", "sum(handle_time_s)", "count(handle_time_s)"),
    ("agent_politeness", "sum(agent_politeness)", "count(agent_politeness)"),
    ("unreliable_rate", "count(*) FILTER (WHERE verdict <> 'ok')", "count(verdict)"),
)

_KEY = "agent_id, team, week"
_KPI_STRUCTS = ", ".join(
    f"{{'measure': '{name}', 'total': CAST(coalesce({total}, 0) AS DOUBLE), 'n': CAST({n} AS BIGINT)}}"
    for name, total, n in KPI_MEASURES)

# {where} stands for a fixed condition over call_summary (never user input)
_FILL = f"""
INSERT INTO agent_weeks ({_KEY}, agent_name, measure, total, n)
WITH s AS MATERIALIZED (
    SELECT {_KEY}, agent_name, score_version, resolution_level, compliance, violations, violation_codes,
           customer_sentiment_shift, handle_time_s, agent_politeness, verdict, steps_met, steps_missed
    FROM call_summary WHERE {{where}}),
kpis AS (SELECT {_KEY}, any_value(agent_name) AS agent_name, [{_KPI_STRUCTS}] AS m FROM s GROUP BY ALL),
steps AS (SELECT {_KEY}, agent_name, unnest(steps_met) AS step, 1.0 AS met FROM s
          UNION ALL SELECT {_KEY}, agent_name, unnest(steps_missed), 0.0 FROM s),
codes AS (SELECT {_KEY}, agent_name, unnest(violation_codes) AS code FROM s WHERE score_version IS NOT NULL)
SELECT {_KEY}, agent_name, m.measure, m.total, m.n FROM (SELECT {_KEY}, agent_name, unnest(m) AS m FROM kpis)
UNION ALL
SELECT {_KEY}, any_value(agent_name), 'level.' || CAST(resolution_level AS INTEGER), count(*), count(*)
FROM s WHERE resolution_level IS NOT NULL GROUP BY ALL
UNION ALL
SELECT {_KEY}, any_value(agent_name), 'script.' || step, sum(met), count(*) FROM steps GROUP BY ALL
UNION ALL
SELECT {_KEY}, any_value(agent_name), 'violation.' || code, count(*), count(*) FROM codes GROUP BY ALL"""

# the (agent, week) groups (agent NULL included) of the calls given as the one bound parameter
_GROUPS_OF_CALLS = ("EXISTS (SELECT 1 FROM call_summary k WHERE k.call_id IN (SELECT unnest(?::VARCHAR[])) "
                    "AND k.agent_id IS NOT DISTINCT FROM {table}.agent_id AND k.week = {table}.week)")

BACKFILL = _FILL.replace("{where}", "TRUE")


def refresh(con, call_ids) -> None:
    """Rebuild the (agent, week) groups of ``call_ids`` from their calls' current summary rows
    (a call's agent and week never change: calls are never overwritten)."""
    if not call_ids:
        return
    ids = sorted(call_ids)
    con.execute(f"DELETE FROM agent_weeks WHERE {_GROUPS_OF_CALLS.format(table='agent_weeks')}", [ids])
    con.execute(_FILL.replace("{where}", _GROUPS_OF_CALLS.format(table="call_summary")), [ids])


def rebuild_unassigned(con, weeks) -> None:
    """Rebuild the groups of calls without an agent in ``weeks`` (after some were given one)."""
    if not weeks:
        return
    where = "coalesce(agent_id, '') = '' AND week IN (SELECT unnest(?::DATE[]))"
    con.execute(f"DELETE FROM agent_weeks WHERE {where}", [list(weeks)])
    con.execute(_FILL.replace("{where}", where), [list(weeks)])
