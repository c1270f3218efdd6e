"""Contributors: the listing, one profile, and what the profile page shows beside it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from api.deps import EngineDep, SettingsDep, shown
from api.problems import problems
from models.records import ContributorSummary, Profile
from models.workspace import ROLE_MAX, OutreachDraft, PersonActivity, SimilarPeople
from search.outreach import outreach_draft
from search.similar import similar_people

router = APIRouter(prefix="/v1/contributors", tags=["contributors"], responses=problems(401, 503))

PersonId = Annotated[str, Path(max_length=320, description="person id, p:id, gh:login, login or e-mail")]


class ContributorPage(BaseModel):
    total: int
    limit: int
    offset: int
    contributors: list[ContributorSummary]


@router.get("", response_model=ContributorPage, responses=problems(413))
def contributors(
    eng: EngineDep,
    settings: SettingsDep,
    repo: Annotated[str | None, Query(max_length=200)] = None,
    language: Annotated[str | None, Query(max_length=40)] = None,
    skill: Annotated[str | None, Query(max_length=60)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> JSONResponse:
    """Contributors filtered by repo, language and skill, strongest first."""
    total, people = eng.contributors(repo or None, language or None, skill or None, limit, offset)
    page = ContributorPage(total=total, limit=limit, offset=offset, contributors=people)
    return JSONResponse(shown(page.model_dump(mode="json"), settings))


@router.get("/{person_id}", response_model=Profile, responses=problems(404))
def contributor(person_id: PersonId, eng: EngineDep, settings: SettingsDep) -> JSONResponse:
    """One contributor's full profile, by id, `p:` id, `gh:login`, login or e-mail (as `scout profile` takes)."""
    return JSONResponse(shown(eng.contributor(person_id).model_dump(mode="json"), settings))


@router.get("/{person_id}/similar", response_model=SimilarPeople, responses=problems(404))
def similar(
    person_id: PersonId,
    eng: EngineDep,
    settings: SettingsDep,
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> JSONResponse:
    """People like this one: nearest by profile vector blended with skill overlap (never the person, never
    anyone suppressed)."""
    found = similar_people(eng.snapshot, eng.contributor(person_id), limit)
    return JSONResponse(shown(found.model_dump(mode="json"), settings))


@router.get("/{person_id}/activity", response_model=PersonActivity, responses=problems(404))
def activity(person_id: PersonId, eng: EngineDep, settings: SettingsDep) -> JSONResponse:
    """Commits per month (authored or co-authored), overall and per repository, zero months filled in."""
    from indexer.activity import person_activity
    from indexer.store import Store

    pid = eng.contributor(person_id).id
    store = Store.open(settings.db_path, read_only=True)
    try:
        return JSONResponse(shown(person_activity(store, pid).model_dump(mode="json"), settings))
    finally:
        store.close()


@router.get("/{person_id}/outreach", response_model=OutreachDraft, responses=problems(404))
def outreach(
    person_id: PersonId,
    eng: EngineDep,
    settings: SettingsDep,
    role: Annotated[str | None, Query(max_length=ROLE_MAX, description="the role, as a recruiter writes it")] = None,
) -> JSONResponse:
    """A short message naming the person's own strongest, most recent work that matches the role; built from
    their evidence only (no model, no network)."""
    profile = eng.contributor(person_id)
    role = " ".join(role.split()) if role else None
    understood = eng.understand(role)[0] if role else None
    return JSONResponse(shown(outreach_draft(profile, role or None, understood).model_dump(mode="json"), settings))
