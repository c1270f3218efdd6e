"""What a query can name: skills, languages, repos (catalog and indexed), and skill anchors for paraphrases.

A Vocabulary is built once per index state by the engine and shared by every query; it holds the
embedded skill anchors so a query embeds only its own phrases.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Protocol

import numpy as np

from models.catalog import CATALOG
from models.taxonomy import CONCEPTS, LANGUAGES, SKILLS, Skill
from search.spelling import Speller


class TextEncoder(Protocol):
    """The slice of indexer.embedding.Embedder that search uses."""

    def encode(self, texts: list[str]) -> np.ndarray: ...


class CachedEncoder:
    """A TextEncoder that remembers recent texts: query phrases recur across searches."""

    def __init__(self, encoder: TextEncoder, size: int = 4096) -> None:
        self.encoder = encoder
        self.size = size
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def encode(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        fresh = np.asarray(self.encoder.encode(missing), dtype=np.float32) if missing else None
        with self._lock:
            if fresh is not None:
                for text, vec in zip(missing, fresh, strict=True):
                    self._cache[text] = vec
            rows = []
            for t in texts:
                vec = self._cache.get(t)
                if vec is None:  # evicted by a concurrent search between the two locks: encode again
                    vec = np.asarray(self.encoder.encode([t]), dtype=np.float32)[0]
                self._cache[t] = vec
                self._cache.move_to_end(t)
                rows.append(vec)
            while len(self._cache) > self.size:
                self._cache.popitem(last=False)
        return np.stack(rows) if rows else np.zeros((0, 1), dtype=np.float32)


# Words the understanding rules key on besides the terms ("burn-stlye", "engneer", "exept"): worth correcting to.
CUE_WORDS = frozenset(
    """style engineer engineers developer developers experience experienced preferred required requirement
    bonus except excluding without including especially particularly similar inspired contributors
    contributor maintainer maintainers implemented implementation written kernels""".split()  # noqa: SIM905
)
# Words in repo names that say nothing about the project ("lite", "core").
GENERIC_REPO_WORDS = frozenset(
    """core lib libs rust python cpp kernel kernels engine runtime server serve model models tool tools util
    utils main project framework sdk bindings example examples docs lite light fast mini tiny next""".split()  # noqa: SIM905
)


@dataclass(frozen=True)
class Term:
    """One word or phrase a query can use, with what it names."""

    text: str
    kind: str  # "repo", "skill", "concept" (a family of skills), "language", "topic" (a word of a repo name)
    value: str  # owner/name, skill key, concept key or language key
    pattern: re.Pattern[str]
    soft: bool = False


def term_pattern(term: str, *, singular: bool = True) -> re.Pattern[str]:
    """A pattern for a phrase: spaces, hyphens and underscores interchangeable, plural allowed."""
    words = [p for p in re.split(r"[\s\-_]+", term.lower()) if p]
    last = words[-1] if words else ""
    # "metal kernels" also matches "metal kernel"; short words ("mps") keep their s.
    singular = singular and len(last) > 4 and last.endswith("s") and not last.endswith("ss")
    parts = [re.escape(p) for p in words]
    if singular:
        parts[-1] = re.escape(last[:-1]) + "s?"
    body = r"[\s\-_]?".join(parts)
    body = body.replace("iz", "i[sz]")  # quantization / quantisation
    # "c" must not be the start of "c++" or the end of "objective-c"; "llama" is not in "llama.cpp".
    return re.compile(rf"(?<![\w+#\-.]){body}(?:e?s)?(?![\w+#]|\.\w)")


def _repo_aliases(indexed: Iterable[str]) -> dict[str, str]:
    aliases: dict[str, str] = {}
    # Indexed repos first: their name part is what people say ("candle"); catalog aliases override
    # only for names the index does not hold.
    for name in indexed:
        aliases[name.lower()] = name
        aliases.setdefault(name.split("/", 1)[-1].lower(), name)
    for info in CATALOG.values():
        aliases.setdefault(info.name.lower(), info.name)
        aliases.setdefault(info.name.split("/", 1)[-1].lower(), info.name)
        for alias in info.aliases:
            aliases.setdefault(alias.lower(), info.name)
    return aliases


@dataclass(frozen=True)
class Vocabulary:
    skills: Mapping[str, Skill] = field(default_factory=lambda: dict(SKILLS))
    languages: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: dict(LANGUAGES))
    repo_aliases: Mapping[str, str] = field(default_factory=dict)  # lowercase alias -> owner/name
    indexed_repos: frozenset[str] = frozenset()
    anchor_skills: tuple[str, ...] = ()  # skill key per row of anchor_vectors
    anchor_vectors: np.ndarray | None = None  # normalised, one row per anchor text
    anchor_texts: tuple[str, ...] = ()

    @classmethod
    def build(cls, indexed_repos: Iterable[str] = (), embedder: TextEncoder | None = None) -> Vocabulary:
        indexed = frozenset(indexed_repos)
        anchor_skills: list[str] = []
        anchor_texts: list[str] = []
        for key, skill in SKILLS.items():
            for text in (skill.description, skill.label, *skill.anchors):
                anchor_skills.append(key)
                anchor_texts.append(text)
        vectors = _normalise(embedder.encode(anchor_texts)) if embedder is not None else None
        return cls(
            repo_aliases=_repo_aliases(indexed),
            indexed_repos=indexed,
            anchor_skills=tuple(anchor_skills),
            anchor_vectors=vectors,
            anchor_texts=tuple(anchor_texts),
        )

    def known_repo(self, value: str) -> str | None:
        """The owner/name for a repo name, alias or owner/name, if the catalog or the index knows it."""
        return self.repo_aliases.get(value.strip().lower())

    def skill_similarities(self, vectors: np.ndarray) -> np.ndarray:
        """(phrases x skills) best anchor cosine per skill, columns in `skill_keys` order."""
        if self.anchor_vectors is None or len(vectors) == 0:
            return np.zeros((len(vectors), len(self.skill_keys)), dtype=np.float32)
        sims = np.einsum("ik,jk->ij", _normalise(vectors), self.anchor_vectors)
        out = np.full((len(vectors), len(self.skill_keys)), -1.0, dtype=np.float32)
        index = {k: i for i, k in enumerate(self.skill_keys)}
        for col, key in enumerate(self.anchor_skills):
            j = index[key]
            np.maximum(out[:, j], sims[:, col], out=out[:, j])
        return out

    def best_anchor(self, vector: np.ndarray, skill: str) -> str:
        """The anchor text of SKILL closest to one phrase vector."""
        if self.anchor_vectors is None:
            return ""
        rows = [i for i, k in enumerate(self.anchor_skills) if k == skill]
        sims = self.anchor_vectors[rows] @ _normalise(vector[None, :])[0]
        return self.anchor_texts[rows[int(np.argmax(sims))]]

    @cached_property
    def terms(self) -> tuple[Term, ...]:
        """Every term, longest first; at equal length a repo beats a skill, a skill beats a language."""
        # Repo names are names: "tokenizers" is the project, "tokenizer" only a word (see `topics`).
        terms = [
            Term(alias, "repo", repo, term_pattern(alias, singular=False)) for alias, repo in self.repo_aliases.items()
        ]
        for key, skill in self.skills.items():
            soft = {w.lower() for w in skill.soft}
            for syn in (*skill.synonyms, skill.label):
                terms.append(Term(syn, "skill", key, term_pattern(syn), soft=syn.lower() in soft))
        for key, (words, _members) in CONCEPTS.items():
            terms.extend(Term(word, "concept", key, term_pattern(word)) for word in words)
        for lang, words in self.languages.items():
            terms.extend(Term(word, "language", lang, term_pattern(word)) for word in words)
        known = {t.text for t in terms}
        for token, repo in self.topics.items():
            if token not in known:
                terms.append(Term(token, "topic", repo, term_pattern(token)))
        order = {"repo": 0, "skill": 1, "concept": 2, "language": 3, "topic": 4}
        terms.sort(key=lambda t: (-len(t.text), order[t.kind]))
        return tuple(terms)

    @cached_property
    def term_texts(self) -> frozenset[str]:
        return frozenset(term.text.lower() for term in self.terms)

    @cached_property
    def speller(self) -> Speller:
        """Reads a slip ("acelerator", "distrubuted") as the word of a term, or of a cue the rules read."""
        words = {w for term in self.terms for w in re.findall(r"[a-z][a-z']*[a-z]", term.text.lower())}
        return Speller(words | CUE_WORDS)

    @cached_property
    def topics(self) -> dict[str, str]:
        """Distinctive words of indexed repo names ("tokenizer" in tokenizer-rs): a preference, not a filter."""
        language_words = {w for words in self.languages.values() for w in words}
        counts: dict[str, list[str]] = {}
        for repo in sorted(self.indexed_repos):
            for token in re.split(r"[-_.]+", repo.split("/", 1)[-1].lower()):
                stem = token[:-1] if token.endswith("s") and len(token) > 4 else token
                if len(stem) >= 4 and stem not in GENERIC_REPO_WORDS and stem not in language_words:
                    counts.setdefault(stem, []).append(repo)
        # A word shared by several repos names none of them.
        return {word: repos[0] for word, repos in counts.items() if len(repos) == 1}

    @property
    def skill_keys(self) -> Sequence[str]:
        return tuple(self.skills)


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.ndim == 1:
        vectors = vectors[None, :]
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)
