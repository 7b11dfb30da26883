#!/usr/bin/env bash
# A local PostgreSQL server for the tests that need a real one (the Backstage backend plugin's
# database tests): installs Debian's `postgresql` package when missing, starts the cluster and
# creates a test role that may create databases. Idempotent: a second run only checks.
#
#   bash scripts/postgres.sh          prints the connection string
#   bash scripts/postgres.sh --env    prints `export BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING=...`
#
# Installing and starting need root (or passwordless sudo). Settings: AML_K8S_PG_USER,
# AML_K8S_PG_PASSWORD (default aml_k8s_test for both), AML_K8S_PG_PORT (default: the cluster's).
set -euo pipefail

USER_NAME="${AML_K8S_PG_USER:-aml_k8s_test}"
PASSWORD="${AML_K8S_PG_PASSWORD:-aml_k8s_test}"
MODE="${1:-}"

log() { echo "postgres.sh: $*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo -n "$@"
  else log "needs root to run: $*"; return 1
  fi
}

if [[ ! "$USER_NAME" =~ ^[a-z_][a-z0-9_]*$ ]]; then log "AML_K8S_PG_USER must be a plain lower-case identifier"; exit 2; fi
if [[ "$PASSWORD" == *"'"* ]]; then log "AML_K8S_PG_PASSWORD must not contain a quote"; exit 2; fi

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  log "installing PostgreSQL (Debian package postgresql)"
  export DEBIAN_FRONTEND=noninteractive
  if ! as_root apt-get install -y -q postgresql >/dev/null 2>&1; then
    as_root apt-get update -q >/dev/null
    as_root apt-get install -y -q postgresql >/dev/null
  fi
fi

# The newest cluster named main (Debian creates it with the package).
read -r VERSION CLUSTER_PORT STATUS < <(pg_lsclusters -h | awk '$2 == "main" { print $1, $3, $4 }' | sort -V | tail -1)
if [ -z "${VERSION:-}" ]; then log "no PostgreSQL cluster named main (pg_createcluster <version> main)"; exit 1; fi
PORT="${AML_K8S_PG_PORT:-$CLUSTER_PORT}"

if [ "$STATUS" != "online" ]; then
  log "starting cluster $VERSION/main on port $PORT"
  as_root pg_ctlcluster "$VERSION" main start
fi
for _ in $(seq 1 100); do
  pg_isready -q -h 127.0.0.1 -p "$PORT" && break
  sleep 0.1
done
pg_isready -q -h 127.0.0.1 -p "$PORT" || { log "PostgreSQL is not accepting connections on 127.0.0.1:$PORT"; exit 1; }

can_login() { PGPASSWORD="$PASSWORD" PGCONNECT_TIMEOUT=5 psql -X -q -h 127.0.0.1 -p "$PORT" -U "$USER_NAME" -d postgres -tAc 'select 1' >/dev/null 2>&1; }

if ! can_login; then
  log "creating role $USER_NAME"
  as_root runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p "$PORT" -d postgres >/dev/null <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$USER_NAME') THEN
    CREATE ROLE $USER_NAME LOGIN CREATEDB PASSWORD '$PASSWORD';
  ELSE
    ALTER ROLE $USER_NAME LOGIN CREATEDB PASSWORD '$PASSWORD';
  END IF;
END \$\$;
SQL
  can_login || { log "cannot log in as $USER_NAME on 127.0.0.1:$PORT"; exit 1; }
fi

URL="postgresql://$USER_NAME:$PASSWORD@127.0.0.1:$PORT"
MAJOR="${VERSION%%.*}"
if [ "$MODE" = "--env" ]; then
  echo "export BACKSTAGE_TEST_DATABASE_POSTGRES${MAJOR}_CONNECTION_STRING=$URL"
else
  echo "$URL"
fi
