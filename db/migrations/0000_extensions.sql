-- pg_trgm serves fuzzy contact names; it ships with PostgreSQL's contrib and with PGlite.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
-- The role the application's queries run as: not a superuser, owns nothing, so row-level security applies to it.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'kith_app') THEN
    CREATE ROLE kith_app NOLOGIN NOSUPERUSER NOBYPASSRLS;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  -- another database on the same server created it at the same moment
  NULL;
END
$$;
--> statement-breakpoint
DO $$
BEGIN
  EXECUTE format('GRANT kith_app TO %I', current_user);
EXCEPTION WHEN others THEN
  NULL;
END
$$;
