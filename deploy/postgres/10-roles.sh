#!/bin/sh
# First start of the compose database (docker-entrypoint-initdb.d): two roles and the database.
#   owner (MATCHER_OWNER_ROLE): owns the database and schema, runs the migrations;
#   app   (MATCHER_APP_ROLE):   the service; after each migration `matcher db upgrade` gives it
#                               SELECT/INSERT/UPDATE/DELETE on ordinary tables and only SELECT
#                               and INSERT on the audit tables (privacy_event, round_event).
# The same SQL for a database outside compose: `matcher db roles | psql -U postgres`.
set -eu
: "${MATCHER_OWNER_PASSWORD:?set MATCHER_OWNER_PASSWORD}"
: "${MATCHER_APP_PASSWORD:?set MATCHER_APP_PASSWORD}"
psql -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname postgres \
    -v owner="${MATCHER_OWNER_ROLE:-matcher_owner}" \
    -v app="${MATCHER_APP_ROLE:-matcher_app}" \
    -v db="${MATCHER_DATABASE:-matcher}" \
    -v owner_pw="$MATCHER_OWNER_PASSWORD" \
    -v app_pw="$MATCHER_APP_PASSWORD" <<'SQL'
CREATE ROLE :"owner" LOGIN PASSWORD :'owner_pw';
CREATE ROLE :"app" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT PASSWORD :'app_pw';
CREATE DATABASE :"db" OWNER :"owner";
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"db" TO :"app";
\connect :"db"
ALTER SCHEMA public OWNER TO :"owner";
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO :"app";
SQL
