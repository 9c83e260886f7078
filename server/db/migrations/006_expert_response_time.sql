-- An expert's median response time, from the platform's own messages: in each conversation the expert takes part
-- in as the expert, a run of messages by others (clients, admins) is answered by the expert's next message; the
-- response time is from the first message of the run to that answer. Median over the answers since `p_since`, in
-- whole minutes; null without any answer. Only the last 500 messages of each conversation are read (a range of
-- messages_conversation_seq_idx), so the cost stays bounded for long conversations.
CREATE FUNCTION expert_median_response_minutes(p_expert uuid, p_since timestamptz) RETURNS integer
LANGUAGE sql STABLE AS $$
  WITH marked AS (
    SELECT m.conversation_id, m.created_at, m.sender_id = p_expert AS by_expert,
           -- The number of the expert's messages up to this one: a run of others' messages shares it with the
           -- expert message before it; the answer to that run has it plus one.
           count(*) FILTER (WHERE m.sender_id = p_expert)
             OVER (PARTITION BY m.conversation_id ORDER BY m.seq ROWS UNBOUNDED PRECEDING) AS answered
    FROM conversation_participants cp
    JOIN conversations c ON c.id = cp.conversation_id
    JOIN messages m ON m.conversation_id = cp.conversation_id AND m.seq > c.last_seq - 500
    WHERE cp.user_id = p_expert AND cp.role = 'expert'
      AND m.sender_id IS NOT NULL AND m.deleted_at IS NULL AND m.created_at >= p_since
  ), asked AS (
    SELECT conversation_id, answered, min(created_at) AS asked_at FROM marked WHERE NOT by_expert
    GROUP BY conversation_id, answered
  )
  SELECT round(percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM r.created_at - a.asked_at) / 60))::int
  FROM asked a
  JOIN marked r ON r.conversation_id = a.conversation_id AND r.by_expert AND r.answered = a.answered + 1
$$;
