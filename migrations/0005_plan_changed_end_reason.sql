-- A move to a plan with fewer streams ends the streams over the new limit (SetUserPlan): their end reason.
ALTER TABLE playback_sessions DROP CONSTRAINT playback_sessions_end_reason_check;
ALTER TABLE playback_sessions ADD CONSTRAINT playback_sessions_end_reason_check
    CHECK (end_reason IN ('stopped', 'kicked', 'replaced', 'expired', 'plan_changed'));
