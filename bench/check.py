#!/usr/bin/env python3
"""Benchmark `feat check` on the generated L repository (../shared/perf) with a pull request
that edits 50 features, beside git reading the head catalog once
(`git ls-tree -r --object-only HEAD features | git cat-file --batch`).

Two variants: the head contains the base tip (no merge is computed), and the base has moved
on by a commit editing 50 other features, so that the check computes the merge base and the
merge of the head into the base tip in memory.

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
MOVED = "bench/main-moved"

def branch_env(repo: pathlib.Path) -> dict:
    """Dated an hour after main's tip, as a pull request made today is: a commit dated before
    its parent sends git's (and libgit2's) merge-base search through the whole history."""
    tip = int(subprocess.run(["git", "log", "-1", "--format=%ct", "main"], cwd=repo, check=True,
                             capture_output=True, text=True).stdout)
    date = f"{tip + 3600} +0000"
    return dict(os.environ, GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date,
                GIT_AUTHOR_NAME="Bench", GIT_AUTHOR_EMAIL="bench@example.com",
                GIT_COMMITTER_NAME="Bench", GIT_COMMITTER_EMAIL="bench@example.com")


def make_branch(repo: pathlib.Path, branch: str, edits: int, offset: int, word: str) -> None:
    """A branch off main whose one commit edits the description of `edits` features, every
    n-th file from `offset` on (two branches with different offsets edit different files)."""
    git = lambda *a, **k: subprocess.run(["git", *a], cwd=repo, check=True, capture_output=True, text=True, **k).stdout
    if git("branch", "--list", branch).strip():
        return
    files = [f for f in git("ls-tree", "-r", "--name-only", "main", "--", "features").splitlines() if f.endswith(".yaml")]
    wt = pathlib.Path("/tmp/feat-bench-" + branch.replace("/", "-"))
    git("worktree", "add", "-q", str(wt), "-b", branch, "main")
    for path in files[offset:: max(1, len(files) // edits)][:edits]:
        text = (wt / path).read_text()
        (wt / path).write_text(text.replace("description: ", f"description: {word}. ", 1))
    subprocess.run(["git", "commit", "-qam", f"Edit {edits} descriptions"], cwd=wt, check=True, env=branch_env(repo))
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
    make_branch(repo, BRANCH, args.edits, 0, "Reviewed")
    make_branch(repo, MOVED, args.edits, 1, "Checked")
    print("| size | base | edited features | feat check s | feat MB | git head catalog s | git MB | ratio |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for base, label in (("main", "head contains it"), (MOVED, "moved on: merged in memory")):
        check = [args.feat, "check", "--base", base, "--head", BRANCH, "--now", "2026-06-02T00:00:00Z",
                 "--format", "json"]
        result = subprocess.run(check, cwd=repo, capture_output=True, text=True)
        findings = result.stdout.count('"rule"')
        print(f"{args.size} ({label}): feat check exit {result.returncode}; {findings} findings", file=sys.stderr)
        if result.returncode == 2:
            print(result.stderr, file=sys.stderr)
            return 1
        catalog = ["bash", "-c", f"git ls-tree -r --object-only {BRANCH} features | git cat-file --batch"]
        fw, fm, gw, gm = side_by_side(check, catalog, str(repo), args.runs)
        print(f"| {args.size} | {label} | {args.edits} | {fw:.2f} | {fm} | {gw:.2f} | {gm} | "
              f"{fw / max(gw, 1e-3):.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
