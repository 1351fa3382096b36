#!/usr/bin/env bash
# Fuzzes each harness in fuzz/ for a while (WATCHIUM_FUZZ_SECONDS, default 25) from its seed
# corpus, in the clang tree (scripts/clang-build.sh). Fails when any harness crashes, leaks,
# times out or fails one of its checks; the input that did it is kept in
# build-clang/fuzz-artifacts/ (add it to the harness's corpus with the fix, as a regression).
# Arguments: harness names (default: all). New inputs found go to build-clang/fuzz-corpus/.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${WATCHIUM_CLANG_BUILD_DIR:-$root/build-clang}
seconds=${WATCHIUM_FUZZ_SECONDS:-25}

harnesses=("$@")
if [ ${#harnesses[@]} -eq 0 ]; then
    for source in "$root"/fuzz/fuzz_*.cpp; do
        name=$(basename "$source" .cpp)
        harnesses+=("${name#fuzz_}")
    done
fi
"$root/scripts/clang-build.sh" "${harnesses[@]/#/fuzz_}"

failed=()
for name in "${harnesses[@]}"; do
    work="$build_dir/fuzz-corpus/$name"
    artifacts="$build_dir/fuzz-artifacts/$name"
    mkdir -p "$work" "$artifacts"
    options=(-max_total_time="$seconds" -max_len=16384 -timeout=10 -rss_limit_mb=2048
             -print_final_stats=1 -artifact_prefix="$artifacts/")
    [ -f "$root/fuzz/$name.dict" ] && options+=(-dict="$root/fuzz/$name.dict")
    echo "watchium: fuzzing $name for ${seconds}s" >&2
    # The first corpus directory receives the new inputs; the seeds in the repo stay as they are.
    if ! "$build_dir/fuzz/fuzz_$name" "${options[@]}" "$work" "$root/fuzz/corpus/$name" \
        >"$build_dir/fuzz-$name.log" 2>&1; then
        tail -n 60 "$build_dir/fuzz-$name.log" >&2
        failed+=("$name")
    else
        grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' \
            "$build_dir/fuzz-$name.log" | sed "s/^/  $name /" >&2 || true
    fi
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "watchium: fuzzing found a problem in: ${failed[*]} (inputs in $build_dir/fuzz-artifacts/)" >&2
    exit 1
fi
echo "watchium: ${#harnesses[@]} harnesses fuzzed for ${seconds}s each, no crash" >&2
