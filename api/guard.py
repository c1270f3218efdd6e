"""What every request passes through: its request id and log line (RequestContext), then for /v1 the API key
and a bounded body (Guard); and whether an address is loopback (serving beyond it needs API keys)."""

from __future__ import annotations

import hmac
import ipaddress
import json
import logging
import os
import re
import socket
import time
import uuid

from fastapi import Request
from fastapi.responses import JSONResponse
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.problems import PROBLEM, Problem, problem

log = logging.getLogger("scout.api")

REQUEST_ID = re.compile(r"^[A-Za-z0-9._:\-]{1,64}$")


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
                "pid": os.getpid(),  # which serving worker answered (scout serve --workers)
            }
            log.info(json.dumps(line))
