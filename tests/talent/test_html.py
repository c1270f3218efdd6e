"""The HTML page: self-contained, deterministic, and looked at in a real headless Chromium with no network."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from indexer.store import Store
from models.talent_map import TalentMap
from talent.html import render_html
from talent.map import build_map

CHROMIUM = Path("/usr/bin/chromium")
CHARTS = ("chart-qoq", "chart-overlap", "chart-engagement", "chart-concentration")
SCREENSHOT = Path("/tmp/scout-talent-map.png")


@pytest.fixture(scope="module")
def page_html(map_store: Path) -> str:
    store = Store.open(map_store / "scout.db", create=False)
    try:
        talent: TalentMap = build_map(store)
    finally:
        store.close()
    return render_html(talent)


def test_the_page_is_self_contained_and_deterministic(page_html: str, map_store: Path) -> None:
    assert "<script" not in page_html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page_html)  # nothing to fetch
    assert all(f'<figure id="{c}" class="chart"><svg' in page_html for c in CHARTS)
    store = Store.open(map_store / "scout.db", create=False)
    try:
        assert render_html(build_map(store)) == page_html
    finally:
        store.close()


def _chromium_or_skip() -> None:
    if CHROMIUM.exists() and shutil.which("chromium"):
        return
    if os.environ.get("CI"):
        pytest.fail("CI is set but /usr/bin/chromium is missing: .ci/run installs Debian's chromium")
    pytest.skip("no /usr/bin/chromium here (apt-get install chromium); CI installs it and runs this test")


def test_the_page_shows_the_table_and_every_chart_offline(page_html: str, tmp_path: Path) -> None:
    _chromium_or_skip()
    sync_api = pytest.importorskip("playwright.sync_api")
    page_path = tmp_path / "map.html"
    page_path.write_text(page_html, encoding="utf-8")
    attempted: list[str] = []

    def only_files(route, request) -> None:  # noqa: ANN001 (playwright's own types)
        if request.url.startswith("file://"):
            route.continue_()
        else:
            attempted.append(request.url)
            route.abort()

    with sync_api.sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(tmp_path / "profile"),  # a fresh user-data-dir
            executable_path=str(CHROMIUM),
            headless=True,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
            offline=True,
            viewport={"width": 1200, "height": 900},
        )
        try:
            context.route("**/*", only_files)
            page = context.new_page()
            page.goto(page_path.as_uri(), wait_until="load")
            assert page.locator("#snapshot tbody tr").count() == 3
            assert page.locator("#snapshot tbody tr").first.inner_text().startswith("GPU Kernels & Performance")
            for chart in CHARTS:
                box = page.locator(f"#{chart} svg").bounding_box()
                assert box is not None and box["width"] > 200 and box["height"] > 100, chart
                assert page.locator(f"#{chart} svg text").count() > 3, chart
            page.screenshot(path=str(SCREENSHOT), full_page=True)
        finally:
            context.close()
    assert attempted == []
    assert SCREENSHOT.stat().st_size > 10_000
