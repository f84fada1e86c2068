#!/usr/bin/env python3
"""Benchmark `feat check` on the generated L repository (../shared/perf) with a pull request
that edits 50 features, beside git reading the head catalog once
(`git ls-tree -r --object-only HEAD features | git cat-file --batch`).

    python3 bench/check.py --size L --runs 5
"""
from __future__ import annotations

import argparse
import os
import pathlib
import subprocess
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from history import ROOT, SIZES, ensure_repo, side_by_side  # noqa: E402

BRANCH = "bench/edit-50"


def make_pull_request(repo: pathlib.Path, edits: int) -> None:
    """A branch off main whose one commit edits the description of `edits` features."""
    git = lambda *a, **k: subprocess.run(["git", *a], cwd=repo, check=True, capture_output=True, text=True, **k).stdout
    if git("branch", "--list", BRANCH).strip():
        return
    files = [f for f in git("ls-tree", "-r", "--name-only", "main", "--", "features").splitlines() if f.endswith(".yaml")]
    git("worktree", "add", "-q", "/tmp/feat-bench-pr", "-b", BRANCH, "main")
    wt = pathlib.Path("/tmp/feat-bench-pr")
    for path in files[:: max(1, len(files) // edits)][:edits]:
        text = (wt / path).read_text()
        (wt / path).write_text(text.replace("description: ", "description: Reviewed. ", 1))
    env = dict(os.environ, GIT_AUTHOR_DATE="2026-06-01T10:00:00Z", GIT_COMMITTER_DATE="2026-06-01T10:00:00Z",
               GIT_AUTHOR_NAME="Bench", GIT_AUTHOR_EMAIL="bench@example.com",
               GIT_COMMITTER_NAME="Bench", GIT_COMMITTER_EMAIL="bench@example.com")
    subprocess.run(["git", "commit", "-qam", f"Edit {edits} descriptions"], cwd=wt, check=True, env=env)
    git("worktree", "remove", "--force", str(wt))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", default="L", choices=list(SIZES))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--edits", type=int, default=50)
    ap.add_argument("--repos", default="/tmp/perfrepos")
    ap.add_argument("--perf", default=str(ROOT.parent / "shared" / "perf"))
    ap.add_argument("--feat", default=str(ROOT / ".build" / "release" / "feat"))
    args = ap.parse_args()
    repo = ensure_repo(args.size, args.repos, args.perf)
    make_pull_request(repo, args.edits)
    check = [args.feat, "check", "--base", "main", "--head", BRANCH, "--now", "2026-06-02T00:00:00Z", "--format", "json"]
    result = subprocess.run(check, cwd=repo, capture_output=True, text=True)
    findings = result.stdout.count('"rule"')
    print(f"{args.size}: feat check exit {result.returncode}; {findings} findings", file=sys.stderr)
    catalog = ["bash", "-c", f"git ls-tree -r --object-only {BRANCH} features | git cat-file --batch"]
    fw, fm, gw, gm = side_by_side(check, catalog, str(repo), args.runs)
    print("| size | edited features | feat check s | feat MB | git head catalog s | git MB | ratio |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    print(f"| {args.size} | {args.edits} | {fw:.2f} | {fm} | {gw:.2f} | {gm} | {fw / max(gw, 1e-3):.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
