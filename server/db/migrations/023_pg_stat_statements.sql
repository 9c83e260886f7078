-- The statements' statistics that the admins' performance page reads (server/modules/monitoring), where the server
-- offers the extension and the role may create it; elsewhere the page shows the server's own route timings.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_stat_statements') THEN
    CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
  END IF;
EXCEPTION WHEN insufficient_privilege THEN
  RAISE NOTICE 'pg_stat_statements not created: %', SQLERRM;
END $$;
