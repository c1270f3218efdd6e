"""What routes depend on: the app's one engine (created at startup) and its settings, and how answers leave Scout."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, Protocol

import orjson
from fastapi import Depends, HTTPException, Request
from fastapi.responses import JSONResponse

from models.privacy import public_payload
from models.records import ContributorSummary, Interpretation, Profile, RepoSummary, SearchRequest, SearchResult
from models.settings import Settings

if TYPE_CHECKING:
    from search.engine import Snapshot


class Engine(Protocol):
    """What the API needs from search.engine.SearchEngine (tests pass a small real one)."""

    @property
    def snapshot(self) -> Snapshot: ...
    def ready(self) -> bool: ...
    def profile_count(self) -> int: ...
    def health_notes(self) -> list[str]: ...
    def search(self, request: SearchRequest) -> SearchResult: ...
    def understand(self, text: str) -> tuple[Interpretation, Any]: ...
    def contributor(self, person_id: str) -> Profile: ...
    def contributors(
        self, repo: str | None, language: str | None, skill: str | None, limit: int, offset: int
    ) -> tuple[int, list[ContributorSummary]]: ...
    def repos(self) -> list[RepoSummary]: ...
    def taxonomy(self) -> dict[str, Any]: ...
    def close(self) -> None: ...


EngineFactory = Callable[[Settings], Engine]


def get_engine(request: Request) -> Engine:
    """The app's one engine (created at startup); 503 with the reason while it is missing."""
    eng = getattr(request.app.state, "engine", None)
    if eng is None:
        reason = getattr(request.app.state, "engine_error", None) or "the index is still loading"
        raise HTTPException(503, f"search is not available: {reason}")
    return eng


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


EngineDep = Annotated[Engine, Depends(get_engine)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


def open_engine(settings: Settings) -> Engine:
    from search.engine import SearchEngine

    return SearchEngine.open(settings)


def search_payload(result: SearchResult, settings: Settings) -> dict[str, Any]:
    """The JSON of a search answer; `scout search --json` prints exactly this."""
    return shown(result.model_dump(mode="json"), settings)


class FastJSONResponse(JSONResponse):
    """JSON rendered by orjson: the same JSON as json.dumps (compact, UTF-8), in a tenth of its time, which a
    search answer of 50 explained matches spends on every request."""

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


def shown(payload: Any, settings: Settings) -> Any:
    """An answer as it may leave Scout: without e-mail addresses unless the operator opted in."""
    return payload if settings.show_emails else public_payload(payload)
