-- Marking a read position rewrites the participant's row in place (issue 11: messaging's tail).
--
-- Every send marks its sender's read position (`messaging_send`), and every read marks the reader's. With
-- `last_read_seq` carried in the user's index, each of those updates wrote a new row version into both indexes (no
-- HOT update is possible when an indexed column changes): 152,500 updates of 1,500 rows in the messaging benchmark,
-- none in place, the table grown to 115 pages. Without it, the update stays on the row's page (HOT), and the room
-- left on each page (fillfactor) keeps it there between vacuums. The unread counts read the few rows of a user from
-- the table instead of the index only.
DROP INDEX conversation_participants_user_idx;
CREATE INDEX conversation_participants_user_idx ON conversation_participants (user_id, conversation_id)
  WHERE left_at IS NULL;
ALTER TABLE conversation_participants SET (fillfactor = 80);
