"""Lexical retrieval: BM25 (bm25s) over each person's commit text, for words Scout has no skill for.

One document per person: the text of every change their profile counts (indexer.profiles.evidence_texts),
each change's distinct tokens once, so a term's frequency is the number of the person's changes that
mention it (a change that names NCCL in forty paths is one piece of evidence, as profiles count skills),
a mention in the subject counting twice.

Tokens suit code and ML jargon (`tokenize`): a word is split at `_`, `-` and camelCase into segments and
a segment at letter/digit boundaries; the token stream keeps the alphabetic atoms, the segments that carry
digits, every pair of adjacent segments joined and the whole word joined:

    ncclAllReduce -> nccl all reduce ncclall allreduce ncclallreduce
    Q4_K -> q4 q4k      sm_90 -> sm sm90      Qwen2 -> qwen qwen2      C++ -> cpp

Two adjacent words of prose join the same way ("all reduce" -> allreduce, "gradient checkpointing" ->
gradientcheckpoint), so a phrase, a hyphenated word and an identifier meet in one token; a document
holding the whole phrase gets that bigram's (high) weight on top of its words'. English stopwords are
dropped and plurals and -ing/-ed endings folded (`fold`).

Normalised score, stable across queries: BM25 (Lucene variant) gives term t in document d
idf(t) * tf / (tf + k1 * (1 - b + b * len(d) / avglen)), below idf(t); so

    normalised(d) = sum_t bm25(t, d) / sum_t idf(t)    over the query's tokens the index knows

is in [0, 1): the idf-weighted share of the query's evidence the person shows, 1 meaning every token
in many of their changes. It is not rescaled to the best hit, so a weak match stays weak.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import bm25s
import numpy as np
from bm25s.stopwords import STOPWORDS_EN

from models.records import CommitText

# BM25 parameters: k1 as usual; b far below the usual 0.75 because a document is a person, and a prolific
# maintainer's long history should not bury the changes in it that match (on the 14-repository index, b=0.2
# put the authors of Qwen support, Triton kernels and all-reduce ahead of one-commit passers-by; see
# BENCHMARKS.md, lexical index).
K1 = 1.2
B = 0.2
MAX_TOKEN_CHARS = 40
SUBJECT_WEIGHT = 2  # a token in a change's subject counts as two mentions

# bm25s's English list and a few more that commit prose is full of.
STOPWORDS = frozenset(STOPWORDS_EN) | {"we", "from", "has", "have", "been", "can", "its", "also", "when", "which"}
_URL_OR_EMAIL = re.compile(r"https?://\S+|\S+@\S+")
_CPP = re.compile(r"(?i)(?<![a-z0-9])c\+\+")
# Anything that is not part of a word ends a clause: no bigram joins words across it.
_CLAUSE = re.compile(r"[^A-Za-z0-9_\-\s]+|\n")
_SEGMENT_SPLIT = re.compile(r"[_\-]+|(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_ATOMS = re.compile(r"[a-z]+|[0-9]+")
_HEX = re.compile(r"[0-9a-f]{7,}")


def fold(word: str) -> str:
    """Light stemming: plurals and -ing/-ed endings (kernels -> kernel, checkpointing -> checkpoint,
    autotuning/autotuned/autotune -> autotun); words with digits and short words stay as they are."""
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith(("sses", "xes", "ches", "shes", "zes")):
        word = word[:-2]
    elif word.endswith("s") and (not word.endswith(("ss", "us", "is")) or word in ("gpus", "cpus", "tpus", "npus")):
        word = word[:-1]
    if word.endswith("ing") and len(word) >= 7:
        word = word[:-3]
    elif word.endswith("ed") and len(word) >= 6:
        word = word[:-2]
    if word.endswith("e") and len(word) >= 5:
        word = word[:-1]
    return word


@lru_cache(maxsize=1 << 17)
def _word(word: str) -> tuple[tuple[str, ...], str, str]:
    """(tokens, first, last) of one word, where first/last are the end segments a bigram with the
    neighbouring word may use ("" when a stopword or a number). Cached: words repeat a great deal, and it
    is a pure function of its argument."""
    segments = _segments(word.strip("-_"))
    if not segments:
        return (), "", ""
    first, last = (seg if _joinable(seg) else "" for seg in (segments[0], segments[-1]))
    return tuple(t for t in _word_tokens(segments) if 2 <= len(t) <= MAX_TOKEN_CHARS), first, last


def _segments(word: str) -> list[str]:
    """Lower-case, folded segments of one word; a hash-like word has none."""
    low = word.lower()
    if _HEX.fullmatch(low) and any(ch.isdigit() for ch in low):
        return []
    return [fold(s.lower()) for s in _SEGMENT_SPLIT.split(word) if s]


def _word_tokens(segments: list[str]) -> list[str]:
    out: list[str] = []
    for seg in segments:
        if any(ch.isdigit() for ch in seg):
            if not seg.isdigit():
                out.append(seg)  # fp8, bf16, q4, avx512, h100, qwen2
            atoms = _ATOMS.findall(seg)
        else:
            atoms = [seg]
        out += [a for a in atoms if not a.isdigit() and a not in STOPWORDS]
    out += [left + right for left, right in zip(segments, segments[1:], strict=False)]
    if len(segments) > 2:
        out.append("".join(segments))
    return out


def tokenize(text: str) -> list[str]:
    """Tokens of a text (see the module docstring), in order, repeats kept."""
    if "@" in text or "://" in text:
        text = _URL_OR_EMAIL.sub(" ", text)
    if "+" in text:
        text = _CPP.sub(" cpp ", text)
    out: list[str] = []
    for clause in _CLAUSE.split(text):
        previous = ""
        for word in clause.split():
            tokens, first, last = _word(word)
            out += tokens
            if previous and first and len(previous) + len(first) <= MAX_TOKEN_CHARS:
                out.append(previous + first)
            previous = last
    return out


def _joinable(segment: str) -> bool:
    return segment not in STOPWORDS and not segment.isdigit()


@dataclass(frozen=True)
class LexicalEvidence:
    """A commit whose text contains the terms asked about."""

    repo: str
    sha: str
    subject: str


class LexicalIndex:
    """BM25 over people; build once per snapshot with `build`, then query from any thread (read-only)."""

    def __init__(
        self,
        person_ids: list[str],
        retriever: bm25s.BM25,
        vocab: dict[str, int],
        idf: np.ndarray,
        changes: _Changes,
        commit_rows: np.ndarray,
        commits: list[LexicalEvidence],
    ) -> None:
        self.person_ids = person_ids
        self._retriever = retriever
        self._vocab = vocab
        self._idf = idf
        self._changes = changes
        self._commit_rows = commit_rows  # person row -> [start, end) of their changes in `commits`
        self._commits = commits
        self._row = {pid: i for i, pid in enumerate(person_ids)}

    @classmethod
    def build(cls, docs: Mapping[str, Sequence[CommitText]]) -> LexicalIndex:
        """Index each person's changes (newest first, as evidence_texts gives them)."""
        person_ids = sorted(pid for pid, commits in docs.items() if commits)
        commits = [LexicalEvidence(c.repo, c.sha, c.subject) for pid in person_ids for c in docs[pid]]
        bounds = np.cumsum([0] + [len(docs[pid]) for pid in person_ids])
        vocab, changes = _token_ids((c.subject, c.text) for pid in person_ids for c in docs[pid])
        flat, weight, indptr = changes.tokens, changes.weights, changes.starts
        retriever = bm25s.BM25(k1=K1, b=B, method="lucene")
        person_docs = [
            np.repeat(
                flat[indptr[bounds[i]] : indptr[bounds[i + 1]]], weight[indptr[bounds[i]] : indptr[bounds[i + 1]]]
            ).tolist()
            for i in range(len(person_ids))
        ]
        if person_ids and vocab:
            retriever.index((person_docs, vocab), show_progress=False, create_empty_token=False)
            df = np.diff(retriever.scores["indptr"])
        else:
            df = np.zeros(len(vocab))
        n = max(1, len(person_ids))
        idf = np.log1p((n - df + 0.5) / (df + 0.5)).astype(np.float32)  # bm25s's Lucene idf
        return cls(person_ids, retriever, vocab, idf, changes, bounds, commits)

    def __len__(self) -> int:
        return len(self.person_ids)

    def terms(self, query: str | Sequence[str]) -> list[int]:
        """Distinct ids of the query's tokens that the index knows (a sequence is one phrase per item)."""
        texts = [query] if isinstance(query, str) else list(query)
        tokens = (t for text in texts for t in tokenize(text))
        return list(dict.fromkeys(self._vocab[t] for t in tokens if t in self._vocab))

    def raw_scores(self, query: str | Sequence[str]) -> dict[str, float]:
        """person id -> BM25 score, for those with a non-zero score."""
        return self._scored(self.terms(query), normalised=False)

    def scores(self, query: str | Sequence[str]) -> dict[str, float]:
        """person id -> normalised score in [0, 1) (module docstring), for those with a non-zero score."""
        return self._scored(self.terms(query), normalised=True)

    def term_scores(self, terms: Iterable[str]) -> dict[str, dict[str, float]]:
        """term (a word or phrase) -> its normalised scores, each term on its own scale."""
        return {term: self.scores(term) for term in terms}

    def term_arrays(self, terms: Iterable[str]) -> dict[str, np.ndarray]:
        """term -> everyone's normalised score in the row order of `person_ids` (0 where absent), as
        `term_scores` gives them but without building a dict per term."""
        return {term: self._totals(self.terms(term), normalised=True) for term in terms}

    def _scored(self, ids: list[int], *, normalised: bool) -> dict[str, float]:
        totals = self._totals(ids, normalised=normalised)
        rows = np.flatnonzero(totals > 0)
        return {self.person_ids[int(r)]: float(v) for r, v in zip(rows, totals[rows].tolist(), strict=True)}

    def _totals(self, ids: list[int], *, normalised: bool) -> np.ndarray:
        if not ids or not self.person_ids:
            return np.zeros(len(self.person_ids))
        totals = self._retriever.get_scores_from_ids(ids)
        return totals / float(self._idf[ids].sum()) if normalised else totals

    def evidence(self, person_id: str, terms: str | Sequence[str], limit: int = 3) -> list[LexicalEvidence]:
        """The person's changes (newest first) whose text has the most of the terms' tokens, phrases
        counting as their joined token; changes with none of them are left out."""
        row = self._row.get(person_id)
        ids = self.terms(terms)
        if row is None or not ids or limit <= 0:
            return []
        start, end = int(self._commit_rows[row]), int(self._commit_rows[row + 1])
        weights = self._changes.matched(start, end, np.asarray(ids), self._idf)
        order = np.argsort(-weights, kind="stable")  # stable: newest first among equals
        return [self._commits[start + int(i)] for i in order[:limit] if weights[int(i)] > 0]


@dataclass(frozen=True)
class _Changes:
    """Each change's distinct token ids in CSR form: row i is tokens[starts[i]:starts[i + 1]], weighing
    SUBJECT_WEIGHT where the subject has the token and 1 elsewhere in the change."""

    tokens: np.ndarray  # int32
    weights: np.ndarray  # int8
    starts: np.ndarray  # int64, one more than there are changes

    def matched(self, start: int, end: int, ids: np.ndarray, idf: np.ndarray) -> np.ndarray:
        """For changes start..end-1: the idf-weighted mentions of `ids` in each."""
        lo, hi = int(self.starts[start]), int(self.starts[end])
        tokens = self.tokens[lo:hi]
        hit = np.isin(tokens, ids)
        row_of = np.repeat(np.arange(end - start), np.diff(self.starts[start : end + 1]))
        weights = self.weights[lo:hi][hit] * idf[tokens[hit]]
        return np.bincount(row_of[hit], weights=weights, minlength=end - start)


def _token_ids(commits: Iterable[tuple[str, str]]) -> tuple[dict[str, int], _Changes]:
    """The vocabulary and each (subject, text)'s distinct tokens (the subject says what the change is
    about; a path or a snippet may only brush the word, so the subject weighs more)."""
    vocab: dict[str, int] = {}
    rows: list[np.ndarray] = []
    weights: list[np.ndarray] = []
    for subject, text in commits:
        title = {vocab.setdefault(t, len(vocab)) for t in tokenize(subject)}
        rest = {vocab.setdefault(t, len(vocab)) for t in tokenize(text)} - title
        rows.append(np.fromiter([*title, *rest], dtype=np.int32, count=len(title) + len(rest)))
        weights.append(np.repeat(np.array([SUBJECT_WEIGHT, 1], dtype=np.int8), [len(title), len(rest)]))
    starts = np.concatenate([[0], np.cumsum([len(r) for r in rows], dtype=np.int64)])
    empty = np.zeros(0, np.int32)
    return vocab, _Changes(np.concatenate([empty, *rows]), np.concatenate([empty.astype(np.int8), *weights]), starts)
