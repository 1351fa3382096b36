#!/usr/bin/env bash
# Starts or stops a throwaway PostgreSQL cluster for the store tests.
#   pg_cluster.sh start DIR   initdb in DIR, start on a free port, write DIR/url
#   pg_cluster.sh stop DIR    stop it and remove DIR
# initdb and postgres refuse to run as root, so as root they run as `postgres`.
set -euo pipefail
action=$1
dir=$2

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    echo "pg_cluster: PostgreSQL server binaries not found (apt-get install postgresql)" >&2
    exit 1
fi

as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

case "$action" in
start)
    if [ -f "$dir/data/postmaster.pid" ]; then
        as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U watchium --auth=trust -E UTF8 >"$dir/initdb.log" 2>&1
    for attempt in $(seq 1 20); do
        port=$((20000 + RANDOM % 40000))
        if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
            -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null; then
            echo "postgres://watchium@127.0.0.1:$port/postgres" >"$dir/url"
            echo "pg_cluster: PostgreSQL running on port $port"
            exit 0
        fi
    done
    echo "pg_cluster: could not start PostgreSQL; see $dir/server.log" >&2
    cat "$dir/server.log" >&2 || true
    exit 1
    ;;
stop)
    if [ -f "$dir/data/postmaster.pid" ]; then
        as_owner "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null
    fi
    rm -rf "$dir"
    ;;
*)
    echo "usage: pg_cluster.sh start|stop DIR" >&2
    exit 2
    ;;
esac
