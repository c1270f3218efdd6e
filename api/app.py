"""The JSON API: `create_app(settings)` wires a SearchEngine, loaded once at startup, into FastAPI.

No business logic here: routes validate, call the engine and shape errors as RFC 9457
application/problem+json. Every response carries X-Request-ID, and each request logs one JSON line.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import logging
import re
import socket
import time
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from http import HTTPStatus
from typing import Annotated, Any, Protocol

from fastapi import Depends, FastAPI, HTTPException, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from models.errors import ScoutError
from models.privacy import public_payload
from models.records import ContributorSummary, Profile, RepoSummary, SearchRequest, SearchResult
from models.settings import Settings
from models.talent_map import TalentMap
from talent.quarters import QUARTER_PATTERN

log = logging.getLogger("scout.api")

PROBLEM = "application/problem+json"
REQUEST_ID = re.compile(r"^[A-Za-z0-9._:\-]{1,64}$")


class Engine(Protocol):
    """What the API needs from search.engine.SearchEngine (tests pass a small real one)."""

    def ready(self) -> bool: ...
    def profile_count(self) -> int: ...
    def health_notes(self) -> list[str]: ...
    def search(self, request: SearchRequest) -> SearchResult: ...
    def contributor(self, person_id: str) -> Profile: ...
    def contributors(
        self, repo: str | None, language: str | None, skill: str | None, limit: int, offset: int
    ) -> tuple[int, list[ContributorSummary]]: ...
    def repos(self) -> list[RepoSummary]: ...
    def taxonomy(self) -> dict[str, Any]: ...
    def close(self) -> None: ...


EngineFactory = Callable[[Settings], Engine]


class Problem(BaseModel):
    type: str = "about:blank"
    title: str
    status: int
    detail: str
    request_id: str | None = None


class ContributorPage(BaseModel):
    total: int
    limit: int
    offset: int
    contributors: list[ContributorSummary]


class Health(BaseModel):
    status: str
    profiles: int | None = None


class Readiness(Health):
    status: str  # ready, or degraded: answers still come, and `notes` say what they lack
    notes: list[str] = []


PROBLEMS: dict[int | str, dict[str, Any]] = {
    code: {"model": Problem, "content": {PROBLEM: {}}, "description": HTTPStatus(code).phrase}
    for code in (401, 404, 413, 422, 503)
}


def is_loopback(host: str) -> bool:
    """True when every address HOST resolves to is a loopback one (127.0.0.0/8, ::1); a name that does not
    resolve is not loopback. The name's text proves nothing: 127.attacker.example may resolve to 0.0.0.0."""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return False
    addresses = {str(info[4][0]) for info in infos}  # TCP: (host, port, ...) tuples, the host a str
    return bool(addresses) and all(ipaddress.ip_address(a.split("%")[0]).is_loopback for a in addresses)


def create_app(
    settings: Settings,
    *,
    engine_factory: EngineFactory | None = None,
    require_keys: bool = False,
) -> FastAPI:
    """The app. `require_keys` (set when bound beyond loopback) refuses to build without API keys."""
    keys = [k.encode() for k in settings.api_keys if k]
    if require_keys and not keys:
        raise ScoutError(
            "refusing to serve beyond 127.0.0.1 without API keys: set SCOUT_API_KEYS=key1,key2 or bind to 127.0.0.1"
        )
    factory = engine_factory or _open_engine

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.engine = None
        app.state.engine_error = None
        try:
            app.state.engine = factory(settings)
        except ScoutError as exc:
            # Stay up so /healthz answers and /readyz says why; searches get a 503 with the reason.
            app.state.engine_error = str(exc)
            log.error(json.dumps({"event": "engine_failed", "error": str(exc)}))
        try:
            yield
        finally:
            if app.state.engine is not None:
                app.state.engine.close()

    app = FastAPI(
        title="Scout",
        version="0.1.0",
        summary="Find ML systems engineers from their real code.",
        lifespan=lifespan,
        responses={422: PROBLEMS[422]},
    )
    app.add_middleware(Guard, keys=keys, max_body_bytes=settings.max_body_bytes)
    app.add_middleware(RequestContext)  # outermost: every answer, the guard's too, has a request id
    _install_error_handlers(app)

    v1: dict[int | str, dict[str, Any]] = {401: PROBLEMS[401], 413: PROBLEMS[413], 503: PROBLEMS[503]}

    @app.post("/v1/search", response_model=SearchResult, tags=["search"], responses=v1)
    def search(body: SearchRequest, eng: EngineDep) -> JSONResponse:
        """Rank contributors for a recruiter sentence; the answer includes how it was understood."""
        result = eng.search(body)
        return JSONResponse(search_payload(result, settings))

    @app.get(
        "/v1/contributors/{person_id}",
        response_model=Profile,
        tags=["contributors"],
        responses={401: PROBLEMS[401], 404: PROBLEMS[404], 503: PROBLEMS[503]},
    )
    def contributor(person_id: Annotated[str, Path(max_length=320)], eng: EngineDep) -> JSONResponse:
        """One contributor's full profile, by id, `gh:login` or login."""
        return JSONResponse(shown(eng.contributor(person_id).model_dump(mode="json"), settings))

    @app.get("/v1/contributors", response_model=ContributorPage, tags=["contributors"], responses=v1)
    def contributors(
        eng: EngineDep,
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

    @app.get("/v1/taxonomy", tags=["reference"], responses=v1)
    def taxonomy(eng: EngineDep) -> dict[str, Any]:
        """Skills (with synonyms and descriptions), languages and exclusion flags the search knows."""
        return eng.taxonomy()

    @app.get("/v1/repos", response_model=list[RepoSummary], tags=["reference"], responses=v1)
    def repos(eng: EngineDep) -> list[RepoSummary]:
        """The indexed repositories."""
        return [RepoSummary.model_validate(shown(r.model_dump(mode="json"), settings)) for r in eng.repos()]

    @app.get(
        "/v1/map",
        response_model=TalentMap,
        tags=["talent"],
        responses={401: PROBLEMS[401], 404: PROBLEMS[404], 503: PROBLEMS[503]},
    )
    def talent_map(
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

    from api.routers import pages  # the recruiter's pages (HTML shells over this API) and their assets

    app.include_router(pages.router)

    @app.get("/healthz", response_model=Health, tags=["ops"])
    def healthz() -> Health:
        """The process is up."""
        return Health(status="ok")

    @app.get("/readyz", response_model=Readiness, tags=["ops"], responses={503: PROBLEMS[503]})
    def readyz(request: Request) -> Readiness:
        """The model and index are loaded and hold at least one profile."""
        eng = get_engine(request)
        if not eng.ready():
            raise HTTPException(503, "the index holds no profiles yet: run `scout index`")
        notes = eng.health_notes()
        return Readiness(status="degraded" if notes else "ready", profiles=eng.profile_count(), notes=notes)

    return app


def get_engine(request: Request) -> Engine:
    """The app's one engine (created at startup); 503 with the reason while it is missing."""
    eng = getattr(request.app.state, "engine", None)
    if eng is None:
        reason = getattr(request.app.state, "engine_error", None) or "the index is still loading"
        raise HTTPException(503, f"search is not available: {reason}")
    return eng


def api_key_refusal(headers: Headers, keys: list[bytes]) -> str | None:
    """Why the request's X-API-Key or Authorization: Bearer is refused (compared in constant time), or None."""
    if not keys:
        return None
    given = headers.get("x-api-key", "")
    auth = headers.get("authorization", "")
    if not given and auth[:7].lower() == "bearer ":
        given = auth[7:].strip()
    if not given:
        return "missing API key: send it as X-API-Key or Authorization: Bearer"
    candidate = given.encode()
    # Compare against every key so the time taken does not reveal which one nearly matched.
    ok = False
    for key in keys:
        ok |= hmac.compare_digest(candidate, key)
    return None if ok else "invalid API key"


EngineDep = Annotated[Engine, Depends(get_engine)]


def search_payload(result: SearchResult, settings: Settings) -> dict[str, Any]:
    """The JSON of a search answer; `scout search --json` prints exactly this."""
    return shown(result.model_dump(mode="json"), settings)


def shown(payload: Any, settings: Settings) -> Any:
    """An answer as it may leave Scout: without e-mail addresses unless the operator opted in."""
    return payload if settings.show_emails else public_payload(payload)


def _open_engine(settings: Settings) -> Engine:
    from search.engine import SearchEngine

    return SearchEngine.open(settings)


def problem(request: Request | None, status: int, detail: str, headers: dict[str, str] | None = None) -> JSONResponse:
    rid = _request_id(request)
    body = Problem(title=HTTPStatus(status).phrase, status=status, detail=detail, request_id=rid)
    return JSONResponse(body.model_dump(), status_code=status, media_type=PROBLEM, headers=headers)


def _request_id(request: Request | None) -> str | None:
    if request is None:
        return None
    return request.scope.get("state", {}).get("request_id")


def _install_error_handlers(app: FastAPI) -> None:
    from search.engine import NotFoundError, UnknownFilterError
    from talent.map import NoDataError, UnknownCategoryError

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        return problem(request, 422, _validation_detail(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else json.dumps(exc.detail)
        return problem(request, exc.status_code, detail, dict(exc.headers or {}))

    @app.exception_handler(UnknownFilterError)
    async def unknown_filter(request: Request, exc: UnknownFilterError) -> JSONResponse:
        return problem(request, 422, str(exc))

    @app.exception_handler(NotFoundError)
    async def not_found(request: Request, exc: NotFoundError) -> JSONResponse:
        return problem(request, 404, str(exc))

    @app.exception_handler(NoDataError)
    async def no_data(request: Request, exc: NoDataError) -> JSONResponse:
        return problem(request, 404, str(exc))

    @app.exception_handler(UnknownCategoryError)
    async def unknown_category(request: Request, exc: UnknownCategoryError) -> JSONResponse:
        return problem(request, 422, str(exc))

    @app.exception_handler(ScoutError)
    async def scout_error(request: Request, exc: ScoutError) -> JSONResponse:
        return problem(request, 503, str(exc))


def _validation_detail(exc: RequestValidationError) -> str:
    parts: list[str] = []
    for err in exc.errors()[:5]:
        loc = ".".join(str(x) for x in err.get("loc", ()) if x != "body") or "body"
        msg = str(err.get("msg", "invalid")).removeprefix("Value error, ")
        parts.append(f"{loc}: {msg}")
    return "; ".join(parts) or "invalid request"


class Guard:
    """For /v1: the API key first, then the body, read whole and bounded, before any route parses it.

    So an unauthenticated client learns nothing about validation, and an oversized body (by its
    Content-Length, or counted as it arrives) is a 413 without being held in memory."""

    def __init__(self, app: ASGIApp, keys: list[bytes], max_body_bytes: int) -> None:
        self.app = app
        self.keys = keys
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/v1/"):  # probes and docs stay open
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        refusal = api_key_refusal(headers, self.keys)
        if refusal is not None:
            await problem(Request(scope), 401, refusal, {"WWW-Authenticate": "Bearer"})(scope, receive, send)
            return
        length = headers.get("content-length", "0")
        body = None if not length.isdigit() or int(length) > self.max_body_bytes else await self._body(receive)
        if body is None:
            detail = f"request body over {self.max_body_bytes} bytes"
            await problem(Request(scope), 413, detail)(scope, receive, send)
            return
        await self.app(scope, _replay(body, receive), send)

    async def _body(self, receive: Receive) -> bytes | None:
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return b""  # the client went away; the route sees an empty body and its reply goes nowhere
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body_bytes:
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    """A receive that hands over the body already read, then whatever the connection says next."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


class RequestContext:
    """Request id in and out, one JSON log line per request, and a problem+json 500 for crashes."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope.get("headers") or []).get(b"x-request-id", b"").decode("latin-1")
        rid = incoming if REQUEST_ID.match(incoming) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = rid
        start = time.perf_counter()
        status = 500
        started = False

        async def send_with_id(message: Message) -> None:
            nonlocal status, started
            if message["type"] == "http.response.start":
                started = True
                status = message["status"]
                MutableHeaders(scope=message)["X-Request-ID"] = rid
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            log.exception(json.dumps({"event": "unhandled", "request_id": rid}))
            if not started:
                body = Problem(
                    title="Internal Server Error",
                    status=500,
                    detail=f"unexpected error; quote request id {rid} when reporting it",
                    request_id=rid,
                )
                response = JSONResponse(body.model_dump(), status_code=500, media_type=PROBLEM)
                await response(scope, receive, send_with_id)
        finally:
            ms = (time.perf_counter() - start) * 1000
            line = {
                "method": scope.get("method"),
                "path": scope.get("path"),
                "status": status,
                "ms": round(ms, 2),
                "request_id": rid,
            }
            log.info(json.dumps(line))
