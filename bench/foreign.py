#!/usr/bin/env python3
"""Benchmark `feat history` on features kept beside foreign YAML that changes often.

Monorepos keep Helm charts, CI files and dbt schemas next to features. This builds a
repository (once, deterministic, with git fast-import) whose feature folders are
`features/` and `infra/`: a few hundred feature files, and a few hundred large manifests
under `infra/` that most commits change. It then times `feat history --format json` and
`git log --first-parent --raw --no-renames -- features infra` alternately in the same run
and prints medians, peak RSS and the ratio feat/git.

    python3 bench/foreign.py --runs 5
"""
from __future__ import annotations

import argparse
import os
import pathlib
import random
import subprocess
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from history import ROOT, side_by_side  # noqa: E402


def feature(name: str, stage: str, edit: int) -> str:
    return (f"feature: {name}\nversion: 1\nstage: {stage}\nkind: aggregation\nowner: team@example.com\n"
            f"hypothesis: Activity predicts churn.\ndescription: Events per user, edit {edit}.\n"
            f"evidence:\n  - {{date: 2026-01-02, metric: auc_lift, value: 0.004}}\nentity: [user_id]\n"
            f"type: int64\nsource: {{table: events.raw}}\naggregation: {{function: count, column: id, window: 7d}}\n")


def manifest(name: str, revision: int) -> str:
    lines = [f"apiVersion: v2", f"name: {name}", f"version: 1.{revision}.0", "values:"]
    for i in range(150):
        lines.append(f"  setting_{i}: {{replicas: {i % 7 + 1}, image: registry.example.com/{name}:{revision}}}")
    return "\n".join(lines) + "\n"


def build(repo: pathlib.Path, features: int, manifests: int, commits: int) -> None:
    rng = random.Random(7)
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    stages = ["explore", "candidate", "shadow", "production"]
    state = {f"f{i:04d}": [0, 0] for i in range(features)}  # stage index, edit
    revs = {f"m{i:04d}": 0 for i in range(manifests)}
    out = []
    t = 1_767_225_600

    def blob(path: str, text: str) -> None:
        data = text.encode()
        out.append(f"M 100644 inline {path}\ndata {len(data)}\n".encode() + data + b"\n")

    for c in range(commits):
        out.append(f"commit refs/heads/main\ncommitter Dev <dev@example.com> {t + c * 600} +0000\n".encode())
        message = f"change {c}".encode()
        out.append(f"data {len(message)}\n".encode() + message + b"\n")
        if c == 0:
            blob(".featurerepo/config.yaml", "version: 1\nfeatures: [features, infra]\n")
            for name, (s, e) in state.items():
                blob(f"features/{name}.yaml", feature(name, stages[s], e))
            for name in revs:
                blob(f"infra/{name}/values.yaml", manifest(name, 0))
            continue
        for name in rng.sample(sorted(state), 2):
            s, e = state[name]
            if rng.random() < 0.1 and s < 3:
                s += 1
            state[name] = [s, e + 1]
            blob(f"features/{name}.yaml", feature(name, stages[s], e + 1))
        for name in rng.sample(sorted(revs), 4):
            revs[name] += 1
            blob(f"infra/{name}/values.yaml", manifest(name, revs[name]))
    subprocess.run(["git", "fast-import", "--quiet"], cwd=repo, input=b"".join(out), check=True)
    subprocess.run(["git", "checkout", "-q", "main"], cwd=repo, check=True)
    subprocess.run(["git", "-c", "gc.writeCommitGraph=false", "gc", "-q"], cwd=repo, check=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--repo", default="/tmp/perfrepos/foreign")
    ap.add_argument("--features", type=int, default=400)
    ap.add_argument("--manifests", type=int, default=300)
    ap.add_argument("--commits", type=int, default=5000)
    ap.add_argument("--feat", default=str(ROOT / ".build" / "release" / "feat"))
    args = ap.parse_args()
    if not os.access(args.feat, os.X_OK):
        subprocess.run(["swift", "build", "-c", "release", "--product", "feat"], cwd=ROOT, check=True)
    repo = pathlib.Path(args.repo)
    if not repo.exists():
        build(repo, args.features, args.manifests, args.commits)
    # --no-index: every run reads the whole history (with the index, a second run reads none).
    fw, fm, gw, gm = side_by_side(
        [args.feat, "history", "--format", "json", "--no-index"],
        ["git", "log", "--first-parent", "--raw", "--no-renames", "--", "features", "infra"], str(repo), args.runs)
    print("| repository | feat history s | feat MB | git log --raw s | git MB | ratio |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    print(f"| {args.features} features + {args.manifests} manifests, {args.commits} commits | "
          f"{fw:.2f} | {fm} | {gw:.2f} | {gm} | {fw / gw:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
