#!/usr/bin/env bash
# Start a throwaway local PostgreSQL cluster for the tests and create the warehouse roles.
# Idempotent: installs PostgreSQL from Debian when missing (root), creates the cluster
# `leadwh_test` on port LEADWH_PG_PORT (default 54329) when missing, starts it when stopped, and
# (re)creates:
#   - the build role  LEADWH_PG_USER      (default leadwh_build; owns the database, runs dbt)
#   - the read role   LEADWH_REPORTING_ROLE (default reporting; BI tools, read-only marts)
#   - the database    LEADWH_PG_DATABASE  (default leadwh_test; dropped and recreated when
#                     LEADWH_PG_RECREATE_DB=1)
#   - what the reporting role may see besides the marts: scripts/pg_reporting_access.sql
# Passwords come from LEADWH_PG_PASSWORD / LEADWH_REPORTING_PASSWORD (required: the tests
# generate random ones per session; nothing secret lives in the repository).
# Needs root (or the postgres user with sudo-free runuser) as in CI containers.
set -euo pipefail

PG_PORT="${LEADWH_PG_PORT:-54329}"
PG_CLUSTER="${LEADWH_PG_CLUSTER:-leadwh_test}"
BUILD_ROLE="${LEADWH_PG_USER:-leadwh_build}"
REPORTING_ROLE="${LEADWH_REPORTING_ROLE:-reporting}"
DATABASE="${LEADWH_PG_DATABASE:-leadwh_test}"
: "${LEADWH_PG_PASSWORD:?set LEADWH_PG_PASSWORD (password for the build role)}"
: "${LEADWH_REPORTING_PASSWORD:?set LEADWH_REPORTING_PASSWORD (password for the reporting role)}"

log() { echo "pg_test_cluster: $*" >&2; }

if ! command -v pg_createcluster >/dev/null 2>&1; then
    log "PostgreSQL not installed: installing from Debian packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq postgresql >/dev/null
fi

PG_VERSION="${LEADWH_PG_VERSION:-$(ls /usr/lib/postgresql | sort -n | tail -1)}"

if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$PG_VERSION $PG_CLUSTER"; then
    log "creating cluster $PG_VERSION/$PG_CLUSTER on port $PG_PORT"
    pg_createcluster "$PG_VERSION" "$PG_CLUSTER" -p "$PG_PORT" -- --auth-local=peer --auth-host=scram-sha-256 >/dev/null
fi

status="$(pg_lsclusters -h | awk -v v="$PG_VERSION" -v c="$PG_CLUSTER" '$1==v && $2==c {print $4}')"
if [ "$status" != "online" ]; then
    log "starting cluster $PG_VERSION/$PG_CLUSTER"
    pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" start
fi

for _ in $(seq 1 60); do
    if pg_isready -q -h 127.0.0.1 -p "$PG_PORT"; then break; fi
    sleep 0.5
done
pg_isready -h 127.0.0.1 -p "$PG_PORT" >/dev/null || { log "cluster did not become ready"; exit 1; }

psql_admin() { runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p "$PG_PORT" -d postgres "$@"; }

psql_admin \
    -v build_role="$BUILD_ROLE" -v build_password="$LEADWH_PG_PASSWORD" \
    -v reporting_role="$REPORTING_ROLE" -v reporting_password="$LEADWH_REPORTING_PASSWORD" <<'SQL'
select format('create role %I login', :'build_role')
where not exists (select from pg_roles where rolname = :'build_role') \gexec
select format('create role %I login', :'reporting_role')
where not exists (select from pg_roles where rolname = :'reporting_role') \gexec
alter role :"build_role" with login nosuperuser nocreaterole createdb password :'build_password';
alter role :"reporting_role" with login nosuperuser nocreaterole nocreatedb password :'reporting_password';
SQL

if [ "${LEADWH_PG_RECREATE_DB:-0}" = "1" ]; then
    psql_admin -v db="$DATABASE" <<'SQL'
select format('drop database %I with (force)', :'db')
where exists (select from pg_database where datname = :'db') \gexec
SQL
fi

psql_admin -v db="$DATABASE" -v build_role="$BUILD_ROLE" <<'SQL'
select format('create database %I owner %I', :'db', :'build_role')
where not exists (select from pg_database where datname = :'db') \gexec
SQL

# What the reporting role may see besides the marts dbt grants it: connect to this database only,
# no temporary tables, no row counts, sizes or view definitions in the catalog (the same file an
# operator runs on their server; docs/architecture.md "PostgreSQL access").
runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p "$PG_PORT" -d "$DATABASE" \
    -v db="$DATABASE" -v build_role="$BUILD_ROLE" -v reporting_role="$REPORTING_ROLE" \
    -f - <"$(dirname "$0")/pg_reporting_access.sql" >/dev/null

log "ready: host 127.0.0.1 port $PG_PORT database $DATABASE build role $BUILD_ROLE reporting role $REPORTING_ROLE"
