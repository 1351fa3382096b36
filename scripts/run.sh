#!/usr/bin/env bash
# Installs what is missing, builds, and starts Watchium with the given arguments
# (for example `scripts/run.sh --server --port 8080`).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$root/scripts/deps.sh"
install_deps
"$root/scripts/build.sh" >&2
exec "${WATCHIUM_BUILD_DIR:-$root/build}/app/watchium" "$@"
