"""POST /v1/search."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.deps import EngineDep, SettingsDep, search_payload
from api.problems import problems
from models.records import SearchRequest, SearchResult

router = APIRouter(prefix="/v1", tags=["search"], responses=problems(401, 413, 503))


@router.post("/search", response_model=SearchResult)
def search(body: SearchRequest, eng: EngineDep, settings: SettingsDep) -> JSONResponse:
    """Rank contributors for a recruiter sentence; the answer includes how it was understood.
    `filters.drop` removes parts of that understanding ("skill:simd", "since") before ranking."""
    return JSONResponse(search_payload(eng.search(body), settings))
