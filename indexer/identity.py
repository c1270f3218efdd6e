"""Who is who: (name, email) identities -> people.

Evidence, strongest first: hand decisions (`scout people merge/split`, they override everything), GitHub
noreply addresses and known logins (email -> login), `.mailmap` entries (a repository's speak for its own
history only), then conservative name rules: the same full name (two tokens or more, its words in any
order; never a setup guide's 'Your Name') merges only with the same email local part, when exactly one of
the same-named people is tied to a GitHub login and exactly one is not, or when they landed changes in the
same repository (anything an address landed counts; a placeholder address's node is one name's, so it takes
part too). Addresses whose local parts are the same words in any order ('ada.quill', 'quill_ada') also join
when every full name of one side is within every full name of the other (a middle name added or left out).
A handle (a name that is not a full name) joins two addresses that mostly commit under it and landed changes in
a common repository only when more than the word ties them: one's local part is the other's own domain, both
are at a domain named after the handle, or the handle is an account name (it has digits, or it is one side's
GitHub login and no full name in the index has it as a word) that exactly two people use.
A stray commit cannot fool them:
- a name counts for an identity only when it is that identity's own (names compatible with it cover most
  of its commits), so one commit under a colleague's name is not evidence;
- two sides that each have substantial work (SUBSTANTIAL_COMMITS) under incompatible full names never
  join by a name rule, however many same-name links there are;
- an address several people worked under (two incompatible full names, each substantial) is split by
  name, so no chain passes through it.
Two different GitHub logins never merge by name. Bots and suppressed people are nobody (person id '').
A person's id is 'gh:<login>' when a login is known, else their most-used email.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime

from indexer.store import Store
from indexer.store_people import ANONYMOUS_EMAIL

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
    {
        "root",
        "user",
        "admin",
        "none",
        "noreply",
        "no-reply",
        "nobody",
        "you",
        "your",
        "your.email",
        "email",
        "test",
        "unknown",
    }
)
# Names from default configs and setup guides: many unrelated people commit under them, so never evidence.
_PLACEHOLDER_NAMES = frozenset(
    {"your name", "your full name", "full name", "first last", "firstname lastname", "first name last name"}
)


_TRANSLITERATE = str.maketrans(
    {"ß": "ss", "ẞ": "SS", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D"}
)


def noreply_login(email: str) -> str | None:
    m = _NOREPLY.match(email.lower())
    return m.group(1) if m else None


def is_bot(email: str, name: str) -> bool:
    email, lname = email.lower(), name.strip().lower()
    if "[bot]" in email or "[bot]" in lname or email in _BOT_EMAILS or email == ANONYMOUS_EMAIL:
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
    # letters NFKD does not decompose would otherwise vanish ('Voß' must read as 'voss', not 'vo')
    name = name.translate(_TRANSLITERATE)
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def local_part(email: str) -> str:
    login = noreply_login(email)
    if login:
        return login
    return email.lower().split("@", 1)[0].split("+", 1)[0]


# Work under a name that makes it someone's own rather than a stray commit (a co-worker's name typed
# into one commit, a pairing session): below this a name is never evidence that two identities differ.
SUBSTANTIAL_COMMITS = 5

# Rules weaker than a GitHub login or a .mailmap entry: what `scout people merges` lists for review.
WEAK_RULES = (
    "same name, same address local part",
    "same name, one side on GitHub",
    "same name, same repository",
    "one name within the other, same local part words",
    "same handle, same repository",
)


@dataclass(frozen=True)
class Decisions:
    """Hand corrections that override every rule: merges join, splits keep addresses apart."""

    merges: tuple[tuple[str, str], ...] = ()  # (key, key): 'gh:<login>' or an email
    splits: tuple[tuple[str, str], ...] = ()  # (group, email): emails of one group stay one person, apart


@dataclass(frozen=True)
class WeakMerge:
    """One join made by a name rule: the two sides as they were just before, and the rule."""

    rule: str
    a: tuple[str, ...]  # nodes (identity keys) of each side
    b: tuple[str, ...]


class _Union:
    def __init__(self, names: dict[str, Counter[str]], pins: dict[str, str]) -> None:
        self.parent: dict[str, str] = {}
        self.logins: dict[str, set[str]] = {}
        self.names: dict[str, Counter[str]] = {}  # root -> normalised name -> commits
        self.members: dict[str, list[str]] = {}  # root -> nodes
        self.pins: dict[str, str | None] = {}  # root -> split group from a hand decision
        self._node_names = names
        self._node_pins = pins
        self.weak: list[WeakMerge] = []

    def add(self, node: str) -> None:
        if node not in self.parent:
            self.parent[node] = node
            self.logins[node] = {node[3:]} if node.startswith("gh:") else set()
            self.names[node] = Counter(self._node_names.get(node, {}))
            self.members[node] = [node]
            self.pins[node] = self._node_pins.get(node)

    def find(self, node: str) -> str:
        self.add(node)
        root = node
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[node] != root:
            self.parent[node], node = root, self.parent[node]
        return root

    def union(self, a: str, b: str, *, rule: str | None = None, force: bool = False) -> bool:
        """Join a and b. A weak `rule` (a name rule) never joins two logins or two differently named people;
        only `force` (a hand decision) crosses a split."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        if not force and self.pins[ra] != self.pins[rb]:
            return False
        if rule is not None and not force and self._conflict(ra, rb):
            return False
        if rule is not None:
            self.weak.append(WeakMerge(rule, tuple(self.members[ra]), tuple(self.members[rb])))
        self.parent[rb] = ra
        self.logins[ra] |= self.logins.pop(rb)
        self.names[ra] += self.names.pop(rb)
        self.members[ra] += self.members.pop(rb)
        self.pins[ra] = self.pins[ra] or self.pins.pop(rb)
        return True

    def _conflict(self, ra: str, rb: str) -> bool:
        if self.logins[ra] and self.logins[rb] and self.logins[ra] != self.logins[rb]:
            return True
        own_a, own_b = _substantial(self.names[ra]), _substantial(self.names[rb])
        return bool(own_a and own_b) and not any(compatible_names(x, y) for x in own_a for y in own_b)


def _substantial(names: Counter[str]) -> list[str]:
    """Full names with enough work under them to be someone's own."""
    return [n for n, c in names.items() if c >= SUBSTANTIAL_COMMITS and is_full_name(n)]


def compatible_names(a: str, b: str) -> bool:
    """Could two normalised names be one person's? Only two full names can tell people apart (a handle, a
    first name alone or a name with digits says nothing); full names agree when every word of the shorter
    is a word of the longer or its initial ('ada quill', 'ada b quill', 'a quill', 'quill ada')."""
    if a == b or not is_full_name(a) or not is_full_name(b):
        return True
    short, long = sorted((a.split(), b.split()), key=len)
    return all(any(w == x or (len(w) == 1 and x.startswith(w)) for x in long) for w in short)


def is_full_name(norm: str) -> bool:
    words = norm.split()
    return len(words) >= 2 and all(w.isalpha() for w in words) and sum(len(w) > 1 for w in words) >= 2


class _Identities:
    """The nodes identities resolve through: one per address, except placeholder addresses and addresses
    several people worked under (each substantial name of those is a node of its own)."""

    def __init__(self, people: list[tuple[str, str, int]]) -> None:
        self.by_email: dict[str, Counter[str]] = defaultdict(Counter)
        self.raw_names: dict[str, list[str]] = defaultdict(list)
        for email, name, n in people:
            self.by_email[email][normalise_name(name)] += n
            self.raw_names[email].append(name)
        self.shared = {e for e, names in self.by_email.items() if _names_conflict(names)}

    def node(self, email: str, name: str) -> str:
        if is_placeholder(email) or email in self.shared:
            return f"n:{email}\x00{normalise_name(name)}"
        return f"e:{email}"

    def login_node(self, email: str) -> str:
        """The node an address's GitHub login belongs to: on a shared address, its main name's."""
        names = self.by_email.get(email)
        return self.node(email, names.most_common(1)[0][0] if names else "")

    def node_names(self) -> dict[str, Counter[str]]:
        out: dict[str, Counter[str]] = defaultdict(Counter)
        for email, names in self.by_email.items():
            for norm, n in names.items():
                out[self.node(email, norm)][norm] += n
        return out

    def dominant(self, email: str, name: str) -> bool:
        """Is `name` what this identity's node mostly commits under (a stray name is not)?"""
        names = self.node_names_of(email, name)
        norm = normalise_name(name)
        mine = sum(c for other, c in names.items() if compatible_names(norm, other))
        return mine * 2 >= sum(names.values())

    def node_names_of(self, email: str, name: str) -> Counter[str]:
        if is_placeholder(email) or email in self.shared:
            norm = normalise_name(name)
            return Counter({norm: self.by_email[email][norm]})
        return self.by_email[email]


def _names_conflict(names: Counter[str]) -> bool:
    own = _substantial(names)
    return any(not compatible_names(a, b) for i, a in enumerate(own) for b in own[i + 1 :])


def assign_people(
    counts: list[tuple[str, str, int]],
    logins: dict[str, str],
    mailmap: list[tuple[str, str, str, str]] | list[tuple[str, str, str, str, str]],
    repos: dict[tuple[str, str], set[str]] | None = None,
    decisions: Decisions | None = None,
) -> dict[tuple[str, str], str]:
    """(email, name) -> person id ('' for bots), from identity counts, known logins and .mailmap rows."""
    return resolve_people(counts, logins, mailmap, repos, decisions)[0]


def resolve_people(
    counts: list[tuple[str, str, int]],
    logins: dict[str, str],
    mailmap: list[tuple[str, str, str, str]] | list[tuple[str, str, str, str, str]],
    repos: dict[tuple[str, str], set[str]] | None = None,
    decisions: Decisions | None = None,
) -> tuple[dict[tuple[str, str], str], list[WeakMerge], _Identities]:
    """assign_people, plus the joins name rules made and the node each identity resolved through.
    Mailmap rows may carry their repository first: an entry then maps only identities that landed there."""
    decisions = decisions or Decisions()
    repos = repos or {}
    people = [(e, n, c) for e, n, c in counts if not is_bot(e, n)]
    ids = _Identities(people)
    uf = _Union(ids.node_names(), _pins(ids, decisions))
    for email, name, _ in people:
        uf.add(ids.node(email, name))
    for email in ids.by_email:
        login = logins.get(email) or noreply_login(email)
        if login:
            uf.union(f"gh:{login.lower()}", ids.login_node(email))
    _apply_mailmap(uf, ids, mailmap, repos)
    _merge_same_names(uf, ids, people, repos)
    for a, b in decisions.merges:
        for node_a in _nodes_for(ids, a)[:1]:
            for node_b in _nodes_for(ids, b):
                uf.union(node_a, node_b, force=True)
    return _ids(uf, ids, counts), uf.weak, ids


def _pins(ids: _Identities, decisions: Decisions) -> dict[str, str]:
    pins: dict[str, str] = {}
    for group, email in decisions.splits:
        for node in _nodes_for(ids, email):
            pins[node] = group
    return pins


def _nodes_for(ids: _Identities, key: str) -> list[str]:
    """The nodes a decision's key names: 'gh:<login>' or an email (every name it was used with)."""
    key = key.strip().lower()
    if key.startswith("gh:"):
        return [key]
    return sorted({ids.node(key, name) for name in ids.raw_names.get(key, [])})


def _apply_mailmap(
    uf: _Union,
    ids: _Identities,
    mailmap: list[tuple[str, str, str, str]] | list[tuple[str, str, str, str, str]],
    repos: dict[tuple[str, str], set[str]],
) -> None:
    landed: dict[str, set[str]] = defaultdict(set)
    for (email, _), where in repos.items():
        landed[email] |= where
    for row in mailmap:
        repo, (alias_email, alias_name, canonical_email, _) = (row[0], row[1:]) if len(row) == 5 else (None, row)
        if alias_email == canonical_email or is_bot(alias_email, alias_name) or is_bot(canonical_email, ""):
            continue
        if repo is not None and repo not in landed.get(alias_email, {repo}):
            continue  # a repository's .mailmap speaks for its own history only
        names = [alias_name] if alias_name else ids.raw_names.get(alias_email, [""])
        target = ids.raw_names.get(canonical_email, [""])[0]
        for name in names:
            uf.union(ids.node(canonical_email, target), ids.node(alias_email, name))


def _merge_same_names(
    uf: _Union, ids: _Identities, people: list[tuple[str, str, int]], repos: dict[tuple[str, str], set[str]]
) -> None:
    """A full name joins identities only where it is each one's own name (most of their commits). The same
    words in another order are the same name ('Voss Dana' is 'Dana Voss')."""
    landed = _node_repos(ids, people, repos)
    groups: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for email, name, _ in people:
        norm = normalise_name(name)
        if len(norm.split()) >= 2 and norm not in _PLACEHOLDER_NAMES and ids.dominant(email, name):
            groups[_name_key(norm)].append((email, name))
    for members in groups.values():
        by_local: dict[str, list[str]] = defaultdict(list)
        for email, name in members:
            if not is_placeholder(email):
                by_local[local_part(email)].append(ids.node(email, name))
        for nodes in by_local.values():
            for other in nodes[1:]:
                uf.union(nodes[0], other, rule=WEAK_RULES[0])
        roots = {uf.find(ids.node(e, n)) for e, n in members}
        linked = [r for r in roots if uf.logins.get(r)]
        unlinked = [r for r in roots if not uf.logins.get(r)]
        if len(linked) == 1 and len(unlinked) == 1:
            uf.union(linked[0], unlinked[0], rule=WEAK_RULES[1])
        _merge_on_shared_repos(uf, [ids.node(e, n) for e, n in members], landed)
    _merge_on_local_part_words(uf, ids)
    _merge_handles(uf, ids, landed)


def _name_key(norm: str) -> str:
    """A normalised name's words in a fixed order: what name rules compare."""
    return " ".join(sorted(norm.split()))


def _node_repos(
    ids: _Identities, people: list[tuple[str, str, int]], repos: dict[tuple[str, str], set[str]]
) -> dict[str, set[str]]:
    """The repositories each node landed changes in, under any of its names: an address is one person's (a
    shared or placeholder address is one node per name), so all of its work counts, not one spelling's."""
    landed: dict[str, set[str]] = defaultdict(set)
    for email, name, _ in people:
        landed[ids.node(email, name)] |= repos.get((email, name), set())
    return landed


def _merge_on_shared_repos(uf: _Union, nodes: list[str], landed: dict[str, set[str]]) -> None:
    """Same-named identities that landed changes in a common repository are one person. A placeholder
    address takes part too: its node is that one name's, so only the name joins, as for any address."""
    seen: dict[str, str] = {}  # repo -> a node of this name that landed there
    for node in nodes:
        for repo in sorted(landed.get(node, ())):
            if repo in seen:
                uf.union(seen[repo], node, rule=WEAK_RULES[2])
            else:
                seen[repo] = node


def _merge_on_local_part_words(uf: _Union, ids: _Identities) -> None:
    """Addresses whose local parts are the same words ('ada.quill', 'quill_ada') join when every full name
    on one side is within every full name on the other ('Ada Quill', 'Ada B Quill', 'Quill Ada'): a middle
    or a second given name added or left out. Initials are not enough here, and a side with no full name
    says nothing."""
    by_words: dict[str, list[str]] = defaultdict(list)
    for email in ids.by_email:
        if is_placeholder(email) or email in ids.shared or noreply_login(email):
            continue
        by_words[" ".join(sorted(w for w in re.split(r"[._-]+", local_part(email)) if w))].append(f"e:{email}")
    for nodes in by_words.values():
        for i, a in enumerate(nodes):
            for b in nodes[i + 1 :]:
                ra, rb = uf.find(a), uf.find(b)
                names_a = [n for n in uf.names[ra] if is_full_name(n)]
                names_b = [n for n in uf.names[rb] if is_full_name(n)]
                if ra != rb and names_a and names_b and all(_within(x, y) for x in names_a for y in names_b):
                    uf.union(ra, rb, rule=WEAK_RULES[3])


def _within(a: str, b: str) -> bool:
    """Is every word of the shorter name a word of the longer?"""
    short, long = sorted((a.split(), b.split()), key=len)
    return set(short) <= set(long)


def _merge_handles(uf: _Union, ids: _Identities, landed: dict[str, set[str]]) -> None:
    """A handle (a name that is not a full name) that two addresses mostly commit under joins them when both
    landed changes in a common repository and something beyond the word says it is one account holder's:
    the addresses name it (one's local part is the other's own domain, or both are at a domain named after
    the handle), or the handle is an account name, not a given name (it has digits, or it is one side's
    GitHub login and no full name in the index has it as a word) and exactly two people use it."""
    own: dict[str, list[str]] = defaultdict(list)  # handle -> addresses it is the most-used name of
    for email, names in ids.by_email.items():
        norm, n = names.most_common(1)[0]
        if is_placeholder(email) or email in ids.shared or n * 2 < sum(names.values()):
            continue
        if norm and not is_full_name(norm) and norm not in _PLACEHOLDER_NAMES:
            own[norm].append(email)
    name_words = {
        w for names in ids.node_names().values() for name in names if is_full_name(name) for w in name.split()
    }
    for handle, emails in own.items():
        for i, a in enumerate(emails):
            for b in emails[i + 1 :]:
                na, nb = ids.node(a, handle), ids.node(b, handle)
                if not landed.get(na, set()) & landed.get(nb, set()):
                    continue
                if _addresses_name(handle, a, b):
                    uf.union(na, nb, rule=WEAK_RULES[4])
                    continue
                roots = {uf.find(ids.node(e, handle)) for e in emails}
                login = handle in uf.logins[uf.find(na)] | uf.logins[uf.find(nb)] and handle not in name_words
                if len(roots) == 2 and (_account_name(handle) or login):
                    uf.union(na, nb, rule=WEAK_RULES[4])


def _addresses_name(handle: str, a: str, b: str) -> bool:
    """Do two addresses name one account holder: one's local part is the other's own domain ('kay@mail.example'
    and 'git@kay.example'), or both are at one domain named after their handle?"""
    local_a, local_b = local_part(a), local_part(b)
    domain_a, domain_b = a.partition("@")[2], b.partition("@")[2]
    name_a, name_b = _domain_name(domain_a), _domain_name(domain_b)
    if domain_a == domain_b:
        return name_a == handle.replace(" ", "")
    return len(local_a) >= 4 and local_a == name_b or len(local_b) >= 4 and local_b == name_a


def _domain_name(domain: str) -> str:
    labels = domain.split(".")
    return labels[-2] if len(labels) >= 2 else ""


def _account_name(handle: str) -> bool:
    """A handle with digits among its letters is an account name no given name looks like ('k4ylee')."""
    letters = re.sub(r"[^a-z]", "", handle)
    return (
        " " not in handle
        and len(handle) >= 5
        and len(letters) >= 3
        and letters != handle
        and letters not in _PLACEHOLDER_LOCAL
    )


def _ids(uf: _Union, ids: _Identities, counts: list[tuple[str, str, int]]) -> dict[tuple[str, str], str]:
    usage: dict[str, Counter[str]] = defaultdict(Counter)
    names: dict[str, Counter[str]] = defaultdict(Counter)
    for email, name, n in counts:
        if not is_bot(email, name):
            root = uf.find(ids.node(email, name))
            usage[root][email] += n
            names[root][normalise_name(name)] += n
    person: dict[str, str] = {}
    for root, emails in usage.items():
        logins = sorted(uf.logins.get(root, ()))
        if logins:
            best = max(logins, key=lambda lg: (sum(c for e, c in emails.items() if local_part(e) == lg), lg))
            person[root] = f"gh:{best}"
            continue
        # an address several people used names none of them alone
        real = [(c, e) for e, c in emails.items() if not is_placeholder(e) and e not in ids.shared]
        if real:
            person[root] = min(real, key=lambda t: (-t[0], t[1]))[1]
        else:
            email = min(emails, key=lambda e: (-emails[e], e))
            person[root] = f"{email}#{names[root].most_common(1)[0][0].replace(' ', '-')}"
    return {(e, n): ("" if is_bot(e, n) else person[uf.find(ids.node(e, n))]) for e, n, _ in counts}


def resolve(store: Store) -> set[str]:
    """Rewrite `identities` from everything indexed, hand decisions and suppressions; record the joins name
    rules made; return the person ids whose identity set changed."""
    _forget_again(store)
    counts = [(e, n, int(c)) for e, n, c in store.git_identity_counts()]
    known = store.login_map()
    noreply = [(e, lg) for e, _, _ in counts if (lg := noreply_login(e)) and known.get(e) != lg]
    if noreply:
        store.git_put_noreply_logins(sorted(set(noreply)))
        known = store.login_map()
    repos: dict[tuple[str, str], set[str]] = defaultdict(set)
    for email, name, repo in store.git_identity_repos():
        repos[(email, name)].add(repo)
    logins = {e: lg.lower() for e, lg in known.items()}
    assigned, weak, ids = resolve_people(counts, logins, store.git_mailmap_rows_by_repo(), repos, decisions(store))
    _drop_suppressed(assigned, logins, store.people_suppressed())
    before: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for email, name, pid in store.identity_rows():
        before[pid].add((email, name))
    after: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for (email, name), pid in assigned.items():
        after[pid].add((email, name))
    store.git_replace_identities([(e, n, pid) for (e, n), pid in sorted(assigned.items())])
    store.people_replace_merges(_merge_rows(weak, ids, counts, assigned, store.people_identity_last_dates()))
    return {pid for pid in set(before) | set(after) if pid and before.get(pid) != after.get(pid)}


def _forget_again(store: Store) -> None:
    """Commits a forgotten person landed after they were forgotten are made anonymous as they arrive."""
    forgotten = store.people_forgotten()
    if not forgotten:
        return
    logins = store.login_map()
    theirs = [
        (e, n)
        for e, n, _ in store.git_identity_counts()
        if any(identity_hash(k) in forgotten for k in person_keys(e, [e], logins))
    ]
    if theirs:
        store.people_forget(theirs, sorted({lg.lower() for e, _ in theirs if (lg := logins.get(e))}), "")


def decisions(store: Store) -> Decisions:
    rows = store.people_decisions()
    return Decisions(
        merges=tuple((a, b) for kind, a, b, _ in rows if kind == "merge"),
        splits=tuple((a, b) for kind, a, b, _ in rows if kind == "split"),
    )


def identity_hash(key: str) -> str:
    """How a suppressed person is remembered: the SHA-256 hex of a lower-cased email or 'gh:<login>'."""
    return hashlib.sha256(key.strip().lower().encode()).hexdigest()


def person_keys(person_id: str, emails: list[str], logins: dict[str, str]) -> list[str]:
    """Every key a person is known by: their emails and 'gh:<login>' for each login among them."""
    keys = {e.lower() for e in emails}
    keys |= {f"gh:{lg.lower()}" for e in emails if (lg := logins.get(e) or noreply_login(e))}
    if person_id.startswith("gh:"):
        keys.add(person_id.lower())
    return sorted(keys)


def _drop_suppressed(assigned: dict[tuple[str, str], str], logins: dict[str, str], suppressed: set[str]) -> None:
    """A suppressed person is nobody: all of their identities (ones found later too) resolve to ''."""
    if not suppressed:
        return
    emails: dict[str, list[str]] = defaultdict(list)
    for (email, _), pid in assigned.items():
        emails[pid].append(email)
    gone = {
        pid
        for pid, mine in emails.items()
        if pid and any(identity_hash(k) in suppressed for k in person_keys(pid, mine, logins))
    }
    for key, pid in assigned.items():
        if pid in gone:
            assigned[key] = ""


def _merge_rows(
    weak: list[WeakMerge],
    ids: _Identities,
    counts: list[tuple[str, str, int]],
    assigned: dict[tuple[str, str], str],
    last_dates: dict[tuple[str, str], str],
) -> list[tuple[str, str, str, str, str | None]]:
    by_node: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
    for email, name, n in counts:
        if not is_bot(email, name):
            by_node[ids.node(email, name)].append((email, name, n))
    rows = []
    for merge in weak:
        sides = [[i for node in side for i in by_node.get(node, [])] for side in (merge.a, merge.b)]
        if not sides[0] or not sides[1]:
            continue
        pid = assigned.get((sides[0][0][0], sides[0][0][1]), "")
        if not pid:
            continue  # suppressed: nothing about them is listed
        last = max((last_dates.get((e, n), "") for side in sides for e, n, _ in side), default="") or None
        rows.append((pid, merge.rule, json.dumps(sides[0]), json.dumps(sides[1]), last))
    return rows


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
