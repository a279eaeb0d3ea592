-- Accounts, viewer profiles and refresh tokens.

CREATE TABLE users (
    id             uuid PRIMARY KEY,
    email          text        NOT NULL CHECK (email = lower(email) AND length(email) <= 254),
    display_name   text        NOT NULL,
    role           text        NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'admin')),
    status         text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
    password_hash  text        NOT NULL,
    mfa_secret     text,
    mfa_enabled    boolean     NOT NULL DEFAULT false,
    mfa_last_step  bigint,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);

-- Case-insensitive uniqueness (emails are stored lower-cased; the index guards writers that forget).
CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email));
-- Keyset pagination of the admin list.
CREATE INDEX users_created_at_id_idx ON users (created_at, id);

CREATE TABLE profiles (
    id          uuid PRIMARY KEY,
    user_id     uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name        text        NOT NULL,
    avatar_url  text,
    is_kids     boolean     NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX profiles_user_id_idx ON profiles (user_id, created_at);

CREATE TABLE refresh_tokens (
    id          uuid PRIMARY KEY,
    user_id     uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    family_id   uuid        NOT NULL,
    token_hash  text        NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,
    revoked_at  timestamptz
);

CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_live_user_idx ON refresh_tokens (user_id) WHERE revoked_at IS NULL;
CREATE INDEX refresh_tokens_expires_idx ON refresh_tokens (expires_at);
