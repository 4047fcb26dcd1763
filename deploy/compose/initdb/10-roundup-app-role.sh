#!/usr/bin/env bash
# Runs once, when the postgres service starts on an empty volume (the image runs /docker-entrypoint-initdb.d/*.sh as
# the database owner, $POSTGRES_USER, against $POSTGRES_DB). It adds the login roundup_app for the roundup instances:
# it may read and write every table the owner creates (`roundup schema apply`, the schema service) but create none, so
# a compromised instance cannot change the schema. The tests run this very script against a throwaway server.
set -euo pipefail

: "${ROUNDUP_APP_PASSWORD:?set ROUNDUP_APP_PASSWORD in postgres.env: the password of the role roundup_app}"

# psql variables (:'name') quote the values, so a password with quotes or backslashes is safe.
psql -v ON_ERROR_STOP=1 --no-psqlrc --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    -v owner="$POSTGRES_USER" -v app_password="$ROUNDUP_APP_PASSWORD" <<'SQL'
CREATE ROLE roundup_app LOGIN PASSWORD :'app_password';
-- PostgreSQL 15 and later already deny CREATE in public to other roles; say it for older servers too.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO roundup_app;
-- Tables and sequences the owner creates from now on (the schema service runs after this) are usable by roundup_app.
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO roundup_app;
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public
    GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO roundup_app;
SQL
