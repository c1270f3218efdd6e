"""The records that cross stage boundaries: git -> signals -> profiles -> search -> api/eval."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, StringConstraints, field_validator

ChangeKind = Literal["added", "modified", "deleted", "renamed", "copied", "type_changed"]


class Identity(BaseModel):
    """One (name, email) pair as it appears in a commit."""

    name: str
    email: str  # lowercased


class FileChange(BaseModel):
    path: str
    old_path: str | None = None  # set for renames and copies
    kind: ChangeKind = "modified"
    language: str | None = None  # "cpp", "c", "cuda", "rust", "metal", "python", "glsl", ...
    added: int = 0
    removed: int = 0
    binary: bool = False
    vendored: bool = False  # third_party/, vendor/, minified, generated protobuf, ...
    submodule: bool = False
    truncated: bool = False  # hit the per-file or per-commit byte cap
    unreadable: bool = False  # object missing from the clone
    # Added lines with their 1-based line numbers in the new file. Not persisted verbatim.
    added_lines: list[tuple[int, str]] = Field(default_factory=list)


class Commit(BaseModel):
    repo: str  # owner/name
    sha: str
    patch_id: str | None = None  # `git patch-id --stable`; None for empty diffs
    author: Identity
    committer: Identity | None = None
    co_authors: list[Identity] = Field(default_factory=list)
    authored_at: datetime
    committed_at: datetime | None = None
    message: str  # subject + body (+ PR text where known)
    pr_text: str | None = None
    files: list[FileChange] = Field(default_factory=list)

    @property
    def subject(self) -> str:
        return self.message.split("\n", 1)[0].strip()


class Evidence(BaseModel):
    repo: str
    sha: str
    path: str | None = None  # None for text signals (commit message / PR body)
    line: int | None = None
    snippet: str = ""  # at most ~5 lines
    title: str = ""  # commit subject or PR title
    details: list[str] = Field(default_factory=list)  # what this observation showed: ISA, format... ("neon")


@dataclass(frozen=True, slots=True)
class CommitText:
    """The searchable text of one counted commit of a person (profiles -> search.lexical).

    A plain dataclass, not a model: an index holds tens of thousands and validates none of them."""

    repo: str
    sha: str
    subject: str
    text: str  # body without trailers, PR text, changed paths, what the detectors recorded
    day: date | None = None


class Signal(BaseModel):
    kind: str  # a key of models.taxonomy.SKILLS (or a classification, see CommitClass)
    weight: float = 1.0  # strength of this single observation, 0..1 (roughly)
    language: str | None = None
    evidence: Evidence
    detail: dict[str, Any] = Field(default_factory=dict)  # e.g. {"isa": "avx2"} or a benchmark claim


class CommitClass(BaseModel):
    """How a commit counts for a systems profile (from paths, languages, message)."""

    docs_only: bool = False
    ci_only: bool = False
    typo_fix: bool = False
    python_only: bool = False
    tests_only: bool = False
    reformat: bool = False  # formatting/lint only (added ~= removed, subject says so): lines, signals not counted
    systems_lines: int = 0  # added lines in systems code (C/C++/CUDA/Rust/Metal/shaders, systems paths)
    app_lines: int = 0  # added lines in application-level code (Python, examples, bindings glue)
    other_lines: int = 0


class SkillScore(BaseModel):
    skill: str
    score: float  # 0..1, recency-weighted, saturated, normalised
    commits: int
    last_date: date | None = None
    evidence: list[Evidence] = Field(default_factory=list)
    details: list[str] = Field(default_factory=list)  # e.g. ["Q4_K", "Q8_0"] or ["avx2", "neon"]
    detail_commits: dict[str, int] = Field(default_factory=dict)  # how many of `commits` showed each detail


class Activity(BaseModel):
    commits: int = 0
    active_weeks: int = 0
    first_date: date | None = None
    last_date: date | None = None


class Profile(BaseModel):
    id: str  # "gh:<login>" or the primary email
    names: list[str]
    emails: list[str]
    login: str | None = None
    repos: dict[str, int] = Field(default_factory=dict)  # owner/name -> commits
    languages: dict[str, int] = Field(default_factory=dict)  # language -> added lines
    skills: dict[str, SkillScore] = Field(default_factory=dict)
    activity: Activity = Field(default_factory=Activity)
    systems_share: float = 0.0  # 0..1 of added lines that are systems-level
    unsafe_share: float | None = None  # of the person's added Rust lines inside unsafe
    depth: float = 0.0  # 0..1
    flags: list[str] = Field(default_factory=list)  # "python_only", "docs_only", ...
    benchmark_changes: int = 0
    summary: str = ""


class Interpretation(BaseModel):
    """How a recruiter sentence was understood; part of every answer."""

    text: str
    languages: list[str] = Field(default_factory=list)
    repos: list[str] = Field(default_factory=list)
    skills: list[str] = Field(default_factory=list)
    active_since: date | None = None
    seniority: str | None = None
    exclusions: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    # Requirement groups as criterion names ("skill:simd", "language:rust"): every group should be met,
    # any member of a group meets it ("CUDA or Metal kernels" is one group).
    groups: list[list[str]] = Field(default_factory=list)
    # The words of the sentence behind each group, in the same order: what the commit text is searched for.
    group_terms: list[list[str]] = Field(default_factory=list)
    # Criteria that only prefer ("a tokenizer person", repos given as examples): they add, never require.
    prefer: list[str] = Field(default_factory=list)
    # Criteria the sentence ruled out ("other than CUDA", "non-NVIDIA"): they demote, never require.
    avoid: list[str] = Field(default_factory=list)
    # Words no skill, language or repo covers: matched against people's commit text.
    keywords: list[str] = Field(default_factory=list)
    # Share of the sentence's content words that were understood (0..1).
    confidence: float = 1.0


class Criterion(BaseModel):
    name: str  # "skill:quantization", "language:rust", "repo:huggingface/candle"
    strength: float
    evidence: list[Evidence] = Field(default_factory=list)


class Match(BaseModel):
    rank: int
    id: str
    name: str
    login: str | None = None
    emails: list[str] = Field(default_factory=list)
    score: float
    breakdown: dict[str, float] = Field(default_factory=dict)
    criteria: list[Criterion] = Field(default_factory=list)
    why: str = ""
    summary: str = ""
    activity: Activity = Field(default_factory=Activity)
    repos: dict[str, int] = Field(default_factory=dict)


class SearchResult(BaseModel):
    interpretation: Interpretation
    total: int
    matches: list[Match]


class SearchFilters(BaseModel):
    """Explicit hard constraints next to the sentence; values must be known to the index."""

    languages: list[str] = Field(default_factory=list, max_length=20)
    repos: list[str] = Field(default_factory=list, max_length=50)
    skills: list[str] = Field(default_factory=list, max_length=20)
    active_since: date | None = None
    # Parts of the sentence's interpretation to ignore, as the answer names them: "skill:quantization",
    # "language:rust", "repo:huggingface/candle", "exclusion:python_only", "keyword:fp8", "since", "seniority".
    drop: list[Annotated[str, StringConstraints(min_length=1, max_length=120)]] = Field(
        default_factory=list, max_length=40
    )


class SearchRequest(BaseModel):
    query: str = Field(min_length=1, max_length=1000, description="a recruiter sentence")
    limit: int = Field(default=10, ge=1, le=100)
    offset: int = Field(default=0, ge=0, le=10_000)
    filters: SearchFilters = Field(default_factory=SearchFilters)

    @field_validator("query")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("query is empty: describe the people you are looking for")
        return value


class ContributorSummary(BaseModel):
    """One line of a contributor listing: enough to choose whom to open."""

    id: str
    name: str
    login: str | None = None
    commits: int = 0
    last_active: date | None = None
    repos: dict[str, int] = Field(default_factory=dict)
    languages: dict[str, int] = Field(default_factory=dict)
    skills: dict[str, float] = Field(default_factory=dict)  # skill -> score
    systems_share: float = 0.0
    summary: str = ""


class RepoSummary(BaseModel):
    name: str
    category: str | None = None
    commits: int = 0
    contributors: int = 0
    indexed_at: str | None = None
    aliases: list[str] = Field(default_factory=list)
