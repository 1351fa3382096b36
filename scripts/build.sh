#!/usr/bin/env bash
# Configures and builds Watchium into ./build (Ninja, RelWithDebInfo): everything, or only the
# targets named in WATCHIUM_TARGETS (space-separated) and what they need.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${WATCHIUM_BUILD_DIR:-$root/build}
if [ ! -f "$build_dir/build.ninja" ]; then
    cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
fi
targets=()
for target in ${WATCHIUM_TARGETS:-}; do
    targets+=(--target "$target")
done
cmake --build "$build_dir" --parallel "$(nproc)" "${targets[@]}"
