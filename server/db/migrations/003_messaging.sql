-- Messaging: conversations (one per dossier, or direct), participants with read pointers, messages ordered by a
-- per-conversation sequence, edit history, attachments, last-seen presence.

CREATE EXTENSION IF NOT EXISTS unaccent;
-- Lets one GIN index hold the conversation id next to the words: a search within a user's conversations
-- intersects both inside the index instead of checking every message that has the words.
CREATE EXTENSION IF NOT EXISTS btree_gin;

-- French stemming with accents folded first ("tresorerie" finds "trésorerie"). The stemmer expects accents, so
-- folding first loses some endings ("réglées"): a message is indexed with both the plain French configuration and
-- this one, and a query matches either. Configurations (not unaccent() calls) are immutable: they fit a generated
-- column, and ts_headline highlights the original words.
CREATE TEXT SEARCH CONFIGURATION messaging_french (COPY = pg_catalog.french);
ALTER TEXT SEARCH CONFIGURATION messaging_french
  ALTER MAPPING FOR hword, hword_part, word WITH public.unaccent, french_stem;

CREATE FUNCTION messaging_search_query(q text) RETURNS tsquery
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT websearch_to_tsquery('pg_catalog.french', q) || websearch_to_tsquery('public.messaging_french', q) $$;

CREATE TABLE conversations (
  id uuid PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('dossier', 'direct')),
  dossier_id uuid UNIQUE REFERENCES dossiers (id) ON DELETE CASCADE,
  -- The two user ids of a direct conversation, sorted and joined: one conversation per pair.
  direct_key text UNIQUE,
  created_by uuid REFERENCES users (id),
  last_seq bigint NOT NULL DEFAULT 0,
  last_message_at timestamptz,
  created_at timestamptz NOT NULL,
  CHECK ((kind = 'dossier') = (dossier_id IS NOT NULL)),
  CHECK ((kind = 'direct') = (direct_key IS NOT NULL))
);

CREATE TABLE conversation_participants (
  conversation_id uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id),
  role text NOT NULL CHECK (role IN ('client', 'expert', 'admin')),
  joined_at timestamptz NOT NULL,
  last_read_seq bigint NOT NULL DEFAULT 0,
  last_read_at timestamptz,
  left_at timestamptz,
  PRIMARY KEY (conversation_id, user_id)
);
-- A user's current conversations (list, unread total, socket rooms at connect, search scope).
CREATE INDEX conversation_participants_user_idx ON conversation_participants (user_id, conversation_id)
  INCLUDE (last_read_seq) WHERE left_at IS NULL;

CREATE TABLE messages (
  id uuid PRIMARY KEY,
  conversation_id uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  seq bigint NOT NULL,
  sender_id uuid REFERENCES users (id),
  kind text NOT NULL CHECK (kind IN ('text', 'system')),
  body text NOT NULL CHECK (char_length(body) <= 10000),
  body_tsv tsvector GENERATED ALWAYS AS (
    to_tsvector('pg_catalog.french'::regconfig, body) || to_tsvector('public.messaging_french'::regconfig, body)
  ) STORED,
  client_key text CHECK (char_length(client_key) BETWEEN 1 AND 100),
  has_attachments boolean NOT NULL DEFAULT false,
  edited_at timestamptz,
  deleted_at timestamptz,
  created_at timestamptz NOT NULL,
  CHECK ((kind = 'system') = (sender_id IS NULL))
);
-- History pages (before/after a seq), reconnect sync and exact unread counts: one range scan each.
CREATE UNIQUE INDEX messages_conversation_seq_idx ON messages (conversation_id, seq);
-- Idempotent sends: a retry with the same key finds the message instead of creating another.
CREATE UNIQUE INDEX messages_client_key_idx ON messages (conversation_id, sender_id, client_key)
  WHERE client_key IS NOT NULL;
CREATE INDEX messages_search_idx ON messages USING gin (conversation_id, body_tsv) WHERE deleted_at IS NULL;
-- Newest first: search walks it for very common words (see messagingRepo.search).
CREATE INDEX messages_recent_idx ON messages (created_at DESC, id DESC) WHERE deleted_at IS NULL;

-- Sends a message in one round trip: locks the conversation row (serialising its writers, so seq order is commit
-- order), answers the first message again for a reused idempotency key, takes the next seq, inserts, and moves the
-- sender's read pointer. No row: the conversation does not exist or the sender does not take part in it.
-- p_sender null: a system message.
CREATE FUNCTION messaging_send(
  p_id uuid, p_conversation uuid, p_sender uuid, p_kind text, p_body text, p_client_key text,
  p_has_attachments boolean, p_at timestamptz
) RETURNS TABLE (id uuid, seq bigint, created_at timestamptz, duplicate boolean)
LANGUAGE plpgsql AS $$
DECLARE
  v_seq bigint;
BEGIN
  SELECT c.last_seq INTO v_seq FROM conversations c
  WHERE c.id = p_conversation
    AND (p_sender IS NULL OR EXISTS (
      SELECT 1 FROM conversation_participants p
      WHERE p.conversation_id = c.id AND p.user_id = p_sender AND p.left_at IS NULL))
  FOR UPDATE OF c;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  IF p_client_key IS NOT NULL THEN
    RETURN QUERY SELECT m.id, m.seq, m.created_at, true FROM messages m
      WHERE m.conversation_id = p_conversation AND m.sender_id = p_sender AND m.client_key = p_client_key;
    IF FOUND THEN
      RETURN;
    END IF;
  END IF;
  v_seq := v_seq + 1;
  UPDATE conversations c SET last_seq = v_seq, last_message_at = p_at WHERE c.id = p_conversation;
  INSERT INTO messages (id, conversation_id, seq, sender_id, kind, body, client_key, has_attachments, created_at)
    VALUES (p_id, p_conversation, v_seq, p_sender, p_kind, p_body, p_client_key, p_has_attachments, p_at);
  IF p_sender IS NOT NULL THEN
    UPDATE conversation_participants p SET last_read_seq = v_seq, last_read_at = p_at
      WHERE p.conversation_id = p_conversation AND p.user_id = p_sender AND p.last_read_seq < v_seq;
  END IF;
  RETURN QUERY SELECT p_id, v_seq, p_at, false;
END
$$;

CREATE TABLE message_edits (
  id uuid PRIMARY KEY,
  message_id uuid NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  editor_id uuid REFERENCES users (id),
  action text NOT NULL CHECK (action IN ('edit', 'delete')),
  previous_body text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX message_edits_message_idx ON message_edits (message_id, created_at);

CREATE TABLE attachments (
  id uuid PRIMARY KEY,
  conversation_id uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  -- Null between upload and the message that carries it.
  message_id uuid REFERENCES messages (id) ON DELETE SET NULL,
  uploader_id uuid NOT NULL REFERENCES users (id),
  storage_key text NOT NULL UNIQUE,
  filename text NOT NULL CHECK (char_length(filename) BETWEEN 1 AND 255),
  mime_type text NOT NULL,
  size_bytes bigint NOT NULL CHECK (size_bytes >= 0),
  created_at timestamptz NOT NULL
);
CREATE INDEX attachments_message_idx ON attachments (message_id) WHERE message_id IS NOT NULL;
CREATE INDEX attachments_pending_idx ON attachments (uploader_id, created_at) WHERE message_id IS NULL;

-- When each user's last live connection closed (shared by every server instance).
CREATE TABLE user_presence (
  user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  last_seen_at timestamptz NOT NULL
);
