-- Transcoding: the published package, processing progress, and notifications for the owner.

ALTER TABLE videos
    ADD COLUMN media                  jsonb,
    ADD COLUMN duration_seconds       double precision,
    ADD COLUMN processing_step        text        NOT NULL DEFAULT 'queued',
    ADD COLUMN processing_percent     double precision NOT NULL DEFAULT 0
                                      CHECK (processing_percent >= 0 AND processing_percent <= 100),
    ADD COLUMN processing_eta_seconds double precision,
    ADD COLUMN processing_started_at  timestamptz,
    ADD COLUMN processing_updated_at  timestamptz;

CREATE TABLE notifications (
    id          uuid PRIMARY KEY,
    user_id     uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind        text        NOT NULL,
    title       text        NOT NULL,
    body        text        NOT NULL DEFAULT '',
    video_id    uuid        REFERENCES videos (id) ON DELETE SET NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    read_at     timestamptz
);

CREATE INDEX notifications_user_created_idx ON notifications (user_id, created_at DESC, id DESC);
