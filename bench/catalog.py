#!/usr/bin/env python3
"""Benchmark `feat catalog` on a generated repository (L: 10,000 features / 100,000 commits):
wall time and peak RSS to write the page, cold (no history index) and warm, the page's
size, and what headless Chromium makes of it — first contentful paint, DOMContentLoaded,
load, and the time the filter script takes to apply `#stage=production`.

    swift build -c release --product feat
    python3 bench/catalog.py --size L --runs 3

Chromium's figures come from a copy of the page with its Content-Security-Policy removed
and a probe script added that writes the Paint Timing and Navigation Timing entries into
the DOM, which `--dump-dom` then prints (the page itself is measured unchanged).
"""
from __future__ import annotations

import argparse
import json
import os
import pathlib
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from history import ROOT, SIZES, ensure_repo, timed  # noqa: E402

PROBE = """<script>
addEventListener("load", function () {
  setTimeout(function () {
    var out = {};
    performance.getEntriesByType("paint").forEach(function (e) { out[e.name] = e.startTime; });
    var n = performance.getEntriesByType("navigation")[0];
    out.domContentLoaded = n.domContentLoadedEventEnd; out.load = n.loadEventEnd;
    var t0 = performance.now();
    location.hash = "stage=production";
    dispatchEvent(new HashChangeEvent("hashchange"));
    out.filter = performance.now() - t0;
    out.shown = document.getElementById("shown") ? document.getElementById("shown").textContent : null;
    var pre = document.createElement("pre"); pre.id = "bench-probe"; pre.textContent = JSON.stringify(out);
    document.body.appendChild(pre);
  }, 500);
});
</script>"""


def browser_figures(page: pathlib.Path, browser: str) -> dict:
    html = page.read_text()
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html, count=1)
    html = html.replace("</body>", PROBE + "</body>", 1)
    with tempfile.TemporaryDirectory() as tmp:
        probe = pathlib.Path(tmp) / "probe.html"
        probe.write_text(html)
        start = time.monotonic()
        r = subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                            f"--user-data-dir={tmp}/profile", "--virtual-time-budget=120000", "--dump-dom",
                            f"file://{probe}"], capture_output=True, text=True, timeout=600)
        wall = time.monotonic() - start
    m = re.search(r'<pre id="bench-probe">([^<]*)</pre>', r.stdout)
    figures = json.loads(m.group(1).replace("&quot;", '"')) if m else {}
    figures["dump_dom_wall_s"] = wall
    return figures


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", default="L", choices=list(SIZES))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--repos", default="/tmp/perfrepos")
    ap.add_argument("--perf", default=str(ROOT.parent / "shared" / "perf"))
    ap.add_argument("--feat", default=str(ROOT / ".build" / "release" / "feat"))
    ap.add_argument("--browser", default=shutil.which("chromium") or "chromium")
    args = ap.parse_args()
    repo = ensure_repo(args.size, args.repos, args.perf)
    out = pathlib.Path(tempfile.gettempdir()) / f"feat-bench-catalog-{args.size}.html"
    cmd = [args.feat, "catalog", "-o", str(out)]
    cold_env = dict(os.environ, FEAT_NO_INDEX="1")
    cold, warm = [], []
    for _ in range(args.runs):
        with tempfile.NamedTemporaryFile("r") as t:
            subprocess.run(["/usr/bin/time", "-f", "%e %M", "-o", t.name, *cmd], cwd=repo, env=cold_env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
            wall, kb = t.read().split()[-2:]
        cold.append((float(wall), int(kb) // 1024))
        subprocess.run(cmd, cwd=repo, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        warm.append(timed(cmd, str(repo)))
    size_mb = out.stat().st_size / 1e6
    features = out.read_text().count('<tr data-stage="')
    print(f"| size | features | page MB | cold s | cold MB RSS | warm s | warm MB RSS |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    print(f"| {args.size} | {features} | {size_mb:.1f} | {statistics.median(w for w, _ in cold):.2f} | "
          f"{statistics.median(m for _, m in cold)} | {statistics.median(w for w, _ in warm):.2f} | "
          f"{statistics.median(m for _, m in warm)} |")
    runs = [browser_figures(out, args.browser) for _ in range(args.runs)]

    def med(key: str) -> str:
        values = [r[key] for r in runs if isinstance(r.get(key), (int, float))]
        return f"{statistics.median(values) / (1 if key.endswith('_s') else 1000):.2f}" if values else "n/a"
    print()
    print("| first paint s | first contentful paint s | DOMContentLoaded s | load s | filter #stage=production s "
          "| chromium --dump-dom wall s |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    print(f"| {med('first-paint')} | {med('first-contentful-paint')} | {med('domContentLoaded')} | {med('load')} | "
          f"{med('filter')} | {med('dump_dom_wall_s')} |")
    print(f"(filter shows: {runs[-1].get('shown')})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
