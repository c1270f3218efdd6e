"""Per-repository commits and contributors of one quarter: `scout map` against an independent count from `git log`.

    scout bench map_check --data-dir /tmp/scout-real [--quarter 2026Q2]

For each indexed repository, `git log` of the indexed head (eval/map_oracle.py: plain git, no Scout reader)
gives: the quarter's non-merge commits (raw), the commits left after dropping bots ("[bot]", "-bot") and
counting a change seen in several repositories (same author e-mail, author time and subject) once where it was
committed first (oracle), and the distinct author and co-author addresses (emails). Beside them: the same count
with addresses mapped through Scout's identity table, whose bots are left out (oracle_resolved, people), and
`scout map`'s figures. Where the oracle and Scout differ, the
columns say why: identity resolution (emails > people) or sync deduplication by patch id (oracle > scout).
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

from eval import map_oracle as oracle
from indexer.repos import repo_categories
from indexer.store import Store
from talent.map import build_map


def main() -> None:
    parser = argparse.ArgumentParser(prog="scout bench map_check", description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, required=True, help="an index built by `scout index` (a copy)")
    parser.add_argument("--quarter", default=None, help="YYYYQn (default: the map's default quarter)")
    args = parser.parse_args()
    store = Store.open(args.data_dir / "scout.db", create=False)
    talent = build_map(store, args.quarter)
    q = talent.quarter
    categories = repo_categories(store)
    person = {(e, n): pid for e, n, pid in store.identity_rows()}
    by_email: dict[str, str] = {}
    for (email, _name), pid in sorted(person.items()):
        by_email.setdefault(email, pid)
    logs: list[oracle.LogCommit] = []
    for repo in categories:
        state = store.git_repo_state(repo)
        if state is None or state[1] is None:
            continue
        logs += oracle.git_log(Path(state[0]), repo, state[1])
    raw: dict[str, int] = defaultdict(int)
    for c in logs:
        if oracle.quarter_of(c.authored) == q:
            raw[c.repo] += 1
    by_address = oracle.oracle_map(oracle.counted_commits(logs, lambda email, _name: email), categories)
    # Through Scout's identity table: its people, and its bots (person '') left out like the oracle's.
    resolved = oracle.oracle_map(
        oracle.counted_commits(logs, lambda email, name: person.get((email, name), by_email.get(email, email)) or None),
        categories,
    )
    print(json.dumps({"quarter": q, "repos": len(categories), "landings_read": len(logs)}))
    header = ("repo", "raw", "oracle", "oracle_resolved", "scout", "emails", "people", "scout_people")
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for r in talent.repos:
        oracle_commits = by_address.commits.get(("r", r.repo, q), 0)
        emails = len(by_address.people.get(("r", r.repo, q), {}))
        people = len(resolved.people.get(("r", r.repo, q), {}))
        resolved_commits = resolved.commits.get(("r", r.repo, q), 0)
        row = (r.repo, raw.get(r.repo, 0), oracle_commits, resolved_commits, r.commits, emails, people, r.contributors)
        print("| " + " | ".join(str(x) for x in row) + " |")


if __name__ == "__main__":
    main()
