-- A session (refresh family) has an absolute lifetime besides the sliding one of each token: the start of its family
-- is carried by every token of it. Families already out there start at their oldest token.
ALTER TABLE refresh_tokens ADD COLUMN family_started_at timestamptz;
UPDATE refresh_tokens r
SET family_started_at = f.started_at
FROM (SELECT family_id, min(created_at) AS started_at FROM refresh_tokens GROUP BY family_id) f
WHERE f.family_id = r.family_id;
ALTER TABLE refresh_tokens ALTER COLUMN family_started_at SET NOT NULL;
