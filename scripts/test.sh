#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite through CTest.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$root/scripts/deps.sh"
install_deps test
"$root/scripts/build.sh" -DWATCHIUM_WERROR=ON
cd "${WATCHIUM_BUILD_DIR:-$root/build}"
ctest --output-on-failure --timeout 300 -j "$(nproc)" "$@"
