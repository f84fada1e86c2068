#!/usr/bin/env bash
# Builds the fuzz targets with libFuzzer and AddressSanitizer and runs each for SECONDS
# (default 60) on its seed corpus.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...] [-- LIBFUZZER-FLAGS...]
#   scripts/fuzz.sh 600 FuzzScan           # ten minutes of the scan/parser differential
#   scripts/fuzz.sh 20                     # the CI smoke: every target, 20 s each
#
# Targets: FuzzParse, FuzzScan, FuzzPolicy, FuzzDiff, FuzzConsumer, FuzzLock, FuzzCatalogHTML
# (Fuzz/<target>/main.swift).
# Seeds (checked in): Fuzz/Corpus/<corpus>/. Inputs the fuzzer finds interesting go to
# .build-fuzz/corpus/<target>/ (kept between runs, not checked in); a crash, a slow input
# (over 1 s) or an input that needs over 2 GB lands in .build-fuzz/findings/<target>/ as
# crash-*, timeout-* or oom-*. Replay one with `.build-fuzz/release/<target> FILE`.
# The script exits non-zero when a target finds something.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=60
if [[ $# -gt 0 && $1 =~ ^[0-9]+$ ]]; then seconds=$1; shift; fi
targets=()
while [[ $# -gt 0 && $1 != "--" ]]; do targets+=("$1"); shift; done
[[ $# -gt 0 ]] && shift
extra=("$@")
[[ ${#targets[@]} -eq 0 ]] && targets=(FuzzParse FuzzScan FuzzPolicy FuzzDiff FuzzConsumer FuzzLock FuzzCatalogHTML)

corpus_of() {
    case $1 in
        FuzzParse | FuzzScan) echo features ;;
        FuzzPolicy) echo policy ;;
        FuzzDiff) echo diff ;;
        FuzzConsumer) echo consumers ;;
        FuzzLock) echo locks ;;
        FuzzCatalogHTML) echo catalog ;;
        *) echo "unknown fuzz target: $1" >&2; exit 2 ;;
    esac
}

scratch=.build-fuzz
for target in "${targets[@]}"; do
    corpus_of "$target" > /dev/null
    # gold fails to link the sanitized binary ("internal error in format_file_lineno"): use lld.
    swift build -c release --scratch-path "$scratch" --product "$target" \
        -Xswiftc -sanitize=fuzzer,address -Xswiftc -Xclang-linker -Xswiftc -fuse-ld=lld
done

# The Swift backtracer hangs after a trap under libFuzzer; lazy globals look like leaks.
export SWIFT_BACKTRACE=enable=no
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
status=0
for target in "${targets[@]}"; do
    seeds=Fuzz/Corpus/$(corpus_of "$target")
    work=$scratch/corpus/$target
    findings=$scratch/findings/$target
    mkdir -p "$work" "$findings"
    echo "== $target: ${seconds}s on $seeds"
    if ! "$scratch/release/$target" "$work" "$seeds" \
        -max_total_time="$seconds" -timeout=1 -rss_limit_mb=2048 -max_len=131072 \
        -detect_leaks=0 -print_final_stats=1 -artifact_prefix="$findings/" ${extra[@]+"${extra[@]}"}; then
        echo "$target: finding in $findings/" >&2
        status=1
    fi
done
exit $status
