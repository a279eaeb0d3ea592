-- The catalog: what a video is (kind, genres, maturity, language, year), where and when it may be watched
-- (availability window, regions, scheduled publishing), series with seasons and episodes, channels, captions.

-- Editors may change any video's catalog fields.
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('user', 'editor', 'admin'));

-- Every account has a public channel, found by id or by its handle.
ALTER TABLE users
    ADD COLUMN handle              text CHECK (handle ~ '^[a-z0-9_]{3,30}$'),
    ADD COLUMN channel_description text NOT NULL DEFAULT '' CHECK (length(channel_description) <= 5000);
CREATE UNIQUE INDEX users_handle_key ON users (handle);

-- Maturity is an ordered scale stored as its rank: 0 all, 1 7+, 2 13+, 3 16+, 4 18+.
ALTER TABLE profiles ADD COLUMN max_maturity smallint NOT NULL DEFAULT 4 CHECK (max_maturity BETWEEN 0 AND 4);
UPDATE profiles SET max_maturity = 1 WHERE is_kids;
ALTER TABLE profiles ADD CONSTRAINT profiles_kids_maturity CHECK (NOT is_kids OR max_maturity <= 1);

CREATE TABLE genres (
    slug        text PRIMARY KEY CHECK (slug ~ '^[a-z][a-z0-9-]{0,31}$'),
    name        text    NOT NULL,
    sort_order  integer NOT NULL DEFAULT 0
);
INSERT INTO genres (slug, name, sort_order) VALUES
    ('action', 'Action', 1), ('adventure', 'Adventure', 2), ('animation', 'Animation', 3), ('comedy', 'Comedy', 4),
    ('crime', 'Crime', 5), ('documentary', 'Documentary', 6), ('drama', 'Drama', 7), ('family', 'Family', 8),
    ('fantasy', 'Fantasy', 9), ('horror', 'Horror', 10), ('kids', 'Kids', 11), ('music', 'Music', 12),
    ('mystery', 'Mystery', 13), ('news', 'News', 14), ('reality', 'Reality', 15), ('romance', 'Romance', 16),
    ('sci-fi', 'Science fiction', 17), ('sports', 'Sports', 18), ('thriller', 'Thriller', 19), ('western', 'Western', 20);

CREATE TABLE series (
    id               uuid PRIMARY KEY,
    owner_id         uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title            text        NOT NULL,
    description      text        NOT NULL DEFAULT '',
    genres           text[]      NOT NULL DEFAULT '{}',
    maturity         smallint    NOT NULL DEFAULT 0 CHECK (maturity BETWEEN 0 AND 4),
    language         text,
    -- Kept by a trigger on videos: the highest rating of the episodes and the sum of their views.
    episode_maturity smallint    NOT NULL DEFAULT 0,
    view_count       bigint      NOT NULL DEFAULT 0,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX series_owner ON series (owner_id, created_at DESC);
CREATE INDEX series_newest ON series (created_at DESC, id DESC);
CREATE INDEX series_title ON series (title, id);
CREATE INDEX series_popular ON series (view_count DESC, id DESC);

CREATE TABLE seasons (
    series_id   uuid        NOT NULL REFERENCES series (id) ON DELETE CASCADE,
    number      integer     NOT NULL CHECK (number BETWEEN 0 AND 1000),
    title       text        NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (series_id, number)
);

ALTER TABLE videos
    ADD COLUMN kind             text     NOT NULL DEFAULT 'clip' CHECK (kind IN ('clip', 'movie', 'episode')),
    ADD COLUMN genres           text[]   NOT NULL DEFAULT '{}',
    ADD COLUMN maturity         smallint NOT NULL DEFAULT 0 CHECK (maturity BETWEEN 0 AND 4),
    ADD COLUMN language         text,
    ADD COLUMN release_year     integer,
    ADD COLUMN available_from   timestamptz,
    ADD COLUMN available_until  timestamptz,
    ADD COLUMN region_mode      text CHECK (region_mode IN ('allow', 'deny')),
    ADD COLUMN region_countries text[]   NOT NULL DEFAULT '{}',
    -- A public video is listed from publish_at on (NULL: at once); published_at records when the scheduled
    -- publishing job saw it go out (the one moment "new video" events hang on).
    ADD COLUMN publish_at       timestamptz,
    ADD COLUMN published_at     timestamptz,
    -- When the video came out for its audience: the newest-first order of every list.
    ADD COLUMN released_at      timestamptz GENERATED ALWAYS AS (COALESCE(publish_at, created_at)) STORED,
    ADD COLUMN series_id        uuid,
    ADD COLUMN season_number    integer,
    ADD COLUMN episode_number   integer CHECK (episode_number BETWEEN 1 AND 10000),
    -- Bumped when the uploader replaces the poster, so its URL changes with the image.
    ADD COLUMN poster_version   bigint   NOT NULL DEFAULT 0,
    -- Which captioned master playlist and MPD play hands out (0: the transcoder's own).
    ADD COLUMN captions_version bigint   NOT NULL DEFAULT 0,
    ADD CONSTRAINT videos_window CHECK (available_until IS NULL OR available_from IS NULL OR available_from < available_until),
    ADD CONSTRAINT videos_episode_slot
        FOREIGN KEY (series_id, season_number) REFERENCES seasons (series_id, number),
    ADD CONSTRAINT videos_episode_complete CHECK (
        (kind = 'episode') = (series_id IS NOT NULL)
        AND (series_id IS NULL) = (season_number IS NULL)
        AND (series_id IS NULL) = (episode_number IS NULL)),
    ADD CONSTRAINT videos_episode_unique UNIQUE (series_id, season_number, episode_number);

-- What the catalog scans: listed, not an episode, in each order.
CREATE INDEX videos_catalog_newest ON videos (released_at DESC, id DESC)
    WHERE visibility = 'public' AND status = 'ready' AND deleted_at IS NULL AND kind <> 'episode';
CREATE INDEX videos_catalog_title ON videos (title, id)
    WHERE visibility = 'public' AND status = 'ready' AND deleted_at IS NULL AND kind <> 'episode';
CREATE INDEX videos_catalog_popular ON videos (view_count DESC, id DESC)
    WHERE visibility = 'public' AND status = 'ready' AND deleted_at IS NULL AND kind <> 'episode';
CREATE INDEX videos_catalog_genres ON videos USING gin (genres)
    WHERE visibility = 'public' AND status = 'ready' AND deleted_at IS NULL AND kind <> 'episode';
CREATE INDEX videos_channel ON videos (owner_id, released_at DESC, id DESC)
    WHERE visibility = 'public' AND status = 'ready' AND deleted_at IS NULL;
CREATE INDEX videos_episodes ON videos (series_id, season_number, episode_number) WHERE series_id IS NOT NULL;
CREATE INDEX videos_unpublished ON videos (publish_at)
    WHERE published_at IS NULL AND visibility = 'public' AND status = 'ready' AND deleted_at IS NULL;

-- A series' derived figures follow its episodes: attach, detach, a rating change, a counted view.
CREATE FUNCTION series_refresh(target uuid) RETURNS void LANGUAGE sql AS $$
    UPDATE series s SET
        episode_maturity = COALESCE((SELECT max(maturity) FROM videos WHERE series_id = target AND deleted_at IS NULL), 0),
        view_count = COALESCE((SELECT sum(view_count) FROM videos WHERE series_id = target), 0)
    WHERE s.id = target;
$$;

CREATE FUNCTION videos_series_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' AND OLD.series_id IS NOT NULL THEN PERFORM series_refresh(OLD.series_id); END IF;
    IF TG_OP <> 'DELETE' AND NEW.series_id IS NOT NULL
       AND (TG_OP = 'INSERT' OR NEW.series_id IS DISTINCT FROM OLD.series_id) THEN
        PERFORM series_refresh(NEW.series_id);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER videos_series_sync
    AFTER INSERT OR DELETE OR UPDATE OF series_id, maturity, view_count, deleted_at ON videos
    FOR EACH ROW EXECUTE FUNCTION videos_series_sync();

CREATE TABLE captions (
    video_id    uuid        NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
    language    text        NOT NULL,
    label       text        NOT NULL,
    cue_count   integer     NOT NULL CHECK (cue_count >= 0),
    size_bytes  integer     NOT NULL CHECK (size_bytes >= 0),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (video_id, language)
);
