-- Roles of an instance (issue 19 item 2): the owner and admins manage users and plans; members see
-- only their own data. Row-level security keeps the app role to the caller's own users row, so the
-- admin operations on other users' rows are SECURITY DEFINER functions, and each one checks the
-- caller's role itself: a member who calls one through the app role, with any SQL, is refused.
-- Their errors carry SQLSTATEs that run-tool.ts maps to tool errors: KP403 forbidden, KP404 not
-- found, KP400 invalid (DETAIL names the field), KP409 conflict.
ALTER TABLE "users" ADD COLUMN "disabled_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "crm_audit_events" DROP CONSTRAINT IF EXISTS "crm_audit_events_kind_check";
--> statement-breakpoint
ALTER TABLE "crm_audit_events" ADD CONSTRAINT "crm_audit_events_kind_check" CHECK ("kind" IN ('sign_in', 'token_used', 'destructive_action', 'admin_action'));
--> statement-breakpoint
-- The caller's role, or null for a disabled or unknown caller (who may do nothing here).
CREATE FUNCTION kith_caller_role() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT role FROM users WHERE id = kith_current_user_id() AND disabled_at IS NULL
$$;
--> statement-breakpoint
CREATE FUNCTION kith_require_admin() RETURNS text
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public AS $$
DECLARE
  r text := kith_caller_role();
BEGIN
  IF r IS NULL OR r NOT IN ('owner', 'admin') THEN
    RAISE EXCEPTION USING ERRCODE = 'KP403',
      MESSAGE = format('Managing users and plans is for the owner and the admins of this Kith; your role is %s.', coalesce(r, 'none'));
  END IF;
  RETURN r;
END $$;
--> statement-breakpoint
-- The target of an admin operation, or KP404.
CREATE FUNCTION kith_admin_target(p_user uuid) RETURNS users
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public AS $$
DECLARE
  t users;
BEGIN
  SELECT * INTO t FROM users WHERE id = p_user;
  IF NOT FOUND THEN
    RAISE EXCEPTION USING ERRCODE = 'KP404', MESSAGE = 'No user of this Kith has that id.';
  END IF;
  RETURN t;
END $$;
--> statement-breakpoint
-- Every user with their plan and how much they keep; contacts from the kept counters (migration 0072).
CREATE FUNCTION kith_admin_users(p_query text, p_after text, p_limit integer, p_user uuid DEFAULT NULL)
RETURNS TABLE (id uuid, email text, display_name text, role text, plan text, plan_title text, disabled_at timestamptz,
               created_at timestamptz, contacts integer, opportunities integer, interactions integer)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public AS $$
BEGIN
  PERFORM kith_require_admin();
  RETURN QUERY
    SELECT u.id, u.email, u.display_name, u.role, u.plan, p.title, u.disabled_at, u.created_at,
           coalesce(c.contacts, 0),
           (SELECT count(*)::int FROM crm_opportunities o WHERE o.user_id = u.id),
           (SELECT count(*)::int FROM crm_interactions i WHERE i.user_id = u.id)
      FROM users u
      LEFT JOIN plans p ON p.name = u.plan
      LEFT JOIN crm_user_counters c ON c.user_id = u.id
     WHERE (p_query IS NULL OR strpos(lower(u.email), lower(p_query)) > 0 OR strpos(lower(coalesce(u.display_name, '')), lower(p_query)) > 0)
       AND (p_after IS NULL OR u.email > p_after)
       AND (p_user IS NULL OR u.id = p_user)
     ORDER BY u.email
     LIMIT greatest(1, least(coalesce(p_limit, 100), 500));
END $$;
--> statement-breakpoint
-- The user an admin names by id or e-mail, or KP404.
CREATE FUNCTION kith_admin_find_user(p_ref text) RETURNS uuid
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public AS $$
DECLARE
  found uuid;
BEGIN
  PERFORM kith_require_admin();
  IF p_ref ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN
    SELECT id INTO found FROM users WHERE id = p_ref::uuid;
  ELSE
    SELECT id INTO found FROM users WHERE lower(email) = lower(btrim(p_ref));
  END IF;
  IF found IS NULL THEN
    RAISE EXCEPTION USING ERRCODE = 'KP404', MESSAGE = format('No user of this Kith is %s.', p_ref);
  END IF;
  RETURN found;
END $$;
--> statement-breakpoint
CREATE FUNCTION kith_admin_create_user(p_email text, p_display_name text, p_role text, p_plan text) RETURNS uuid
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  caller text := kith_require_admin();
  address text := lower(btrim(p_email));
  made uuid;
BEGIN
  IF address !~ '^[^\s@]+@[^\s@]+$' THEN
    RAISE EXCEPTION USING ERRCODE = 'KP400', MESSAGE = format('email: "%s" is not an e-mail address.', p_email), DETAIL = 'email';
  END IF;
  IF p_role = 'owner' THEN
    RAISE EXCEPTION USING ERRCODE = 'KP400', MESSAGE = 'role: a Kith has one owner; a new user is an admin or a member.', DETAIL = 'role';
  END IF;
  IF p_role = 'admin' AND caller <> 'owner' THEN
    RAISE EXCEPTION USING ERRCODE = 'KP403', MESSAGE = 'Only the owner of this Kith makes admins.';
  END IF;
  IF p_plan IS NOT NULL AND NOT EXISTS (SELECT 1 FROM plans WHERE name = p_plan) THEN
    RAISE EXCEPTION USING ERRCODE = 'KP400', MESSAGE = format('plan: "%s" is not a plan (one of: %s, or none).', p_plan, (SELECT string_agg(name, ', ' ORDER BY rank) FROM plans)), DETAIL = 'plan';
  END IF;
  IF EXISTS (SELECT 1 FROM users WHERE lower(email) = address) THEN
    RAISE EXCEPTION USING ERRCODE = 'KP409', MESSAGE = format('A user with the e-mail %s already exists.', address);
  END IF;
  INSERT INTO users (email, display_name, role, plan)
    VALUES (address, nullif(btrim(p_display_name), ''), coalesce(p_role, 'member'), p_plan)
    RETURNING users.id INTO made;
  RETURN made;
END $$;
--> statement-breakpoint
CREATE FUNCTION kith_admin_set_plan(p_user uuid, p_plan text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  PERFORM kith_require_admin();
  PERFORM kith_admin_target(p_user);
  IF p_plan IS NOT NULL AND NOT EXISTS (SELECT 1 FROM plans WHERE name = p_plan) THEN
    RAISE EXCEPTION USING ERRCODE = 'KP400', MESSAGE = format('plan: "%s" is not a plan (one of: %s, or none).', p_plan, (SELECT string_agg(name, ', ' ORDER BY rank) FROM plans)), DETAIL = 'plan';
  END IF;
  UPDATE users SET plan = p_plan WHERE id = p_user;
END $$;
--> statement-breakpoint
-- Disabling ends the user's sessions and OAuth grants at once; their API tokens are refused while
-- disabled (accounts/tokens.ts reads disabled_at with the token) and work again once enabled.
CREATE FUNCTION kith_admin_set_disabled(p_user uuid, p_disabled boolean) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  caller text := kith_require_admin();
  t users := kith_admin_target(p_user);
BEGIN
  IF t.role = 'owner' THEN
    RAISE EXCEPTION USING ERRCODE = 'KP403', MESSAGE = 'The owner of this Kith cannot be disabled.';
  END IF;
  IF t.id = kith_current_user_id() THEN
    RAISE EXCEPTION USING ERRCODE = 'KP403', MESSAGE = 'You cannot disable yourself.';
  END IF;
  IF t.role = 'admin' AND caller <> 'owner' THEN
    RAISE EXCEPTION USING ERRCODE = 'KP403', MESSAGE = 'Only the owner of this Kith disables or enables an admin.';
  END IF;
  UPDATE users SET disabled_at = CASE WHEN p_disabled THEN coalesce(disabled_at, now()) END WHERE id = p_user;
  IF p_disabled THEN
    DELETE FROM auth_sessions WHERE user_id = p_user;
    DELETE FROM oauth_tokens WHERE user_id = p_user;
  END IF;
END $$;
--> statement-breakpoint
CREATE FUNCTION kith_admin_set_role(p_user uuid, p_role text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  caller text := kith_require_admin();
  t users := kith_admin_target(p_user);
BEGIN
  IF caller <> 'owner' THEN
    RAISE EXCEPTION USING ERRCODE = 'KP403', MESSAGE = 'Only the owner of this Kith changes roles.';
  END IF;
  IF t.role = 'owner' THEN
    RAISE EXCEPTION USING ERRCODE = 'KP403', MESSAGE = 'The owner of this Kith cannot be demoted.';
  END IF;
  IF p_role IS NULL OR p_role NOT IN ('admin', 'member') THEN
    RAISE EXCEPTION USING ERRCODE = 'KP400', MESSAGE = 'role: must be admin or member (a Kith has one owner).', DETAIL = 'role';
  END IF;
  UPDATE users SET role = p_role WHERE id = p_user;
END $$;
--> statement-breakpoint
-- Functions are executable by PUBLIC by default: these only by the app role (each checks the caller).
REVOKE EXECUTE ON FUNCTION kith_caller_role(), kith_require_admin(), kith_admin_target(uuid), kith_admin_users(text, text, integer, uuid),
  kith_admin_find_user(text), kith_admin_create_user(text, text, text, text), kith_admin_set_plan(uuid, text),
  kith_admin_set_disabled(uuid, boolean), kith_admin_set_role(uuid, text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION kith_caller_role(), kith_require_admin(), kith_admin_users(text, text, integer, uuid),
  kith_admin_find_user(text), kith_admin_create_user(text, text, text, text), kith_admin_set_plan(uuid, text),
  kith_admin_set_disabled(uuid, boolean), kith_admin_set_role(uuid, text) TO kith_app;
