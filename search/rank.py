"""The one scoring function: how well a profile answers an interpretation, with its breakdown.

Hard constraints are checked first by `reject` (repos named as a place of work, active_since, excluded
flags, explicit filters); whoever passes is scored by `score`:

    strength(c)   skill:k     -> profile.skills[k].score * (0.2 + 0.4 * min(1, share of commits / 0.2)
                                 + 0.4 * min(1, log(1 + skill commits) / log(101)))
                  skill:k:d   -> as skill:k when detail d (an ISA, or the language FFI binds to) is
                                 in the skill's details or evidence, else 0.4 * score and not met (0 for a
                                 backend port to another platform)
                  any skill   -> 0.3 * score and not met when every evidence title is housekeeping
                  skill:cuda_kernel / metal_kernel -> 0.4 * score and not met without CUDA / Metal source
                  repo:r      -> 1 - exp(-commits in r / 8); met with any commit
                  language:l  -> (1 - exp(-lines_l / 800)) * (0.5 + 0.5 * lines_l / all_lines)
    group g       s_g = max over its members; met when a member reaches its floor (skill score >= 0.1,
                  >= 50 added lines in the language). Hybrid: the group's own words are also looked up
                  in the person's commit text (lexical, 0..1): c_g = 1 - (1 - s_g)(1 - 0.8 * lex_g), and an
                  unmet group still covers 0.5 * lex_g, so a requirement no detector verified
                  lowers a score instead of removing the person.
    coverage      C = mean_g (min(1, s_g / 0.5) if met else 0.5 * lex_g)
    requirements  R = (prod_g (0.05 + 0.95 * c_g)) ** (1 / groups)       all-of reads as a product
    keywords      K = mean over words no skill covers of their lexical score
    preferred     P = max strength over preferred criteria (repo words, repos given as examples), times
                  mean_g c_g when there are groups: a plus never stands in for what is required
    repo          Q = 1 - exp(-commits in the requested repos / 8)
    semantic      S = clip((cos(query, summary) - 0.1) / 0.6, 0, 1)
    depth D = profile.depth; systems Y = profile.systems_share; recency T = 0.5 ** (days since last / 365)

    score = sum_c w_c * x_c / sum_c w_c     over the components in play (weights in `Weights`;
            seniority multiplies depth by 5), times 0.5 if flagged python_only where a group asks for systems
            languages or kernel skills alone (0.9 where it asks for a skill in any language; 0.7 per other
            low-value flag), times (1 - 0.35 * max strength of what the sentence ruled out)

Missing a requested group costs its share of C and pulls R toward zero, so people who meet every group
lead; but nothing is ordered by construction: strong lexical or semantic evidence can still lift a
person whose skill the detectors did not see.

The engine scores every candidate of a search at once (`score_many` over a `People` table of columns built
once per snapshot): each step above is one numpy operation over all of them instead of a Python loop per
person, with the same results (tests/search/test_score_many.py); `score` is the same for one person.
"""

from __future__ import annotations

import functools
import math
import operator
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from models.records import Evidence, Interpretation, Profile, SearchFilters, SkillScore
from models.taxonomy import SYSTEMS_LANGUAGES

SKILL_FLOOR = 0.1
# Skills whose detail (AMD for CUDA-style kernels) must be a share of the work (indexer.profiles), never one
# evidence title that happens to say "CUDA/HIP".
DETAILS_ONLY = frozenset({"cuda_kernel"})
COVER_FULL = 0.5  # a met group's strength from which it covers fully
LANGUAGE_FLOOR_LINES = 50
LANGUAGE_FILTER_LINES = 20  # as the vector payload's language list (indexer.vectors.LANGUAGE_MIN_LINES)
LANGUAGE_SCALE = 800.0
FOCUS_SHARE = 0.2  # a skill in this share of someone's commits is their focus
FOCUS_WEIGHT = 0.4
VOLUME_WEIGHT = 0.4
VOLUME_COMMITS = 100  # this many changes with a skill is as much evidence of it as can count
REPO_SCALE = 8.0
RECENCY_HALF_LIFE_DAYS = 365.0
PYTHON_ONLY_FACTOR = 0.5
PYTHON_ONLY_MILD_FACTOR = 0.9
KERNEL_SKILLS = frozenset({"cuda_kernel", "metal_kernel", "gpu_shader", "simd", "raii_resource", "unsafe_rust", "ffi"})
SYSTEMS_WORK = SYSTEMS_LANGUAGES | KERNEL_SKILLS  # what only systems code can show
LOW_VALUE_FACTOR = 0.7
OTHER_DETAIL_FACTOR = 0.4
# Details that name a platform: a port to another platform (CANN for an ask about AMD) is not partly this one.
PLATFORM_DETAIL_SKILLS = frozenset({"backend_port"})
HOST_SIDE_FACTOR = 0.4
HOUSEKEEPING_FACTOR = 0.3
HOUSEKEEPING = re.compile(
    r"(?i)\b(?:clang-format|formatting|reformat\w*|format|pre-commit|lint\w*|typos?|whitespace|license|copyright)\b"
)
KERNEL_MIN_LINES = 20
KERNEL_LANGUAGE = {"cuda_kernel": "cuda", "metal_kernel": "metal"}
KERNEL_EXTENSIONS = {"cuda": (".cu", ".cuh"), "metal": (".metal",)}
LOW_VALUE_FLAGS = frozenset({"docs_only", "ci_only", "typo_only"})


@dataclass(frozen=True)
class Weights:
    # Measured on the real dev half (eval/real, docs/EVALUATION.md): depth and systems share as general priors
    # pushed people the labels call relevant (Python-hosted kernel and quantization authors) below others; they
    # stay as tie-breaks, depth counting again when the sentence asks for seniority. Pluses at 0.20 and a focus
    # reached at a fifth of someone's commits: measured on the dev half in the sixth round (BENCHMARKS.md).
    coverage: float = 0.30
    requirements: float = 0.40
    keywords: float = 0.12
    preferred: float = 0.20
    semantic: float = 0.15
    repo: float = 0.05
    depth: float = 0.02
    systems: float = 0.01
    recency: float = 0.03
    # With nothing structured to match, the commit text and similarity carry the ranking.
    keywords_alone: float = 0.45
    semantic_alone: float = 0.35
    seniority_depth_factor: float = 5.0
    lexical_support: float = 0.8  # lexical evidence for a group counts at this share of a skill's
    lexical_cover: float = 0.5  # an unmet group with lexical evidence covers this share of it
    group_floor: float = 0.05
    avoid: float = 0.35


WEIGHTS = Weights()


@dataclass(frozen=True)
class Constraints:
    """What excludes a person outright."""

    repos: frozenset[str] = frozenset()
    active_since: date | None = None
    exclude_flags: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()  # explicit filter: any of
    skills: frozenset[str] = frozenset()  # explicit filter: all of

    @classmethod
    def of(cls, interp: Interpretation, filters: SearchFilters | None = None) -> Constraints:
        filters = filters or SearchFilters()
        since = [d for d in (interp.active_since, filters.active_since) if d is not None]
        return cls(
            repos=frozenset(interp.repos) | frozenset(filters.repos),
            active_since=max(since) if since else None,
            exclude_flags=frozenset(interp.exclusions),
            languages=frozenset(filters.languages),
            skills=frozenset(filters.skills),
        )


@dataclass
class Scored:
    profile: Profile
    score: float
    breakdown: dict[str, float]
    strengths: dict[str, float] = field(default_factory=dict)  # criterion name -> strength
    met: dict[str, bool] = field(default_factory=dict)  # criterion name -> reached its floor
    groups_met: int = 0
    groups: int = 0
    lexical: dict[str, float] = field(default_factory=dict)  # word of the sentence -> commit-text score


def reject(profile: Profile, c: Constraints) -> str | None:
    """Why this person cannot be returned, or None when every hard constraint holds."""
    people = People([profile], date.min)
    return next((why for why, rejected in rejections(people, c) if rejected[0]), None)


def allowed(people: People, c: Constraints) -> np.ndarray:
    """Mask over `people`: True where every hard constraint holds."""
    keep = np.ones(len(people), dtype=bool)
    for _why, rejected in rejections(people, c):
        keep &= ~rejected
    return keep


def rejections(people: People, c: Constraints) -> list[tuple[str, np.ndarray]]:
    """Each hard constraint in play: (why it excludes, mask of the people it excludes)."""
    out: list[tuple[str, np.ndarray]] = []
    if c.repos:
        in_repos = np.logical_or.reduce([people.repo_commits(r) > 0 for r in c.repos])
        out.append(("no commits in " + ", ".join(sorted(c.repos)), ~in_repos))
    if c.active_since is not None:
        out.append((f"not active since {c.active_since.isoformat()}", people.last_day < c.active_since.toordinal()))
    if c.exclude_flags:
        flagged = np.logical_or.reduce([people.has_flag(f) for f in sorted(c.exclude_flags)])
        out.append(("flagged " + " or ".join(sorted(c.exclude_flags)), flagged))
    if c.languages:
        has = np.logical_or.reduce([people.language_lines(lang) >= LANGUAGE_FILTER_LINES for lang in c.languages])
        out.append(("no code in " + ", ".join(sorted(c.languages)), ~has))
    for skill in sorted(c.skills):
        out.append((f"no {skill} evidence", ~(people.skill_score(skill) >= SKILL_FLOOR)))
    return out


def criterion_strength(profile: Profile, name: str) -> tuple[float, bool]:
    """(strength 0..1, met) of one criterion such as "skill:simd" or "language:rust"."""
    kind, _, value = name.partition(":")
    if kind == "skill":
        value, _, detail = value.partition(":")
        s = profile.skills.get(value)
        score = s.score if s is not None else 0.0
        if detail and s is not None and not _has_detail(s, detail):
            # SIMD, but not in the instruction set asked for: related, not a match.
            return (0.0 if value in PLATFORM_DETAIL_SKILLS else score * OTHER_DETAIL_FACTOR), False
        if s is not None and _housekeeping_only(s):
            # Reformatting or linting kernel files is not writing kernels.
            return score * HOUSEKEEPING_FACTOR, False
        language = KERNEL_LANGUAGE.get(value)
        if language and s is not None and not _writes(profile, s, language):
            # Launching CUDA kernels from Rust or C++ host code is not writing them.
            return score * HOST_SIDE_FACTOR, False
        met = score >= SKILL_FLOOR
        if s is not None and profile.activity.commits > 0:
            # A line of work shows in both how much of it someone did and how much of their work it is: the author
            # of eighty such changes over the author of five (the detector score saturates early), and a specialist
            # over a maintainer of thousands of commits who touched it in passing. Asked for a detail (HIP kernels,
            # NEON), only the changes that showed it count: a CUDA author's five AMD fixes are not an AMD port.
            commits = _detail_commits(s, detail) if detail else s.commits
            focus = min(1.0, commits / profile.activity.commits / FOCUS_SHARE)
            volume = min(1.0, math.log1p(commits) / math.log1p(VOLUME_COMMITS))
            score *= 1.0 - FOCUS_WEIGHT - VOLUME_WEIGHT + FOCUS_WEIGHT * focus + VOLUME_WEIGHT * volume
        return score, met
    if kind == "language":
        lines = profile.languages.get(value, 0)
        total = sum(profile.languages.values()) or 1
        strength = (1.0 - math.exp(-lines / LANGUAGE_SCALE)) * (0.5 + 0.5 * lines / total)
        return strength, lines >= LANGUAGE_FLOOR_LINES
    if kind == "repo":
        commits = profile.repos.get(value, 0)
        return 1.0 - math.exp(-commits / REPO_SCALE), commits > 0
    return 0.0, False


def score(
    profile: Profile,
    interp: Interpretation,
    semantic: float,
    as_of: date,
    weights: Weights = WEIGHTS,
    lexical: Mapping[str, float] | None = None,
) -> Scored:
    """Score one profile for one interpretation (formula in the module docstring); `score_many` for one.

    `lexical` maps a word or phrase of the sentence (group terms and keywords) to this person's
    normalised lexical score (0..1); absent words score 0."""
    words = {w: np.array([v], dtype=np.float64) for w, v in (lexical or {}).items()}
    one = np.zeros(1, dtype=np.int64)
    return score_many(People([profile], as_of), one, interp, np.array([semantic]), words, weights).scored(0)


class People:
    """Columns over a fixed list of profiles, so that many people are scored at once with numpy.

    Built once per snapshot. A criterion's strengths are computed for everyone by `criterion_strength` the
    first time a sentence names it and kept (criteria come from the taxonomy and the indexed repos, so
    there are few). Read from many threads: a column computed twice by a race is the same column."""

    def __init__(self, profiles: Sequence[Profile], as_of: date) -> None:
        self.profiles = list(profiles)
        self.row = {p.id: i for i, p in enumerate(self.profiles)}
        self.commits = np.array([p.activity.commits for p in self.profiles], dtype=np.float64)
        self.depth = np.array([p.depth for p in self.profiles], dtype=np.float64)
        self.systems = np.array([p.systems_share for p in self.profiles], dtype=np.float64)
        self.recency = np.array([_recency(p, as_of) for p in self.profiles], dtype=np.float64)
        self.last_day = np.array(
            [p.activity.last_date.toordinal() if p.activity.last_date else 0 for p in self.profiles], dtype=np.int64
        )
        self.python_only = np.array(["python_only" in p.flags for p in self.profiles], dtype=bool)
        self.low_value = np.array([len(LOW_VALUE_FLAGS & set(p.flags)) for p in self.profiles], dtype=np.float64)
        by_id = sorted(range(len(self.profiles)), key=lambda i: self.profiles[i].id)
        self.id_order = np.empty(len(self.profiles), dtype=np.int64)  # rank of each id in sorted order (tie-break)
        self.id_order[by_id] = np.arange(len(self.profiles))
        self._columns: dict[tuple[str, str], np.ndarray] = {}

    def __len__(self) -> int:
        return len(self.profiles)

    def criterion(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """(strength, met) of one criterion for everyone."""
        strength = self._columns.get(("strength", name))
        met = self._columns.get(("met", name))
        if strength is None or met is None:
            pairs = [criterion_strength(p, name) for p in self.profiles]
            strength = np.array([s for s, _ in pairs], dtype=np.float64)
            met = np.array([ok for _, ok in pairs], dtype=bool)
            self._columns[("strength", name)], self._columns[("met", name)] = strength, met
        return strength, met

    def repo_commits(self, repo: str) -> np.ndarray:
        return self._column("repo", repo, lambda p: p.repos.get(repo, 0))

    def language_lines(self, language: str) -> np.ndarray:
        return self._column("language", language, lambda p: p.languages.get(language, 0))

    def skill_score(self, skill: str) -> np.ndarray:
        """The skill's detector score; -inf where the person has none (so below any floor)."""
        return self._column("skill", skill, lambda p: p.skills[skill].score if skill in p.skills else -math.inf)

    def has_flag(self, flag: str) -> np.ndarray:
        return self._column("flag", flag, lambda p: flag in p.flags).astype(bool)

    def _column(self, kind: str, key: str, value: Callable[[Profile], float]) -> np.ndarray:
        column = self._columns.get((kind, key))
        if column is None:
            column = np.array([value(p) for p in self.profiles], dtype=np.float64)
            self._columns[(kind, key)] = column
        return column


@dataclass
class Scores:
    """The scores of some people (`rows` of a People table) for one interpretation, with what explains them;
    `scored(i)` is the i-th person's Scored."""

    people: People
    rows: np.ndarray
    score: np.ndarray  # rounded to 6 places, as shown
    parts: dict[str, tuple[float, np.ndarray]]  # component -> (weight, value per person)
    total_weight: float
    factor: np.ndarray
    groups_met: np.ndarray
    groups: int
    strengths: dict[str, tuple[np.ndarray, np.ndarray]]  # group member -> (strength, met) per person
    lexical: Mapping[str, np.ndarray]

    def share(self, component: str, i: int) -> float:
        """Component's contribution to person i's score before flags, as the breakdown shows it."""
        weight, values = self.parts[component]
        return round(weight * float(values[i]) / self.total_weight, 4)

    def order(self) -> np.ndarray:
        """Indices best first; ties broken by more commits, then id, so answers are stable (as `rank`)."""
        rows = self.rows
        return np.lexsort((self.people.id_order[rows], -self.people.commits[rows], -self.score))

    def scored(self, i: int) -> Scored:
        breakdown = {k: self.share(k, i) for k in self.parts}
        breakdown["flags_factor"] = round(float(self.factor[i]), 4)
        breakdown["groups_met"] = float(self.groups_met[i])
        breakdown["groups"] = float(self.groups)
        return Scored(
            self.people.profiles[int(self.rows[i])],
            float(self.score[i]),
            breakdown,
            {name: round(float(s[i]), 4) for name, (s, _) in self.strengths.items()},
            {name: bool(ok[i]) for name, (_, ok) in self.strengths.items()},
            int(self.groups_met[i]),
            self.groups,
            {w: float(v[i]) for w, v in self.lexical.items() if v[i]},
        )


def score_many(
    people: People,
    rows: np.ndarray,
    interp: Interpretation,
    semantic: np.ndarray,
    lexical: Mapping[str, np.ndarray],
    weights: Weights = WEIGHTS,
) -> Scores:
    """Score people `rows` for one interpretation: the formula of the module docstring, each step for all of
    them at once. `semantic` is their cosine similarity to the query and `lexical` maps a word or phrase of
    the sentence to their normalised lexical scores (both aligned with `rows`; an absent word scores 0)."""
    zero = np.zeros(len(rows))
    strengths: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    combined: list[np.ndarray] = []
    cover: list[np.ndarray] = []
    groups_met = np.zeros(len(rows), dtype=np.int64)
    terms = interp.group_terms if len(interp.group_terms) == len(interp.groups) else [[] for _ in interp.groups]
    for group, words in zip(interp.groups, terms, strict=True):
        best, any_met = zero, np.zeros(len(rows), dtype=bool)
        for name in group:
            s, ok = (column[rows] for column in people.criterion(name))
            strengths[name] = (s, ok)
            best, any_met = np.maximum(best, s), any_met | ok
        lex = functools.reduce(np.maximum, (lexical.get(w, zero) for w in words), zero)
        # Either source can show the skill; both together show it best (a noisy-or of the two).
        combined.append(1.0 - (1.0 - best) * (1.0 - weights.lexical_support * lex))
        # A met group covers in proportion to its evidence, fully from half strength up.
        cover.append(np.where(any_met, np.minimum(1.0, best / COVER_FULL), weights.lexical_cover * lex))
        groups_met += any_met

    parts: dict[str, tuple[float, np.ndarray]] = {}  # component -> (weight, value per person)
    if combined:
        floor = weights.group_floor
        product = functools.reduce(operator.mul, (floor + (1 - floor) * c for c in combined))
        parts["coverage"] = (weights.coverage, functools.reduce(operator.add, cover) / len(cover))
        parts["requirements"] = (weights.requirements, product ** (1 / len(combined)))
    structured = bool(combined or interp.repos or interp.prefer)
    if interp.keywords:
        k = functools.reduce(operator.add, (lexical.get(w, zero) for w in interp.keywords)) / len(interp.keywords)
        parts["keywords"] = (weights.keywords if structured else weights.keywords_alone, k)
    parts["semantic"] = (weights.semantic if structured else weights.semantic_alone, _semantic(semantic))
    if interp.prefer:
        # A plus is a plus for someone who has what is asked: it counts in proportion to how well they meet it.
        fit = functools.reduce(operator.add, combined) / len(combined) if combined else 1.0
        parts["preferred"] = (weights.preferred, fit * _best(people, rows, interp.prefer))
    if interp.repos:
        commits = functools.reduce(operator.add, (people.repo_commits(r)[rows] for r in interp.repos))
        parts["repo"] = (weights.repo, 1.0 - np.exp(-commits / REPO_SCALE))
    senior = interp.seniority in {"senior", "staff", "principal"}
    depth_w = weights.depth * (weights.seniority_depth_factor if senior else 1.0)
    parts["depth"] = (depth_w, people.depth[rows])
    parts["systems"] = (weights.systems, people.systems[rows])
    parts["recency"] = (weights.recency, people.recency[rows])

    total_w = sum(w for w, _ in parts.values())
    base = functools.reduce(operator.add, (w * x for w, x in parts.values())) / total_w
    factor = np.where(people.python_only[rows], _python_only_factor(interp), 1.0)
    factor *= LOW_VALUE_FACTOR ** people.low_value[rows]
    avoided = _best(people, rows, interp.avoid) if interp.avoid else zero
    factor *= 1.0 - weights.avoid * avoided
    final = np.array([round(v, 6) for v in (base * factor).tolist()], dtype=np.float64)
    return Scores(people, rows, final, parts, total_w, factor, groups_met, len(combined), strengths, lexical)


def _best(people: People, rows: np.ndarray, names: Sequence[str]) -> np.ndarray:
    """The highest strength among the criteria, per person."""
    return functools.reduce(np.maximum, (people.criterion(n)[0][rows] for n in names))


def _python_only_factor(interp: Interpretation) -> float:
    """Python-only work is a red flag where the sentence asks for systems code or kernels; where it asks for a
    skill in any language ("a quantization person"), a Python author of that work is only a weaker match. A
    requirement that Python work can meet ("AMD GPU work": tinygrad's AMD driver is Python; "GPU kernels":
    Triton) asks for the work, not the language, so only a group of systems languages and kernel skills alone
    makes Python-only a red flag."""
    systems = any(group and all(n.split(":")[1] in SYSTEMS_WORK for n in group) for group in interp.groups)
    return PYTHON_ONLY_FACTOR if systems or interp.exclusions else PYTHON_ONLY_MILD_FACTOR


def _detail_commits(s: SkillScore, detail: str) -> int:
    """Changes of this skill that showed the detail; all of them for a profile built before counts were kept."""
    if not s.detail_commits:
        return s.commits
    counts = [n for value, n in s.detail_commits.items() if names_detail(value, detail)]
    return min(s.commits, max(counts)) if counts else min(s.commits, 1)  # seen only in evidence paths or titles


def _has_detail(s: SkillScore, detail: str) -> bool:
    """Whether the skill's details or evidence name this ISA or format ("avx512" matches "AVX-512F")."""
    if s.skill in DETAILS_ONLY:
        return any(names_detail(d, detail) for d in s.details)
    return any(names_detail(d, detail) for d in s.details) or any(shows_detail(e, detail) for e in s.evidence)


def names_detail(value: str, detail: str) -> bool:
    """Whether a detail value is the one asked for ("AVX-512F" is "avx512")."""
    return _squash(value).startswith(_squash(detail))


def shows_detail(e: Evidence, detail: str) -> bool:
    """Whether this piece of evidence is evidence of the detail: its signal's details, its path or its title."""
    return any(names_detail(d, detail) for d in e.details) or _squash(detail) in _squash(f"{e.path or ''} {e.title}")


def _housekeeping_only(s: SkillScore) -> bool:
    titles = [e.title for e in s.evidence if e.title.strip()]
    return bool(titles) and all(HOUSEKEEPING.search(t) for t in titles)


def _writes(profile: Profile, s: SkillScore, language: str) -> bool:
    if profile.languages.get(language, 0) >= KERNEL_MIN_LINES:
        return True
    exts = KERNEL_EXTENSIONS[language]
    return any((e.path or "").lower().endswith(exts) for e in s.evidence)


def _squash(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def _semantic(cos: np.ndarray) -> np.ndarray:
    return np.minimum(1.0, np.maximum(0.0, (cos - 0.1) / 0.6))


def _recency(profile: Profile, as_of: date) -> float:
    last = profile.activity.last_date
    if last is None:
        return 0.0
    days = max(0, (as_of - last).days)
    return 0.5 ** (days / RECENCY_HALF_LIFE_DAYS)


def rank(scored: list[Scored]) -> list[Scored]:
    """Best first; ties broken by more commits, then id, so answers are stable."""
    return sorted(scored, key=lambda s: (-s.score, -s.profile.activity.commits, s.profile.id))
