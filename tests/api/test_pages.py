"""The page routes: HTML shells with a strict CSP, assets served by Scout with content-hashed cache headers,
nothing pointing off-host, and no API key needed for a page (its data calls to /v1 still need one)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.routers.pages import STATIC_DIR, load_assets
from models.errors import ScoutError
from models.settings import Settings

PAGES = ["/", "/people/gh:ada", "/shortlists", "/shortlists/kernel%20hires", "/map"]
URL = re.compile(r"""https?://[^\s"'`)]+""")
# What the scripts may name: the SVG namespace, and GitHub commit pages as link targets (never fetched).
ALLOWED_URLS = ("http://www.w3.org/2000/svg", "https://github.com/")


def no_engine(settings: Settings) -> object:
    raise ScoutError("no index here")


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(create_app(Settings(api_keys=["k1"]), engine_factory=no_engine)) as c:
        yield c


@pytest.mark.parametrize("path", PAGES)
def test_every_page_is_an_html_shell_with_its_scripts_and_a_strict_csp(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "default-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["cache-control"] == "no-cache"
    scripts = re.findall(r'<script src="(/static/[a-z]+\.js)\?v=[0-9a-f]{12}"></script>', r.text)
    assert scripts[0] == "/static/app.js" and len(scripts) == 2
    assert '<label for="api-key">' in r.text and 'lang="en"' in r.text
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", r.text)


def test_an_id_in_the_path_is_escaped_into_the_page(client: TestClient) -> None:
    r = client.get("/people/" + quote('"><img src=x onerror=alert(1)>', safe=""))
    assert r.status_code == 200
    assert "<img" not in r.text
    assert 'data-person="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"' in r.text


def test_assets_are_cached_for_a_year_under_their_hash_and_revalidated_otherwise(client: TestClient) -> None:
    version = load_assets()["app.css"].version
    hashed = client.get(f"/static/app.css?v={version}")
    assert hashed.status_code == 200 and hashed.headers["content-type"].startswith("text/css")
    assert hashed.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert hashed.content == (STATIC_DIR / "app.css").read_bytes()
    plain = client.get("/static/app.css")
    assert plain.headers["cache-control"] == "no-cache"
    again = client.get("/static/app.css", headers={"If-None-Match": plain.headers["etag"]})
    assert again.status_code == 304 and again.content == b""


def test_unknown_assets_are_404_problems_and_paths_cannot_leave_the_folder(client: TestClient) -> None:
    for path in ("/static/nope.js", "/static/..%2Fapp.py", "/static/pages.py"):
        r = client.get(path)
        assert r.status_code == 404, path
        assert r.headers["content-type"] == "application/problem+json"


def test_pages_need_no_key_but_their_data_does(client: TestClient) -> None:
    assert client.get("/").status_code == 200
    assert client.get("/v1/taxonomy").status_code == 401
    assert client.get("/v1/taxonomy", headers={"X-API-Key": "k1"}).status_code == 503  # no index: the key passed


def test_no_asset_names_another_host_to_fetch_from() -> None:
    for asset in sorted(STATIC_DIR.iterdir()):
        found = [u for u in URL.findall(asset.read_text(encoding="utf-8")) if not u.startswith(ALLOWED_URLS)]
        assert found == [], asset.name
        assert "@import" not in asset.read_text(encoding="utf-8")
