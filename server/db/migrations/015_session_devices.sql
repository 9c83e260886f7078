-- The browser and address each session (refresh family) was opened from, kept after the session ends: a sign-in
-- from a browser and address the account never used before is told to its owner (security notice).
CREATE TABLE session_devices (
  family_id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  user_agent text NOT NULL,
  ip text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX session_devices_user_idx ON session_devices (user_id, user_agent, ip);
