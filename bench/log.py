#!/usr/bin/env python3
"""Benchmark `feat log` on a generated repository (../shared/perf), against `feat history`
on the same repository in the same loop (SPEC §9's bars):

- cold `feat log NAME --no-index` vs cold `feat history --no-index` (≤ 2×);
- cold `feat log --no-index` of every feature vs cold `feat history --no-index` (≤ 5×);
- warm `feat log NAME` with the index written (≤ 0.2 s).

    swift build -c release --product feat
    python3 bench/log.py --size L --runs 5
"""
from __future__ import annotations

import argparse
import json
import os
import pathlib
import statistics
import subprocess
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from history import ROOT, SIZES, ensure_repo, index_dir, timed  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", choices=SIZES, default="L")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--feat", default=str(ROOT / ".build/release/feat"))
    parser.add_argument("--repos", default="/tmp/perfrepos")
    parser.add_argument("--perf", default=str(ROOT.parent / "shared/perf"))
    parser.add_argument("--skip-all", action="store_true", help="leave out the log of every feature")
    args = parser.parse_args()
    repo = ensure_repo(args.size, args.repos, args.perf)
    feat = args.feat
    # The feature with the most changes: the log whose grading costs most.
    history = json.loads(subprocess.run([feat, "history", "--no-index", "--format", "json"], cwd=repo,
                                        check=True, capture_output=True, text=True).stdout)
    name = max(history["features"], key=lambda f: len(f["transitions"]))["feature"]
    print(f"{args.size}: feature {name}; {args.runs} runs each, alternating", file=sys.stderr)

    cold_history, cold_one, cold_all = [], [], []
    for _ in range(args.runs):
        cold_history.append(timed([feat, "history", "--no-index"], str(repo)))
        cold_one.append(timed([feat, "log", name, "--no-index"], str(repo)))
        if not args.skip_all:
            cold_all.append(timed([feat, "log", "--no-index"], str(repo)))
    subprocess.run(["rm", "-rf", str(index_dir(repo))], check=True)
    subprocess.run([feat, "log", name], cwd=repo, check=True, stdout=subprocess.DEVNULL)
    warm = [timed([feat, "log", name], str(repo)) for _ in range(args.runs)]

    def median(runs: list[tuple[float, int]]) -> tuple[float, int]:
        return statistics.median(w for w, _ in runs), statistics.median(m for _, m in runs)

    h, hm = median(cold_history)
    rows = [("cold `feat history --no-index`", h, hm, 1.0)]
    one, om = median(cold_one)
    rows.append((f"cold `feat log {name} --no-index`", one, om, one / h))
    if cold_all:
        a, am = median(cold_all)
        rows.append(("cold `feat log --no-index` (every feature)", a, am, a / h))
    w, wm = median(warm)
    rows.append((f"warm `feat log {name}`", w, wm, w / h))
    print(f"| {args.size} | s | MB | × cold history |\n| --- | ---: | ---: | ---: |")
    for label, seconds, mb, ratio in rows:
        print(f"| {label} | {seconds:.2f} | {mb} | {ratio:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
