-- Videos, resumable uploads, per-account storage quotas and the durable job queue.

-- NULL: the server's DEFAULT_QUOTA_BYTES applies.
ALTER TABLE users ADD COLUMN quota_bytes bigint CHECK (quota_bytes IS NULL OR quota_bytes >= 0);

CREATE TABLE videos (
    id                 uuid PRIMARY KEY,
    owner_id           uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title              text        NOT NULL,
    description        text        NOT NULL DEFAULT '',
    tags               text[]      NOT NULL DEFAULT '{}',
    visibility         text        NOT NULL CHECK (visibility IN ('public', 'unlisted', 'private')),
    status             text        NOT NULL CHECK (status IN ('uploading', 'queued', 'processing', 'ready', 'failed')),
    failure_reason     text,
    original_filename  text,
    size_bytes         bigint      NOT NULL DEFAULT 0 CHECK (size_bytes >= 0),
    output_bytes       bigint      NOT NULL DEFAULT 0 CHECK (output_bytes >= 0),
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    -- Set by DELETE: the video is gone for everyone at once; a purge job removes its objects, then the row.
    deleted_at         timestamptz
);

-- "My videos", newest first, keyset-paginated.
CREATE INDEX videos_owner_created_idx ON videos (owner_id, created_at DESC, id DESC) WHERE deleted_at IS NULL;

-- tus uploads in progress; the id is the id of the video the upload becomes.
CREATE TABLE uploads (
    id            uuid PRIMARY KEY REFERENCES videos (id) ON DELETE CASCADE,
    owner_id      uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    length        bigint      NOT NULL CHECK (length >= 0),
    "offset"      bigint      NOT NULL DEFAULT 0 CHECK ("offset" >= 0 AND "offset" <= length),
    raw_metadata  text,
    expires_at    timestamptz NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX uploads_expires_at_idx ON uploads (expires_at);

CREATE TABLE jobs (
    id                uuid PRIMARY KEY,
    kind              text        NOT NULL,
    payload           jsonb       NOT NULL DEFAULT '{}',
    state             text        NOT NULL DEFAULT 'queued'
                                  CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'dead')),
    attempts          integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    max_attempts      integer     NOT NULL DEFAULT 5 CHECK (max_attempts >= 1),
    run_after         timestamptz NOT NULL DEFAULT now(),
    -- Who holds the lease (worker name) and the token of this lease: only its holder may finish the job.
    lease_owner       text,
    lease_token       uuid,
    lease_expires_at  timestamptz,
    last_error        text,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    finished_at       timestamptz
);

-- Claiming: due jobs of a kind, and running jobs whose lease has expired.
CREATE INDEX jobs_due_idx ON jobs (kind, run_after) WHERE state IN ('queued', 'failed');
CREATE INDEX jobs_lease_idx ON jobs (kind, lease_expires_at) WHERE state = 'running';
-- Admin listing, newest first.
CREATE INDEX jobs_created_idx ON jobs (created_at DESC, id DESC);
CREATE INDEX jobs_state_kind_created_idx ON jobs (state, kind, created_at DESC, id DESC);

-- Periodic jobs: one row per schedule; whichever replica moves next_run_at enqueues the run.
CREATE TABLE job_schedules (
    name              text PRIMARY KEY,
    kind              text        NOT NULL,
    payload           jsonb       NOT NULL DEFAULT '{}',
    interval_seconds  integer     NOT NULL CHECK (interval_seconds > 0),
    next_run_at       timestamptz NOT NULL DEFAULT now(),
    last_run_at       timestamptz
);
