"""Shortlists kept in the store: /v1/shortlists CRUD, members with a note, CSV and JSON export."""

from __future__ import annotations

import re
from typing import Annotated, Literal
from urllib.parse import quote

from fastapi import APIRouter, Body, Path, Query, Request, Response
from fastapi.responses import JSONResponse

from api.deps import Engine, EngineDep, SettingsDep, shown
from api.problems import problems
from models.records import Profile
from models.settings import Settings
from models.workspace import (
    SHORTLIST_NAME_MAX,
    SHORTLIST_NAME_PATTERN,
    MemberNote,
    NewShortlist,
    Shortlist,
    ShortlistExport,
    ShortlistMember,
    ShortlistSummary,
)
from search.engine import NotFoundError
from search.shortlists import Shortlists, to_csv

router = APIRouter(prefix="/v1/shortlists", tags=["shortlists"], responses=problems(401, 413, 503))

Name = Annotated[str, Path(min_length=1, max_length=SHORTLIST_NAME_MAX, pattern=SHORTLIST_NAME_PATTERN)]
PersonId = Annotated[str, Path(max_length=320, description="person id, p:id, gh:login, login or e-mail")]


class EnginePeople:
    """People as the loaded engine knows them: its lookup (the one `scout profile` uses) and its profiles."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def find(self, query: str) -> Profile | None:
        try:
            return self.engine.contributor(query)
        except NotFoundError:
            return None

    def profiles(self, person_ids: list[str]) -> dict[str, Profile]:
        known = self.engine.snapshot.profiles
        return {pid: known[pid] for pid in person_ids if pid in known}


def _shortlists(eng: Engine, settings: Settings) -> Shortlists:
    return Shortlists(settings.db_path, EnginePeople(eng))


@router.get("", response_model=list[ShortlistSummary])
def list_shortlists(eng: EngineDep, settings: SettingsDep) -> list[ShortlistSummary]:
    """Every shortlist with how many people it holds."""
    return _shortlists(eng, settings).list()


@router.post("", status_code=201, response_model=Shortlist, responses=problems(409))
def create_shortlist(body: NewShortlist, eng: EngineDep, settings: SettingsDep) -> JSONResponse:
    """A new, empty shortlist; 409 when one of that name (in any case) exists."""
    return JSONResponse(_shown(_shortlists(eng, settings).create(body.name), settings), status_code=201)


@router.get("/{name}", response_model=Shortlist, responses=problems(404))
def show_shortlist(name: Name, eng: EngineDep, settings: SettingsDep) -> JSONResponse:
    """The shortlist and its members, oldest first (people since suppressed are left out)."""
    return JSONResponse(_shown(_shortlists(eng, settings).show(name), settings))


@router.delete("/{name}", status_code=204, responses=problems(404))
def delete_shortlist(name: Name, eng: EngineDep, settings: SettingsDep) -> Response:
    _shortlists(eng, settings).delete(name)
    return Response(status_code=204)


@router.put("/{name}/members/{person_id}", response_model=ShortlistMember, responses=problems(404))
def put_member(
    name: Name,
    person_id: PersonId,
    eng: EngineDep,
    settings: SettingsDep,
    body: Annotated[MemberNote | None, Body()] = None,
) -> JSONResponse:
    """Add a person to the shortlist, or replace their note; 404 for an unknown person or shortlist."""
    member = _shortlists(eng, settings).put(name, person_id, body.note if body else "")
    return JSONResponse(_shown(member, settings))


@router.delete("/{name}/members/{person_id}", status_code=204, responses=problems(404))
def remove_member(name: Name, person_id: PersonId, eng: EngineDep, settings: SettingsDep) -> Response:
    _shortlists(eng, settings).remove(name, person_id)
    return Response(status_code=204)


@router.get(
    "/{name}/export",
    response_model=ShortlistExport,
    responses={**problems(404), 200: {"content": {"text/csv": {}}, "description": "CSV or JSON"}},
)
def export_shortlist(
    name: Name,
    request: Request,
    eng: EngineDep,
    settings: SettingsDep,
    format: Annotated[Literal["csv", "json"], Query()] = "csv",
) -> Response:
    """The shortlist for a spreadsheet (CSV: id, name, login, repos, top_skills, note, added_at, profile_url)
    or as JSON, with each person's repositories and top skills."""
    base = str(request.base_url).rstrip("/")
    export = _shortlists(eng, settings).export(
        name, lambda pid: f"{base}/people/{quote(pid, safe=':')}", settings.show_emails
    )
    if format == "json":
        return JSONResponse(_shown(export, settings))
    filename = re.sub(r"[^A-Za-z0-9._-]+", "_", export.name).strip("_") or "shortlist"
    return Response(
        to_csv(export),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}.csv"'},
    )


def _shown(record: Shortlist | ShortlistMember | ShortlistExport, settings: Settings) -> object:
    return shown(record.model_dump(mode="json"), settings)
