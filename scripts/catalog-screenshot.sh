#!/usr/bin/env bash
# Writes docs/images/catalog.png: the catalog page of `feat demo`'s repository, as headless
# Chromium draws it. The demo's dates and authors are fixed, so the picture changes only when
# the page or the demo does.
#
#   scripts/catalog-screenshot.sh [OUTPUT.png] [WIDTHxHEIGHT]   # default docs/images/catalog.png, 1280x1800
#
# Needs chromium (the README's set-up line installs it) and builds feat with `swift build`.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-docs/images/catalog.png}
size=${2:-1280x1800}
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
[[ -n $browser ]] || { echo "catalog-screenshot: no chromium on PATH (apt-get install -y chromium)" >&2; exit 2; }

swift build --product feat >&2
feat=$(swift build --product feat --show-bin-path)/feat
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$feat" demo "$work/demo" > /dev/null
(cd "$work/demo" && "$feat" catalog -o "$work/catalog.html")
mkdir -p "$(dirname "$out")"
# --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
timeout 120 "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
    --user-data-dir="$work/profile" --force-device-scale-factor=1 --window-size="${size/x/,}" \
    --screenshot="$(realpath -m "$out")" "file://$work/catalog.html" 2> "$work/chromium.log" \
    || { cat "$work/chromium.log" >&2; exit 1; }
echo "wrote $out ($(wc -c < "$out") bytes)"
