#!/usr/bin/env python3
"""Benchmark consumers and locks on the generated L repository (../shared/perf): `feat check`
on a pull request editing 50 features with 1,000 consumer files at the base, against the
same check without consumers; `feat lock` of a consumer reading 50 features and `feat diff
LOCK` of that lock.

    python3 bench/consumers.py --size L --runs 5
"""
from __future__ import annotations

import argparse
import os
import pathlib
import statistics
import subprocess
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from check import BRANCH, branch_env, make_branch  # noqa: E402
from history import ROOT, SIZES, ensure_repo, timed  # noqa: E402

WITH = "bench/with-consumers"
EDIT = "bench/edit-50-consumers"


def git(repo: pathlib.Path, *args: str, env: dict | None = None) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True, env=env).stdout


def make_consumers(repo: pathlib.Path, count: int) -> list[str]:
    """A branch off main with `count` consumer files, each reading 5 features, the first
    (`model_0`) reading 50; then a pull request off it editing 50 descriptions."""
    files = [f for f in git(repo, "ls-tree", "-r", "--name-only", "main", "--", "features").splitlines()
             if f.endswith(".yaml")]
    names = []
    for f in files:
        for line in git(repo, "show", f"main:{f}").splitlines():
            if line.startswith("feature: "):
                names.append(line.split(": ", 1)[1].strip())
                break
    if not git(repo, "branch", "--list", WITH).strip():
        wt = pathlib.Path("/tmp/feat-bench-consumers")
        git(repo, "worktree", "add", "-q", str(wt), "-b", WITH, "main")
        (wt / "consumers").mkdir(exist_ok=True)
        for i in range(count):
            reads = names[i * 5 % len(names):][:50 if i == 0 else 5]
            stage = ["production", "shadow", "experiment"][i % 3]
            (wt / "consumers" / f"model_{i}.yaml").write_text(
                f"consumer: model_{i}\nkind: model\nstage: {stage}\nowner: team{i % 40}@example.com\n"
                f"reads: [{', '.join(reads)}]\n")
        subprocess.run(["git", "add", "-A"], cwd=wt, check=True)
        subprocess.run(["git", "commit", "-qm", f"{count} consumers"], cwd=wt, check=True, env=branch_env(repo))
        git(repo, "worktree", "remove", "--force", str(wt))
    if not git(repo, "branch", "--list", EDIT).strip():
        git(repo, "branch", EDIT, WITH)
        wt = pathlib.Path("/tmp/feat-bench-consumers-pr")
        git(repo, "worktree", "add", "-q", str(wt), EDIT)
        for path in files[:: max(1, len(files) // 50)][:50]:
            text = (wt / path).read_text()
            (wt / path).write_text(text.replace("description: ", "description: Reviewed. ", 1))
        env = branch_env(repo)
        tip = int(git(repo, "log", "-1", "--format=%ct", WITH)) + 3600
        env.update(GIT_AUTHOR_DATE=f"{tip} +0000", GIT_COMMITTER_DATE=f"{tip} +0000")
        subprocess.run(["git", "commit", "-qam", "Edit 50 descriptions"], cwd=wt, check=True, env=env)
        git(repo, "worktree", "remove", "--force", str(wt))
    return names


def median(cmd: list[str], cwd: str, runs: int) -> tuple[float, int]:
    samples = [timed(cmd, cwd) for _ in range(runs)]
    return statistics.median(w for w, _ in samples), statistics.median(m for _, m in samples)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", default="L", choices=list(SIZES))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--consumers", type=int, default=1000)
    ap.add_argument("--repos", default="/tmp/perfrepos")
    ap.add_argument("--perf", default=str(ROOT.parent / "shared" / "perf"))
    ap.add_argument("--feat", default=str(ROOT / ".build" / "release" / "feat"))
    args = ap.parse_args()
    repo = ensure_repo(args.size, args.repos, args.perf)
    make_branch(repo, BRANCH, 50, 0, "Reviewed")
    make_consumers(repo, args.consumers)
    now = ["--now", "2050-01-01T00:00:00Z", "--format", "json"]
    plain = [args.feat, "check", "--base", "main", "--head", BRANCH, *now]
    with_consumers = [args.feat, "check", "--base", WITH, "--head", EDIT, *now]
    for cmd in (plain, with_consumers):
        r = subprocess.run(cmd, cwd=repo, capture_output=True, text=True)
        print(f"{' '.join(cmd[1:6])}: exit {r.returncode}, {r.stdout.count(chr(34) + 'rule' + chr(34))} findings",
              file=sys.stderr)
    # Alternate the two checks in one loop, as the other benchmarks do.
    a, b = [], []
    for _ in range(args.runs):
        a.append(timed(plain, str(repo)))
        b.append(timed(with_consumers, str(repo)))
    pw, cw = statistics.median(w for w, _ in a), statistics.median(w for w, _ in b)
    print("| size | consumers | check without s | check with s | ratio |")
    print("| --- | ---: | ---: | ---: | ---: |")
    print(f"| {args.size} | {args.consumers} | {pw:.2f} | {cw:.2f} | {cw / max(pw, 1e-3):.2f} |")
    git(repo, "checkout", "-q", "--detach", WITH)
    lock = "/tmp/feat-bench-model_0.lock.json"
    lock_cmd = [args.feat, "lock", "model_0", "--allow-dirty"]
    lw, lm = median([*lock_cmd], str(repo), args.runs)
    subprocess.run([args.feat, "lock", "--features", ",".join(make_consumers(repo, args.consumers)[:50]),
                    "-o", lock, "--allow-dirty"], cwd=repo, check=True, capture_output=True)
    dw, dm = median([args.feat, "diff", lock, EDIT, "--format", "json"], str(repo), args.runs)
    git(repo, "checkout", "-q", "--detach", "main")
    print("| command | s | MB |")
    print("| --- | ---: | ---: |")
    print(f"| feat lock model_0 (50 reads) | {lw:.3f} | {lm} |")
    print(f"| feat diff LOCK (50 reads) | {dw:.3f} | {dm} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
