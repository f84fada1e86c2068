#!/usr/bin/env python3
"""Benchmark `feat diff A B` against `git diff --raw A B -- features/` on the generated L
repository (../shared/perf), for two first-parent revisions about 100 changed features apart.

    python3 bench/diff.py --size L --runs 5
"""
from __future__ import annotations

import argparse
import pathlib
import subprocess
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from history import ROOT, SIZES, ensure_repo, side_by_side  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", default="L", choices=list(SIZES))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--changed", type=int, default=100, help="feature files changed between A and B")
    ap.add_argument("--repos", default="/tmp/perfrepos")
    ap.add_argument("--perf", default=str(ROOT.parent / "shared" / "perf"))
    ap.add_argument("--feat", default=str(ROOT / ".build" / "release" / "feat"))
    args = ap.parse_args()
    repo = ensure_repo(args.size, args.repos, args.perf)
    git = lambda *a: subprocess.run(["git", *a], cwd=repo, check=True, capture_output=True, text=True).stdout
    b = git("rev-parse", "HEAD").strip()
    n = 1
    while True:
        a = git("rev-parse", f"HEAD~{n}").strip()
        changed = len(git("diff", "--raw", "--no-renames", a, b, "--", "features/").splitlines())
        if changed >= args.changed:
            break
        n += 1
    print(f"{args.size}: HEAD~{n}..HEAD changes {changed} feature files", file=sys.stderr)
    fw, fm, gw, gm = side_by_side([args.feat, "diff", a, b, "--format", "json"],
                                  ["git", "diff", "--raw", a, b, "--", "features/"], str(repo), args.runs)
    print("| size | changed files | feat diff s | feat MB | git diff --raw s | git MB | ratio |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    print(f"| {args.size} | {changed} | {fw:.3f} | {fm} | {gw:.3f} | {gm} | {fw / max(gw, 1e-3):.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
