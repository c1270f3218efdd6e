"""POST /v1/search."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import EngineDep, FastJSONResponse, SettingsDep, search_payload
from api.problems import problems
from models.records import SearchRequest, SearchResult

router = APIRouter(prefix="/v1", tags=["search"], responses=problems(401, 413, 503))


@router.post("/search", response_model=SearchResult)
def search(body: SearchRequest, eng: EngineDep, settings: SettingsDep) -> FastJSONResponse:
    """Rank contributors for a recruiter sentence; the answer includes how it was understood.
    `filters.drop` removes parts of that understanding ("skill:simd", "since") before ranking."""
    return FastJSONResponse(search_payload(eng.search(body), settings))
