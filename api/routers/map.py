"""GET /v1/map: the quarterly talent map."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from api.deps import SettingsDep, shown
from api.problems import problems
from models.talent_map import TalentMap
from talent.quarters import QUARTER_PATTERN

router = APIRouter(prefix="/v1", tags=["talent"], responses=problems(401, 404, 503))


@router.get("/map", response_model=TalentMap)
def talent_map(
    settings: SettingsDep,
    quarter: Annotated[str | None, Query(pattern=QUARTER_PATTERN, description="e.g. 2026Q2")] = None,
    category: Annotated[str | None, Query(max_length=80)] = None,
) -> JSONResponse:
    """The quarterly talent map (docs/TALENT_MAP.md); default: the last complete quarter in the index.
    With `category`, that category's rows and the people behind them."""
    from indexer.store import Store
    from talent.map import NoDataError, build_map

    if not settings.db_path.exists():  # nothing indexed yet: no quarter has data (404, like an empty quarter)
        raise NoDataError(f"no index at {settings.db_path}: run `scout index` first")
    store = Store.open(settings.db_path, read_only=True)
    try:
        return JSONResponse(shown(build_map(store, quarter, category=category).model_dump(mode="json"), settings))
    finally:
        store.close()
