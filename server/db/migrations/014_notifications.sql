-- Notifications (issue 13): one record per event and recipient, the channels it went out on, each user's
-- preferences, push subscriptions, every e-mail sent (or kept in the outbox), account tokens, announcements.

-- The language and time zone notifications are written and scheduled in; the verified state of the address.
ALTER TABLE users ADD COLUMN locale text NOT NULL DEFAULT 'fr' CHECK (locale IN ('fr', 'en'));
ALTER TABLE users ADD COLUMN time_zone text NOT NULL DEFAULT 'Europe/Paris';
ALTER TABLE users ADD COLUMN email_verified_at timestamptz;
-- Accounts made before verification existed keep working as they did.
UPDATE users SET email_verified_at = created_at;

-- What a user sees in the notification centre. Grouped types (new messages of one conversation) keep one unread row
-- per group, counted up by each event; read, the next event starts a new row.
CREATE TABLE notifications (
  id uuid PRIMARY KEY,
  recipient_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  type text NOT NULL,
  group_key text,
  group_count integer NOT NULL DEFAULT 1 CHECK (group_count > 0),
  -- The template's parameters (names, statuses, excerpt…); texts are rendered in the reader's language.
  data jsonb NOT NULL,
  -- Path of the object in the web app (the deep link of every channel).
  link text NOT NULL,
  -- False when the user turned the in-app channel off for this type: kept for the digest and statistics only.
  in_app boolean NOT NULL,
  -- Rendered French and English texts, for the centre's search.
  search_text text NOT NULL DEFAULT '',
  announcement_id uuid,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  read_at timestamptz,
  archived_at timestamptz
);
CREATE UNIQUE INDEX notifications_open_group_idx ON notifications (recipient_id, group_key)
  WHERE group_key IS NOT NULL AND read_at IS NULL;
CREATE INDEX notifications_centre_idx ON notifications (recipient_id, updated_at DESC, id DESC) WHERE in_app;
CREATE INDEX notifications_unread_idx ON notifications (recipient_id)
  WHERE in_app AND read_at IS NULL AND archived_at IS NULL;
CREATE INDEX notifications_announcement_idx ON notifications (announcement_id) WHERE announcement_id IS NOT NULL;
-- The centre's search is always within one user's notifications (notifications_centre_idx), so search_text has no
-- index of its own: a trigram index would make every notification (and an announcement's 100,000) cost more.

-- Exactly once: an event reaches a recipient once, whatever the retries, crashes or instances.
CREATE TABLE notification_events (
  recipient_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  event_key text NOT NULL,
  notification_id uuid NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (recipient_id, event_key)
);
CREATE INDEX notification_events_notification_idx ON notification_events (notification_id);

-- The e-mail and push deliveries of each event x recipient x channel; `due_at` holds them (quiet hours, the delay
-- that lets a message be read in the app before it is e-mailed).
CREATE TABLE notification_deliveries (
  id uuid PRIMARY KEY,
  notification_id uuid NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
  recipient_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  event_key text NOT NULL,
  channel text NOT NULL CHECK (channel IN ('email', 'push')),
  status text NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'skipped')),
  -- Why a delivery was skipped (read before the e-mail, preference changed, no subscription…).
  skip_reason text,
  due_at timestamptz NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  created_at timestamptz NOT NULL,
  sent_at timestamptz,
  UNIQUE (recipient_id, event_key, channel)
);
CREATE INDEX notification_deliveries_due_idx ON notification_deliveries (due_at) WHERE status = 'pending';
CREATE INDEX notification_deliveries_notification_idx ON notification_deliveries (notification_id);

-- Each user's choices; no row means the defaults of the role (common/notifications.ts).
CREATE TABLE notification_settings (
  user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  -- { "<type>": { "in_app": bool, "email": bool, "push": bool } }: only the cells that differ from the defaults.
  channels jsonb NOT NULL DEFAULT '{}',
  quiet_start time,
  quiet_end time,
  digest text NOT NULL DEFAULT 'off' CHECK (digest IN ('off', 'daily', 'weekly')),
  last_digest_at timestamptz,
  updated_at timestamptz NOT NULL,
  CHECK ((quiet_start IS NULL) = (quiet_end IS NULL))
);
CREATE INDEX notification_settings_digest_idx ON notification_settings (digest) WHERE digest <> 'off';

CREATE TABLE push_subscriptions (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  endpoint text NOT NULL UNIQUE,
  p256dh text NOT NULL,
  auth text NOT NULL,
  user_agent text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL,
  last_success_at timestamptz
);
CREATE INDEX push_subscriptions_user_idx ON push_subscriptions (user_id);

-- Every e-mail the platform sends: notification e-mails, digests, account e-mails. Without SMTP they stay here with
-- status 'outbox', for the admins to read.
CREATE TABLE email_messages (
  id uuid PRIMARY KEY,
  idempotency_key text NOT NULL UNIQUE,
  user_id uuid REFERENCES users (id) ON DELETE SET NULL,
  to_address text NOT NULL,
  -- A notification type, 'digest', or an account e-mail ('account.verify_email', 'account.reset_password'…).
  kind text NOT NULL,
  locale text NOT NULL CHECK (locale IN ('fr', 'en')),
  subject text NOT NULL,
  html text NOT NULL,
  text text NOT NULL,
  headers jsonb NOT NULL DEFAULT '{}',
  status text NOT NULL CHECK (status IN ('queued', 'sent', 'failed', 'outbox')),
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  smtp_message_id text,
  created_at timestamptz NOT NULL,
  sent_at timestamptz
);
CREATE INDEX email_messages_recent_idx ON email_messages (created_at DESC, id DESC);
CREATE INDEX email_messages_user_idx ON email_messages (user_id, created_at DESC);

-- Single-use links: e-mail verification, password reset. Only the hash of the token is kept.
CREATE TABLE account_tokens (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  purpose text NOT NULL CHECK (purpose IN ('verify_email', 'reset_password')),
  token_hash text NOT NULL UNIQUE,
  email text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
CREATE INDEX account_tokens_user_idx ON account_tokens (user_id, purpose);

-- Platform secrets made at first start (the VAPID key pair of Web Push).
CREATE TABLE app_secrets (
  name text PRIMARY KEY,
  value jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE announcements (
  id uuid PRIMARY KEY,
  author_id uuid NOT NULL REFERENCES users (id),
  title_fr text NOT NULL,
  body_fr text NOT NULL,
  title_en text NOT NULL,
  body_en text NOT NULL,
  -- The segment as chosen (common/announcements.ts): roles, regions, products, dossier statuses, specialties, users.
  segment jsonb NOT NULL,
  channels text[] NOT NULL,
  status text NOT NULL CHECK (status IN ('scheduled', 'sending', 'sent', 'cancelled')),
  scheduled_at timestamptz NOT NULL,
  sent_at timestamptz,
  recipient_count integer,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX announcements_due_idx ON announcements (scheduled_at) WHERE status = 'scheduled';
ALTER TABLE notifications ADD CONSTRAINT notifications_announcement_fk
  FOREIGN KEY (announcement_id) REFERENCES announcements (id) ON DELETE CASCADE;
