-- The audit record's tables and trigger functions belong to a role nobody logs in as, so the app's own
-- role can add to the record but never rewrite it, disable its triggers, replace their functions or
-- truncate it (issue 13, finding 3). Run by deploy/install.sh as the PostgreSQL administrator, after
-- every migrate, with -v owner=<NOLOGIN role> -v app=<the app's role>.
SELECT format('CREATE ROLE %I NOLOGIN', :'owner')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'owner') \gexec
ALTER TABLE audit_auditentry OWNER TO :"owner";
ALTER TABLE audit_audithead OWNER TO :"owner";
ALTER FUNCTION audit_entry_append_only() OWNER TO :"owner";
ALTER FUNCTION audit_head_forward_only() OWNER TO :"owner";
ALTER FUNCTION audit_no_truncate() OWNER TO :"owner";
REVOKE ALL ON audit_auditentry, audit_audithead FROM :"app";
GRANT SELECT, INSERT ON audit_auditentry TO :"app";
GRANT SELECT, INSERT, UPDATE ON audit_audithead TO :"app";
-- The entries' id sequence follows its table's owner: the app draws ids from it, and pg_dump (the backup,
-- run as the app's role) reads it.
SELECT format('GRANT SELECT, USAGE ON SEQUENCE %s TO %I', pg_get_serial_sequence('audit_auditentry', 'id'), :'app')
 \gexec
