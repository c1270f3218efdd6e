"""Errors as RFC 9457 application/problem+json: the model, the OpenAPI entries and the app's handlers."""

from __future__ import annotations

import json
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from models.errors import ScoutError

PROBLEM = "application/problem+json"


class Problem(BaseModel):
    type: str = "about:blank"
    title: str
    status: int
    detail: str
    request_id: str | None = None


PROBLEMS: dict[int | str, dict[str, Any]] = {
    code: {"model": Problem, "content": {PROBLEM: {}}, "description": HTTPStatus(code).phrase}
    for code in (401, 404, 409, 413, 422, 503)
}


def problems(*codes: int) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI `responses` entries for these error statuses."""
    return {code: PROBLEMS[code] for code in codes}


def problem(request: Request | None, status: int, detail: str, headers: dict[str, str] | None = None) -> JSONResponse:
    rid = request_id(request)
    body = Problem(title=HTTPStatus(status).phrase, status=status, detail=detail, request_id=rid)
    return JSONResponse(body.model_dump(), status_code=status, media_type=PROBLEM, headers=headers)


def request_id(request: Request | None) -> str | None:
    if request is None:
        return None
    return request.scope.get("state", {}).get("request_id")


def install_error_handlers(app: FastAPI) -> None:
    from search.engine import NotFoundError, UnknownFilterError
    from search.shortlists import ShortlistExistsError, ShortlistNotFoundError
    from talent.map import NoDataError, UnknownCategoryError

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        return problem(request, 422, validation_detail(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else json.dumps(exc.detail)
        return problem(request, exc.status_code, detail, dict(exc.headers or {}))

    statuses: list[tuple[type[Exception], int]] = [
        (UnknownFilterError, 422),
        (UnknownCategoryError, 422),
        (NotFoundError, 404),
        (NoDataError, 404),
        (ShortlistNotFoundError, 404),
        (ShortlistExistsError, 409),
        (ScoutError, 503),  # the index or the store cannot answer now (the subclasses above are more specific)
    ]
    for kind, status in statuses:
        app.add_exception_handler(kind, _handler(status))


def _handler(status: int) -> Any:
    async def handle(request: Request, exc: Exception) -> JSONResponse:
        return problem(request, status, str(exc))

    return handle


def validation_detail(exc: RequestValidationError) -> str:
    parts: list[str] = []
    for err in exc.errors()[:5]:
        loc = ".".join(str(x) for x in err.get("loc", ()) if x != "body") or "body"
        msg = str(err.get("msg", "invalid")).removeprefix("Value error, ")
        parts.append(f"{loc}: {msg}")
    return "; ".join(parts) or "invalid request"
