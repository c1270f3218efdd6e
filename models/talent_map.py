"""The quarterly talent map as JSON: what `scout map --json` prints and `GET /v1/map` returns.

Every figure follows docs/TALENT_MAP.md. Shares are 0..1, QoQ is (this - previous) / previous and null when
the previous figure is 0; churn is null when the previous quarter had no contributors.
"""

from __future__ import annotations

from pydantic import BaseModel, Field


class SkillGrowth(BaseModel):
    skill: str
    share: float  # of the category's commits this quarter that show the skill
    previous_share: float
    growth: float  # share - previous_share (percentage points / 100)


class DomainShare(BaseModel):
    domain: str  # a company e-mail domain, or "independent"
    commits: int
    share: float


class WorkMix(BaseModel):
    benchmark_or_profiling_share: float | None = None
    tests_share: float | None = None
    rising_skills: list[SkillGrowth] = Field(default_factory=list)


class CategoryFigures(BaseModel):
    category: str
    commits: int
    contributors: int
    active_repos: int
    previous_commits: int
    previous_contributors: int
    previous_active_repos: int
    commits_qoq: float | None = None
    contributors_qoq: float | None = None
    new_contributors: int
    churn: float | None = None
    mean_active_weeks: float | None = None
    work_mix: WorkMix = Field(default_factory=WorkMix)
    affiliation: list[DomainShare] = Field(default_factory=list)


class RepoFigures(BaseModel):
    repo: str
    category: str
    commits: int
    contributors: int
    previous_commits: int
    previous_contributors: int
    commits_qoq: float | None = None
    contributors_qoq: float | None = None
    new_contributors: int
    churn: float | None = None
    mean_active_weeks: float | None = None
    top5_share: float | None = None
    half_of_commits_people: int | None = None


class Overlap(BaseModel):
    a: str
    b: str
    people: int
    previous: int


class Movers(BaseModel):
    from_category: str
    to_category: str
    people: int


class Totals(BaseModel):
    repos: int  # indexed repositories
    active_repos: int
    commits: int
    contributors: int


class PersonLine(BaseModel):
    """One person behind a number: `id` is what `scout profile ID` and /v1/contributors/{id} take."""

    id: str
    name: str
    commits: int  # counted commits in the category this quarter
    active_weeks: int


class MoverLine(BaseModel):
    id: str
    name: str
    from_category: str
    to_category: str


class CategoryPeople(BaseModel):
    category: str
    new_contributors: list[PersonLine] = Field(default_factory=list)
    most_engaged: list[PersonLine] = Field(default_factory=list)
    movers_in: list[MoverLine] = Field(default_factory=list)
    movers_out: list[MoverLine] = Field(default_factory=list)


class TalentMap(BaseModel):
    quarter: str
    previous: str
    quarters: list[str] = Field(default_factory=list)  # every quarter with counted commits, oldest first
    category: str | None = None  # set when the map was asked for one category
    totals: Totals
    categories: list[CategoryFigures]
    repos: list[RepoFigures]
    overlaps: list[Overlap]
    movers: list[Movers]
    affiliation: list[DomainShare] = Field(default_factory=list)
    people: CategoryPeople | None = None
