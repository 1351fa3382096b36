#!/usr/bin/env bash
# Runs the test suite built with ASan+UBSan (scripts/clang-build.sh). Arguments go to ctest.
# Tests labelled fdlimit run a server out of file descriptors, which the sanitizers' runtime
# needs for itself (it then reports false errors); they run in the GCC build.
# Tests labelled timing hold deadlines of a few hundred milliseconds that the sanitizers'
# slowdown can miss; they are left out here and run in the GCC build.
# Tests labelled notifier are the server tests again on the portable socket reactor; the GCC
# build runs them, this pass (the CI's longest) runs the server tests once, on epoll, except the
# socket layer's own test, which runs on both here too.
# The package test (label package) packs this tree's binaries, which are built to be checked,
# not shipped; it runs in the GCC build.
# The sanitizers' options and the leak suppressions are set per test by CMake
# (tests/sanitizers/), so `ctest` in build-clang by hand behaves the same.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${WATCHIUM_CLANG_BUILD_DIR:-$root/build-clang}
"$root/scripts/clang-build.sh"
cd "$build_dir"
ctest --output-on-failure --timeout 300 -j "$(nproc)" -LE "timing|fdlimit|notifier|package" "$@"
ctest --output-on-failure --timeout 300 -R "^tst_wssocket_notifier$" "$@"
