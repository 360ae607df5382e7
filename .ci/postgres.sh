#!/usr/bin/env bash
# A throwaway PostgreSQL server for the sink tests: `postgres.sh start DIR PORT` creates a cluster in DIR
# (owned by the postgres user, trust auth on localhost only), starts it on PORT, creates the user and database
# nlp_test, and prints the URL; `postgres.sh stop DIR` stops it. Installs PostgreSQL with apt-get if missing.
set -euo pipefail
cmd=$1 dir=$2 port=${3:-55432}

bin_dir() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  if [[ -z "$d" ]]; then
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    d=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  fi
  echo "$d"
}

as_postgres() { if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "$cmd" in
  start)
    bin=$(bin_dir)
    mkdir -p "$dir"
    [[ $(id -u) == 0 ]] && chown postgres "$dir"
    as_postgres "$bin/initdb" -D "$dir/data" -U postgres -A trust --no-sync >/dev/null
    as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
      -o "-p $port -k $dir -c listen_addresses=localhost -c fsync=off" start >/dev/null
    as_postgres "$bin/psql" -h localhost -p "$port" -U postgres -qAt \
      -c "CREATE USER nlp_test PASSWORD 'nlp_test'" -c "CREATE DATABASE nlp_test OWNER nlp_test" >/dev/null
    echo "postgres://nlp_test:nlp_test@localhost:$port/nlp_test"
    ;;
  stop)
    bin=$(bin_dir)
    as_postgres "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    rm -rf "$dir"
    ;;
  *) echo "usage: postgres.sh start DIR [PORT] | stop DIR" >&2; exit 2 ;;
esac
