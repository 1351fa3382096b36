#!/usr/bin/env bash
# Builds the clang tree that the sanitizer test run and the fuzzers share (./build-clang):
# every library and test with ASan+UBSan, the libraries with libFuzzer's coverage hooks, and
# the harnesses in fuzz/. Arguments are the targets to build (default: all).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${WATCHIUM_CLANG_BUILD_DIR:-$root/build-clang}
if [ ! -f "$build_dir/build.ninja" ]; then
    # -O1 keeps the sanitizers' reports exact and the suite fast enough; line tables are all a
    # stack trace needs and link far faster than full debug info. A Debug build keeps Q_ASSERT
    # and Qt's own container bound checks on: a fuzzer input that trips one is a crash.
    # The benchmarks' smoke tests measure timing and stay in the GCC run.
    cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
        -DCMAKE_CXX_COMPILER=clang++ \
        "-DCMAKE_CXX_FLAGS_DEBUG=-O1 -gline-tables-only" \
        -DWATCHIUM_SANITIZE=address,undefined -DWATCHIUM_FUZZ=ON -DWATCHIUM_BUILD_BENCH=OFF \
        >/dev/null
fi
targets=()
for target in "$@"; do
    targets+=(--target "$target")
done
cmake --build "$build_dir" --parallel "$(nproc)" "${targets[@]}"
