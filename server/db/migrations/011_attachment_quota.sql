-- Per-user attachment quota: the bytes a user stores (sent or not), summed from this index alone on each upload.
CREATE INDEX attachments_uploader_idx ON attachments (uploader_id) INCLUDE (size_bytes);
