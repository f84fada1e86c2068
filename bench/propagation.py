#!/usr/bin/env python3
"""Benchmark propagation (SPEC §10): `feat diff` and `feat check` on repositories of 1,000,
5,000 and 10,000 features where all but one have `inputs`, in chains of ten, every chain
starting from one global input `g`; a pull request changes the meaning of an input.

- `root`:  g's window 7d → 30d: the change reaches every feature, along every chain.
- `chain`: one chain head's expression changes: it reaches the ten features of that chain,
  and finding them still means reading every derived file of the tree.

Every feature is in production, so check judges each reached feature's frozen contract
(FEAT006, one finding each). The script checks feat's answer (how many features the diff
reports) before it times anything, and prints the time per 1,000 features, which stays flat
when the cost is linear.

    swift build -c release --product feat --scratch-path .build-shapes-rel
    python3 bench/propagation.py --feat .build-shapes-rel/release/feat --sizes 1000 5000 10000 --runs 3
"""
from __future__ import annotations

import argparse
import json
import os
import pathlib
import shutil
import statistics
import subprocess
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
CHAIN = 10
DATE = "2026-01-05T10:00:00+0000"

PRODUCTION = """\
stage: production
owner: risk@example.com
hypothesis: Velocity predicts fraud.
description: Generated for the propagation benchmark.
evidence:
  - {date: 2026-01-02, metric: auc_lift, value: 0.004}
entity: [user_id]
expectations: {min: 0}
sla: {freshness: 1h}
monitoring: {drift: psi}
"""


def feature(i: int, window: str = "7d", factor: int = 2) -> str:
    """Feature i: g (i = 0) is an aggregation over a table; every other feature reads the one
    before it in its chain, the head of a chain (i % 10 == 0, and f1) reads g."""
    if i == 0:
        return (f"feature: g\nversion: 1\nkind: aggregation\n{PRODUCTION}type: int64\n"
                f"source: {{table: payments.transactions}}\n"
                f"aggregation: {{function: count, column: txn_id, window: {window}}}\n"
                f"time: {{event_time: created_at, ttl: 1d}}\nbackfill: {{start: 2024-01-01}}\n")
    upstream = "g" if i % CHAIN == 0 or i == 1 else f"f{i - 1}"
    return (f"feature: f{i}\nversion: 1\nkind: scalar\n{PRODUCTION}type: float64\n"
            f"inputs:\n  - {{feature: {upstream}, as: x}}\n"
            f"source: {{expression: \"x * {factor}\"}}\n")


def path(i: int) -> str:
    return "features/g.yaml" if i == 0 else f"features/c{i // CHAIN}/f{i}.yaml"


def git(repo: pathlib.Path, *args: str) -> str:
    env = dict(os.environ, GIT_AUTHOR_NAME="Bench", GIT_AUTHOR_EMAIL="bench@example.com",
               GIT_COMMITTER_NAME="Bench", GIT_COMMITTER_EMAIL="bench@example.com",
               GIT_AUTHOR_DATE=DATE, GIT_COMMITTER_DATE=DATE)
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True, env=env).stdout


def make_repo(size: int, where: pathlib.Path) -> pathlib.Path:
    """main: `size` features; branches `root` and `chain`, one commit each off main."""
    repo = where / f"propagation-{size}"
    if (repo / ".git").exists():
        return repo
    shutil.rmtree(repo, ignore_errors=True)
    repo.mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    (repo / ".featurerepo").mkdir()
    (repo / ".featurerepo" / "config.yaml").write_text("version: 1\nfeatures: [features]\n")
    for i in range(size):
        p = repo / path(i)
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(feature(i))
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", f"{size} features in chains of {CHAIN}")
    git(repo, "checkout", "-qb", "root")
    (repo / path(0)).write_text(feature(0, window="30d"))
    git(repo, "commit", "-qam", "g: window 7d -> 30d")
    git(repo, "checkout", "-qb", "chain", "main")
    (repo / path(CHAIN)).write_text(feature(CHAIN, factor=3))
    git(repo, "commit", "-qam", f"f{CHAIN}: x * 2 -> x * 3")
    git(repo, "checkout", "-q", "main")
    return repo


def run(cmd: list[str], cwd: pathlib.Path) -> tuple[float, int, str]:
    """Wall seconds, peak RSS in MB and stdout of one run; exit 0 or 1 (findings), never 2."""
    with tempfile.NamedTemporaryFile("r") as t:
        r = subprocess.run(["/usr/bin/time", "-f", "%e %M", "-o", t.name, *cmd], cwd=cwd,
                           capture_output=True, text=True)
        if r.returncode not in (0, 1) or not r.stdout:
            raise SystemExit(f"{' '.join(cmd)} exited {r.returncode}: {r.stderr[:500]}")
        wall, kb = t.read().split()[-2:]
    return float(wall), int(kb) // 1024, r.stdout


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--feat", default=str(ROOT / ".build-shapes-rel/release/feat"))
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 10000])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--repos", default="/tmp/perfrepos")
    args = ap.parse_args()
    feat = str(pathlib.Path(args.feat).resolve())
    print("| features | change | reached | diff s | diff MB | check s | check MB | findings | diff s / 1k | check s / 1k |")
    print("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for size in args.sizes:
        repo = make_repo(size, pathlib.Path(args.repos))
        for branch, expected in (("root", size), ("chain", CHAIN)):
            diff = [feat, "diff", "main", branch, "--format", "json"]
            check = [feat, "check", "--base", "main", "--head", branch, "--now", "2026-12-01T00:00:00Z",
                     "--format", "json"]
            _, _, out = run(diff, repo)
            reached = len(json.loads(out)["features"])
            if reached != expected:
                raise SystemExit(f"{size} {branch}: diff reports {reached} features, expected {expected}")
            _, _, out = run(check, repo)
            findings = len(json.loads(out)["violations"])
            d = [run(diff, repo)[:2] for _ in range(args.runs)]
            c = [run(check, repo)[:2] for _ in range(args.runs)]
            ds, dm = statistics.median(w for w, _ in d), statistics.median(m for _, m in d)
            cs, cm = statistics.median(w for w, _ in c), statistics.median(m for _, m in c)
            print(f"| {size:,} | {branch} | {reached:,} | {ds:.2f} | {dm} | {cs:.2f} | {cm} | {findings:,} "
                  f"| {ds / size * 1000:.3f} | {cs / size * 1000:.3f} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
