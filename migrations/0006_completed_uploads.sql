-- A finished tus upload is kept (completed) until its expiry, so a client resuming it is told it is complete
-- (HEAD answers Upload-Offset = Upload-Length) instead of starting again.
ALTER TABLE uploads ADD COLUMN completed_at timestamptz;
