#!/usr/bin/env python3
"""Benchmark a cold `feat history` on a real repository: the Feast project's own history.

Feast keeps Helm charts, CRDs, operator bundles and CI workflows under `infra/` and
`.github/workflows/`: foreign YAML that changes often, some files over a megabyte, most
saying "feature" somewhere (a feature store's manifests). Declaring those folders feature
folders makes `feat history` read every version of them, which the synthetic benchmarks
(bench/foreign.py) did not show.

Get the repository once (full history: no `--depth`, no `--filter`; about 200 MB):

    git clone https://github.com/feast-dev/feast /tmp/feast

The figures in bench/README.md were taken at f0bc0700be7029166e6605e407de6d229cd1e93e
(4,247 first-parent commits; the default base is origin/HEAD, the upstream default
branch); pass `--base f0bc0700be70` to measure that history again once the project has
moved on. The script never touches the clone's branches or files
beyond these: it commits the policy

    .featurerepo/config.yaml:  version: 1
                               features: [infra, .github/workflows]

on top of BASE with git plumbing (a temporary index; fixed dates, so the commit id is the
same on every machine) as the branch `feat-bench`, and writes the same file into the working
tree, untracked, so that feat finds its feature repository there. feat reads the policy
committed at the revision it walks, so `feat history --rev feat-bench` walks
BASE's history plus that one commit.

It then checks that feat answers, and times `feat history --rev feat-bench --no-index
--format json` against `git log --first-parent --raw --no-renames feat-bench -- infra
.github/workflows` alternately in the same loop (and, with `--other`, a second feat binary,
for before/after figures), printing medians, peak RSS, ratios and the load average.

    python3 bench/feast.py --repo /tmp/feast --runs 11
    python3 bench/feast.py --repo /tmp/feast --runs 11 --other /tmp/feat-before --profile
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
from history import ROOT, timed  # noqa: E402

POLICY = "version: 1\nfeatures: [infra, .github/workflows]\n"
FOLDERS = ["infra", ".github/workflows"]
BRANCH = "feat-bench"


def git(repo: pathlib.Path, *args: str, env: dict | None = None, stdin: str | None = None) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, input=stdin).stdout.strip()


def commit_policy(repo: pathlib.Path, base: str) -> str:
    """Commits the policy on top of `base` as `feat-bench` (without touching the index or the
    working tree's tracked files) and writes it into the working tree; returns the commit."""
    base = git(repo, "rev-parse", "--verify", f"{base}^{{commit}}")
    blob = git(repo, "hash-object", "-w", "--stdin", stdin=POLICY)
    index = repo / ".git" / "feat-bench.index"
    env = {"GIT_INDEX_FILE": str(index)}
    try:
        git(repo, "read-tree", base, env=env)
        git(repo, "update-index", "--add", "--cacheinfo", f"100644,{blob},.featurerepo/config.yaml", env=env)
        tree = git(repo, "write-tree", env=env)
    finally:
        index.unlink(missing_ok=True)
    stamp = {"GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.com",
             "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.com",
             "GIT_AUTHOR_DATE": "2026-12-07T00:00:00Z", "GIT_COMMITTER_DATE": "2026-12-07T00:00:00Z"}
    commit = git(repo, "commit-tree", tree, "-p", base, "-m", "feat policy (bench/feast.py)", env=stamp)
    git(repo, "update-ref", f"refs/heads/{BRANCH}", commit)
    config = repo / ".featurerepo" / "config.yaml"
    config.parent.mkdir(exist_ok=True)
    config.write_text(POLICY)
    return commit


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repo", default="/tmp/feast", help="a full clone of github.com/feast-dev/feast")
    ap.add_argument("--base", default="origin/HEAD",
                    help="the revision whose history to measure (default: origin/HEAD, else HEAD)")
    ap.add_argument("--runs", type=int, default=11)
    ap.add_argument("--feat", default=str(ROOT / ".build" / "release" / "feat"))
    ap.add_argument("--other", help="a second feat binary timed in the same loop (before/after)")
    ap.add_argument("--profile", action="store_true", help="print one run's phases (FEAT_PROFILE=1)")
    args = ap.parse_args()
    repo = pathlib.Path(args.repo).resolve()
    if not (repo / ".git").is_dir():
        raise SystemExit(f"{repo}: not a clone; git clone https://github.com/feast-dev/feast {repo}")
    if not os.access(args.feat, os.X_OK):
        subprocess.run(["swift", "build", "-c", "release", "--product", "feat"], cwd=ROOT, check=True)
    base = args.base
    if base == "origin/HEAD" and subprocess.run(["git", "rev-parse", "-q", "--verify", base], cwd=repo,
                                                capture_output=True).returncode != 0:
        base = "HEAD"
    commit = commit_policy(repo, base)
    commits = git(repo, "rev-list", "--first-parent", "--count", BRANCH)
    print(f"{repo}: {BRANCH} = {commit[:12]}, {commits} first-parent commits", file=sys.stderr)

    binaries = {"feat": args.feat, **({"other": args.other} if args.other else {})}
    history = ["history", "--rev", BRANCH, "--no-index", "--format", "json"]
    answers = {}
    for name, binary in binaries.items():
        out = subprocess.run([binary, *history], cwd=repo, check=True, capture_output=True, text=True).stdout
        doc = json.loads(out)
        answers[name] = out
        print(f"{name}: {len(doc['features'])} features, {len(doc.get('warnings', []))} warnings "
              f"(foreign files reported once each)", file=sys.stderr)
    if args.profile:
        for name, binary in binaries.items():
            err = subprocess.run([binary, *history], cwd=repo, check=True, capture_output=True, text=True,
                                 env={**os.environ, "FEAT_PROFILE": "1"}).stderr
            print(f"{name} phases:", file=sys.stderr)
            for line in err.splitlines():
                if line.startswith("feat:  "):
                    print("  " + line, file=sys.stderr)

    git_log = ["git", "log", "--first-parent", "--raw", "--no-renames", BRANCH, "--", *FOLDERS]
    before = load()
    runs: dict[str, list[tuple[float, int]]] = {name: [] for name in [*binaries, "git"]}
    for _ in range(args.runs):
        for name, binary in binaries.items():
            runs[name].append(timed([binary, *history], str(repo)))
        runs["git"].append(timed(git_log, str(repo)))
    after = load()
    git_s = statistics.median(w for w, _ in runs["git"])
    print(f"load average before {before}, after {after}; medians of {args.runs}", file=sys.stderr)
    print("| command | s | MB | ratio to git |")
    print("| --- | ---: | ---: | ---: |")
    for name in runs:
        wall = statistics.median(w for w, _ in runs[name])
        mb = statistics.median(m for _, m in runs[name])
        label = {"feat": f"`feat history --no-index` ({args.feat})",
                 "other": f"`feat history --no-index` ({args.other})",
                 "git": "`git log --first-parent --raw --no-renames -- infra .github/workflows`"}[name]
        print(f"| {label} | {wall:.3f} | {mb} | {wall / git_s:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
