#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite through CTest; then, unless
# WATCHIUM_CLANG_CHECKS=0, the same suite built with clang under ASan+UBSan, and each fuzzer
# for a short while (docs/SECURITY.md says why both). Arguments go to both ctest runs.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$root/scripts/deps.sh"
install_deps test
"$root/scripts/build.sh" -DWATCHIUM_WERROR=ON
status=0
(cd "${WATCHIUM_BUILD_DIR:-$root/build}" && ctest --output-on-failure --timeout 300 -j "$(nproc)" "$@") \
    || status=$?
if [ "${WATCHIUM_CLANG_CHECKS:-1}" != 0 ]; then
    "$root/scripts/sanitize.sh" "$@" || status=$?
    "$root/scripts/fuzz.sh" || status=$?
fi
exit "$status"
