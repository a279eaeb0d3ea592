-- Playback: subscription plans (limits only; purchasing comes later), durable playback sessions, watch history
-- per profile and view counts.

CREATE TABLE plans (
    id           text PRIMARY KEY CHECK (id ~ '^[a-z][a-z0-9_-]{0,31}$'),
    name         text    NOT NULL,
    max_streams  integer NOT NULL CHECK (max_streams BETWEEN 1 AND 100),
    -- Highest rendition (short side, e.g. 720 for 720p) the plan may watch; NULL = the top rung of every video.
    max_height   integer CHECK (max_height IS NULL OR max_height >= 144),
    price_cents  integer NOT NULL DEFAULT 0 CHECK (price_cents >= 0),
    currency     text    NOT NULL DEFAULT 'EUR',
    sort_order   integer NOT NULL DEFAULT 0
);

INSERT INTO plans (id, name, max_streams, max_height, price_cents, sort_order) VALUES
    ('free',     'Free',     1, 480,     0, 0),
    ('basic',    'Basic',    1, 720,   699, 1),
    ('standard', 'Standard', 2, 1080, 1199, 2),
    ('premium',  'Premium',  4, NULL, 1799, 3);

ALTER TABLE users ADD COLUMN plan_id text NOT NULL DEFAULT 'free' REFERENCES plans (id);

ALTER TABLE videos ADD COLUMN view_count bigint NOT NULL DEFAULT 0 CHECK (view_count >= 0);

CREATE TABLE playback_sessions (
    id                 uuid PRIMARY KEY,
    user_id            uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    profile_id         uuid        NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    video_id           uuid        NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
    device_id          text        NOT NULL,
    device_name        text        NOT NULL,
    max_height         integer,
    started_at         timestamptz NOT NULL,
    last_heartbeat_at  timestamptz NOT NULL,
    lease_expires_at   timestamptz NOT NULL,
    ended_at           timestamptz,
    -- stopped (by the player), kicked (from another device), replaced (same device played again), expired.
    end_reason         text CHECK (end_reason IN ('stopped', 'kicked', 'replaced', 'expired')),
    position_seconds   double precision NOT NULL DEFAULT 0 CHECK (position_seconds >= 0),
    watched_seconds    double precision NOT NULL DEFAULT 0 CHECK (watched_seconds >= 0),
    rendition          text,
    buffer_seconds     double precision,
    bitrate            bigint,
    CHECK ((ended_at IS NULL) = (end_reason IS NULL))
);

-- Open sessions of an account (limits, recovery after a Redis loss) and the sweeper's scan.
CREATE INDEX playback_sessions_open_user_idx ON playback_sessions (user_id) WHERE ended_at IS NULL;
CREATE INDEX playback_sessions_open_lease_idx ON playback_sessions (lease_expires_at) WHERE ended_at IS NULL;
CREATE INDEX playback_sessions_video_idx ON playback_sessions (video_id);

CREATE TABLE watch_history (
    profile_id        uuid        NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    video_id          uuid        NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
    user_id           uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    position_seconds  double precision NOT NULL DEFAULT 0 CHECK (position_seconds >= 0),
    watched_seconds   double precision NOT NULL DEFAULT 0 CHECK (watched_seconds >= 0),
    completed         boolean     NOT NULL DEFAULT false,
    first_watched_at  timestamptz NOT NULL,
    last_watched_at   timestamptz NOT NULL,
    PRIMARY KEY (profile_id, video_id)
);

CREATE INDEX watch_history_profile_recent_idx ON watch_history (profile_id, last_watched_at DESC, video_id DESC);
CREATE INDEX watch_history_user_recent_idx ON watch_history (user_id, last_watched_at DESC, video_id DESC);
