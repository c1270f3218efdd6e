"""`scout bench corpus [--runs N]`: sample-corpus generation time beside a `git commit`-per-commit writer.

The baseline replays one generated repository (corpus/tokenizer-rs) the way a naive generator would:
write the changed files into a work tree, then `git add` + `git commit` per commit, with the same
identities and dates. The full generator writes all 8 repositories with one `git fast-import` each.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from eval import corpus
from eval.corpus_people import build_personas
from eval.corpus_repos import REPO_BY_NAME

BASELINE_REPO = "corpus/tokenizer-rs"


def rendered_history(repo: str, seed: int = 7) -> list[corpus.Rendered]:
    people = build_personas(seed)
    intents = [i for i in corpus.plan(people, seed) if i.repo == repo]
    tallies = {p.key: corpus.Tally() for p in people}
    return corpus.render_repo(REPO_BY_NAME[repo], intents, seed, tallies, range(100, 100_000))


def commit_per_commit(path: Path, commits: list[corpus.Rendered]) -> None:
    env = {**os.environ, **corpus.GIT_ENV}
    subprocess.run(["git", "init", "-q", "-b", "main", str(path)], check=True, env=env)
    for c in commits:
        for rel, text in c.changes:
            target = path / rel
            if text is None:
                target.unlink(missing_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text)
        name, email = c.author
        when = corpus._git_time(c.author_when or c.intent.when)
        env_c = {**env, "GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email, "GIT_AUTHOR_DATE": when,
                 "GIT_COMMITTER_NAME": name, "GIT_COMMITTER_EMAIL": email, "GIT_COMMITTER_DATE": when}  # fmt: skip
        subprocess.run(["git", "-C", str(path), "add", "-A"], check=True, env=env_c)
        subprocess.run(["git", "-C", str(path), "commit", "-q", "--no-verify", "-F", "-"], input=c.message.encode(),
                       check=True, env=env_c)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(prog="scout bench corpus")
    parser.add_argument("--runs", type=int, default=3, help="generations to time; the median is reported (default 3)")
    args = parser.parse_args()
    full, one_fast, one_naive = [], [], []
    history = rendered_history(BASELINE_REPO)
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as tmp:
            start = time.perf_counter()
            info = corpus.generate(Path(tmp) / "sample")
            full.append(time.perf_counter() - start)
            start = time.perf_counter()
            corpus.write_repo(Path(tmp) / "fast", history)
            one_fast.append(time.perf_counter() - start)
            start = time.perf_counter()
            commit_per_commit(Path(tmp) / "naive", history)
            one_naive.append(time.perf_counter() - start)
    print(f"sample corpus: {len(info.repos)} repos, {info.people} people, {info.commits} commits")
    median = statistics.median(full)
    print(f"generate() all repos (plan + render + 8 fast-imports), median of {args.runs}: {median:.2f} s")
    print(f"{BASELINE_REPO} ({len(history)} commits) via one git fast-import: {statistics.median(one_fast):.2f} s")
    print(f"{BASELINE_REPO} ({len(history)} commits) via git add + git commit per commit (baseline): "
          f"{statistics.median(one_naive):.2f} s")  # fmt: skip


if __name__ == "__main__":
    main()
