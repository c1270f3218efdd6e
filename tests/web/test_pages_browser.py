"""The recruiter's pages in Debian's headless Chromium against a live Scout over the sample corpus: search, a chip
removed, a profile, a shortlist of two exported as CSV, an outreach draft naming the person's own commit, and not
one request to any host but Scout's."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

COMMIT_LINK = re.compile(r"^https://github\.com/corpus/[a-z-]+/commit/[0-9a-f]{40}$")
SENTENCE = "Rust engineers who wrote SIMD kernels"
LIST = "kernel hires"
WAIT_MS = 15_000


@pytest.fixture
def browser_page(live_server: Any, chromium: Path, tmp_path: Path) -> Iterator[tuple[Any, list[str]]]:
    """A page in a fresh Chromium profile; every request leaving for another host is refused and recorded."""
    sync_api = pytest.importorskip("playwright.sync_api")
    app_host = urlsplit(live_server.url).netloc
    off_host: list[str] = []

    def only_the_app(route: Any, request: Any) -> None:
        if urlsplit(request.url).netloc == app_host:
            route.continue_()
        else:
            off_host.append(request.url)
            route.abort()

    with sync_api.sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(tmp_path / "profile"),
            executable_path=str(chromium),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
            viewport={"width": 1280, "height": 900},
            accept_downloads=True,
        )
        try:
            context.set_default_timeout(WAIT_MS)
            context.route("**/*", only_the_app)
            page = context.pages[0] if context.pages else context.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            yield page, off_host
            assert errors == []
        finally:
            context.close()


def result_ids(page: Any) -> list[str]:
    return page.locator("#results li.result").evaluate_all("items => items.map(i => i.dataset.id)")


def test_a_recruiter_searches_refines_shortlists_exports_and_drafts_outreach(
    live_server: Any, browser_page: tuple[Any, list[str]], tmp_path: Path
) -> None:
    page, off_host = browser_page
    base = live_server.url
    page.goto(f"{base}/")
    page.get_by_label("Describe the people you are looking for").fill(SENTENCE)
    page.keyboard.press("Enter")
    page.wait_for_selector("#results li.result")
    assert "q=Rust+engineers" in page.url
    first = result_ids(page)
    links = page.locator("#results a.commit").evaluate_all("links => links.map(a => a.href)")
    assert links and all(COMMIT_LINK.match(link) for link in links), links[:3]
    assert page.locator("#results .evidence pre").count() > 0

    # Remove the Rust chip: the sentence is read without it and other people come in.
    chip = page.locator('#chips li[data-names="language:rust"] button')
    chip.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => !document.querySelector('#chips li[data-names=\"language:rust\"]')")
    page.wait_for_function(
        "ids => [...document.querySelectorAll('#results li.result')].map(i => i.dataset.id).join() !== ids.join()",
        arg=first,
    )
    assert "drop=language%3Arust" in page.url
    assert page.evaluate("!!document.activeElement.closest('#chips') || document.activeElement.id === 'q'")
    page.go_back()
    page.wait_for_selector('#chips li[data-names="language:rust"]')
    page.wait_for_function(
        "ids => [...document.querySelectorAll('#results li.result')].map(i => i.dataset.id).join() === ids.join()",
        arg=first,
    )

    # A filter added by hand becomes a chip and a constraint; back again undoes it.
    page.get_by_text("Add a filter").click()
    page.get_by_label("Filter on").select_option("repo")
    page.get_by_label("Value").fill("corpus/tensorkit")
    page.get_by_role("button", name="Add filter").click()
    page.wait_for_selector('#chips li[data-names="repo:corpus/tensorkit"]')
    assert "repo=corpus%2Ftensorkit" in page.url
    repos = page.locator("#results li.result .meta span:first-child").all_inner_texts()
    assert repos and all("corpus/tensorkit" in r for r in repos), repos
    page.go_back()
    page.wait_for_function(  # the answer without the filter is on screen (not the old one still showing)
        "ids => !document.querySelector('#main[aria-busy]')"
        " && !document.querySelector('#chips li[data-names=\"repo:corpus/tensorkit\"]')"
        " && [...document.querySelectorAll('#results li.result')].map(i => i.dataset.id).join() === ids.join()",
        arg=first,
    )

    # Two people onto one shortlist, each with a note.
    names = page.locator("#results li.result a.person").all_inner_texts()[:2]
    for index, note in ((0, "strong NEON work"), (1, "AVX-512 too")):
        card = page.locator("#results li.result").nth(index)
        card.locator("button.add-shortlist").click()
        card.get_by_label("Shortlist").fill(LIST)
        card.get_by_label("Note").fill(note)
        card.get_by_role("button", name="Add", exact=True).click()
        card.get_by_text("Added to").wait_for()

    # The shortlist page exports both as CSV.
    page.goto(f"{base}/shortlists")
    page.get_by_role("link", name=LIST).click()
    page.wait_for_selector("#member-list li.member")
    assert page.locator("#member-list li.member").count() == 2
    with page.expect_download() as download:
        page.locator("#export-csv").click()
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
    assert sorted(r["id"] for r in rows) == sorted(first[:2])
    assert sorted(r["name"] for r in rows) == sorted(names)
    assert {r["note"] for r in rows} == {"strong NEON work", "AVX-512 too"}

    # A profile, its activity chart, and an outreach draft that names one of this person's own commits.
    page.locator("#member-list a").first.click()
    page.wait_for_selector("#skills article.skill")
    person_id = page.evaluate("document.body.dataset.person")
    profile_path = urlsplit(page.url).path
    page.wait_for_selector("#activity-chart svg rect")
    page.wait_for_selector("#similar li a")
    page.get_by_label("Role you are hiring for").fill("Rust inference engineer, SIMD kernels")
    page.get_by_role("button", name="Draft outreach").click()
    page.wait_for_function("() => document.querySelector('#outreach-message').value.length > 40")
    message = page.locator("#outreach-message").input_value()
    titles = own_commit_titles(base, person_id)
    assert any(title in message for title in titles), (message, sorted(titles)[:5])
    used = page.locator("#outreach-evidence a.commit").evaluate_all("links => links.map(a => a.href)")
    assert used and all(COMMIT_LINK.match(link) for link in used)

    # The talent map: a category's row opens the people behind it, each a link to a profile.
    page.goto(f"{base}/map")
    page.locator("#categories tbody button").first.click()
    page.locator("#drill li a").first.click()
    page.wait_for_selector("#skills")
    assert page.url.startswith(f"{base}/people/")

    # At 390 px no page scrolls sideways (tables and snippets scroll inside their own box).
    page.set_viewport_size({"width": 390, "height": 800})
    for path, ready in (
        (f"/?q={SENTENCE.replace(' ', '+')}", "#results li.result"),
        (profile_path, "#activity-chart svg"),
        (f"/shortlists/{LIST.replace(' ', '%20')}", "#member-list"),
        ("/map", "#categories"),
    ):
        page.goto(base + path)
        page.wait_for_selector(ready)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path

    assert off_host == []


def own_commit_titles(base: str, person_id: str) -> set[str]:
    """The titles of the commits the profile cites as this person's evidence (from the JSON API)."""
    profile = httpx.get(f"{base}/v1/contributors/{person_id}", timeout=30).json()
    return {ev["title"] for skill in profile["skills"].values() for ev in skill["evidence"] if ev["title"]}
