-- Before migrate: the app's role owns the audit tables again, so a migration may change them; install.sh
-- runs audit-lock.sql right after. Nothing happens on a first install (no tables yet).
-- Run with -v app=<the app's role>.
SELECT format('ALTER TABLE %s OWNER TO %I', t, :'app')
  FROM unnest(ARRAY['audit_auditentry', 'audit_audithead']) AS t
 WHERE to_regclass(t) IS NOT NULL \gexec
SELECT format('ALTER FUNCTION %s OWNER TO %I', f, :'app')
  FROM unnest(ARRAY['audit_entry_append_only()', 'audit_head_forward_only()', 'audit_no_truncate()']) AS f
 WHERE to_regprocedure(f) IS NOT NULL \gexec
