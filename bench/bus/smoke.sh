#!/usr/bin/env bash
# One short step of watchium-bus-bench on a fresh database of the test PostgreSQL: every envelope
# must arrive. No timing thresholds.
#   smoke.sh PG_DIR BENCH
set -euo pipefail
admin=$(cat "$1/url")
db="bench_bus_$$"
psql "$admin" -qc "CREATE DATABASE $db"
trap 'psql "$admin" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)"' EXIT
"$2" --database "${admin%/*}/$db" --rates 500,2000 --seconds 1 --check
