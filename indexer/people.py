"""Hand corrections and privacy: merge, split, suppress, forget, and identities.toml.

Decisions are stored (indexer/store_people.py) and applied by `identity.resolve` on every refresh, so
they survive re-indexing; the caller refreshes after recording one. A suppressed or forgotten person is
remembered only as SHA-256 hashes of their lower-cased emails and 'gh:<login>' keys.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass

from indexer.identity import identity_hash, person_keys
from indexer.store import Store
from models.errors import ScoutError


class PeopleError(ScoutError):
    """A people command named someone the index does not know, or a malformed identities.toml."""


@dataclass(frozen=True)
class Side:
    email: str
    name: str
    commits: int


@dataclass(frozen=True)
class NameMerge:
    """One join a name rule made: review it, and `merge`/`split` if it is wrong."""

    person_id: str
    rule: str
    a: list[Side]
    b: list[Side]
    last_date: str | None


def name_merges(store: Store) -> list[NameMerge]:
    return [
        NameMerge(pid, rule, [Side(*s) for s in a], [Side(*s) for s in b], last[:10] if last else None)
        for pid, rule, a, b, last in store.people_merges()
    ]


def person_of(store: Store, ident: str) -> str:
    pid = store.find_person(ident)
    if not pid:
        raise PeopleError(f"no person {ident!r} in {store.path}: give a person id, gh:login, login or email")
    return pid


def decision_key(person_id: str) -> str:
    """What a decision names a person by: 'gh:<login>', else their main email."""
    return person_id if person_id.startswith("gh:") else person_id.split("#", 1)[0]


def merge(store: Store, a: str, b: str, at: str) -> tuple[str, str]:
    keys = decision_key(person_of(store, a)), decision_key(person_of(store, b))
    if keys[0] == keys[1]:
        raise PeopleError(f"{a!r} and {b!r} are already one person ({keys[0]})")
    with store.transaction():
        for key in keys:
            if not key.startswith("gh:"):
                store.people_drop_split(key)
    store.people_add_decision("merge", [keys], at)
    return keys


def split(store: Store, ident: str, emails: list[str], at: str) -> str:
    """Take `emails` out of the person `ident` into a person of their own; returns the person id split."""
    pid = person_of(store, ident)
    mine = {e for e, _ in store.people_identities_of(pid)}
    wanted = [e.strip().lower() for e in emails]
    unknown = [e for e in wanted if e not in mine]
    if unknown:
        raise PeopleError(f"{', '.join(unknown)} not among the addresses of {pid}")
    if set(wanted) == mine:
        raise PeopleError(f"those are all of {pid}'s addresses: nothing would be left to split from")
    store.people_add_decision("split", [(wanted[0], e) for e in wanted], at)
    return pid


def suppress(store: Store, ident: str, reason: str, at: str, *, forgotten: bool = False) -> str:
    pid = person_of(store, ident)
    identities = store.people_identities_of(pid)
    logins = store.login_map()
    keys = person_keys(pid, [e for e, _ in identities], logins)
    store.people_suppress([identity_hash(k) for k in keys], identity_hash(pid), reason, forgotten, at)
    if forgotten:
        names = sorted({k[3:] for k in keys if k.startswith("gh:")})
        store.people_forget(identities, names, pid)
    return pid


def unsuppress(store: Store, ident: str) -> None:
    q = ident.strip().lower()
    found = store.people_suppression_group([identity_hash(k) for k in (q, f"gh:{q.removeprefix('gh:')}")])
    if found is None:
        raise PeopleError(f"{ident!r} is not suppressed: give an email or gh:login of the suppressed person")
    group, forgotten = found
    if forgotten:
        raise PeopleError(f"{ident!r} was forgotten: what Scout knew about them is deleted and stays suppressed")
    store.people_unsuppress(group)


def export_toml(store: Store) -> str:
    """identities.toml: every hand decision, oldest first (suppressions are not exported: they are hashes
    of one deployment's request, not identity facts)."""
    lines = ["# Scout identity decisions: `scout people import` applies them to another index.", ""]
    for kind, a, b, at in store.people_decisions():
        lines += ["[[decision]]", f"kind = {json.dumps(kind)}", f"a = {json.dumps(a)}", f"b = {json.dumps(b)}"]
        lines += [f"at = {json.dumps(at)}", ""]
    return "\n".join(lines)


def import_toml(store: Store, text: str, source: str) -> int:
    """Replace the stored decisions with those of an identities.toml; returns how many."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PeopleError(f"{source} is not valid TOML: {exc}") from exc
    rows = []
    for i, d in enumerate(data.get("decision", []), 1):
        if not isinstance(d, dict) or d.get("kind") not in ("merge", "split"):
            raise PeopleError(f'{source}: decision {i} needs kind = "merge" or "split"')
        if not all(isinstance(d.get(k), str) and d[k] for k in ("a", "b")):
            raise PeopleError(f"{source}: decision {i} needs non-empty strings a and b")
        rows.append((d["kind"], d["a"].lower(), d["b"].lower(), str(d.get("at", ""))))
    store.people_replace_decisions(rows)
    return len(rows)
