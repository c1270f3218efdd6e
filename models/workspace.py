"""The records of the recruiter's workspace: shortlists, people like a person, their activity, outreach drafts."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from models.records import Evidence

SHORTLIST_NAME_MAX = 80
NOTE_MAX = 2000
ROLE_MAX = 300
# A shortlist's name is a path segment of the API: no slash, no control characters.
SHORTLIST_NAME_PATTERN = r"^[^/\x00-\x1f\x7f]+$"

ShortlistName = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, min_length=1, max_length=SHORTLIST_NAME_MAX, pattern=SHORTLIST_NAME_PATTERN
    ),
]


class NewShortlist(BaseModel):
    name: ShortlistName


class MemberNote(BaseModel):
    note: str = Field(default="", max_length=NOTE_MAX)


class ShortlistSummary(BaseModel):
    name: str
    count: int
    created_at: datetime
    updated_at: datetime


class ShortlistMember(BaseModel):
    id: str
    name: str
    login: str | None = None
    note: str = ""
    added_at: datetime


class Shortlist(BaseModel):
    name: str
    created_at: datetime
    updated_at: datetime
    members: list[ShortlistMember] = Field(default_factory=list)


class ExportedMember(BaseModel):
    """One row of a shortlist export (CSV columns in this order)."""

    id: str
    name: str
    login: str | None = None
    repos: dict[str, int] = Field(default_factory=dict)
    top_skills: list[str] = Field(default_factory=list)
    note: str = ""
    added_at: datetime
    profile_url: str


class ShortlistExport(BaseModel):
    name: str
    created_at: datetime
    updated_at: datetime
    members: list[ExportedMember] = Field(default_factory=list)


class SimilarPerson(BaseModel):
    id: str
    name: str
    login: str | None = None
    score: float = Field(ge=0.0, le=1.0)
    shared_skills: list[str] = Field(default_factory=list)
    repos: dict[str, int] = Field(default_factory=dict)
    why: str = ""


class SimilarPeople(BaseModel):
    id: str
    similar: list[SimilarPerson] = Field(default_factory=list)


class MonthCount(BaseModel):
    month: str = Field(pattern=r"^\d{4}-\d{2}$")  # YYYY-MM
    commits: int


class RepoActivity(BaseModel):
    repo: str
    months: list[MonthCount] = Field(default_factory=list)


class PersonActivity(BaseModel):
    id: str
    months: list[MonthCount] = Field(default_factory=list)
    repos: list[RepoActivity] = Field(default_factory=list)


class OutreachDraft(BaseModel):
    id: str
    role: str | None = None
    subject: str
    message: str
    evidence: list[Evidence] = Field(default_factory=list)
