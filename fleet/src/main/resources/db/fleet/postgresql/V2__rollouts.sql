-- Each rollout's whole state as JSON (Rollout.snapshot()), rewritten after every change, so a
-- restarted fleet manager resumes it. PostgreSQL's spelling of h2/V2: TEXT where H2 has CLOB.
CREATE TABLE rollout (
    id          VARCHAR(64)  PRIMARY KEY,
    state       VARCHAR(16)  NOT NULL,
    snapshot    TEXT         NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
