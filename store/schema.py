"""The DuckDB schema as an ordered list of versioned migrations.

Each migration runs once, in its own transaction, and is recorded in ``schema_migrations``; the store
applies the pending ones whenever it opens a file, so an old database is brought up to date in place
and keeps its data. Never edit a migration that has shipped: append a new one.

Conventions (documented for notebook users in store/README.md):
- ``call_id`` is the SHA-256 of the recording (or transcript file) content.
- ``version`` columns name the stage configuration that produced a row (``callqa.versioning``), so
  re-transcribing or re-scoring adds rows beside the old ones instead of overwriting them.
- JSON columns hold lists/objects written with ``callqa.records.as_plain``.
- ``started_at`` is the call's wall-clock time as given by the manifest (time zone dropped);
  bookkeeping times (``ingested_at``, ``created_at``, ``updated_at``, ``logged_at``...) are UTC.
- "Current" means the most recently saved version per call (``is_current``, kept by the writer).

The DDL text lives in store/sql_tables.py and store/sql_views.py; this module orders it.
"""

from __future__ import annotations

from dataclasses import dataclass

from callqa.errors import CallqaError
from store import agent_weeks
from store.sql_tables import (
    AUDIT_LOG, CALL_SOURCES, CALLS, DISPUTES, INPUT_FAILURES, REDACTED_AUDIO, REVIEW_ASSIGNMENTS, REVIEWS,
    RUBRICS, SAMPLING_PLANS, SCORECARDS, SCORES, STAGE_STATUS, TRANSCRIPTS, TURN_SENTIMENT, TURNS,
)
from store.sql_views import (
    CALL_OVERVIEW, CURRENT_FLAG, CURRENT_SCORECARDS, CURRENT_SCORES, CURRENT_TRANSCRIPTS,
    CURRENT_TURNS, DISPUTE_OUTCOMES, MACHINE_VS_HUMAN, STEP_LISTS, SUMMARY_TABLE,
)


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "calls, stage results and rubrics", (
        CALLS, CALL_SOURCES, INPUT_FAILURES, STAGE_STATUS, TRANSCRIPTS, TURNS,
        SCORECARDS, SCORES, TURN_SENTIMENT, RUBRICS,
        "CREATE INDEX stage_status_stage ON stage_status (stage, version, status)",
    )),
    Migration(2, "reviews, sampling, disputes and the audit log", (
        REVIEWS, SAMPLING_PLANS, REVIEW_ASSIGNMENTS, DISPUTES, AUDIT_LOG,
        "CREATE INDEX reviews_call ON reviews (call_id)",
        "CREATE INDEX assignments_call ON review_assignments (call_id)",
    )),
    Migration(3, "views of the current results", (
        CURRENT_TRANSCRIPTS, CURRENT_SCORECARDS, CURRENT_SCORES, CURRENT_TURNS,
        CALL_OVERVIEW, MACHINE_VS_HUMAN,
    )),
    Migration(4, "current results as a flag kept by the writer", CURRENT_FLAG),
    Migration(5, "call_summary: one row per call kept by the writer", SUMMARY_TABLE),
    Migration(6, "indexes for the call page's point lookups", (
        "CREATE INDEX turns_call ON turns (call_id)",
        "CREATE INDEX scores_call ON scores (call_id)",
        "CREATE INDEX turn_sentiment_call ON turn_sentiment (call_id)",
    )),
    Migration(7, "script steps as summary lists; the machine's value in each review", STEP_LISTS),
    Migration(8, "redacted copies of the recordings", (REDACTED_AUDIO,)),
    Migration(9, "dispute outcomes; an overturning correction supersedes the disputed review",
              DISPUTE_OUTCOMES),
    Migration(10, "agent_weeks: coaching figures per agent and week, kept by the writer", (
        agent_weeks.TABLE, agent_weeks.BACKFILL,
        "CREATE INDEX agent_weeks_agent ON agent_weeks (agent_id)",
    )),
)

LATEST_VERSION = MIGRATIONS[-1].version

_MIGRATIONS_TABLE = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       VARCHAR NOT NULL,
    applied_at TIMESTAMP NOT NULL
)"""


class SchemaTooNew(CallqaError):
    """The database was written by a newer callqa than this one."""


def schema_version(con) -> int:
    """The highest migration applied to this database (0 for an empty file)."""
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables "
        "WHERE table_schema = 'main' AND table_name = 'schema_migrations'"
    ).fetchone()[0]
    if not exists:
        return 0
    return con.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()[0]


def migrate(con, target: int = LATEST_VERSION, *, path: str = "database") -> list[int]:
    """Apply every pending migration up to ``target``, each in its own transaction.

    Returns the versions applied. A failing migration rolls back and leaves the file at the
    previous version.
    """
    from datetime import datetime, timezone

    current = schema_version(con)
    if current > LATEST_VERSION:
        raise SchemaTooNew(
            f"{path}: schema version {current} is newer than this callqa understands "
            f"({LATEST_VERSION}); upgrade callqa")
    applied: list[int] = []
    for migration in MIGRATIONS:
        if migration.version <= current or migration.version > target:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(_MIGRATIONS_TABLE)
            for statement in migration.statements:
                con.execute(statement)
            con.execute(
                "INSERT INTO schema_migrations VALUES (?, ?, ?)",
                [migration.version, migration.name,
                 datetime.now(timezone.utc).replace(tzinfo=None)])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        applied.append(migration.version)
    return applied
