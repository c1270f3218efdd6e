"""The search engine: model, store, vectors and profiles loaded once per process, many searches after.

Profiles live in memory as an immutable snapshot (profiles, their summary vectors, inverted indexes
and the query vocabulary). A search reads the current snapshot; a cheap `count(*), max(built_at)`
check on the profiles table, at most every `refresh_seconds`, swaps in a new one after a re-index.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

import numpy as np

from models.catalog import CATALOG
from models.errors import ScoutError
from models.records import (
    CommitText,
    ContributorSummary,
    Evidence,
    Interpretation,
    Profile,
    RepoSummary,
    SearchFilters,
    SearchRequest,
    SearchResult,
)
from models.settings import Settings
from models.taxonomy import LANGUAGES, SKILLS, SYSTEMS_LANGUAGES
from search import rank as ranking
from search.batching import BatchingEncoder
from search.drop import UnknownDropError, apply_drops, normalise_drops
from search.explain import explain
from search.lexical import LexicalIndex
from search.understand import understand_with_vector
from search.vocab import CachedEncoder, TextEncoder, Vocabulary

VECTOR_CANDIDATES = 200
# A keyword in more than this share of people's commit text says nothing about any of them.
COMMON_WORD_SHARE = 0.15
COMMON_WORD_MIN = 20  # ...counted only where there are people enough for a share to mean something
# Lexical scores (0..1): a strong match is about one mention of every word; a weak one, of some word.
STRONG_TEXT_MATCH = 0.2
WEAK_TEXT_MATCH = 0.1
UNDERSTAND_CACHE = 512


class VectorSearch(Protocol):
    """The slice of indexer.vectors.VectorIndex that search uses."""

    def search(
        self, vector: np.ndarray, filters: dict[str, Any] | None, limit: int
    ) -> list[tuple[str, float, dict[str, Any]]]: ...

    def vectors_for(self, person_ids: Iterable[str]) -> dict[str, np.ndarray]: ...


class ProfileSource(Protocol):
    """What the engine reads from the store: a change token, profiles, indexed repos, and each person's
    commit text for the lexical index with its own token (which a re-index that found nothing new keeps)."""

    def token(self) -> tuple[Any, ...]: ...

    def profiles(self) -> list[Profile]: ...

    def repos(self) -> list[RepoSummary]: ...

    def evidence_token(self) -> tuple[Any, ...]: ...

    def evidence_texts(self) -> Mapping[str, Sequence[CommitText]]: ...

    def find_person(self, query: str) -> str | None: ...


class UnknownFilterError(ScoutError):
    """A filter or listing parameter names a language, skill or repo the index does not know."""


class NotFoundError(ScoutError):
    """No contributor with that id."""


class StoreSource:
    """ProfileSource over indexer.store.Store (a single SQLite connection, used under a lock)."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self._lock = threading.Lock()

    def token(self) -> tuple[Any, ...]:
        with self._lock:
            row = self.store.conn.execute("SELECT count(*), max(built_at) FROM profiles").fetchone()
            repos = self.store.conn.execute("SELECT count(*), max(indexed_at) FROM repos").fetchone()
        return (*row, *repos)

    def profiles(self) -> list[Profile]:
        with self._lock:
            rows = self.store.profile_jsons()
        return [Profile.model_validate_json(r) for r in rows]

    def repos(self) -> list[RepoSummary]:
        from indexer.repos import repo_summaries

        with self._lock:
            return repo_summaries(self.store)

    def evidence_token(self) -> tuple[Any, ...]:
        with self._lock:
            return self.store.evidence_token()

    def evidence_texts(self) -> dict[str, list[CommitText]]:
        from indexer.profiles import evidence_texts

        with self._lock:
            return evidence_texts(self.store)

    def find_person(self, query: str) -> str | None:
        """The one lookup `scout profile` uses too (Store.find_person)."""
        with self._lock:
            return self.store.find_person(query)

    def close(self) -> None:
        self.store.close()


@dataclass
class Snapshot:
    token: tuple[Any, ...]
    profiles: dict[str, Profile]
    vocab: Vocabulary
    as_of: date
    repos: list[RepoSummary]
    people: ranking.People = field(default_factory=lambda: ranking.People([], date.min))  # the scoring table
    ids: list[str] = field(default_factory=list)  # row order of `matrix`
    matrix: np.ndarray | None = None
    # people row -> matrix row (-1 without a vector); lexical index row -> people row (-1 without a profile)
    matrix_row: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    lexical_row: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    by_skill: dict[str, set[str]] = field(default_factory=dict)
    by_language: dict[str, set[str]] = field(default_factory=dict)
    by_repo: dict[str, set[str]] = field(default_factory=dict)
    lexical: LexicalIndex | None = None  # the people's commit text, for words no skill covers
    vector_note: str | None = None  # why semantic similarity is missing for some or all people


class SearchEngine:
    def __init__(
        self,
        settings: Settings,
        source: ProfileSource,
        embedder: TextEncoder | None,
        vectors: VectorSearch | None,
        *,
        refresh_seconds: float = 2.0,
        clock: Callable[[], date] = date.today,
    ) -> None:
        self.settings = settings
        self.source = source
        # Concurrent searches share model calls (search/batching.py); repeated phrases skip the model.
        self.embedder = CachedEncoder(BatchingEncoder(embedder)) if embedder is not None else None
        self.vectors = vectors
        self.refresh_seconds = refresh_seconds
        self.clock = clock
        self._lock = threading.Lock()
        self._checked_at = 0.0
        self._vocab_cache: tuple[frozenset[str], Vocabulary] | None = None
        self._lexical_cache: tuple[tuple[Any, ...], LexicalIndex] | None = None
        self._understood: OrderedDict[tuple[str, date], tuple[Interpretation, np.ndarray | None]] = OrderedDict()
        self._inherited: list[object] = []  # parts a forked serving worker must leave to its parent (forked())
        self._snapshot = self._load(source.token())

    @classmethod
    def open(cls, settings: Settings, embedder: TextEncoder | None = None) -> SearchEngine:
        """Load the embedding model (unless one is passed in) and open the store and the vector index, once."""
        from indexer.embedding import Embedder
        from indexer.store import Store
        from indexer.vectors import VectorIndex

        store = Store.open(settings.db_path, read_only=True)
        _single_threaded_inference()
        embedder = embedder or Embedder(settings)
        vectors = VectorIndex(settings)
        engine = cls(settings, StoreSource(store), embedder, vectors)
        # The model and the index load here, at start-up, so a broken model or index fails now (the API
        # reports it on /readyz) and the first request pays nothing extra.
        engine.understand("warm up")
        return engine

    def close(self) -> None:
        for part in (self.vectors, self.source):
            closer = getattr(part, "close", None)
            if callable(closer) and not any(part is kept for kept in self._inherited):
                closer()

    def prepare_fork(self) -> None:
        """Before serving workers fork from this process: load what every search reads (the snapshot and the
        numpy copy of embedded vectors), so the workers share it copy-on-write instead of each building it."""
        snap = self.snapshot
        if self.vectors is not None and snap.matrix is not None:
            self.vectors.search(snap.matrix[0], None, 1)

    def forked(self) -> None:
        """In a serving worker just forked from the process that loaded this engine: open anew what cannot
        cross a fork (the store's SQLite connection, the model's runtime session and its threads, a Qdrant
        server's HTTP connections). Embedded Qdrant stays the parent's (it holds the directory's lock, which
        closing it here would release): workers read its vectors from memory and never close it."""
        from indexer.embedding import Embedder
        from indexer.store import Store
        from indexer.vectors import VectorIndex

        self._inherited = [self.source, self.vectors]  # the parent's: never used for I/O or closed here
        if isinstance(self.source, StoreSource):
            self.source = StoreSource(Store.open(self.settings.db_path, read_only=True))
        if isinstance(self.vectors, VectorIndex) and not self.vectors.use_scan:
            self.vectors = VectorIndex(self.settings)
        if self.embedder is not None and isinstance(self.embedder.encoder, BatchingEncoder):
            model = self.embedder.encoder.encoder
            if isinstance(model, Embedder):
                model = Embedder(self.settings)  # loads on first use, in this process
            self.embedder.encoder = BatchingEncoder(model)  # the phrase cache is kept: its vectors hold
            # load the model now, as open() does: a worker that loads it on its first search is slow to accept
            # connections meanwhile, and the other workers take them all
            model.encode(["warm up"])

    # --- state ---

    @property
    def snapshot(self) -> Snapshot:
        now = time.monotonic()
        if now - self._checked_at >= self.refresh_seconds:
            with self._lock:
                if now - self._checked_at >= self.refresh_seconds:
                    self._checked_at = now
                    token = self.source.token()
                    if token != self._snapshot.token:
                        self._snapshot = self._load(token)
                        self._understood.clear()
        return self._snapshot

    def ready(self) -> bool:
        return bool(self.snapshot.profiles)

    def profile_count(self) -> int:
        return len(self.snapshot.profiles)

    def _load(self, token: tuple[Any, ...]) -> Snapshot:
        profiles = {p.id: p for p in self.source.profiles()}
        repos = self.source.repos()
        for r in repos:
            info = CATALOG.get(r.name)
            r.aliases = list(info.aliases) if info else []
        contributors: dict[str, int] = defaultdict(int)
        by_skill: dict[str, set[str]] = defaultdict(set)
        by_language: dict[str, set[str]] = defaultdict(set)
        by_repo: dict[str, set[str]] = defaultdict(set)
        for p in profiles.values():
            for k, s in p.skills.items():
                if s.score >= ranking.SKILL_FLOOR:
                    by_skill[k].add(p.id)
            for lang, lines in p.languages.items():
                if lines >= ranking.LANGUAGE_FILTER_LINES:
                    by_language[lang].add(p.id)
            for repo, n in p.repos.items():
                if n > 0:
                    by_repo[repo].add(p.id)
                    contributors[repo] += 1
        for r in repos:
            r.contributors = contributors.get(r.name, 0)
        last_dates = [p.activity.last_date for p in profiles.values() if p.activity.last_date]
        as_of = self.settings.as_of or (max(last_dates) if last_dates else self.clock())
        people = ranking.People(list(profiles.values()), as_of)
        lexical = self._lexical()
        snap = Snapshot(
            token=token,
            profiles=profiles,
            vocab=self._vocabulary(r.name for r in repos),
            as_of=as_of,
            repos=repos,
            people=people,
            by_skill=dict(by_skill),
            by_language=dict(by_language),
            by_repo=dict(by_repo),
            lexical=lexical,
            matrix_row=np.full(len(people), -1, dtype=np.int64),
            lexical_row=np.array([people.row.get(pid, -1) for pid in lexical.person_ids], dtype=np.int64),
        )
        if self.vectors is not None and profiles:
            stored = self.vectors.vectors_for(list(profiles))
            snap.ids = [pid for pid in profiles if pid in stored]
            if snap.ids:
                snap.matrix = np.stack([stored[pid] for pid in snap.ids]).astype(np.float32)
                snap.matrix_row[[people.row[pid] for pid in snap.ids]] = np.arange(len(snap.ids))
            if len(snap.ids) < len(profiles):
                # Say so: a deleted collection once scored everyone 0 on meaning without a word.
                snap.vector_note = (
                    f"{len(profiles) - len(snap.ids)} of {len(profiles)} people have no stored profile vectors"
                    " (the vector collection is missing or incomplete), so meaning is left out of their scores:"
                    " run `scout index --rebuild` to restore it"
                )
        return snap

    def health_notes(self) -> list[str]:
        """What degrades answers now (the API's /readyz reports it); empty when nothing does."""
        note = self.snapshot.vector_note
        return [note] if note else []

    def _vocabulary(self, repos: Iterable[str]) -> Vocabulary:
        key = frozenset(repos)
        if self._vocab_cache is not None and self._vocab_cache[0] == key:
            return self._vocab_cache[1]
        vocab = Vocabulary.build(key, self.embedder)
        self._vocab_cache = (key, vocab)
        return vocab

    def _lexical(self) -> LexicalIndex:
        """The lexical index, rebuilt only when the commit text behind it changed (a re-index that found
        nothing new reloads the snapshot but keeps this)."""
        key = self.source.evidence_token()
        if self._lexical_cache is not None and self._lexical_cache[0] == key:
            return self._lexical_cache[1]
        index = LexicalIndex.build(self.source.evidence_texts())
        self._lexical_cache = (key, index)
        return index

    # --- search ---

    def lexical_scores(self, text: str | Sequence[str]) -> dict[str, float]:
        """person id -> lexical score in [0, 1) for a sentence or a list of words and phrases, for those
        whose commit text has any of them (search.lexical: BM25 over each person's counted commits)."""
        lexical = self.snapshot.lexical
        return lexical.scores(text) if lexical is not None else {}

    def understand(self, text: str) -> tuple[Interpretation, np.ndarray | None]:
        snap = self.snapshot
        key = (text, snap.as_of)
        with self._lock:
            hit = self._understood.get(key)
            if hit is not None:
                self._understood.move_to_end(key)
                return hit[0].model_copy(deep=True), hit[1]
        result = understand_with_vector(text, snap.vocab, self.embedder, snap.as_of)
        with self._lock:
            self._understood[key] = result
            while len(self._understood) > UNDERSTAND_CACHE:
                self._understood.popitem(last=False)
        return result[0].model_copy(deep=True), result[1]

    def search(self, request: SearchRequest) -> SearchResult:
        snap = self.snapshot
        filters = self.validate_filters(request.filters, snap)
        interp, qvec = self.understand(request.query)
        apply_drops(interp, filters.drop)  # before the filters join: an explicit filter is never dropped
        _merge_filters(interp, filters)
        constraints = ranking.Constraints.of(interp, filters)

        people = snap.people
        semantic = np.zeros(len(people))
        candidates = np.zeros(len(people), dtype=bool)
        if snap.vector_note:
            interp.notes.append(snap.vector_note)
        found = np.zeros(len(people), dtype=bool)  # similarity already given by the vector search
        if qvec is not None and self.vectors is not None and snap.ids:
            for pid, sim, _payload in self.vectors.search(qvec, _vector_filters(constraints), VECTOR_CANDIDATES):
                row = people.row.get(pid)
                if row is not None:
                    semantic[row], found[row] = sim, True
            candidates |= found
        structured = [people.row[p] for p in self._structured_candidates(interp, constraints, snap) if p in people.row]
        candidates[structured] = True
        words = _lexical_words(interp)
        by_word = self._lexical_hits(words, snap)
        unread = _nothing_understood(interp)
        mentioned = any(by_word[w].any() for w in words if w in by_word)
        _drop_uninformative_keywords(interp, by_word, len(snap.profiles))
        for word, hits in by_word.items():
            if word in interp.keywords or np.count_nonzero(hits) <= max(
                COMMON_WORD_SHARE * len(snap.profiles), COMMON_WORD_MIN
            ):
                candidates |= hits > 0
        if unread and not mentioned:
            # Nothing named a skill, language or repo and no commit mentions the words: an answer would be noise.
            interp.notes.append("nothing in the sentence matched a skill, language, repository or any commit text")
            return SearchResult(interpretation=interp, total=0, matches=[])
        if qvec is not None and snap.matrix is not None:
            missing = np.flatnonzero(candidates & ~found & (snap.matrix_row >= 0))
            if len(missing):
                rows = snap.matrix[snap.matrix_row[missing]]
                # einsum, not BLAS `@`: threaded BLAS matvec stalls ~20 ms on a busy box (see BENCHMARKS.md)
                semantic[missing] = np.einsum("ij,j->i", rows, np.asarray(qvec, dtype=np.float32))

        rows = np.flatnonzero(candidates & ranking.allowed(people, constraints))
        scores = ranking.score_many(people, rows, interp, semantic[rows], {w: v[rows] for w, v in by_word.items()})
        ordered = scores.order()
        if scores.groups:
            # Someone who meets none of what was asked for, even in their commit text, is noise.
            noise = [i for i in np.flatnonzero(scores.groups_met == 0).tolist() if not scores.share("coverage", i)]
            ordered = ordered[~np.isin(ordered, noise)]
        page = [scores.scored(int(i)) for i in ordered[request.offset : request.offset + request.limit]]
        prevalence = {k: len(v) for k, v in snap.by_skill.items()}
        text_evidence = self._text_evidence(snap)
        matches = [explain(s, interp, request.offset + i + 1, prevalence, text_evidence) for i, s in enumerate(page)]
        return SearchResult(interpretation=interp, total=len(ordered), matches=matches)

    @staticmethod
    def _text_evidence(snap: Snapshot) -> Callable[[str, list[str]], list[Evidence]] | None:
        lexical = snap.lexical
        if lexical is None:
            return None

        def find(person_id: str, words: list[str]) -> list[Evidence]:
            found = lexical.evidence(person_id, words, limit=3)
            return [Evidence(repo=e.repo, sha=e.sha, title=e.subject, snippet=e.subject) for e in found]

        return find

    def _lexical_hits(self, words: list[str], snap: Snapshot) -> dict[str, np.ndarray]:
        """Each word or phrase -> everyone's lexical score for it, 0..1 (0 where their commit text lacks it),
        in the row order of `snap.people`."""
        if not words or snap.lexical is None:
            return {}
        known = snap.lexical_row >= 0  # commit text of someone without a profile cannot be ranked
        out: dict[str, np.ndarray] = {}
        for word, scores in snap.lexical.term_arrays(words).items():
            out[word] = np.zeros(len(snap.people))
            out[word][snap.lexical_row[known]] = scores[known]
        return out

    @staticmethod
    def _group_members(interp: Interpretation, snap: Snapshot) -> set[str]:
        """Everyone who could meet at least one requirement group (a superset of those who do)."""
        found: set[str] = set()
        indexes = {"skill": snap.by_skill, "language": snap.by_language, "repo": snap.by_repo}
        for name in (n for g in interp.groups for n in g):
            kind, _, value = name.partition(":")
            if kind == "skill":
                value = value.split(":", 1)[0]
            found |= indexes.get(kind, {}).get(value, set())
        return found

    def _structured_candidates(self, interp: Interpretation, c: ranking.Constraints, snap: Snapshot) -> set[str]:
        found = self._group_members(interp, snap)
        if c.repos:
            in_repos = set().union(*(snap.by_repo.get(r, set()) for r in c.repos))
            # With only a repo asked for, everyone in it is a candidate; otherwise the repo narrows.
            found = (found & in_repos) if found else in_repos
        for skill in c.skills:
            found = (found & snap.by_skill.get(skill, set())) if found else set(snap.by_skill.get(skill, set()))
        return found

    # --- validation and listings ---

    def validate_filters(self, filters: SearchFilters, snap: Snapshot | None = None) -> SearchFilters:
        """The filters with repos resolved to owner/name; unknown values raise UnknownFilterError."""
        snap = snap or self.snapshot
        for lang in filters.languages:
            if lang not in LANGUAGES and lang not in SYSTEMS_LANGUAGES:
                known = ", ".join(sorted(set(LANGUAGES) | SYSTEMS_LANGUAGES))
                raise UnknownFilterError(f"unknown language filter {lang!r}: use one of {known}")
        for skill in filters.skills:
            if skill not in SKILLS:
                known = ", ".join(SKILLS)
                raise UnknownFilterError(f"unknown skill filter {skill!r}: use one of {known} (GET /v1/taxonomy)")
        repos = [self.resolve_repo(r, snap) for r in filters.repos]
        try:
            drop = normalise_drops(filters.drop, lambda name: self.resolve_repo(name, snap))
        except UnknownDropError as exc:
            raise UnknownFilterError(str(exc)) from exc
        return filters.model_copy(update={"repos": repos, "drop": drop})

    def resolve_repo(self, value: str, snap: Snapshot | None = None) -> str:
        snap = snap or self.snapshot
        indexed = {r.name for r in snap.repos}
        name = snap.vocab.known_repo(value)
        if name is None or name not in indexed:
            raise UnknownFilterError(
                f"unknown repo {value!r}: not in this index; indexed repos are {', '.join(sorted(indexed)) or 'none'}"
                " (GET /v1/repos)"
            )
        return name

    def contributor(self, person_id: str) -> Profile:
        """The profile of a person id, its 'p:' form, `gh:login`, login or e-mail (what `scout profile` takes)."""
        snap = self.snapshot
        p = snap.profiles.get(person_id)
        if p is None and person_id.strip().removeprefix("gh:").strip():  # a blank id or bare 'gh:' names nobody
            found = self.source.find_person(person_id)
            p = snap.profiles.get(found) if found else None
        if p is None:
            raise NotFoundError(f"no contributor {person_id!r} in this index: search or list contributors for ids")
        return p

    def contributors(
        self,
        repo: str | None = None,
        language: str | None = None,
        skill: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> tuple[int, list[ContributorSummary]]:
        snap = self.snapshot
        wanted = SearchFilters(
            languages=[language] if language else [], skills=[skill] if skill else [], repos=[repo] if repo else []
        )
        f = self.validate_filters(wanted, snap)
        people: Iterable[Profile] = snap.profiles.values()
        if f.repos:
            people = [p for p in people if p.repos.get(f.repos[0], 0) > 0]
        if f.languages:
            people = [p for p in people if p.languages.get(f.languages[0], 0) >= ranking.LANGUAGE_FILTER_LINES]
        if f.skills:
            k = f.skills[0]
            people = [p for p in people if k in p.skills and p.skills[k].score >= ranking.SKILL_FLOOR]

        def key(p: Profile) -> tuple[float, str]:
            if f.skills:
                return (-p.skills[f.skills[0]].score, p.id)
            if f.repos:
                return (-p.repos.get(f.repos[0], 0), p.id)
            if f.languages:
                return (-p.languages.get(f.languages[0], 0), p.id)
            return (-p.activity.commits, p.id)

        ordered = sorted(people, key=key)
        return len(ordered), [summarise(p) for p in ordered[offset : offset + limit]]

    def repos(self) -> list[RepoSummary]:
        return list(self.snapshot.repos)

    def taxonomy(self) -> dict[str, Any]:
        return {
            "skills": [
                {
                    "key": s.key,
                    "label": s.label,
                    "description": s.description,
                    "synonyms": list(s.synonyms),
                    "systems": s.systems,
                }
                for s in SKILLS.values()
            ],
            "languages": [
                {"key": k, "names": list(v), "systems": k in SYSTEMS_LANGUAGES} for k, v in sorted(LANGUAGES.items())
            ],
            "exclusions": ["python_only", "docs_only", "ci_only", "typo_only"],
        }


def _single_threaded_inference() -> None:
    """A search encodes one short sentence: one torch thread is as fast, and several spin and stall
    when the machine is busy (measured: p50 11 ms with one thread, 560 ms with two on a loaded 2-core box)."""
    import torch

    torch.set_num_threads(1)


def summarise(p: Profile) -> ContributorSummary:
    return ContributorSummary(
        id=p.id,
        name=p.names[0] if p.names else p.id,
        login=p.login,
        commits=p.activity.commits,
        last_active=p.activity.last_date,
        repos=p.repos,
        languages=p.languages,
        skills={k: round(s.score, 4) for k, s in sorted(p.skills.items(), key=lambda kv: -kv[1].score)},
        systems_share=p.systems_share,
        summary=p.summary,
    )


def _merge_filters(interp: Interpretation, f: SearchFilters) -> None:
    """Explicit filters join the interpretation so the answer shows everything that constrained it."""
    for lang in f.languages:
        if lang not in interp.languages:
            interp.languages.append(lang)
    in_groups = {n for g in interp.groups for n in g}
    extra = [f"language:{lang}" for lang in f.languages if f"language:{lang}" not in in_groups]
    if extra:
        interp.groups.append(extra)
    for skill in f.skills:
        if skill not in interp.skills:
            interp.skills.append(skill)
            interp.groups.append([f"skill:{skill}"])
    for repo in f.repos:
        if repo not in interp.repos:
            interp.repos.append(repo)
    if f.active_since and (interp.active_since is None or f.active_since > interp.active_since):
        interp.active_since = f.active_since


def _lexical_words(interp: Interpretation) -> list[str]:
    words = [w for terms in interp.group_terms for w in terms] + list(interp.keywords)
    return list(dict.fromkeys(words))


def _drop_uninformative_keywords(interp: Interpretation, by_word: dict[str, np.ndarray], people: int) -> None:
    """Keywords nobody's commits mention, or that most people's do, cannot tell people apart: say so, drop them."""
    kept: list[str] = []
    for word in interp.keywords:
        hits = by_word.get(word, np.zeros(0))
        strong = np.count_nonzero(hits >= STRONG_TEXT_MATCH)
        if not (hits >= WEAK_TEXT_MATCH).any():
            interp.notes.append(f'"{word}": no commit in the index mentions it')
            by_word.pop(word, None)
        elif strong > max(COMMON_WORD_SHARE * people, COMMON_WORD_MIN):
            interp.notes.append(f'"{word}": too common in commit text to tell people apart; ignored')
            by_word.pop(word, None)
        else:
            kept.append(word)
    interp.keywords = kept


def _nothing_understood(interp: Interpretation) -> bool:
    return bool(interp.keywords) and not (interp.groups or interp.repos or interp.prefer or interp.avoid)


def _vector_filters(c: ranking.Constraints) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if c.repos:
        out["repos"] = sorted(c.repos)
    if c.active_since:
        out["active_since"] = c.active_since.isoformat()
    if c.exclude_flags:
        out["exclude_flags"] = sorted(c.exclude_flags)
    if c.languages:
        out["languages"] = sorted(c.languages)
    if c.skills:
        out["skills_all"] = sorted(c.skills)
    return out
