-- The messages' word index takes each message's words as it is stored (issue 11: messaging's tail).
--
-- With GIN's `fastupdate` (the default), new entries wait in a pending list, and the insert that finds that list past
-- `gin_pending_list_limit` (4 MB, some ten thousand messages) moves all of it into the index itself, inside its own
-- statement: one message in ten thousand took 130 to 220 ms to send, and the messages of its conversation waited
-- behind its lock. Without it, each insert pays for its own words (a few dozen index entries), and searches no
-- longer read a pending list either.
ALTER INDEX messages_search_idx SET (fastupdate = off);
-- Turning it off does not move what already waits: done now, not by a later message.
SELECT gin_clean_pending_list('messages_search_idx'::regclass);
