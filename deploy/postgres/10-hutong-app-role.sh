#!/bin/bash
# Runs once, when the postgres container initialises an empty data directory
# (/docker-entrypoint-initdb.d, as $POSTGRES_USER): creates the role the API and the workers
# sign in as. `hutong` ($POSTGRES_USER) owns the database and its tables and is used only by the
# `migrate` service; `hutong_app` owns nothing and is not a superuser, so it can neither alter
# the audit log nor lift its append-only trigger. Each migration grants it DML on every table,
# and on audit_log only INSERT and SELECT (backend/src/db/client.ts, grantAppPrivileges).
set -euo pipefail

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v app_password="${HUTONG_APP_PASSWORD:?set HUTONG_APP_PASSWORD}" \
  -v db="$POSTGRES_DB" <<'SQL'
CREATE ROLE hutong_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS
  PASSWORD :'app_password';
GRANT CONNECT ON DATABASE :"db" TO hutong_app;
-- Only the owner creates objects (PostgreSQL 15+ does this already; older servers do not).
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
SQL
