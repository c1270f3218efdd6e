"""Labelled profiles and queries, grades, and matching ranked results to labelled people, exactly as
docs/EVALUATION.md says. Nothing here reads Scout's internals: the labels vocabulary is the files' own.

An alias in a profiles file is either an identifier itself (`ada@example.org`, `gh:ada`) or the SHA-256 hex
of the lower-cased identifier, so that files about real people never show a name or an address."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from models.errors import ScoutError

RELEVANT = 2  # a person is relevant to a query at grade >= 2
SPLITS = ("dev", "test")  # a query's optional half: tune on dev, report test


@dataclass(frozen=True)
class LabelledProfile:
    id: str
    aliases: frozenset[str]  # lowercased identifiers or their SHA-256 hex; never matched against the labelled id
    labels: dict[str, int]
    repos: dict[str, int]
    last_active: date | None
    name: str = ""


@dataclass(frozen=True)
class LabelledQuery:
    id: str
    text: str
    require: tuple[tuple[str, ...], ...]
    repos: tuple[str, ...] = ()
    active_since: date | None = None
    split: str | None = None  # "dev" (tune on it) or "test" (report only); None when the file has no split


@dataclass(frozen=True)
class Judged:
    """One ranked result after matching: its grade, or None when it matches no labelled profile."""

    rank: int  # 1-based rank in the system's list
    result_id: str
    grade: int | None
    profiles: tuple[str, ...] = ()  # labelled profile ids it matched
    duplicate: bool = False  # every profile it matched had been found higher up


@dataclass
class Judgement:
    query: LabelledQuery
    results: list[Judged]
    grades: dict[str, int]  # every labelled profile's grade for this query
    found: set[str] = field(default_factory=set)

    def condensed(self, unjudged_as_irrelevant: bool = False) -> list[int]:
        """The ranked grades scored: duplicates count 0; unjudged are dropped unless told otherwise."""
        out: list[int] = []
        for j in self.results:
            if j.grade is None:
                if unjudged_as_irrelevant:
                    out.append(0)
                continue
            out.append(0 if j.duplicate else j.grade)
        return out

    @property
    def relevant(self) -> int:
        return sum(1 for g in self.grades.values() if g >= RELEVANT)


def _parse_date(value: object, where: str) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError as exc:
        raise ScoutError(f"{where}: bad date {value!r}: use YYYY-MM-DD") from exc


def _lines(path: Path) -> Iterable[tuple[int, dict[str, object]]]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ScoutError(f"cannot read {path}: {exc.strerror or exc}") from exc
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ScoutError(f"{path}:{n}: not JSON ({exc.msg}): one JSON object per line") from exc
        if not isinstance(obj, dict):
            raise ScoutError(f"{path}:{n}: expected a JSON object per line")
        yield n, obj


def load_profiles(path: Path) -> list[LabelledProfile]:
    out: list[LabelledProfile] = []
    seen: set[str] = set()
    for n, obj in _lines(path):
        where = f"{path}:{n}"
        pid = obj.get("id")
        if not isinstance(pid, str) or not pid:
            raise ScoutError(f"{where}: profile without an id")
        if pid in seen:
            raise ScoutError(f"{where}: duplicate profile id {pid!r}")
        seen.add(pid)
        aliases = obj.get("aliases", [])
        labels = obj.get("labels", {})
        repos = obj.get("repos", {})
        if not isinstance(aliases, list) or not isinstance(labels, dict) or not isinstance(repos, dict):
            raise ScoutError(f"{where}: aliases must be a list, labels and repos objects")
        try:
            grades = {str(k): int(v) for k, v in labels.items()}
            counts = {str(k): int(v) for k, v in repos.items()}
        except (TypeError, ValueError) as exc:
            raise ScoutError(f"{where}: labels and repo counts must be integers") from exc
        out.append(
            LabelledProfile(
                id=pid,
                aliases=frozenset(str(a).strip().lower() for a in aliases),
                labels=grades,
                repos=counts,
                last_active=_parse_date(obj.get("last_active"), where),
                name=str(obj.get("name", "")),
            )
        )
    if not out:
        raise ScoutError(f"{path}: no labelled profiles")
    return out


def load_queries(path: Path) -> list[LabelledQuery]:
    out: list[LabelledQuery] = []
    seen: set[str] = set()
    for n, obj in _lines(path):
        where = f"{path}:{n}"
        qid, text = obj.get("id"), obj.get("text")
        if not isinstance(qid, str) or not qid or not isinstance(text, str) or not text.strip():
            raise ScoutError(f"{where}: a query needs an id and a text")
        if qid in seen:
            raise ScoutError(f"{where}: duplicate query id {qid!r}")
        seen.add(qid)
        require = obj.get("require", [])
        if not isinstance(require, list) or not all(isinstance(g, list) and g for g in require):
            raise ScoutError(f"{where}: require must be a list of non-empty lists of tags")
        repos = obj.get("repos") or []
        if not isinstance(repos, list):
            raise ScoutError(f"{where}: repos must be a list")
        split = obj.get("split")
        if split not in (None, *SPLITS):
            raise ScoutError(f"{where}: split must be one of {', '.join(SPLITS)} (or absent), not {split!r}")
        out.append(
            LabelledQuery(
                id=qid,
                text=text,
                require=tuple(tuple(str(t) for t in g) for g in require),
                repos=tuple(str(r) for r in repos),
                active_since=_parse_date(obj.get("active_since"), where),
                split=split,
            )
        )
    if not out:
        raise ScoutError(f"{path}: no queries")
    return out


def grade(profile: LabelledProfile, query: LabelledQuery) -> int:
    """0..3: repo and recency gates, then the weakest required group's best tag."""
    if query.repos and not any(profile.repos.get(r, 0) > 0 for r in query.repos):
        return 0
    if query.active_since is not None and (profile.last_active is None or profile.last_active < query.active_since):
        return 0
    if not query.require:
        return 0
    return min(max(profile.labels.get(tag, 0) for tag in group) for group in query.require)


def alias_hash(identifier: str) -> str:
    """The SHA-256 hex of the lower-cased identifier: how files about real people write an alias."""
    return hashlib.sha256(identifier.strip().lower().encode("utf-8")).hexdigest()


class AliasIndex:
    """Lowercased alias -> labelled profile ids (an alias may, wrongly, be on several profiles).

    An identifier matches an alias equal to it (lower-cased) or to its SHA-256 hex.
    """

    def __init__(self, profiles: Sequence[LabelledProfile]) -> None:
        self._by_alias: dict[str, list[str]] = {}
        for p in profiles:
            for a in p.aliases:
                self._by_alias.setdefault(a, []).append(p.id)

    def match(self, identifiers: Iterable[str]) -> tuple[str, ...]:
        found: list[str] = []
        for ident in identifiers:
            plain = ident.strip().lower()
            for key in (plain, alias_hash(plain)):
                for pid in self._by_alias.get(key, ()):
                    if pid not in found:
                        found.append(pid)
        return tuple(found)


def result_identifiers(result_id: str, login: str | None, emails: Iterable[str]) -> list[str]:
    out = [result_id]
    if login:
        out.append(f"gh:{login}")
    out.extend(emails)
    return out


def judge(
    query: LabelledQuery,
    ranked: Sequence[tuple[str, Sequence[str]]],
    profiles: Sequence[LabelledProfile],
    index: AliasIndex | None = None,
) -> Judgement:
    """Matches each ranked result (its id and all its identifiers) to labelled profiles.

    A result matching several profiles takes the highest grade and marks them all found; a result whose
    profiles were all found higher up is a duplicate (a person split in two) and counts as not relevant.
    """
    index = index or AliasIndex(profiles)
    grades = {p.id: grade(p, query) for p in profiles}
    judgement = Judgement(query=query, results=[], grades=grades)
    for rank, (result_id, identifiers) in enumerate(ranked, start=1):
        matched = index.match(identifiers)
        if not matched:
            judgement.results.append(Judged(rank, result_id, None))
            continue
        new = [pid for pid in matched if pid not in judgement.found]
        judgement.found.update(matched)
        # Profiles already found higher up count as not relevant here; only the new ones earn a grade.
        best = max(grades[pid] for pid in new) if new else 0
        judgement.results.append(Judged(rank, result_id, best, matched, duplicate=not new))
    return judgement
