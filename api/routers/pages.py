"""The recruiter's pages: HTML shells (search, profile, shortlists, talent map) whose scripts call the /v1 JSON API.

Nothing is rendered from the index here: each page is a fixed template with the page's name and, for a profile or
a shortlist, the id it shows; the browser fetches the data with the user's API key (kept in localStorage).
Assets live in api/static and are served by Scout itself (no CDN); their URLs carry a content hash, so a
browser may keep them for a year and still sees a new version at once.
"""

from __future__ import annotations

import hashlib
import html
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, HTTPException, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, Response

STATIC_DIR = Path(__file__).resolve().parents[1] / "static"
MEDIA_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"}
IMMUTABLE = "public, max-age=31536000, immutable"  # the URL names the content (?v=hash)
REVALIDATE = "no-cache"  # pages and unversioned asset URLs: ask each time, answer 304 when unchanged
# Pages only talk to this origin: a stray external URL in a template or script fails closed in the browser.
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
NAV = (("/", "Search"), ("/shortlists", "Shortlists"), ("/map", "Talent map"))
NAV_OF_PAGE = {"search": "/", "shortlists": "/shortlists", "shortlist": "/shortlists", "map": "/map"}


@dataclass(frozen=True, slots=True)
class Asset:
    body: bytes
    media_type: str
    version: str  # first 12 hex digits of the SHA-256 of the body


def load_assets(directory: Path = STATIC_DIR) -> dict[str, Asset]:
    """Every CSS and JS file of api/static, read once when the router is built."""
    assets: dict[str, Asset] = {}
    for path in sorted(directory.iterdir()):
        if path.suffix in MEDIA_TYPES and path.is_file():
            body = path.read_bytes()
            assets[path.name] = Asset(body, MEDIA_TYPES[path.suffix], hashlib.sha256(body).hexdigest()[:12])
    return assets


def build_router(assets: dict[str, Asset] | None = None) -> APIRouter:
    files = load_assets() if assets is None else assets
    router = APIRouter(include_in_schema=False)

    def page(name: str, title: str, script: str, data: dict[str, str] | None = None) -> HTMLResponse:
        return HTMLResponse(
            render_page(name, title, script, files, data or {}),
            headers={"Cache-Control": REVALIDATE, "Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff"},
        )

    @router.get("/", response_class=HTMLResponse)
    def search_page() -> HTMLResponse:
        return page("search", "Scout: search", "search.js")

    @router.get("/people/{person_id}", response_class=HTMLResponse)
    def person_page(person_id: Annotated[str, PathParam(max_length=320)]) -> HTMLResponse:
        return page("person", "Scout: profile", "person.js", {"person": person_id})

    @router.get("/shortlists", response_class=HTMLResponse)
    def shortlists_page() -> HTMLResponse:
        return page("shortlists", "Scout: shortlists", "shortlists.js")

    @router.get("/shortlists/{name}", response_class=HTMLResponse)
    def shortlist_page(name: Annotated[str, PathParam(max_length=100)]) -> HTMLResponse:
        return page("shortlist", f"Scout: shortlist {name}", "shortlists.js", {"shortlist": name})

    @router.get("/map", response_class=HTMLResponse)
    def map_page() -> HTMLResponse:
        return page("map", "Scout: talent map", "map.js")

    @router.get("/static/{filename}")
    def static(filename: str, request: Request, v: str | None = None) -> Response:
        asset = files.get(filename)
        if asset is None:
            raise HTTPException(404, f"no asset {filename!r}")
        etag = f'"{asset.version}"'
        cache = IMMUTABLE if v == asset.version else REVALIDATE
        headers = {"ETag": etag, "Cache-Control": cache, "X-Content-Type-Options": "nosniff"}
        if request.headers.get("if-none-match") == etag:
            return Response(status_code=304, headers=headers)
        return Response(asset.body, media_type=asset.media_type, headers=headers)

    return router


def render_page(name: str, title: str, script: str, assets: dict[str, Asset], data: dict[str, str]) -> str:
    """One page: the shared header (navigation, API key setting), an empty <main> the script fills, the scripts."""
    attrs = "".join(f' data-{k}="{html.escape(v)}"' for k, v in sorted(data.items()))
    current = ' aria-current="page"'
    here = NAV_OF_PAGE.get(name)
    nav = "".join(f'<a href="{href}"{current if href == here else ""}>{label}</a>' for href, label in NAV)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="{asset_url("app.css", assets)}">
</head>
<body data-page="{name}"{attrs}>
<a class="skip" href="#main">Skip to content</a>
<header class="top">
<a class="brand" href="/">Scout</a>
<nav aria-label="Main">{nav}</nav>
<details class="settings">
<summary>Settings</summary>
<form id="settings-form">
<label for="api-key">API key <span class="hint">(needed when Scout is served beyond this machine)</span></label>
<input id="api-key" name="api-key" type="password" autocomplete="off" spellcheck="false">
<button type="submit">Save key</button>
<p id="settings-status" role="status"></p>
</form>
</details>
</header>
<main id="main" tabindex="-1"></main>
<script src="{asset_url("app.js", assets)}"></script>
<script src="{asset_url(script, assets)}"></script>
</body>
</html>
"""


def asset_url(filename: str, assets: dict[str, Asset]) -> str:
    asset = assets.get(filename)
    return f"/static/{filename}" + (f"?v={asset.version}" if asset else "")


router = build_router()
