"""The one scoring function: how well a profile answers an interpretation, with its breakdown.

Hard constraints are checked first by `reject` (repos, active_since, excluded flags, explicit filters);
whoever passes is scored by `score`:

    strength(c)   skill:k     -> profile.skills[k].score * (0.7 + 0.3 * min(1, share of commits / 0.2))
                  skill:k:d   -> as skill:k when detail d (an ISA, or the language FFI binds to) is
                                 in the skill's details or evidence, else 0.4 * score and not met
                  any skill   -> 0.3 * score and not met when every evidence title is housekeeping
                                 (clang-format, pre-commit, lint, typo, license)
                  skill:cuda_kernel / metal_kernel -> 0.4 * score and not met without CUDA / Metal
                                 source (>= 20 added lines, or evidence in .cu/.metal files)
                  repo:r      -> 1 - exp(-commits in r / 8); met with any commit (a repo word
                                 such as "tokenizer" prefers, a repo name requires)
                  language:l  -> (1 - exp(-lines_l / 800)) * (0.5 + 0.5 * lines_l / all_lines)
    group g       strength(g) = max over its members; met when a member reaches its floor
                  (skill score >= 0.1, or >= 50 added lines in the language)
    requirements  R = 0.6 * min_g strength(g) + 0.4 * mean_g strength(g)
    repo          P = 1 - exp(-commits in the requested repos / 8)
    semantic      S = clip((cos(query, summary) - 0.1) / 0.6, 0, 1)
    depth         D = profile.depth
    systems       Y = profile.systems_share
    recency       T = 0.5 ** (days since last commit / 365)

    base  = sum_c w_c * x_c / sum_c w_c   over the components in play (weights below; repo only when
            repos were asked for, requirements only when groups were; seniority doubles depth)
    base *= 0.5 if the profile is flagged python_only (and 0.7 per other low-value flag)
    score = (groups met + base) / (groups + 1)

Because base < 1, everyone who meets k+1 requirement groups ranks above everyone who meets k: a
person missing a requested skill ranks below those having all of them, whatever their other merits.
Systems-level work weighs more through Y, D and the python_only demotion.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date

from models.records import Evidence, Interpretation, Profile, SearchFilters, SkillScore

SKILL_FLOOR = 0.1
LANGUAGE_FLOOR_LINES = 50
LANGUAGE_FILTER_LINES = 20  # as the vector payload's language list (indexer.vectors.LANGUAGE_MIN_LINES)
LANGUAGE_SCALE = 800.0
FOCUS_SHARE = 0.2  # a skill in this share of someone's commits is their focus
FOCUS_WEIGHT = 0.3
REPO_SCALE = 8.0
RECENCY_HALF_LIFE_DAYS = 365.0
PYTHON_ONLY_FACTOR = 0.5
LOW_VALUE_FACTOR = 0.7
OTHER_DETAIL_FACTOR = 0.4
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
    requirements: float = 0.50
    semantic: float = 0.15
    repo: float = 0.10
    depth: float = 0.10
    systems: float = 0.10
    recency: float = 0.05
    # With nothing structured to match, similarity and the shape of the work carry the ranking.
    semantic_alone: float = 0.45
    seniority_depth_factor: float = 2.0


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


def reject(profile: Profile, c: Constraints) -> str | None:
    """Why this person cannot be returned, or None when every hard constraint holds."""
    if c.repos and not any(profile.repos.get(r, 0) > 0 for r in c.repos):
        return "no commits in " + ", ".join(sorted(c.repos))
    if c.active_since is not None:
        last = profile.activity.last_date
        if last is None or last < c.active_since:
            return f"not active since {c.active_since.isoformat()}"
    if c.exclude_flags & set(profile.flags):
        return "flagged " + ", ".join(sorted(c.exclude_flags & set(profile.flags)))
    if c.languages and not any(profile.languages.get(lang, 0) >= LANGUAGE_FILTER_LINES for lang in c.languages):
        return "no code in " + ", ".join(sorted(c.languages))
    for skill in c.skills:
        s = profile.skills.get(skill)
        if s is None or s.score < SKILL_FLOOR:
            return f"no {skill} evidence"
    return None


def criterion_strength(profile: Profile, name: str) -> tuple[float, bool]:
    """(strength 0..1, met) of one criterion such as "skill:simd" or "language:rust"."""
    kind, _, value = name.partition(":")
    if kind == "skill":
        value, _, detail = value.partition(":")
        s = profile.skills.get(value)
        score = s.score if s is not None else 0.0
        if detail and s is not None and not _has_detail(s, detail):
            # SIMD, but not in the instruction set asked for: related, not a match.
            return score * OTHER_DETAIL_FACTOR, False
        if s is not None and _housekeeping_only(s):
            # Reformatting or linting kernel files is not writing kernels.
            return score * HOUSEKEEPING_FACTOR, False
        language = KERNEL_LANGUAGE.get(value)
        if language and s is not None and not _writes(profile, s, language):
            # Launching CUDA kernels from Rust or C++ host code is not writing them.
            return score * HOST_SIDE_FACTOR, False
        met = score >= SKILL_FLOOR
        if s is not None and profile.activity.commits > 0:
            # Someone whose work is mostly this skill is more of a match than one who touched it in passing.
            focus = min(1.0, s.commits / profile.activity.commits / FOCUS_SHARE)
            score *= 1.0 - FOCUS_WEIGHT + FOCUS_WEIGHT * focus
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
) -> Scored:
    """Score one profile for one interpretation (formula in the module docstring)."""
    strengths: dict[str, float] = {}
    met: dict[str, bool] = {}
    group_strengths: list[float] = []
    groups_met = 0
    for group in interp.groups:
        best, any_met = 0.0, False
        for name in group:
            s, ok = criterion_strength(profile, name)
            strengths[name], met[name] = round(s, 4), ok
            best, any_met = max(best, s), any_met or ok
        group_strengths.append(best)
        groups_met += any_met

    parts: dict[str, tuple[float, float]] = {}  # component -> (weight, value)
    if group_strengths:
        req = 0.6 * min(group_strengths) + 0.4 * sum(group_strengths) / len(group_strengths)
        parts["requirements"] = (weights.requirements, req)
        parts["semantic"] = (weights.semantic, _semantic(semantic))
    else:
        parts["semantic"] = (weights.semantic_alone, _semantic(semantic))
    if interp.repos:
        commits = sum(profile.repos.get(r, 0) for r in interp.repos)
        parts["repo"] = (weights.repo, 1.0 - math.exp(-commits / REPO_SCALE))
    senior = interp.seniority in {"senior", "staff", "principal"}
    depth_w = weights.depth * (weights.seniority_depth_factor if senior else 1.0)
    parts["depth"] = (depth_w, profile.depth)
    parts["systems"] = (weights.systems, profile.systems_share)
    parts["recency"] = (weights.recency, _recency(profile, as_of))

    total_w = sum(w for w, _ in parts.values())
    base = sum(w * x for w, x in parts.values()) / total_w
    factor = PYTHON_ONLY_FACTOR if "python_only" in profile.flags else 1.0
    factor *= LOW_VALUE_FACTOR ** len(LOW_VALUE_FLAGS & set(profile.flags))
    base *= factor
    n = len(group_strengths)
    final = (groups_met + min(base, 0.9999)) / (n + 1)

    breakdown = {k: round(w * x / total_w, 4) for k, (w, x) in parts.items()}
    breakdown["flags_factor"] = round(factor, 4)
    breakdown["groups_met"] = float(groups_met)
    breakdown["groups"] = float(n)
    return Scored(profile, round(final, 6), breakdown, strengths, met, groups_met, n)


def _has_detail(s: SkillScore, detail: str) -> bool:
    """Whether the skill's details or evidence name this ISA or format ("avx512" matches "AVX-512F")."""
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


def _semantic(cos: float) -> float:
    return min(1.0, max(0.0, (cos - 0.1) / 0.6))


def _recency(profile: Profile, as_of: date) -> float:
    last = profile.activity.last_date
    if last is None:
        return 0.0
    days = max(0, (as_of - last).days)
    return 0.5 ** (days / RECENCY_HALF_LIFE_DAYS)


def rank(scored: list[Scored]) -> list[Scored]:
    """Best first; ties broken by more commits, then id, so answers are stable."""
    return sorted(scored, key=lambda s: (-s.score, -s.profile.activity.commits, s.profile.id))
