"""The store's views and its writer-kept summary as SQL text, used by store/schema.py and the writer.

"Current" means the most recently saved version of a call's results.
"""

CURRENT_TRANSCRIPTS = """
CREATE OR REPLACE VIEW current_transcripts AS
SELECT * FROM transcripts
QUALIFY row_number() OVER (PARTITION BY call_id ORDER BY created_at DESC, version DESC) = 1"""

CURRENT_SCORECARDS = """
CREATE OR REPLACE VIEW current_scorecards AS
SELECT * FROM scorecards
QUALIFY row_number() OVER (PARTITION BY call_id ORDER BY created_at DESC, version DESC) = 1"""

CURRENT_SCORES = """
CREATE OR REPLACE VIEW current_scores AS
SELECT s.* FROM scores s
JOIN current_scorecards c ON c.call_id = s.call_id AND c.version = s.score_version"""

CURRENT_TURNS = """
CREATE OR REPLACE VIEW current_turns AS
SELECT t.*, ts.sentiment FROM turns t
JOIN current_transcripts ct ON ct.call_id = t.call_id AND ct.version = t.transcript_version
LEFT JOIN current_scorecards cs ON cs.call_id = t.call_id
LEFT JOIN turn_sentiment ts
       ON ts.call_id = t.call_id AND ts.score_version = cs.version AND ts.turn_index = t.turn_index"""

CALL_OVERVIEW = """
CREATE OR REPLACE VIEW call_overview AS
SELECT c.call_id, c.source, c.media, c.duration_s, c.agent_id, c.agent_name, c.team,
       c.started_at, coalesce(c.started_at, c.ingested_at) AS call_time,
       CAST(date_trunc('week', coalesce(c.started_at, c.ingested_at)) AS DATE) AS week,
       c.direction, c.queue, c.customer_id, c.agent_channel, c.external_id, c.ingested_at,
       t.version AS transcript_version, t.language, t.verdict, t.role_confidence, t.engine,
       s.version AS score_version, s.rubric_version, s.scorer, s.created_at AS scored_at,
       s.resolution_level, s.level_label, s.compliance, s.category,
       s.violations, s.violation_codes,
       s.agent_politeness, s.customer_politeness,
       s.customer_sentiment_start, s.customer_sentiment_end, s.customer_sentiment_shift,
       coalesce(s.handle_time_s, t.duration_s, c.duration_s) AS handle_time_s
FROM calls c
LEFT JOIN current_transcripts t ON t.call_id = c.call_id
LEFT JOIN current_scorecards s ON s.call_id = c.call_id"""

MACHINE_VS_HUMAN = """
CREATE OR REPLACE VIEW machine_vs_human AS
SELECT r.review_id, r.call_id, r.criterion, r.score_version, r.reviewer, r.verdict,
       m.value AS machine_value, m.label AS machine_label,
       CASE WHEN r.verdict = 'confirm' THEN m.value ELSE r.value END AS human_value,
       CASE WHEN r.verdict = 'confirm' THEN m.label ELSE coalesce(r.label, m.label) END AS human_label,
       r.reason, r.created_at
FROM reviews r
LEFT JOIN scores m
       ON m.call_id = r.call_id AND m.score_version = r.score_version AND m.criterion = r.criterion"""

# Migration 4: "current" as a flag kept by the writer instead of a window over every version, so
# list pages stay fast on large stores. The backfill marks the latest saved version of each call.
CURRENT_FLAG = tuple(
    statement
    for table in ("transcripts", "scorecards")
    for statement in (
        f"ALTER TABLE {table} ADD COLUMN is_current BOOLEAN DEFAULT false",
        f"""UPDATE {table} SET is_current = true FROM (
                SELECT call_id, version FROM {table}
                QUALIFY row_number() OVER (PARTITION BY call_id ORDER BY created_at DESC, version DESC) = 1
            ) latest WHERE {table}.call_id = latest.call_id AND {table}.version = latest.version""",
        f"CREATE OR REPLACE VIEW current_{table} AS SELECT * EXCLUDE (is_current) FROM {table} WHERE is_current",
    )
)

# Migration 5: one row per call kept up to date by the writer, so list pages, filters and KPIs
# scan a single table (5-30x faster than joining the current views on 100,000 calls).
CALL_SUMMARY = """
CREATE TABLE call_summary (
    call_id VARCHAR PRIMARY KEY, source VARCHAR, media VARCHAR, duration_s DOUBLE,
    agent_id VARCHAR, agent_name VARCHAR, team VARCHAR, started_at TIMESTAMP,
    call_time TIMESTAMP,                     -- started_at, or ingested_at when unknown
    week DATE,                               -- Monday of call_time's week
    direction VARCHAR, queue VARCHAR, customer_id VARCHAR, agent_channel INTEGER,
    external_id VARCHAR, ingested_at TIMESTAMP,
    transcript_version VARCHAR, language VARCHAR, verdict VARCHAR, role_confidence DOUBLE,
    engine VARCHAR,
    score_version VARCHAR, rubric_version VARCHAR, scorer VARCHAR, scored_at TIMESTAMP,
    resolution_level DOUBLE, level_label VARCHAR, compliance DOUBLE, category VARCHAR,
    violations INTEGER, violation_codes VARCHAR[], agent_politeness DOUBLE,
    customer_politeness DOUBLE, customer_sentiment_start DOUBLE, customer_sentiment_end DOUBLE,
    customer_sentiment_shift DOUBLE, handle_time_s DOUBLE,
    search_text VARCHAR                      -- lower-cased text of the current transcript
)"""

# {calls} is a fixed sub-query naming the calls to add or refresh (never user input).
SUMMARY_ADD_CALLS = """
INSERT INTO call_summary (call_id, source, media, duration_s, agent_id, agent_name, team, started_at,
    call_time, week, direction, queue, customer_id, agent_channel, external_id, ingested_at,
    handle_time_s)
SELECT c.call_id, c.source, c.media, c.duration_s, c.agent_id, c.agent_name, c.team, c.started_at,
       coalesce(c.started_at, c.ingested_at),
       CAST(date_trunc('week', coalesce(c.started_at, c.ingested_at)) AS DATE),
       c.direction, c.queue, c.customer_id, c.agent_channel, c.external_id, c.ingested_at,
       c.duration_s
FROM calls c WHERE c.call_id IN ({calls})"""

SUMMARY_REFRESH_V5 = """
UPDATE call_summary SET
    transcript_version = x.transcript_version, language = x.language, verdict = x.verdict,
    role_confidence = x.role_confidence, engine = x.engine, search_text = x.search_text,
    score_version = x.score_version, rubric_version = x.rubric_version, scorer = x.scorer,
    scored_at = x.scored_at, resolution_level = x.resolution_level, level_label = x.level_label,
    compliance = x.compliance, category = x.category, violations = x.violations,
    violation_codes = x.violation_codes, agent_politeness = x.agent_politeness,
    customer_politeness = x.customer_politeness,
    customer_sentiment_start = x.customer_sentiment_start,
    customer_sentiment_end = x.customer_sentiment_end,
    customer_sentiment_shift = x.customer_sentiment_shift,
    handle_time_s = coalesce(x.handle_time_s, x.transcript_duration_s, call_summary.duration_s)
FROM (
    SELECT k.call_id, t.version AS transcript_version, t.language, t.verdict, t.role_confidence,
           t.engine, lower(t.search_text) AS search_text, t.duration_s AS transcript_duration_s,
           s.version AS score_version, s.rubric_version, s.scorer, s.created_at AS scored_at,
           s.resolution_level, s.level_label, s.compliance, s.category, s.violations,
           s.violation_codes, s.agent_politeness, s.customer_politeness,
           s.customer_sentiment_start, s.customer_sentiment_end, s.customer_sentiment_shift,
           s.handle_time_s
    FROM ({calls}) k
    LEFT JOIN transcripts t ON t.call_id = k.call_id AND t.is_current
    LEFT JOIN scorecards s ON s.call_id = k.call_id AND s.is_current
) x
WHERE call_summary.call_id = x.call_id"""

ALL_CALLS = "SELECT call_id FROM calls"

SUMMARY_TABLE = (
    "ALTER TABLE transcripts ADD COLUMN search_text VARCHAR",
    """UPDATE transcripts SET search_text = x.text FROM (
           SELECT call_id, transcript_version, string_agg(text, chr(10) ORDER BY turn_index) AS text
           FROM turns GROUP BY ALL) x
       WHERE transcripts.call_id = x.call_id AND transcripts.version = x.transcript_version""",
    CALL_SUMMARY,
    SUMMARY_ADD_CALLS.format(calls=ALL_CALLS),
    SUMMARY_REFRESH_V5.format(calls=ALL_CALLS),
    "DROP VIEW call_overview",
    "CREATE VIEW call_overview AS SELECT * EXCLUDE (search_text) FROM call_summary",
    "CREATE OR REPLACE VIEW current_transcripts AS "
    "SELECT * EXCLUDE (is_current, search_text) FROM transcripts WHERE is_current",
)


# Migration 7: the script steps met and missed as lists beside the other summary figures, and the
# machine's value kept in each review (what the reviewer saw), so coaching and calibration pages
# need not scan the scores table.
SUMMARY_REFRESH = (SUMMARY_REFRESH_V5
                   .replace("    handle_time_s = coalesce(",
                            "    steps_met = x.steps_met, steps_missed = x.steps_missed,\n"
                            "    handle_time_s = coalesce(")
                   .replace("           s.handle_time_s\n",
                            "           s.handle_time_s, s.steps_met, s.steps_missed\n"))
assert SUMMARY_REFRESH.count("steps_met") == 3, "SUMMARY_REFRESH lost its step lists"

MACHINE_VS_HUMAN_V7 = """
CREATE OR REPLACE VIEW machine_vs_human AS
SELECT r.review_id, r.call_id, r.criterion, r.score_version, r.reviewer, r.verdict,
       r.machine_value, r.machine_label,
       CASE WHEN r.verdict = 'confirm' THEN r.machine_value ELSE r.value END AS human_value,
       CASE WHEN r.verdict = 'confirm' THEN r.machine_label
            ELSE coalesce(r.label, r.machine_label) END AS human_label,
       r.reason, r.created_at
FROM reviews r"""

STEP_LISTS = (
    "ALTER TABLE scorecards ADD COLUMN steps_met VARCHAR[]",
    "ALTER TABLE scorecards ADD COLUMN steps_missed VARCHAR[]",
    """UPDATE scorecards SET steps_met = x.met, steps_missed = x.missed FROM (
           SELECT call_id, score_version,
                  coalesce(list(substr(criterion, 8) ORDER BY criterion) FILTER (WHERE value = 1), []) AS met,
                  coalesce(list(substr(criterion, 8) ORDER BY criterion) FILTER (WHERE value = 0), []) AS missed
           FROM scores WHERE starts_with(criterion, 'script.') GROUP BY ALL) x
       WHERE scorecards.call_id = x.call_id AND scorecards.version = x.score_version""",
    "ALTER TABLE call_summary ADD COLUMN steps_met VARCHAR[]",
    "ALTER TABLE call_summary ADD COLUMN steps_missed VARCHAR[]",
    SUMMARY_REFRESH.format(calls=ALL_CALLS),
    "CREATE OR REPLACE VIEW call_overview AS SELECT * EXCLUDE (search_text) FROM call_summary",
    "ALTER TABLE reviews ADD COLUMN machine_value DOUBLE",
    "ALTER TABLE reviews ADD COLUMN machine_label VARCHAR",
    """UPDATE reviews SET machine_value = s.value, machine_label = s.label FROM scores s
       WHERE s.call_id = reviews.call_id AND s.score_version = reviews.score_version
         AND s.criterion = reviews.criterion""",
    MACHINE_VS_HUMAN_V7,
)


# Migration 9: a dispute records its outcome, and overturning one adds the second reviewer's
# correction as a new review that ``supersedes`` the disputed one (reviews are never edited).
# machine_vs_human marks a superseded review with ``overturned_by``; agreement figures skip it.
MACHINE_VS_HUMAN_V8 = MACHINE_VS_HUMAN_V7.replace(
    "       r.reason, r.created_at\nFROM reviews r",
    "       r.reason, r.created_at, r.supersedes, o.review_id AS overturned_by\n"
    "FROM reviews r LEFT JOIN reviews o ON o.supersedes = r.review_id")
assert "overturned_by" in MACHINE_VS_HUMAN_V8, "MACHINE_VS_HUMAN_V8 lost its overturned_by column"

DISPUTE_OUTCOMES = (
    "ALTER TABLE reviews ADD COLUMN supersedes VARCHAR",
    "ALTER TABLE disputes ADD COLUMN outcome VARCHAR",        # upheld | overturned
    "ALTER TABLE disputes ADD COLUMN new_review_id VARCHAR",  # the correction an overturn added
    # before this migration an outcome was only the resolver's free text
    """UPDATE disputes SET outcome = CASE WHEN starts_with(lower(trim(resolution)), 'overturn')
                                        THEN 'overturned' ELSE 'upheld' END
       WHERE status = 'resolved'""",
    MACHINE_VS_HUMAN_V8,
)
