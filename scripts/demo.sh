#!/usr/bin/env bash
# Runs feat on the bundled example repository (examples/demo.bundle, a real git history):
# its stage history, the catalog as it was on a past date, and validation of today's files.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
swift build --package-path "$here" -c release --product feat >&2
feat="$here/.build/release/feat"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
git clone -q -b main "$here/examples/demo.bundle" "$dir/demo"
cd "$dir/demo"
run() { printf '\n$ feat %s\n' "$*"; "$feat" "$@"; }
run history --now 2026-03-10T00:00:00Z
run list --at 2026-02-05
run history user_txn_count_7d --format mermaid
run validate || true
