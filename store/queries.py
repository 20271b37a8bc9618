"""The read queries the dashboard and the notebooks use. Each returns a pandas DataFrame."""

from __future__ import annotations

from typing import Any

from store.base import StoreBase
from store.filters import CallFilter, order_clause, page_clause, where_clause

# weekly_kpis groupings: name -> column of call_overview (a whitelist, never user SQL)
GROUPINGS = {"team": "team", "queue": "queue", "category": "category", "agent": "agent_id",
             "direction": "direction", "language": "language", "all": "'all'"}

SURPRISE_LEVEL = 4

_KPIS = f"""
    count(*) AS calls,
    count(o.score_version) AS scored_calls,
    avg(o.resolution_level) AS mean_level,
    avg(CASE WHEN o.resolution_level IS NULL THEN NULL
             WHEN o.resolution_level >= {SURPRISE_LEVEL} THEN 1.0 ELSE 0.0 END) AS surprise_rate,
    avg(o.compliance) AS compliance,
    avg(CASE WHEN o.violations IS NULL THEN NULL
             WHEN o.violations > 0 THEN 1.0 ELSE 0.0 END) AS violation_rate,
    avg(o.customer_sentiment_shift) AS customer_sentiment_shift,
    avg(o.handle_time_s) AS handle_time_s,
    avg(o.agent_politeness) AS agent_politeness,
    avg(CASE WHEN o.verdict IS NULL THEN NULL
             WHEN o.verdict = 'ok' THEN 0.0 ELSE 1.0 END) AS unreliable_rate"""


def _current_versions(con, call_id: str) -> tuple[str | None, str | None]:
    """(transcript_version, score_version) of a call's current results, by primary key."""
    rows = con.execute("SELECT transcript_version, score_version FROM call_summary WHERE call_id = ?",
                       [call_id]).fetchall()
    return rows[0] if rows else (None, None)


class QueriesMixin(StoreBase):
    def find_calls(self, filters: CallFilter | None = None):
        """One row per call of ``call_overview`` matching the filters, ordered and paged."""
        f = filters or CallFilter()
        where, params = where_clause(f)
        page, page_params = page_clause(f)
        return self.query_df(
            f"SELECT o.* EXCLUDE (search_text) FROM call_summary o WHERE {where} {order_clause(f)} {page}",
            params + page_params)

    def count_calls(self, filters: CallFilter | None = None) -> int:
        where, params = where_clause(filters or CallFilter())
        return self.query_rows(f"SELECT count(*) FROM call_summary o WHERE {where}", params)[0][0]

    def call_overview(self, filters: CallFilter | None = None):
        """Every call matching the filters (no paging), one row each: meta + current results."""
        from dataclasses import replace

        return self.find_calls(replace(filters or CallFilter(), limit=None, offset=0))

    def call_turns(self, call_id: str):
        """The current transcript's turns of a call with per-turn sentiment, in order."""
        with self.read() as con:
            versions = _current_versions(con, call_id)
            return con.execute(
                "SELECT t.turn_index, t.speaker, t.start_s, t.end_s, t.text, t.channel, t.confidence, "
                "ts.sentiment, t.words, t.redactions FROM turns t LEFT JOIN turn_sentiment ts "
                "ON ts.call_id = t.call_id AND ts.score_version = ? AND ts.turn_index = t.turn_index "
                "WHERE t.call_id = ? AND t.transcript_version = ? ORDER BY t.turn_index",
                [versions[1], call_id, versions[0]]).df()

    def call_scores(self, call_id: str, score_version: str | None = None):
        """A call's scores (current scorecard unless a version is given) with their evidence JSON."""
        with self.read() as con:
            version = score_version or _current_versions(con, call_id)[1]
            return con.execute(
                "SELECT criterion, value, label, evidence, score_version FROM scores "
                "WHERE call_id = ? AND score_version = ? ORDER BY score_index, criterion",
                [call_id, version]).df()

    def status_summary(self):
        """Calls per stage, version and status, plus bad inputs, for the admin page."""
        return self.query_df(
            "SELECT stage, version, status, count(*) AS calls, max(updated_at) AS last_update "
            "FROM stage_status GROUP BY ALL "
            "UNION ALL SELECT 'ingest', NULL, 'failed', count(*), max(failed_at) FROM input_failures "
            "HAVING count(*) > 0 "
            "UNION ALL SELECT 'ingest', NULL, 'done', count(*), max(ingested_at) FROM calls "
            "HAVING count(*) > 0 "
            "ORDER BY 1, 2 NULLS FIRST, 3")

    def failed_calls(self):
        """Calls whose stage failed (and has no done result at that version), newest first."""
        return self.query_df(
            "SELECT s.call_id, c.source, s.stage, s.version, s.error, s.updated_at FROM stage_status s "
            "JOIN calls c USING (call_id) WHERE s.status = 'failed' ORDER BY s.updated_at DESC")

    def weekly_kpis(self, group_by: str = "team", filters: CallFilter | None = None):
        """Per week and group: calls, mean level, 惊喜级 (surprise) rate, compliance, violation rate,
        customer sentiment shift, handle time, politeness, unreliable-transcript rate."""
        if group_by not in GROUPINGS:
            raise ValueError(f"cannot group KPIs by {group_by!r} (one of: {', '.join(GROUPINGS)})")
        where, params = where_clause(filters or CallFilter())
        return self.query_df(
            f"SELECT o.week, {GROUPINGS[group_by]} AS {group_by}, {_KPIS} "
            f"FROM call_summary o WHERE {where} GROUP BY ALL ORDER BY 1, 2", params)

    def category_trend(self, filters: CallFilter | None = None):
        """Calls per week and complaint category (the rise of one category is the news)."""
        where, params = where_clause(filters or CallFilter())
        return self.query_df(
            f"SELECT o.week, o.category, count(*) AS calls FROM call_summary o "
            f"WHERE {where} AND o.category IS NOT NULL GROUP BY ALL ORDER BY 1, 2", params)

    def level_distribution(self, filters: CallFilter | None = None):
        where, params = where_clause(filters or CallFilter())
        return self.query_df(
            f"SELECT CAST(o.resolution_level AS INTEGER) AS level, any_value(o.level_label) AS label, "
            f"count(*) AS calls FROM call_summary o WHERE {where} "
            f"AND o.resolution_level IS NOT NULL GROUP BY 1 ORDER BY 1", params)

    def agent_scorecard(self, agent_id: str, filters: CallFilter | None = None):
        """One agent against their team (the team they took most calls for), one row per measure:
        the KPIs of ``weekly_kpis``, ``script.<step>`` (share of applicable calls where the step
        was met) and ``violation.<code>`` (share of scored calls with that violation).
        Columns: measure, agent, team (the team's figure includes the agent's calls)."""
        where, params = where_clause(filters or CallFilter())
        # One statement, one scan of the summary: only the columns the measures need are kept
        # (never search_text), and the agent's main team is a sub-query rather than a round trip.
        sql = f"""
        WITH scope AS MATERIALIZED (
            SELECT coalesce(o.agent_id = ?, false) AS mine, o.score_version, o.resolution_level,
                   o.compliance, o.violations, o.customer_sentiment_shift, o.handle_time_s,
                   o.agent_politeness, o.verdict, o.steps_met, o.steps_missed, o.violation_codes
            FROM call_summary o
            WHERE {where} AND (o.agent_id = ? OR o.team IS NOT DISTINCT FROM (
                SELECT team FROM call_summary WHERE agent_id = ?
                GROUP BY team ORDER BY count(*) DESC, team LIMIT 1))),
        kpis AS (SELECT CASE WHEN grouping(o.mine) = 0 THEN o.mine END AS mine, {_KPIS}
                 FROM scope o GROUP BY GROUPING SETS ((o.mine), ())),
        kpi_rows AS (UNPIVOT kpis ON COLUMNS(* EXCLUDE (mine)) INTO NAME measure VALUE v),
        steps AS (SELECT mine, unnest(steps_met) AS step, 1.0 AS met FROM scope
                  UNION ALL SELECT mine, unnest(steps_missed), 0.0 FROM scope),
        codes AS (SELECT DISTINCT unnest(violation_codes) AS code FROM scope),
        flags AS (SELECT o.mine, c.code, list_contains(o.violation_codes, c.code)::DOUBLE AS hit
                  FROM scope o CROSS JOIN codes c WHERE o.score_version IS NOT NULL),
        all_rows AS (
            SELECT mine, measure, CAST(v AS DOUBLE) AS v FROM kpi_rows
            UNION ALL SELECT CASE WHEN grouping(mine) = 0 THEN mine END, 'script.' || step, avg(met)
                      FROM steps GROUP BY GROUPING SETS ((mine, step), (step))
            UNION ALL SELECT CASE WHEN grouping(mine) = 0 THEN mine END, 'violation.' || code, avg(hit)
                      FROM flags GROUP BY GROUPING SETS ((mine, code), (code)))
        SELECT measure, max(v) FILTER (WHERE mine) AS agent, max(v) FILTER (WHERE mine IS NULL) AS team
        FROM all_rows GROUP BY measure ORDER BY measure"""
        return self.query_df(sql, [agent_id] + params + [agent_id, agent_id])

    def agreement_pairs(self, criterion: str | None = None, latest_per_reviewer: bool = True):
        """Machine versus human per reviewed score: call_id, criterion, reviewer, machine_value,
        human_value, machine_label, human_label (the calibration page's input)."""
        sql = "SELECT * FROM machine_vs_human m WHERE m.overturned_by IS NULL"  # overturned: replaced
        params: list[Any] = []
        if criterion is not None:
            sql += " AND (m.criterion = ? OR starts_with(m.criterion, ? || '.'))"
            params += [criterion, criterion]
        if latest_per_reviewer:
            sql += (" QUALIFY row_number() OVER (PARTITION BY m.call_id, m.criterion, m.reviewer "
                    "ORDER BY m.created_at DESC, m.review_id DESC) = 1")
        return self.query_df(sql + " ORDER BY m.criterion, m.call_id, m.reviewer", params)

    def reviewer_pairs(self, criterion: str | None = None):
        """Reviewer versus reviewer on double-reviewed scores (latest review of each reviewer):
        call_id, criterion, reviewer_a, value_a, label_a, reviewer_b, value_b, label_b."""
        where = "WHERE overturned_by IS NULL" + (
            "" if criterion is None else " AND (criterion = ? OR starts_with(criterion, ? || '.'))")
        params = [] if criterion is None else [criterion, criterion]
        sql = f"""
        WITH latest AS (
            SELECT * FROM machine_vs_human {where}
            QUALIFY row_number() OVER (PARTITION BY call_id, criterion, reviewer
                                       ORDER BY created_at DESC, review_id DESC) = 1)
        SELECT a.call_id, a.criterion, a.reviewer AS reviewer_a, a.human_value AS value_a,
               a.human_label AS label_a, b.reviewer AS reviewer_b, b.human_value AS value_b,
               b.human_label AS label_b
        FROM latest a JOIN latest b
          ON a.call_id = b.call_id AND a.criterion = b.criterion AND a.reviewer < b.reviewer
        ORDER BY a.criterion, a.call_id"""
        return self.query_df(sql, params)
