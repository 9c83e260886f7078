-- A message's send also says which dossier its conversation belongs to (null for a direct conversation), read from
-- the conversation row it already locks (issue 11: messaging's tail).
--
-- The `message.created` event carries it, so that its subscribers (the step's SLA clock, the unanswered-message
-- reminder) no longer look the conversation up after every message: two statements a message, each waiting for one
-- of the server's few connections in front of the next message's send, and their rows kept alive long enough to be
-- promoted by the garbage collector.

DROP FUNCTION messaging_send(uuid, uuid, uuid, text, text, text, boolean, timestamptz);

CREATE FUNCTION messaging_send(
  p_id uuid, p_conversation uuid, p_sender uuid, p_kind text, p_body text, p_client_key text,
  p_has_attachments boolean, p_at timestamptz
) RETURNS TABLE (id uuid, seq bigint, created_at timestamptz, duplicate boolean, dossier_id uuid)
LANGUAGE plpgsql AS $$
DECLARE
  v_seq bigint;
  v_dossier uuid;
BEGIN
  SELECT c.last_seq, CASE WHEN c.kind = 'dossier' THEN c.dossier_id END INTO v_seq, v_dossier FROM conversations c
  WHERE c.id = p_conversation
    AND (p_sender IS NULL OR EXISTS (
      SELECT 1 FROM conversation_participants p
      WHERE p.conversation_id = c.id AND p.user_id = p_sender AND p.left_at IS NULL))
  FOR UPDATE OF c;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  IF p_client_key IS NOT NULL THEN
    RETURN QUERY SELECT m.id, m.seq, m.created_at, true, v_dossier FROM messages m
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
  RETURN QUERY SELECT p_id, v_seq, p_at, false, v_dossier;
END
$$;
