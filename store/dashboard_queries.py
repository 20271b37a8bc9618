"""The dashboard's read queries, beside the store's own (the store room owns every SQL statement).

Each function takes an open DuckDB connection (from ``Store.connect()``: one unit of work, lock-safe)
and a :class:`Scope`, the row-level access of the person looking: the scope is applied in SQL, so a
page can never show a call its viewer may not see. Every value is bound as a parameter; only fixed
SQL text is ever concatenated. Results are pandas DataFrames (or plain dicts for one row).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

@dataclass(frozen=True)
class Scope:
    """Which calls a viewer may see. ``teams`` None: every team; ``()``: none. ``agent_id``: one agent."""

    teams: tuple[str, ...] | None = None
    agent_id: str | None = None


def scope_sql(scope: Scope, alias: str = "o") -> tuple[str, list]:
    """A WHERE fragment over a call_overview-like relation and its parameters."""
    clauses, params = [], []
    if scope.teams is not None:
        clauses.append(f"list_contains(?::VARCHAR[], {alias}.team)")
        params.append(list(scope.teams))
    if scope.agent_id is not None:
        clauses.append(f"{alias}.agent_id = ?")
        params.append(scope.agent_id)
    return (" AND ".join(clauses) or "TRUE"), params


# ---- listening room and the call page --------------------------------------------------------------
def filter_options(con, scope: Scope) -> dict[str, list]:
    """Distinct teams, queues and (agent_id, agent_name) pairs the viewer may see (one scan of calls)."""
    where, params = scope_sql(scope, "c")
    rows = con.execute(f"SELECT team, queue, agent_id, any_value(agent_name) FROM calls c WHERE {where} "
                       "GROUP BY ALL", params).fetchall()
    agents = {}
    for _, _, agent_id, agent_name in rows:
        if agent_id is not None:
            agents.setdefault(agent_id, agent_name)
    return {"teams": sorted({r[0] for r in rows if r[0] is not None}),
            "queues": sorted({r[1] for r in rows if r[1] is not None}),
            "agents": sorted(agents.items())}


def call_in_scope(con, call_id: str, scope: Scope) -> dict | None:
    """The call's overview row, or None when it does not exist or lies outside the scope."""
    where, params = scope_sql(scope)
    cur = con.execute(f"SELECT * FROM call_overview o WHERE o.call_id = ? AND {where}", [call_id, *params])
    row = cur.fetchone()
    return None if row is None else dict(zip([d[0] for d in cur.description], row))


def transcript_reasons(con, call_id: str) -> list[str]:
    row = con.execute("SELECT reasons FROM current_transcripts WHERE call_id = ?", [call_id]).fetchone()
    if row is None or row[0] is None:
        return []
    import json

    return list(json.loads(row[0]) if isinstance(row[0], str) else row[0])


def call_reviews(con, call_id: str, scope: Scope) -> pd.DataFrame:
    """Every review of the call (oldest first) with its machine value and open disputes; ``overturned``
    marks a review a dispute overturned (the correction that replaced it is a later row)."""
    where, params = scope_sql(scope)
    return con.execute(f"""
        SELECT m.review_id, m.criterion, m.reviewer, m.verdict, m.machine_value, m.human_value,
               m.human_label, m.reason, r.note, r.coaching, m.created_at,
               m.overturned_by IS NOT NULL AS overturned,
               (SELECT count(*) FROM disputes d WHERE d.review_id = m.review_id AND d.status = 'open')
                   AS open_disputes
        FROM machine_vs_human m JOIN reviews r USING (review_id)
        JOIN call_overview o ON o.call_id = m.call_id
        WHERE m.call_id = ? AND {where} ORDER BY m.created_at, m.criterion""", [call_id, *params]).df()


# ---- coaching ---------------------------------------------------------------------------------------
def agents(con, scope: Scope) -> pd.DataFrame:
    """Agents the viewer may see, each with their main team (where they took most calls) and calls."""
    where, params = scope_sql(scope, "a")
    return con.execute(f"""
        SELECT agent_id, any_value(agent_name) AS agent_name, arg_max(team, calls) AS team,
               CAST(sum(calls) AS BIGINT) AS calls
        FROM (SELECT a.agent_id, a.team, any_value(a.agent_name) AS agent_name, sum(a.n) AS calls
              FROM agent_weeks a WHERE a.measure = 'calls' AND a.agent_id IS NOT NULL AND {where}
              GROUP BY ALL)
        GROUP BY agent_id ORDER BY agent_id""", params).df()


def coaching_sums(con, scope: Scope, agent_id: str, team: str | None) -> pd.DataFrame:
    """Everything the coaching page charts, in one round trip over the ``agent_weeks`` aggregate:
    ``who`` (agent | team), week, measure, total, n, for the agent's calls and their ``team``'s calls
    (the agent's included) within ``scope``. An agent viewer (``scope.agent_id``) gets the aggregates
    of a team they work in, never its calls and never another team's. Measures: store/agent_weeks.py."""
    where, params = scope_sql(scope, "a")
    team_where, team_params = where, params
    if scope.agent_id is not None:
        team_where, team_params = scope_sql(Scope(teams=scope.teams), "a")
        team_where += " AND a.team IN (SELECT team FROM agent_weeks WHERE agent_id = ?)"
        team_params = [*team_params, scope.agent_id]
    return con.execute(f"""
        SELECT 'agent' AS who, a.week, a.measure, sum(a.total) AS total, CAST(sum(a.n) AS BIGINT) AS n
        FROM agent_weeks a WHERE a.agent_id = ? AND {where} GROUP BY ALL
        UNION ALL
        SELECT 'team', a.week, a.measure, sum(a.total), CAST(sum(a.n) AS BIGINT)
        FROM agent_weeks a WHERE a.team = ? AND {team_where} GROUP BY ALL
        ORDER BY 1, 2, 3""", [agent_id, *params, team, *team_params]).df()


def coaching_library(con, scope: Scope) -> pd.DataFrame:
    """Calls a reviewer flagged as exemplary, with the level a human gave (or confirmed) when known."""
    where, params = scope_sql(scope)
    return con.execute(f"""
        WITH flagged AS (SELECT call_id, list(DISTINCT reviewer) AS flagged_by, max(created_at) AS flagged_at
                         FROM reviews WHERE coaching GROUP BY call_id),
        human AS (SELECT call_id, arg_max(human_value, created_at) AS level FROM machine_vs_human
                  WHERE criterion = 'resolution_level' AND overturned_by IS NULL GROUP BY call_id)
        SELECT coalesce(h.level, o.resolution_level) AS level, o.call_id, o.agent_id, o.team, o.category,
               f.flagged_by, f.flagged_at
        FROM flagged f JOIN call_overview o ON o.call_id = f.call_id LEFT JOIN human h ON h.call_id = f.call_id
        WHERE {where} ORDER BY level DESC, f.flagged_at DESC""", params).df()


def coaching_notes(con, scope: Scope, agent_id: str | None = None) -> pd.DataFrame:
    where, params = scope_sql(scope)
    agent_sql = "AND o.agent_id = ?" if agent_id is not None else ""
    extra = [agent_id] if agent_id is not None else []
    return con.execute(f"""
        SELECT r.created_at, o.agent_id, r.reviewer, r.note, r.call_id
        FROM reviews r JOIN call_overview o ON o.call_id = r.call_id
        WHERE r.note IS NOT NULL AND r.note <> '' AND {where} {agent_sql}
        QUALIFY row_number() OVER (PARTITION BY r.call_id, r.reviewer, r.note ORDER BY r.created_at) = 1
        ORDER BY r.created_at DESC""", [*params, *extra]).df()


# ---- QA queue ---------------------------------------------------------------------------------------
def assignments(con, scope: Scope, reviewer: str | None = None) -> pd.DataFrame:
    where, params = scope_sql(scope)
    reviewer_sql = "AND a.reviewer = ?" if reviewer is not None else ""
    return con.execute(f"""
        SELECT a.assignment_id, p.name AS plan, a.call_id, o.agent_id, o.team, a.reviewer, a.status,
               o.resolution_level, o.violations, a.updated_at
        FROM review_assignments a JOIN call_overview o ON o.call_id = a.call_id
        LEFT JOIN sampling_plans p ON p.plan_id = a.plan_id
        WHERE {where} {reviewer_sql} ORDER BY a.status, a.updated_at DESC""",
                       [*params, *([reviewer] if reviewer is not None else [])]).df()


def disputes(con, scope: Scope, status: str | None = None) -> pd.DataFrame:
    where, params = scope_sql(scope)
    status_sql = "AND d.status = ?" if status is not None else ""
    return con.execute(f"""
        SELECT d.dispute_id, d.status, d.raised_by, d.reason, d.created_at, r.review_id, r.call_id,
               r.criterion, r.reviewer, r.verdict, r.machine_value, r.value, r.reason AS review_reason,
               o.agent_id, d.outcome, d.resolver, d.resolution, d.resolved_at, d.new_review_id
        FROM disputes d JOIN reviews r ON r.review_id = d.review_id
        JOIN call_overview o ON o.call_id = r.call_id
        WHERE {where} {status_sql} ORDER BY d.created_at DESC""",
                       [*params, *([status] if status is not None else [])]).df()


# ---- calibration ------------------------------------------------------------------------------------
def machine_human_pairs(con, scope: Scope) -> pd.DataFrame:
    """Each reviewer's latest judgement per (call, criterion) beside the machine's value (a review a
    dispute overturned no longer counts: the resolver's correction does)."""
    where, params = scope_sql(scope)
    return con.execute(f"""
        SELECT m.call_id, m.criterion, m.reviewer, m.machine_value, m.human_value, m.machine_label,
               m.human_label, m.verdict
        FROM machine_vs_human m JOIN call_overview o ON o.call_id = m.call_id
        WHERE m.overturned_by IS NULL AND {where}
        QUALIFY row_number() OVER (PARTITION BY m.call_id, m.criterion, m.reviewer ORDER BY m.created_at DESC) = 1
        """, params).df()


def reviewer_pairs(con, scope: Scope) -> pd.DataFrame:
    """Two reviewers' latest values for the same (call, criterion): reviewer-versus-reviewer agreement."""
    where, params = scope_sql(scope)
    return con.execute(f"""
        WITH latest AS (
            SELECT m.call_id, m.criterion, m.reviewer, m.human_value FROM machine_vs_human m
            JOIN call_overview o ON o.call_id = m.call_id WHERE m.overturned_by IS NULL AND {where}
            QUALIFY row_number() OVER (PARTITION BY m.call_id, m.criterion, m.reviewer
                                       ORDER BY m.created_at DESC) = 1)
        SELECT a.call_id, a.criterion, a.reviewer AS reviewer_a, b.reviewer AS reviewer_b,
               a.human_value AS value_a, b.human_value AS value_b
        FROM latest a JOIN latest b ON a.call_id = b.call_id AND a.criterion = b.criterion
                                   AND a.reviewer < b.reviewer""", params).df()


def disputed_calls(con, scope: Scope, limit: int = 20) -> pd.DataFrame:
    """Calls with the most disputes and corrections: where people and the machine disagree most."""
    where, params = scope_sql(scope)
    return con.execute(f"""
        SELECT o.call_id, o.agent_id, o.team, count(DISTINCT d.dispute_id) AS disputes,
               count(DISTINCT CASE WHEN r.verdict = 'correct' THEN r.review_id END) AS corrections,
               count(DISTINCT r.reviewer) AS reviewers
        FROM reviews r JOIN call_overview o ON o.call_id = r.call_id
        LEFT JOIN disputes d ON d.review_id = r.review_id
        WHERE {where} GROUP BY ALL HAVING disputes + corrections > 0
        ORDER BY disputes DESC, corrections DESC, o.call_id LIMIT ?""", [*params, int(limit)]).df()


# ---- admin (admins see everything: no scope) ----------------------------------------------------
def rescore_diff(con, from_rubric: str, to_rubric: str, limit: int = 500) -> pd.DataFrame:
    """Calls scored under both rubric versions, with what changed (level, compliance, category)."""
    return con.execute("""
        WITH a AS (SELECT * FROM scorecards WHERE rubric_version = ?
                   QUALIFY row_number() OVER (PARTITION BY call_id ORDER BY created_at DESC) = 1),
             b AS (SELECT * FROM scorecards WHERE rubric_version = ?
                   QUALIFY row_number() OVER (PARTITION BY call_id ORDER BY created_at DESC) = 1)
        SELECT a.call_id, a.resolution_level AS level_from, b.resolution_level AS level_to,
               a.compliance AS compliance_from, b.compliance AS compliance_to,
               a.category AS category_from, b.category AS category_to,
               a.violations AS violations_from, b.violations AS violations_to
        FROM a JOIN b USING (call_id)
        ORDER BY abs(coalesce(b.resolution_level, 0) - coalesce(a.resolution_level, 0)) DESC,
                 abs(coalesce(b.compliance, 0) - coalesce(a.compliance, 0)) DESC, a.call_id
        LIMIT ?""", [from_rubric, to_rubric, int(limit)]).df()
