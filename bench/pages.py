"""The recruiter's pages in Chromium: screenshots at 1280 and 390 px, page weight, and how fast a search shows.

    scout bench pages --data-dir /tmp/scout-real [--out /tmp/scout-pages] [--query TEXT] [--runs 5] [--no-append]

Starts `scout serve` on 127.0.0.1 against the data directory, then with Debian's Chromium (headless, every
request to another host refused and counted):
  - page weight: bytes of HTML + CSS + JS of the search, profile, shortlist and talent-map pages;
  - first search page load: a fresh browser context (empty cache) opens /?q=QUERY; from navigation start until the
    ranked results are in the page (the page's own `scout:search` user-timing mark);
  - search round trip in the page: the page already open, the query submitted again; the `scout:search`
    measure (request, JSON parse and rendering);
  - beside them, the JSON API's own POST /v1/search time for the same query and body, in the same run.
Screenshots of the search page, the top person's profile (with an outreach draft) and a shortlist of the top
three (created for the run, deleted afterwards) go to --out, at both widths; the run also reports any page that
scrolls sideways at 390 px. The figures are appended to BENCHMARKS.md unless --no-append.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load import start_server, wait_ready  # noqa: E402  (a sibling bench script)

HERE = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
WIDTHS = (1280, 390)
QUERY = "Rust or C++ engineers who wrote SIMD or quantization kernels in the last two years"
ROLE = "inference engineer working on quantized CPU kernels"
ASSET = re.compile(r'(?:href|src)="(/static/[^"]+)"')


@dataclass
class Run:
    weights: dict[str, int] = field(default_factory=dict)  # page -> bytes of HTML + CSS + JS
    api_ms: list[float] = field(default_factory=list)
    first_load_ms: list[float] = field(default_factory=list)
    first_load_ready_ms: list[float] = field(default_factory=list)  # of which: until the page's script asks
    first_server_ms: list[float] = field(default_factory=list)  # the server's part of the page's search
    round_trip_server_ms: list[float] = field(default_factory=list)
    round_trip_ms: list[float] = field(default_factory=list)
    shots: list[Path] = field(default_factory=list)
    sideways: list[str] = field(default_factory=list)  # pages wider than the 390 px window
    off_host: list[str] = field(default_factory=list)


def page_weight(client: httpx.Client, path: str) -> int:
    """Bytes of a page's HTML and every stylesheet and script it names (as sent, no compression)."""
    html = client.get(path)
    html.raise_for_status()
    return len(html.content) + sum(len(client.get(asset).content) for asset in ASSET.findall(html.text))


def api_search_ms(client: httpx.Client, query: str, runs: int) -> list[float]:
    body = {
        "query": query,
        "limit": 10,
        "offset": 0,
        "filters": {"languages": [], "repos": [], "skills": [], "drop": []},
    }
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        answer = client.post("/v1/search", json=body)
        answer.raise_for_status()
        answer.json()
        times.append((time.perf_counter() - start) * 1000)
    return times


def launch(pw: Any) -> Any:
    return pw.chromium.launch(
        executable_path=str(CHROMIUM),
        headless=True,
        args=[
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    )


def fresh_context(browser: Any, base: str, run: Run) -> Any:
    """A new browser context: empty cache and storage, every request to another host refused and counted."""
    context = browser.new_context(viewport={"width": WIDTHS[0], "height": 900})
    host = urlsplit(base).netloc

    def only_scout(route: Any, request: Any) -> None:
        if urlsplit(request.url).netloc == host:
            route.continue_()
        else:
            run.off_host.append(request.url)
            route.abort()

    context.route("**/*", only_scout)
    context.set_default_timeout(120_000)
    return context


SEARCH_DONE = "() => performance.getEntriesByName('scout:search', 'measure').length > 0"
# The page's own search measure, and the server's share of it from resource timing (request sent to first byte).
SEARCH_TIMES = """() => {
  const m = performance.getEntriesByName('scout:search', 'measure')[0];
  const r = performance.getEntriesByType('resource').filter((e) => e.name.endsWith('/v1/search')).pop();
  return [m.startTime, m.duration, r.responseStart - r.requestStart];
}"""


def search_timings(browser: Any, base: str, query: str, runs: int, run: Run) -> None:
    url = f"{base}/?{urlencode({'q': query})}"
    for _ in range(runs):
        context = fresh_context(browser, base, run)  # nothing cached: a first visit
        try:
            page = context.new_page()
            time.sleep(0.5)  # let the browser settle: its start-up is not the page's load
            page.goto(url)
            page.wait_for_function(SEARCH_DONE)
            started, took, server = page.evaluate(SEARCH_TIMES)
            run.first_load_ms.append(started + took)
            run.first_load_ready_ms.append(started)
            run.first_server_ms.append(server)
            page.evaluate("() => { performance.clearMeasures(); performance.clearResourceTimings(); }")
            page.locator("#q").fill(query + " ")  # the same search again, typed: the URL changes, the answer not
            page.keyboard.press("Enter")
            page.wait_for_function(SEARCH_DONE)
            _, took, server = page.evaluate(SEARCH_TIMES)
            run.round_trip_ms.append(took)
            run.round_trip_server_ms.append(server)
        finally:
            context.close()


def screenshots(browser: Any, base: str, query: str, out: Path, run: Run, client: httpx.Client) -> None:
    top = client.post("/v1/search", json={"query": query, "limit": 3}).json()["matches"]
    if not top:
        raise SystemExit(f"scout bench pages: no results for {query!r}: pick another --query")
    name = f"bench-pages-{datetime.now(UTC):%Y%m%d%H%M%S}"
    client.post("/v1/shortlists", json={"name": name}).raise_for_status()
    try:
        for i, m in enumerate(top):
            note = ["first call", "saw the NEON work", ""][i]
            client.put(
                f"/v1/shortlists/{quote(name, safe='')}/members/{quote(m['id'], safe='')}", json={"note": note}
            ).raise_for_status()
        context = fresh_context(browser, base, run)
        try:
            page = context.new_page()
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 900})
                shots = {
                    "search": (f"/?{urlencode({'q': query})}", "#results li.result"),
                    "profile": (f"/people/{quote(top[0]['id'], safe='')}", "#skills"),
                    "shortlist": (f"/shortlists/{quote(name, safe='')}", "#member-list"),
                    "map": ("/map", "#categories, .error"),
                }
                for label, (path, ready) in shots.items():
                    page.goto(base + path)
                    page.wait_for_selector(ready)
                    if label == "profile":
                        page.wait_for_selector("#activity-chart, #activity .error, #activity .muted")
                        page.locator("#role").fill(ROLE)
                        page.locator("#outreach-button").click()
                        page.wait_for_selector("#outreach-draft:not([hidden]), #outreach .error")
                    if label == "map" and page.locator("#categories button").count():
                        page.locator("#categories button").first.click()  # the drill-down to people
                        page.evaluate("window.scrollTo(0, 0)")
                        page.wait_for_selector("#drill h2, #drill .error")
                    page.wait_for_load_state("networkidle")
                    if width < 500 and page.evaluate("document.documentElement.scrollWidth > innerWidth"):
                        run.sideways.append(f"{label} ({page.evaluate('document.documentElement.scrollWidth')} px)")
                    shot = out / f"{label}-{width}.png"
                    page.screenshot(path=str(shot), full_page=True)
                    run.shots.append(shot)
        finally:
            context.close()
    finally:
        client.delete(f"/v1/shortlists/{quote(name, safe='')}")


def report(run: Run, args: argparse.Namespace) -> list[str]:
    def ms(values: list[float]) -> str:
        return f"median {statistics.median(values):.0f} ms (min {min(values):.0f}, max {max(values):.0f})"

    api = statistics.median(run.api_ms)
    lines = [
        f"index {args.data_dir}, query {args.query!r}, {args.runs} runs each, loopback, headless Chromium",
        "page weight (HTML + CSS + JS, uncompressed): "
        + ", ".join(f"{page} {size / 1024:.1f} KiB" for page, size in run.weights.items()),
        f"JSON API POST /v1/search (httpx):            {ms(run.api_ms)}",
        f"first search page load, to results in page: {ms(run.first_load_ms)}"
        f" = {statistics.median(run.first_load_ms) / api:.2f}x the API"
        f" (page ready to search after {statistics.median(run.first_load_ready_ms):.0f} ms;"
        f" server's answer {statistics.median(run.first_server_ms):.0f} ms)",
        f"search round trip in the page:              {ms(run.round_trip_ms)}"
        f" = {statistics.median(run.round_trip_ms) / api:.2f}x the API"
        f" (server's answer {statistics.median(run.round_trip_server_ms):.0f} ms)",
        f"requests to other hosts: {len(run.off_host)}; pages scrolling sideways at 390 px: "
        + (", ".join(run.sideways) or "none"),
        f"screenshots: {len(run.shots)} in {args.out} (not committed)",
    ]
    return lines


def append_benchmarks(lines: list[str], path: Path) -> None:
    day = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    text = "\n## Recruiter pages (`scout bench pages`)\n\n" + f"Measured {day}:\n\n```\n" + "\n".join(lines) + "\n```\n"
    with path.open("a", encoding="utf-8") as out:
        out.write(text)


def main() -> int:
    ap = argparse.ArgumentParser(prog="scout bench pages", description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--data-dir",
        type=Path,
        required=True,
        help="an index built by `scout index` (a copy: a shortlist is created and deleted in it)",
    )
    ap.add_argument(
        "--out", type=Path, default=Path("/tmp/scout-pages"), help="screenshot directory (default /tmp/scout-pages)"
    )
    ap.add_argument("--query", default=QUERY, help="the recruiter sentence to measure and show")
    ap.add_argument("--runs", type=int, default=5, help="timed runs of each measurement (default 5)")
    ap.add_argument("--port", type=int, default=8767, help="loopback port for the server (default 8767)")
    ap.add_argument("--no-append", action="store_true", help="print the figures without appending to BENCHMARKS.md")
    args = ap.parse_args()
    if not CHROMIUM.exists():
        raise SystemExit(f"scout bench pages: no Chromium at {CHROMIUM}: apt-get install chromium")
    if not (args.data_dir / "scout.db").exists():
        raise SystemExit(f"scout bench pages: no index at {args.data_dir / 'scout.db'}: run `scout index` first")
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    run = Run()
    base = f"http://127.0.0.1:{args.port}"
    server = start_server(HERE, args.data_dir, args.port)
    try:
        wait_ready(base, server)
        with httpx.Client(base_url=base, timeout=120) as client:
            api_search_ms(client, args.query, 2)  # warm: the first answer builds the lexical index
            for page, path in (
                ("search", "/"),
                ("profile", "/people/x"),
                ("shortlist", "/shortlists/x"),
                ("map", "/map"),
            ):
                run.weights[page] = page_weight(client, path)
            run.api_ms = api_search_ms(client, args.query, args.runs)
            with sync_playwright() as pw:
                browser = launch(pw)
                try:
                    search_timings(browser, base, args.query, args.runs, run)
                    screenshots(browser, base, args.query, args.out, run, client)
                finally:
                    browser.close()
    finally:
        server.terminate()
        server.wait(timeout=60)
    lines = report(run, args)
    print("\n".join(lines))
    if not args.no_append:
        append_benchmarks(lines, HERE / "BENCHMARKS.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
