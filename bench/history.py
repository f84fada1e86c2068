#!/usr/bin/env python3
"""Benchmark `feat history` against git on the synthetic repositories of ../shared/perf.

For each size it generates the repository (once; kept in --repos), checks
`feat history --format json` against the generator's ground truth, then times
`feat history --format json` and `git log --first-parent --raw --no-renames -- features/`
alternately in the same run, and prints median wall time and peak RSS of both, with
the ratio feat/git.

    python3 bench/history.py --sizes S M L --runs 5

Those runs pass `--no-index`: every one reads the whole history. `--warm` adds, per size,
the history index's figures, measured in a clone that shares the repository's objects (the
generated repository is left as it is): cold (no index yet: the run reads everything and
writes the index), warm (the index holds the head: an identical second run), and after N
new commits (the index holds HEAD~N: the run reads N commits and extends it), each checked
byte for byte against the `--no-index` answer, with medians and ratios against git's log
timed alternately in the same loop.

    python3 bench/history.py --sizes L --runs 5 --warm --new-commits 100

`--other BINARY` times a second feat in the same loop (before/after figures of a change).
"""
from __future__ import annotations

import argparse
import json
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
SIZES = {"S": (200, 2000), "M": (2000, 20000), "L": (10000, 100000)}


def timed(cmd: list[str], cwd: str) -> tuple[float, int]:
    """Wall seconds and peak RSS in MB of one run, stdout discarded."""
    with tempfile.NamedTemporaryFile("r") as t:
        subprocess.run(["/usr/bin/time", "-f", "%e %M", "-o", t.name, *cmd], cwd=cwd,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        wall, kb = t.read().split()[-2:]
    return float(wall), int(kb) // 1024


def ensure_repo(size: str, repos: str, perf: str) -> pathlib.Path:
    """The generated repository of a size (made once), with a `.featurerepo/` folder in its
    working tree so that feat finds it (the default policy applies)."""
    repo = pathlib.Path(repos) / size
    if not repo.exists():
        features, commits = SIZES[size]
        subprocess.run([sys.executable, f"{perf}/gen_repo.py", "--features", str(features),
                        "--commits", str(commits), "--seed", "1", "--out", str(repo)], check=True,
                       stdout=subprocess.DEVNULL)
    (repo / ".featurerepo").mkdir(exist_ok=True)
    return repo


def side_by_side(feat_cmd: list[str], git_cmd: list[str], cwd: str, runs: int,
                 other_cmd: list[str] | None = None) -> tuple[float, int, float, int]:
    """Median wall seconds and peak MB of feat and git, run alternately in the same loop; with
    `other_cmd` (another feat binary, for before/after figures) that too, its medians printed."""
    feat_runs, git_runs, other_runs = [], [], []
    for _ in range(runs):
        feat_runs.append(timed(feat_cmd, cwd))
        if other_cmd:
            other_runs.append(timed(other_cmd, cwd))
        git_runs.append(timed(git_cmd, cwd))
    if other_runs:
        print(f"  {other_cmd[0]}: {statistics.median(w for w, _ in other_runs):.2f} s "
              f"{statistics.median(m for _, m in other_runs)} MB (same loop)", file=sys.stderr)
    return (statistics.median(w for w, _ in feat_runs), statistics.median(m for _, m in feat_runs),
            statistics.median(w for w, _ in git_runs), statistics.median(m for _, m in git_runs))


GIT_LOG = ["git", "log", "--first-parent", "--raw", "--no-renames", "--", "features/"]


def index_dir(repo: pathlib.Path) -> pathlib.Path:
    return repo / ".git" / "feat"


def warm_figures(feat: str, repo: pathlib.Path, runs: int, new: int) -> list[tuple[str, float, int, float]]:
    """(case, median feat s, median feat MB, median git s) for cold, warm and after `new` commits."""
    clone = repo.parent / f"{repo.name}-index-bench"
    if clone.exists():
        shutil.rmtree(clone)
    subprocess.run(["git", "clone", "-q", "--shared", "--no-checkout", str(repo), str(clone)], check=True)
    (clone / ".featurerepo").mkdir(exist_ok=True)
    if (repo / ".feat.yaml").exists():
        shutil.copy(repo / ".feat.yaml", clone / ".feat.yaml")
    cmd = [feat, "history", "--format", "json"]
    expected = subprocess.run(cmd + ["--no-index"], cwd=clone, check=True, capture_output=True).stdout
    old = f"HEAD~{new}"
    # The index as it stands after a run at HEAD~N, kept aside to put back before each timed run.
    shutil.rmtree(index_dir(clone), ignore_errors=True)
    subprocess.run(cmd + ["--rev", old], cwd=clone, check=True, stdout=subprocess.DEVNULL)
    behind = clone.parent / f"{clone.name}-behind"
    shutil.rmtree(behind, ignore_errors=True)
    shutil.copytree(index_dir(clone), behind)

    def cold() -> None:
        shutil.rmtree(index_dir(clone), ignore_errors=True)

    def warm() -> None:
        pass

    def after_new() -> None:
        shutil.rmtree(index_dir(clone), ignore_errors=True)
        shutil.copytree(behind, index_dir(clone))

    rows = []
    for case, prepare in [("cold", cold), ("warm", warm), (f"after {new} new commits", after_new)]:
        feat_runs, git_runs = [], []
        for _ in range(runs):
            prepare()
            feat_runs.append(timed(cmd, str(clone)))
            git_runs.append(timed(GIT_LOG, str(clone)))
            got = subprocess.run(cmd, cwd=clone, check=True, capture_output=True).stdout
            if got != expected:
                raise SystemExit(f"{case}: the answer with the index differs from the one without it")
        rows.append((case, statistics.median(w for w, _ in feat_runs), statistics.median(m for _, m in feat_runs),
                     statistics.median(w for w, _ in git_runs)))
    shutil.rmtree(behind, ignore_errors=True)
    shutil.rmtree(clone, ignore_errors=True)
    return rows


def to_truth_shape(doc: dict) -> dict:
    """feat's SPEC §7 JSON → the generator's ground-truth shape (removals go to `deleted`)."""
    out = []
    for f in doc["features"]:
        ts = f["transitions"]
        deleted = None
        if f["stage"] is None and ts and ts[-1]["to"] is None:
            deleted = {"commit": ts[-1]["commit"]}
        out.append({
            "name": f["feature"],
            "path": f["path"] if f["stage"] is not None else None,
            "stage": f["stage"],
            "deleted": deleted,
            "transitions": [{
                "stage": t["to"], "commit": t["commit"],
                "committer_time": int(__import__("datetime").datetime.fromisoformat(
                    t["date"].replace("Z", "+00:00")).timestamp()),
                "author_name": t["author"]["name"], "author_email": t["author"]["email"],
            } for t in ts if t["to"] is not None],
        })
    return {"features": out}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", nargs="+", default=["S", "M", "L"], choices=list(SIZES))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--repos", default="/tmp/perfrepos")
    ap.add_argument("--perf", default=str(ROOT.parent / "shared" / "perf"))
    ap.add_argument("--feat", default=str(ROOT / ".build" / "release" / "feat"))
    ap.add_argument("--other", help="a second feat binary timed in the same loop (before/after figures)")
    ap.add_argument("--warm", action="store_true",
                    help="also time the history index: cold, warm, and after --new-commits new commits")
    ap.add_argument("--new-commits", type=int, default=100)
    args = ap.parse_args()
    if not os.access(args.feat, os.X_OK):
        subprocess.run(["swift", "build", "-c", "release", "--product", "feat"], cwd=ROOT, check=True)
    rows = []
    warm_rows = []
    for size in args.sizes:
        repo = ensure_repo(size, args.repos, args.perf)
        out = subprocess.run([args.feat, "history", "--format", "json", "--no-index"], cwd=repo, check=True,
                             capture_output=True, text=True).stdout
        derived = pathlib.Path(args.repos) / f"{size}.feat.json"
        derived.write_text(json.dumps(to_truth_shape(json.loads(out))))
        check = subprocess.run([sys.executable, f"{args.perf}/compare_truth.py",
                                f"{repo}.truth.json", str(derived)], capture_output=True, text=True)
        verdict = check.stdout.strip().splitlines()[-1]
        print(f"{size}: {verdict}", file=sys.stderr)
        cold = ["history", "--format", "json", "--no-index"]
        fw, fm, gw, gm = side_by_side([args.feat, *cold], GIT_LOG, str(repo), args.runs,
                                      [args.other, *cold] if args.other else None)
        rows.append((size, verdict.split(":")[0], fw, fm, gw, gm, fw / gw if gw else float("nan")))
        print(f"{size}: feat {fw:.2f} s {fm} MB, git {gw:.2f} s {gm} MB, ratio {fw / gw:.2f}", file=sys.stderr)
        if check.returncode != 0:
            print(check.stdout, file=sys.stderr)
        if args.warm:
            for case, w, m, g in warm_figures(args.feat, repo, args.runs, args.new_commits):
                warm_rows.append((size, case, w, m, g))
                print(f"{size} {case}: feat {w:.3f} s {m} MB, git {g:.2f} s, ratio {w / g:.3f}", file=sys.stderr)
    print(f"| size | truth | feat history s | feat MB | git log --raw s | git MB | ratio |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for size, ok, fw, fm, gw, gm, ratio in rows:
        print(f"| {size} | {ok} | {fw:.2f} | {fm} | {gw:.2f} | {gm} | {ratio:.2f} |")
    if warm_rows:
        print()
        print("| size | history index | feat history s | feat MB | git log --raw s | ratio |")
        print("| --- | --- | ---: | ---: | ---: | ---: |")
        for size, case, w, m, g in warm_rows:
            print(f"| {size} | {case} | {w:.3f} | {m} | {g:.2f} | {w / g:.3f} |")
    return 0 if all(r[1] == "MATCH" for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
