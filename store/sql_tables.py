"""The store's tables as DDL text, used by the migrations in store/schema.py.

Shipped migrations never change: a new column or table is a new migration.
"""

CALLS = """
CREATE TABLE calls (
    call_id       VARCHAR PRIMARY KEY,
    source        VARCHAR NOT NULL,          -- first path the call was seen under
    media         VARCHAR NOT NULL,          -- audio | transcript
    duration_s    DOUBLE,
    sample_rate   INTEGER,
    channels      INTEGER,
    codec         VARCHAR,
    container     VARCHAR,
    size_bytes    BIGINT,
    agent_id      VARCHAR,
    agent_name    VARCHAR,
    team          VARCHAR,
    started_at    TIMESTAMP,
    direction     VARCHAR,
    queue         VARCHAR,
    customer_id   VARCHAR,
    agent_channel INTEGER,
    language_hint VARCHAR,
    external_id   VARCHAR,
    ingested_at   TIMESTAMP NOT NULL
)"""

CALL_SOURCES = """
CREATE TABLE call_sources (
    path    VARCHAR NOT NULL,
    call_id VARCHAR NOT NULL,
    seen_at TIMESTAMP NOT NULL,
    PRIMARY KEY (path, call_id)
)"""

INPUT_FAILURES = """
CREATE TABLE input_failures (
    path   VARCHAR NOT NULL,
    reason VARCHAR NOT NULL,
    stage     VARCHAR NOT NULL,              -- ingest | manifest | transcribe | score ...
    failed_at TIMESTAMP NOT NULL             -- ("at" is an SQL keyword in DuckDB 2)
)"""

STAGE_STATUS = """
CREATE TABLE stage_status (
    call_id    VARCHAR NOT NULL,
    stage      VARCHAR NOT NULL,             -- ingest | transcribe | score
    version    VARCHAR NOT NULL,
    status     VARCHAR NOT NULL CHECK (status IN ('pending', 'done', 'failed')),
    error      VARCHAR,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (call_id, stage, version)
)"""

TRANSCRIPTS = """
CREATE TABLE transcripts (
    call_id         VARCHAR NOT NULL,
    version         VARCHAR NOT NULL,
    language        VARCHAR NOT NULL,
    duration_s      DOUBLE,
    verdict         VARCHAR NOT NULL,        -- ok | review | unusable
    reasons         JSON,                    -- list of strings
    role_confidence DOUBLE,
    engine          VARCHAR,
    created_at      TIMESTAMP NOT NULL,
    purged_at       TIMESTAMP,               -- set when retention removed the text
    PRIMARY KEY (call_id, version)
)"""

TURNS = """
CREATE TABLE turns (
    call_id            VARCHAR NOT NULL,
    transcript_version VARCHAR NOT NULL,
    turn_index         INTEGER NOT NULL,
    speaker            VARCHAR NOT NULL,     -- agent | customer | raw label
    start_s            DOUBLE NOT NULL,
    end_s              DOUBLE NOT NULL,
    text               VARCHAR,              -- redacted text; NULL once purged
    channel            INTEGER,
    confidence         DOUBLE,
    words              JSON,                 -- [{text, start, end, probability}]
    redactions         JSON,                 -- [{kind, char_start, char_end, start, end}]
    PRIMARY KEY (call_id, transcript_version, turn_index)
)"""

# The summary columns after `created_at` are derived from the scores when a scorecard is saved
# (store.rows.scorecard_summary) so that list pages never pivot the scores table.
SCORECARDS = """
CREATE TABLE scorecards (
    call_id                  VARCHAR NOT NULL,
    version                  VARCHAR NOT NULL,
    transcript_version       VARCHAR NOT NULL,
    rubric_version           VARCHAR NOT NULL,
    scorer                   VARCHAR NOT NULL,
    language                 VARCHAR NOT NULL,
    created_at               TIMESTAMP NOT NULL,
    resolution_level         DOUBLE,
    level_label              VARCHAR,
    compliance               DOUBLE,
    category                 VARCHAR,
    violations               INTEGER,        -- total occurrences over violation.* criteria
    violation_codes          VARCHAR[],      -- codes with at least one occurrence
    agent_politeness         DOUBLE,
    customer_politeness      DOUBLE,
    customer_sentiment_start DOUBLE,
    customer_sentiment_end   DOUBLE,
    customer_sentiment_shift DOUBLE,
    handle_time_s            DOUBLE,
    PRIMARY KEY (call_id, version)
)"""

SCORES = """
CREATE TABLE scores (
    call_id       VARCHAR NOT NULL,
    score_version VARCHAR NOT NULL,
    criterion     VARCHAR NOT NULL,          -- see callqa/records.py module doc
    value         DOUBLE,
    label         VARCHAR,
    evidence      JSON,                      -- [{turn, start, end, quote, cue, note}]
    score_index   INTEGER,                   -- the scorer's order of its scores
    PRIMARY KEY (call_id, score_version, criterion)
)"""

TURN_SENTIMENT = """
CREATE TABLE turn_sentiment (
    call_id       VARCHAR NOT NULL,
    score_version VARCHAR NOT NULL,
    turn_index    INTEGER NOT NULL,
    sentiment     DOUBLE,
    PRIMARY KEY (call_id, score_version, turn_index)
)"""

RUBRICS = """
CREATE TABLE rubrics (
    version    VARCHAR PRIMARY KEY,
    language   VARCHAR,
    name       VARCHAR,
    content    TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
)"""

REVIEWS = """
CREATE TABLE reviews (
    review_id     VARCHAR PRIMARY KEY,
    call_id       VARCHAR NOT NULL,
    score_version VARCHAR,                   -- the machine scorecard the reviewer saw
    criterion     VARCHAR NOT NULL,
    reviewer      VARCHAR NOT NULL,
    verdict       VARCHAR NOT NULL CHECK (verdict IN ('confirm', 'correct')),
    value         DOUBLE,                    -- the human value when correcting
    label         VARCHAR,
    reason        VARCHAR,
    note          VARCHAR,
    coaching      BOOLEAN NOT NULL DEFAULT false,
    created_at    TIMESTAMP NOT NULL
)"""

SAMPLING_PLANS = """
CREATE TABLE sampling_plans (
    plan_id    VARCHAR PRIMARY KEY,
    name       VARCHAR NOT NULL,
    seed       BIGINT NOT NULL,
    params     JSON,
    created_by VARCHAR,
    created_at TIMESTAMP NOT NULL
)"""

REVIEW_ASSIGNMENTS = """
CREATE TABLE review_assignments (
    assignment_id VARCHAR PRIMARY KEY,
    plan_id       VARCHAR,
    call_id       VARCHAR NOT NULL,
    reviewer      VARCHAR,
    status        VARCHAR NOT NULL CHECK (status IN ('todo', 'in_review', 'done', 'disputed')),
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
)"""

DISPUTES = """
CREATE TABLE disputes (
    dispute_id  VARCHAR PRIMARY KEY,
    review_id   VARCHAR NOT NULL,
    raised_by   VARCHAR NOT NULL,
    reason      VARCHAR NOT NULL,
    status      VARCHAR NOT NULL CHECK (status IN ('open', 'resolved')),
    resolver    VARCHAR,
    resolution  VARCHAR,
    created_at  TIMESTAMP NOT NULL,
    resolved_at TIMESTAMP
)"""

AUDIT_LOG = """
CREATE TABLE audit_log (
    logged_at TIMESTAMP NOT NULL,            -- ("at" is an SQL keyword in DuckDB 2)
    actor  VARCHAR NOT NULL,
    action VARCHAR NOT NULL,                 -- review.add, dispute.raise, export, access.denied ...
    target VARCHAR,
    detail JSON
)"""

# Migration 8: the redacted copy of a call's recording (what roles without the right to the original hear)
REDACTED_AUDIO = """
CREATE TABLE redacted_audio (
    call_id            VARCHAR PRIMARY KEY,
    transcript_version VARCHAR NOT NULL,     -- the transcript whose redaction spans were applied
    mode               VARCHAR NOT NULL CHECK (mode IN ('bleep', 'silence')),
    path               VARCHAR NOT NULL,     -- a WAV file callqa owns (setting redacted_audio_dir)
    spans              INTEGER NOT NULL,     -- time spans bleeped or silenced
    created_at         TIMESTAMP NOT NULL
)"""
