"""What the search knows: GET /v1/taxonomy and /v1/repos."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api.deps import EngineDep, SettingsDep, shown
from api.problems import problems
from models.records import RepoSummary

router = APIRouter(prefix="/v1", tags=["reference"], responses=problems(401, 413, 503))


@router.get("/taxonomy")
def taxonomy(eng: EngineDep) -> dict[str, Any]:
    """Skills (with synonyms and descriptions), languages and exclusion flags the search knows."""
    return eng.taxonomy()


@router.get("/repos", response_model=list[RepoSummary])
def repos(eng: EngineDep, settings: SettingsDep) -> list[RepoSummary]:
    """The indexed repositories."""
    return [RepoSummary.model_validate(shown(r.model_dump(mode="json"), settings)) for r in eng.repos()]
