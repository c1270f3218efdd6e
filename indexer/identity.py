"""Who is who: (name, email) identities -> people.

Evidence, strongest first: GitHub noreply addresses and known logins (email -> login), `.mailmap`
entries, then a conservative name rule: the same full name (two tokens or more) merges only with the
same email local part, when exactly one of the same-named people is tied to a GitHub login and
exactly one is not, or when they landed changes in the same repository (two different people of the
same full name in one project are far rarer than one person committing from a work and a personal
address). Two people with the same name, unrelated emails and no shared repository stay apart; two
different GitHub logins never merge. Bots are nobody
(person id ''). A person's id is 'gh:<login>' when a login is known, else their most-used email.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime

from indexer.store import Store

_NOREPLY = re.compile(r"^(?:\d+\+)?([a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\[bot\])?)@users\.noreply\.github\.com$")
_BOT_NAMES = frozenset(
    {
        "dependabot",
        "dependabot-preview",
        "github-actions",
        "actions-user",
        "renovate",
        "renovate-bot",
        "greenkeeper",
        "snyk-bot",
        "mergify",
        "codecov",
        "pre-commit-ci",
        "allcontributors",
        "imgbot",
        "semantic-release-bot",
        "gitlab-ci",
        "jenkins",
        "travis-ci",
        "buildkite",
        "circleci",
        "ci",
        "bot",
        "copilot",
        "web-flow",
    }
)
_BOT_EMAILS = frozenset({"noreply@github.com", "action@github.com", "actions@github.com", "bot@renovateapp.com"})
_PLACEHOLDER_LOCAL = frozenset(
    {"root", "user", "admin", "none", "noreply", "no-reply", "nobody", "you", "your.email", "email", "test", "unknown"}
)


def noreply_login(email: str) -> str | None:
    m = _NOREPLY.match(email.lower())
    return m.group(1) if m else None


def is_bot(email: str, name: str) -> bool:
    email, lname = email.lower(), name.strip().lower()
    if "[bot]" in email or "[bot]" in lname or email in _BOT_EMAILS:
        return True
    local = email.split("@", 1)[0]
    login = noreply_login(email)
    for word in (lname, local, login or ""):
        if word in _BOT_NAMES or word.endswith(("-bot", "_bot", " bot", ".bot")):
            return True
    return False


def is_placeholder(email: str) -> bool:
    """Addresses many unrelated people commit under (default configs): never evidence on their own."""
    local, at, domain = email.lower().partition("@")
    if not at or "." not in domain or local in _PLACEHOLDER_LOCAL:
        return True
    return domain.endswith((".local", ".localdomain", "localhost"))


def normalise_name(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def local_part(email: str) -> str:
    login = noreply_login(email)
    if login:
        return login
    return email.lower().split("@", 1)[0].split("+", 1)[0]


class _Union:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.logins: dict[str, set[str]] = {}

    def add(self, node: str) -> None:
        if node not in self.parent:
            self.parent[node] = node
            self.logins[node] = {node[3:]} if node.startswith("gh:") else set()

    def find(self, node: str) -> str:
        self.add(node)
        root = node
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[node] != root:
            self.parent[node], node = root, self.parent[node]
        return root

    def union(self, a: str, b: str, *, keep_logins_apart: bool = False) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        if keep_logins_apart and self.logins[ra] and self.logins[rb] and self.logins[ra] != self.logins[rb]:
            return False
        self.parent[rb] = ra
        self.logins[ra] |= self.logins.pop(rb)
        return True


def _node(email: str, name: str) -> str:
    return f"n:{email}\x00{normalise_name(name)}" if is_placeholder(email) else f"e:{email}"


def assign_people(
    counts: list[tuple[str, str, int]],
    logins: dict[str, str],
    mailmap: list[tuple[str, str, str, str]],
    repos: dict[tuple[str, str], set[str]] | None = None,
) -> dict[tuple[str, str], str]:
    """(email, name) -> person id ('' for bots), from identity counts, known logins and .mailmap rows."""
    uf = _Union()
    people = [(e, n, c) for e, n, c in counts if not is_bot(e, n)]
    for email, name, _ in people:
        node = _node(email, name)
        uf.add(node)
        login = logins.get(email) or noreply_login(email)
        if login:
            uf.union(f"gh:{login.lower()}", node)
    by_email: dict[str, list[str]] = defaultdict(list)
    for email, name, _ in people:
        by_email[email].append(name)
    for alias_email, alias_name, canonical_email, _ in mailmap:
        if alias_email == canonical_email or is_bot(alias_email, alias_name) or is_bot(canonical_email, ""):
            continue
        names = [alias_name] if alias_name else by_email.get(alias_email, [""])
        target = by_email.get(canonical_email, [""])[0]
        for name in names:
            uf.union(_node(canonical_email, target), _node(alias_email, name))
    _merge_same_names(uf, people, repos or {})
    return _ids(uf, counts)


def _merge_same_names(uf: _Union, people: list[tuple[str, str, int]], repos: dict[tuple[str, str], set[str]]) -> None:
    groups: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for email, name, _ in people:
        norm = normalise_name(name)
        if len(norm.split()) >= 2:
            groups[norm].append((email, name))
    for members in groups.values():
        by_local: dict[str, list[str]] = defaultdict(list)
        for email, name in members:
            if not is_placeholder(email):
                by_local[local_part(email)].append(_node(email, name))
        for nodes in by_local.values():
            for other in nodes[1:]:
                uf.union(nodes[0], other, keep_logins_apart=True)
        roots = {uf.find(_node(e, n)) for e, n in members}
        linked = [r for r in roots if uf.logins.get(r)]
        unlinked = [r for r in roots if not uf.logins.get(r)]
        if len(linked) == 1 and len(unlinked) == 1:
            uf.union(linked[0], unlinked[0])
        _merge_on_shared_repos(uf, [(e, n) for e, n in members if not is_placeholder(e)], repos)


def _merge_on_shared_repos(uf: _Union, members: list[tuple[str, str]], repos: dict[tuple[str, str], set[str]]) -> None:
    """Same-named identities that landed changes in a common repository are one person."""
    seen: dict[str, str] = {}  # repo -> a node of this name that landed there
    for email, name in members:
        node = _node(email, name)
        for repo in sorted(repos.get((email, name), ())):
            if repo in seen:
                uf.union(seen[repo], node, keep_logins_apart=True)
            else:
                seen[repo] = node


def _ids(uf: _Union, counts: list[tuple[str, str, int]]) -> dict[tuple[str, str], str]:
    usage: dict[str, Counter[str]] = defaultdict(Counter)
    names: dict[str, Counter[str]] = defaultdict(Counter)
    for email, name, n in counts:
        if not is_bot(email, name):
            root = uf.find(_node(email, name))
            usage[root][email] += n
            names[root][normalise_name(name)] += n
    person: dict[str, str] = {}
    for root, emails in usage.items():
        logins = sorted(uf.logins.get(root, ()))
        if logins:
            best = max(logins, key=lambda lg: (sum(c for e, c in emails.items() if local_part(e) == lg), lg))
            person[root] = f"gh:{best}"
            continue
        real = [(c, e) for e, c in emails.items() if not is_placeholder(e)]
        if real:
            person[root] = min(real, key=lambda t: (-t[0], t[1]))[1]
        else:
            email = min(emails, key=lambda e: (-emails[e], e))
            person[root] = f"{email}#{names[root].most_common(1)[0][0].replace(' ', '-')}"
    return {(e, n): ("" if is_bot(e, n) else person[uf.find(_node(e, n))]) for e, n, _ in counts}


def resolve(store: Store) -> set[str]:
    """Rewrite `identities` from everything indexed; return the person ids whose identity set changed."""
    counts = [(e, n, int(c)) for e, n, c in store.git_identity_counts()]
    known = store.login_map()
    noreply = [(e, lg) for e, _, _ in counts if (lg := noreply_login(e)) and known.get(e) != lg]
    if noreply:
        store.git_put_noreply_logins(sorted(set(noreply)))
        known = store.login_map()
    repos: dict[tuple[str, str], set[str]] = defaultdict(set)
    for email, name, repo in store.git_identity_repos():
        repos[(email, name)].add(repo)
    assigned = assign_people(counts, {e: lg.lower() for e, lg in known.items()}, store.git_mailmap_rows(), repos)
    before: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for email, name, pid in store.identity_rows():
        before[pid].add((email, name))
    after: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for (email, name), pid in assigned.items():
        after[pid].add((email, name))
    store.git_replace_identities([(e, n, pid) for (e, n), pid in sorted(assigned.items())])
    return {pid for pid in set(before) | set(after) if pid and before.get(pid) != after.get(pid)}


@dataclass
class Contributor:
    """One resolved person as the index sees them: what they landed, where, and when."""

    id: str
    name: str
    emails: list[str]
    commits: int  # distinct changes authored or co-authored (a synced change counts once)
    repos: dict[str, int]
    first_date: str | None
    last_date: str | None


def contributors(store: Store, repo: str | None = None) -> list[Contributor]:
    """People with at least one change (in REPO if given), most changes first; bots left out."""
    changes: dict[str, set[str]] = defaultdict(set)
    repos: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    dates: dict[str, list[str]] = defaultdict(list)
    names: dict[str, Counter[str]] = defaultdict(Counter)
    for pid, change_id, landed_in, authored_at, name in store.git_contributor_rows(repo):
        if not pid:
            continue
        changes[pid].add(change_id)
        repos[pid][landed_in].add(change_id)
        dates[pid].append(authored_at)
        names[pid][name] += 1
    emails: dict[str, set[str]] = defaultdict(set)
    for email, _, pid in store.identity_rows():
        emails[pid].add(email)
    out = [
        Contributor(
            id=pid,
            name=names[pid].most_common(1)[0][0],
            emails=sorted(emails[pid]),
            commits=len(ids),
            repos={r: len(c) for r, c in sorted(repos[pid].items(), key=lambda kv: (-len(kv[1]), kv[0]))},
            first_date=_day(min(dates[pid], key=_utc)),
            last_date=_day(max(dates[pid], key=_utc)),
        )
        for pid, ids in changes.items()
    ]
    out.sort(key=lambda c: (-c.commits, c.id))
    return out


def _utc(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp).astimezone(UTC)


def _day(stamp: str) -> str:
    return stamp[:10]
