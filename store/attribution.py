"""Calls claimed by voice: a call stored without an agent is given the enrolled agent whose voice the
speech stage recognised (``Transcript.agent_id``), with the name and team that agent's latest call
carries. A call that already has an agent (from the manifest) keeps it. Runs inside the writer's
transaction, before ``call_summary`` and ``agent_weeks`` are refreshed."""

from __future__ import annotations

from store import agent_weeks

# {table} is calls or call_summary (fixed names, never user input); _voiced holds (call_id, agent_id)
_CLAIM = """
UPDATE {table} SET agent_id = v.agent_id,
    agent_name = coalesce({table}.agent_name, known.agent_name),
    team = coalesce({table}.team, known.team)
FROM _voiced v LEFT JOIN (
    SELECT agent_id,
           arg_max(agent_name, coalesce(started_at, ingested_at)) FILTER (WHERE agent_name IS NOT NULL) AS agent_name,
           arg_max(team, coalesce(started_at, ingested_at)) FILTER (WHERE team IS NOT NULL) AS team
    FROM calls WHERE coalesce(agent_id, '') <> '' GROUP BY agent_id
) known ON known.agent_id = v.agent_id
WHERE {table}.call_id = v.call_id AND coalesce({table}.agent_id, '') = ''"""

_UNASSIGNED_WEEKS = """
SELECT DISTINCT s.week FROM call_summary s JOIN _voiced v ON v.call_id = s.call_id
WHERE coalesce(s.agent_id, '') = ''"""


def claim_by_voice(con, voiced: dict[str, str]) -> None:
    """Give each unassigned call in ``voiced`` (call_id -> agent_id) that agent."""
    if not voiced:
        return
    import pyarrow as pa

    con.register("_voiced", pa.table({"call_id": list(voiced), "agent_id": list(voiced.values())}))
    try:
        weeks = [row[0] for row in con.execute(_UNASSIGNED_WEEKS).fetchall()]
        for table in ("calls", "call_summary"):
            con.execute(_CLAIM.format(table=table))
    finally:
        con.unregister("_voiced")
    agent_weeks.rebuild_unassigned(con, weeks)  # those calls left the weeks' unassigned groups
