#!/usr/bin/env bash
# Installs what is missing, builds, and starts Watchium with the given arguments
# (for example `scripts/run.sh --server --port 8080`). Only the app and what it links are built,
# not the tests and benchmarks: scripts/test.sh builds those.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$root/scripts/deps.sh"
install_deps
WATCHIUM_TARGETS=watchium "$root/scripts/build.sh" >&2
exec "${WATCHIUM_BUILD_DIR:-$root/build}/app/watchium" "$@"
