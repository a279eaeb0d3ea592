-- Promote an existing account to admin.
--   psql "$DATABASE_URL" -v email=someone@example.com -f migrations/bootstrap/promote_admin.sql
-- Exits non-zero when no account has that email.
\set ON_ERROR_STOP on
SELECT set_config('zviewer.promote_email', lower(btrim(:'email')), false);
DO $$
DECLARE
    target text := current_setting('zviewer.promote_email');
    promoted integer;
BEGIN
    UPDATE users SET role = 'admin', updated_at = now() WHERE lower(email) = target;
    GET DIAGNOSTICS promoted = ROW_COUNT;
    IF promoted = 0 THEN
        RAISE EXCEPTION 'no account with email %', target;
    END IF;
    RAISE NOTICE 'promoted % to admin', target;
END
$$;
