"""From a recruiter sentence to an Interpretation, with rules and one small embedding model only.

Order matters: exclusions, recency and seniority are read first and their words consumed, so
"not Python-only" never asks for Python; then repos, then skills and languages (longest phrase
first, so "CPU kernels" wins over "kernels"); what is left is cut into short phrases that are
embedded and compared with each skill's anchors to catch paraphrases ("int4 weights").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from models.records import Interpretation
from models.taxonomy import LANGUAGES
from search.vocab import Term, TextEncoder, Vocabulary

# A query phrase this close to a skill anchor (cosine, all-MiniLM-L6-v2) names that skill. Tuned on
# tests/search/test_understand.py: paraphrases score 0.58-0.8, unrelated phrases stay under 0.5.
PARAPHRASE_THRESHOLD = 0.56
# The best skill must also beat the runner-up by this much, else the phrase is too vague to use.
PARAPHRASE_MARGIN = 0.04
MAX_PHRASES = 12

# "active" with no window: a year; "recently": half a year.
ACTIVE_MONTHS = 12
RECENT_MONTHS = 6

NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "eighteen": 18,
    "twenty-four": 24,
    "few": 3,
    "couple": 2,
    "couple of": 2,
}
MONTHS = {
    m: i + 1 for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"))
}
UNIT_MONTHS = {"month": 1, "quarter": 3, "year": 12}
UNIT_DAYS = {"day": 1, "week": 7}

SENIORITY = {
    "principal": "principal",
    "distinguished": "principal",
    "staff": "staff",
    "senior": "senior",
    "lead": "senior",
    "experienced": "senior",
    "expert": "senior",
    "experts": "senior",
    "seasoned": "senior",
    "veteran": "senior",
    "veterans": "senior",
    "junior": "junior",
}

NEG = r"(?:not|no|non|never|excluding|exclude|without|except|but not|minus)"
EXCLUSION_PATTERNS: tuple[tuple[str, str], ...] = (
    (
        rf"\b{NEG}[\s-]+(?:just |only |purely |pure |mostly )?python(?:[\s-]*only)?"
        r"(?:\s+(?:people|devs|developers|engineers|folks|contributors|profiles))?\b",
        "python_only",
    ),
    (r"\bbeyond python\b", "python_only"),
    (
        rf"\b{NEG}[\s-]+(?:just |only |pure )?(?:docs?|documentation)(?:[\s-]*only)?"
        r"(?:\s+(?:people|contributors|changes|commits|folks|writers|fixes))?\b",
        "docs_only",
    ),
    (rf"\b{NEG}[\s-]+(?:just |only )?ci(?:[\s-]*only)?(?:\s+(?:people|contributors|changes|commits))?\b", "ci_only"),
    (
        rf"\b{NEG}[\s-]+(?:just |only )?(?:typo|drive[\s-]*by)(?:[\s-]*(?:fix(?:es|ers)?|only))?"
        r"(?:\s+(?:people|contributors|commits))?\b",
        "typo_only",
    ),
)

# Generic words that name a skill only when nothing more specific was said; "AVX-512 kernels" is SIMD.
WEAK_TERMS: dict[str, str] = {"kernels": "cuda_kernel", "kernel": "cuda_kernel"}
COMPUTE_SKILLS = frozenset({"cuda_kernel", "metal_kernel", "gpu_shader", "simd", "attention_kernel", "quantization"})
# Languages that are also the name of a kernel skill: asking for either is one requirement.
LANGUAGE_SKILL = {"cuda": "cuda_kernel", "metal": "metal_kernel"}
SKILL_LANGUAGE = {v: k for k, v in LANGUAGE_SKILL.items()}
# SIMD words that name one instruction set: "AVX-512 kernels" asks for AVX-512, not any SIMD.
ISA_TERMS = {
    "avx2": "avx2",
    "avx-512": "avx512",
    "avx512": "avx512",
    "neon": "neon",
    "arm-neon": "neon",
    "sve": "sve",
    "sse": "sse",
}
LANGUAGE_WORDS = frozenset(w for words in LANGUAGES.values() for w in words)
# "FFI bindings to CUDA": the language after these words is what is bound, not a requirement.
OBJECT_GAPS = frozenset({"to", "for", "into", "around", "over", "from"})

STOPWORDS = frozenset(
    """a an the and or of in on at to for with who whom that which what is are be been being have has had
    having do does did i we you they them their our my me us this these those some any all each every
    people person engineers engineer developers developer devs dev folks contributors contributor
    programmers programmer hackers hacker candidates candidate someone somebody anyone find show looking
    look want need needs hire hiring recruit seeking seek search get give list experience experienced
    background knowledge skills skill expertise strong solid good great deep proven real serious heavy
    work works worked working write writes wrote writing written build builds built building
    contribute contributes contributed contributing contributions commits commit code repos repo
    like plus also especially ideally preferably really very well more most other from into about
    can could should would will ml ai systems system engineering open source projects project
    inference runtime runtimes engine engines framework frameworks infrastructure infra platform stack""".split()  # noqa: SIM905 - a word list reads better as text
)
CONNECTORS = re.compile(r"\b(?:and|or|who|with|that|which|on|in|for|plus|but|at|from|into|using|via)\b")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str  # "language", "skill", "repo"
    value: str
    term: str
    soft: bool = False
    detail: str | None = None  # an ISA for SIMD ("avx512"): the group then asks for that ISA

    @property
    def name(self) -> str:
        return f"{self.kind}:{self.value}" + (f":{self.detail}" if self.detail else "")


class _Text:
    """The lowercased sentence and which characters have been consumed by an earlier rule."""

    def __init__(self, text: str) -> None:
        self.original = text
        self.low = _normalise_text(text)
        self.used = [False] * len(self.low)

    def free(self, start: int, end: int) -> bool:
        return not any(self.used[start:end])

    def take(self, start: int, end: int) -> None:
        for i in range(start, end):
            self.used[i] = True

    def matches(self, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
        for m in pattern.finditer(self.low):
            if m.end() > m.start() and self.free(m.start(), m.end()):
                yield m

    def residual(self) -> str:
        return "".join("|" if u else c for c, u in zip(self.low, self.used, strict=True))


def _normalise_text(text: str) -> str:
    text = text.lower()
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    text = text.replace("\u2019", "'")
    return text


def understand(
    text: str, vocab: Vocabulary, embedder: TextEncoder | None = None, today: date | None = None
) -> Interpretation:
    """The Interpretation of a recruiter sentence (see understand_with_vector)."""
    return understand_with_vector(text, vocab, embedder, today)[0]


def understand_with_vector(
    text: str, vocab: Vocabulary, embedder: TextEncoder | None = None, today: date | None = None
) -> tuple[Interpretation, np.ndarray | None]:
    """The Interpretation and the sentence's embedding, computed in one batch with its phrases.

    `today` anchors relative recency ("last 6 months"); the engine passes the index's newest commit
    date so answers do not drift as the calendar moves on.
    """
    today = today or date.today()
    t = _Text(text)
    notes: list[str] = []
    exclusions = _exclusions(t)
    active_since = _recency(t, today, notes)
    seniority = _seniority(t)
    spans = _spans(t, vocab)
    phrases = _phrases(t)

    vector: np.ndarray | None = None
    if embedder is not None:
        # Two batches: short phrases padded to the full sentence would cost several times more.
        vector = np.asarray(embedder.encode([text]), dtype=np.float32)[0]
        encoded = np.asarray(embedder.encode(phrases), dtype=np.float32) if phrases else np.zeros((0, len(vector)))
        found = {s.value for s in spans if s.kind == "skill"}
        for phrase, skill, sim in _paraphrases(phrases, encoded, vocab):
            if skill not in found:
                found.add(skill)
                spans.append(Span(-1, -1, "skill", skill, phrase))
                notes.append(f'"{phrase}" read as {skill} (similarity {sim:.2f})')

    spans = _apply_weak_terms(spans)
    topics = [s for s in spans if s.kind == "topic"]
    for s in topics:
        notes.append(f'"{s.term}" suggests {s.value}: preferred, not required')
    repos, repo_notes = _repos(spans, vocab)
    notes.extend(repo_notes)
    groups, kept = _groups(t, spans)
    languages = sorted({s.value for s in kept if s.kind == "language"})
    skills = sorted({s.value for s in kept if s.kind == "skill"})
    interp = Interpretation(
        text=text,
        languages=languages,
        repos=repos,
        skills=skills,
        active_since=active_since,
        seniority=seniority,
        exclusions=exclusions,
        notes=notes,
        groups=groups,
    )
    return interp, vector


def _exclusions(t: _Text) -> list[str]:
    found: list[str] = []
    for pattern, flag in EXCLUSION_PATTERNS:
        for m in t.matches(re.compile(pattern)):
            t.take(m.start(), m.end())
            if flag not in found:
                found.append(flag)
    return found


def _number(word: str | None) -> int:
    if not word:
        return 1
    word = word.strip()
    return int(word) if word.isdigit() else NUMBER_WORDS.get(word, 1)


def _recency(t: _Text, today: date, notes: list[str]) -> date | None:
    candidates: list[date] = []
    num = r"(\d{1,3}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
    unit = r"(day|week|month|year|quarter)s?"
    # "active since 2025" is one window: the word "active" belongs to the explicit one that follows it.
    act = r"(?:(?:recently |currently |still |actively )?(?:active|activity|committing|committed|contributing)\s+)?"
    rules: list[tuple[str, object]] = [
        (r"\b" + act + r"since last year\b", lambda m: date(today.year - 1, 1, 1)),
        (r"\b" + act + r"since this year\b", lambda m: date(today.year, 1, 1)),
        (
            r"\b" + act + r"since (?:(" + "|".join(MONTHS) + r")[a-z]*\.? )?(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?\b",
            lambda m: _since(m, today),
        ),
        (
            r"\b"
            + act
            + r"(?:(?:in|over|during|within|for) )?(?:the )?(?:last|past|previous) "
            + num
            + r"? ?"
            + unit
            + r"\b",
            lambda m: _back(today, _number(m.group(1)), m.group(2)),
        ),
        (r"\b" + act + r"(?:this|the current) year\b", lambda m: date(today.year, 1, 1)),
        (r"\b" + act + r"(?:this|the current) month\b", lambda m: date(today.year, today.month, 1)),
        (r"\b" + act + r"(?:this|the current) quarter\b", lambda m: _quarter_start(today)),
        (r"\b(?:active |activity )?(?:in|during) (20\d\d)\b", lambda m: date(int(m.group(1)), 1, 1)),
        (
            r"\b(?:recently[\s-]active|recently|recent(?:ly)?|lately|nowadays)\b",
            lambda m: _back(today, RECENT_MONTHS, "month"),
        ),
        (
            r"\b(?:currently |still |actively |presently )?active(?: contributors?| maintainers?)?\b",
            lambda m: _back(today, ACTIVE_MONTHS, "month"),
        ),
    ]
    for pattern, make in rules:
        for m in t.matches(re.compile(pattern)):
            value = make(m)  # type: ignore[operator]
            if value is None:
                continue
            t.take(m.start(), m.end())
            candidates.append(value)
            notes.append(f'"{m.group(0).strip()}" read as active since {value.isoformat()}')
    # Several windows: the tightest one is what the recruiter insisted on.
    return max(candidates) if candidates else None


def _quarter_start(today: date) -> date:
    return date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)


def _back(today: date, n: int, unit: str) -> date:
    """`n` units before `today`, by the calendar for months and years ("last 6 months" from June 1 is Dec 1)."""
    if unit in UNIT_DAYS:
        return today - timedelta(days=n * UNIT_DAYS[unit])
    months = today.year * 12 + today.month - 1 - n * UNIT_MONTHS[unit]
    year, month = divmod(months, 12)
    return date(year, month + 1, min(today.day, 28))


def _since(m: re.Match[str], today: date) -> date | None:
    year = int(m.group(2))
    if not 1990 <= year <= today.year + 1:
        return None
    month = MONTHS.get((m.group(1) or "")[:3]) or (int(m.group(3)) if m.group(3) else 1)
    day = int(m.group(4)) if m.group(4) else 1
    try:
        return date(year, max(1, min(12, month)), max(1, min(28, day)))
    except ValueError:
        return None


def _seniority(t: _Text) -> str | None:
    rank = {"junior": 0, "senior": 1, "staff": 2, "principal": 3}
    best: str | None = None
    pattern = re.compile(r"\b(" + "|".join(SENIORITY) + r")(?:[\s-]level)?\b")
    for m in t.matches(pattern):
        level = SENIORITY[m.group(1)]
        t.take(m.start(), m.end())
        if best is None or rank[level] > rank[best]:
            best = level
    return best


def _spans(t: _Text, vocab: Vocabulary) -> list[Span]:
    """Leftmost-longest matching of every term: "metal kernel engineers" is Metal kernels, not "kernel engineer"."""
    # At the same place and length: an indexed repo, then a skill ("flash attention" is a skill before it
    # is a repo nobody indexed), a language, an unindexed repo, a word of a repo name.
    order = {"repo": 0, "skill": 1, "language": 2, "other repo": 3, "topic": 4}
    found: list[tuple[int, int, int, Term]] = []
    for term in vocab.terms:
        kind = term.kind
        if kind == "repo" and vocab.indexed_repos and term.value not in vocab.indexed_repos:
            kind = "other repo"
        for m in t.matches(term.pattern):
            if term.kind == "language" and not _case_ok(term, t.original, m.start(), m.end()):
                continue
            found.append((m.start(), -(m.end() - m.start()), order[kind], term))
    found.sort(key=lambda f: f[:3])
    # A negated repo or skill ("not on tokenizers", "no CUDA") is consumed and not asked for.
    negated = re.compile(rf"\b{NEG}\s+(?:on|in|from|at|the|any)?\s*")
    spans: list[Span] = []
    for start, neg_len, _, term in found:
        end = start - neg_len
        if not t.free(start, end):
            continue
        t.take(start, end)
        before = t.low[max(0, start - 16) : start]
        neg = negated.search(before)
        if neg is not None and neg.end() == len(before):
            continue
        detail = ISA_TERMS.get(re.sub(r"[\s_]+", "-", term.text)) if term.value == "simd" else None
        kind, value = term.kind, term.value
        if kind == "skill" and value in SKILL_LANGUAGE and term.text in LANGUAGE_WORDS:
            # Bare "CUDA" asks for CUDA code; "CUDA kernels" (a longer term) asks for the kernel skill.
            kind, value = "language", SKILL_LANGUAGE[value]
        spans.append(Span(start, end, kind, value, term.text, term.soft, detail))
    return spans


def _case_ok(term: Term, original: str, start: int, end: int) -> bool:
    # "C" and "Go" are languages only when written as names, not the words "c" or "go".
    if term.text in {"c", "go"}:
        return original[start:end][:1].isupper()
    return True


def _phrases(t: _Text) -> list[str]:
    residual = t.residual()
    chunks = re.split(r"[|,;:.()!?\"]+|\s-\s", CONNECTORS.sub("|", residual))
    phrases: list[str] = []
    for chunk in chunks:
        words = [w for w in re.findall(r"[a-z0-9][a-z0-9+#\-_]*", chunk) if w not in STOPWORDS]
        if not words:
            continue
        if len(words) == 1 and len(words[0]) < 4:
            continue
        phrases.append(" ".join(words[:6]))
        if len(words) > 3:
            phrases.extend(" ".join(words[i : i + 3]) for i in range(0, min(len(words), 6) - 2))
    seen: set[str] = set()
    unique = [p for p in phrases if not (p in seen or seen.add(p))]
    return unique[:MAX_PHRASES]


def _paraphrases(phrases: list[str], vectors: np.ndarray, vocab: Vocabulary) -> list[tuple[str, str, float]]:
    if not phrases or vocab.anchor_vectors is None:
        return []
    sims = vocab.skill_similarities(vectors)
    keys = vocab.skill_keys
    out: list[tuple[str, str, float]] = []
    for i, phrase in enumerate(phrases):
        order = np.argsort(-sims[i])
        best, second = float(sims[i, order[0]]), float(sims[i, order[1]]) if len(order) > 1 else -1.0
        if best >= PARAPHRASE_THRESHOLD and best - second >= PARAPHRASE_MARGIN:
            out.append((phrase, keys[int(order[0])], best))
    out.sort(key=lambda x: -x[2])
    return out


def _apply_weak_terms(spans: list[Span]) -> list[Span]:
    strong = {s.value for s in spans if s.kind == "skill" and not s.soft}
    out: list[Span] = []
    for s in spans:
        weak = WEAK_TERMS.get(s.term)
        if weak is not None and s.kind == "skill":
            # "kernels" alone means GPU kernels; next to SIMD or Metal it is just the noun.
            soft = bool((strong - {weak}) & COMPUTE_SKILLS)
            out.append(Span(s.start, s.end, s.kind, s.value, s.term, soft=soft))
        else:
            out.append(s)
    return out


def _repos(spans: list[Span], vocab: Vocabulary) -> tuple[list[str], list[str]]:
    repos: list[str] = []
    notes: list[str] = []
    for s in spans:
        if s.kind != "repo":
            continue
        if vocab.indexed_repos and s.value not in vocab.indexed_repos:
            note = f'"{s.term}" is {s.value}, which is not indexed; not used as a constraint'
            if note not in notes:
                notes.append(note)
            continue
        if s.value not in repos:
            repos.append(s.value)
    return repos, notes


def _groups(t: _Text, spans: list[Span]) -> tuple[list[list[str]], list[Span]]:
    """Requirement groups: languages together, each skill alone, "X or Y" and CUDA/Metal merged."""
    items = sorted((s for s in spans if s.kind in {"language", "skill"} and not s.soft), key=lambda s: s.start)
    if any(s.detail for s in items if s.value == "simd"):
        items = [s for s in items if s.value != "simd" or s.detail]
    bound: dict[int, str] = {}  # start of the bound language -> that language
    for a, b in zip(items, items[1:], strict=False):
        if (
            a.value == "ffi"
            and (b.kind == "language" or b.term in LANGUAGE_WORDS)
            and t.low[a.end : b.start].strip() in OBJECT_GAPS
        ):
            bound[b.start] = b.term.lower()
    if bound:
        # ...but it says which FFI: bindings to CUDA is the detail the FFI evidence should show.
        target = next(iter(bound.values()))
        items = [
            Span(s.start, s.end, s.kind, s.value, s.term, s.soft, target) if s.value == "ffi" and not s.detail else s
            for s in items
            if s.start not in bound
        ]
        seen: set[str] = set()
        items = [s for s in items if s.value != "ffi" or not (s.name in seen or seen.add(s.name))]
    groups: list[list[str]] = []
    of: dict[str, int] = {}

    def join(a: str, b: str) -> None:
        ga, gb = of.get(a), of.get(b)
        if ga is None and gb is None:
            groups.append([a, b])
            of[a] = of[b] = len(groups) - 1
        elif ga is None or gb is None:
            g = ga if ga is not None else gb
            assert g is not None
            other = a if ga is None else b
            groups[g].append(other)
            of[other] = g
        elif ga != gb:
            groups[ga].extend(groups[gb])
            for name in groups[gb]:
                of[name] = ga
            groups[gb] = []

    def add(name: str) -> None:
        if name not in of:
            groups.append([name])
            of[name] = len(groups) - 1

    names = [s.name for s in items]
    for name in names:
        add(name)
    langs = [n for n, s in zip(names, items, strict=True) if s.kind == "language" and s.value not in LANGUAGE_SKILL]
    for other in langs[1:]:
        join(langs[0], other)
    for s in items:
        if s.kind == "skill" and s.value in SKILL_LANGUAGE:
            join(f"skill:{s.value}", f"language:{SKILL_LANGUAGE[s.value]}")
    for a, b in zip(items, items[1:], strict=False):
        if a.start < 0 or b.start < 0 or a.end > b.start:
            continue
        gap = t.low[a.end : b.start].strip(" ,")
        if gap in {"or", "/", "and/or", "or even", "or maybe"}:
            join(a.name, b.name)
    for s in spans:
        if s.kind == "topic":
            add(f"repo:{s.value}")
    out = [set(g) for g in groups if g]
    for g in out:
        # "Metal or CUDA kernels": a bare language beside a kernel skill shares the noun, so its kernel joins.
        if any(n.startswith("skill:") and n[6:] in SKILL_LANGUAGE for n in g):
            g.update(f"skill:{LANGUAGE_SKILL[n[9:]]}" for n in list(g) if n[9:] in LANGUAGE_SKILL)
    out = [sorted(g) for g in out]
    # Recruiters who ask for C++ take C systems programmers too ("C/C++").
    for g in out:
        if "language:cpp" in g and "language:c" not in g:
            g.append("language:c")
            g.sort()
    return out, items
