-- An announcement's pending deliveries, read right after it stored them: by its event key on a partial index of the
-- pending ones. The join through notifications that read them before could be planned on statistics taken before the
-- announcement's 100,000 rows existed, and then scanned every delivery once per notification (minutes).
CREATE INDEX notification_deliveries_pending_event_idx ON notification_deliveries (event_key) WHERE status = 'pending';
