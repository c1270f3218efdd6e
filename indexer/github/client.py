"""A GitHub API client over httpx that spends quota carefully and fails with one clear line.

REST or GraphQL, per call:

- Pull requests go through GraphQL. Over REST a pull request costs about three requests
  (`/pulls/N/commits`, `/pulls/N/files`, `/pulls/N/reviews`) on top of the listing, so 1,000 PRs cost
  ~3,000 requests. One GraphQL query returns 25 PRs with their commits (with author email and login),
  files, reviews and labels for 1 point of the GraphQL quota: ~75x fewer requests and points.
- Commit author logins go through GraphQL too: 50 commits per query as aliases, instead of one
  REST call each (and a REST commit answer carries the whole diff).
- Everything else is REST with `Link` pagination and conditional requests: the repository check,
  the "anything updated since last time?" probe, and the rare PR whose commits, files or reviews
  overflow the GraphQL page. A conditional GET answered 304 does not count against the quota, so a
  re-run over an unchanged repository costs nothing.

Rate limits: `X-RateLimit-Remaining`/`Reset` are read from every answer (per resource: core,
graphql) and the client sleeps until the reset before it would hit the limit. `Retry-After` and
secondary-limit 403/429 answers are obeyed; 5xx answers, timeouts and malformed JSON are retried
with exponential backoff and jitter. Waits are bounded; past the bound the client raises a
ScoutError naming the repo and the request. Sleeping goes through an injected Clock.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol
from urllib.parse import urlencode

import httpx

from indexer.github.cache import EtagCache
from indexer.github.clock import Clock, SystemClock
from models.errors import ScoutError

API_URL = "https://api.github.com"
API_VERSION = "2022-11-28"


class GithubError(ScoutError):
    """A GitHub request failed for good; the message names the repo and the request."""


class NotFoundError(GithubError):
    pass


@dataclass(frozen=True)
class Policy:
    timeout_s: float = 30.0  # connect/read timeout per request
    response_deadline_s: float = 120.0  # an answer still streaming after this is abandoned
    max_response_bytes: int = 64_000_000
    max_attempts: int = 6  # per request, for 5xx / timeouts / malformed JSON
    base_delay_s: float = 1.0
    max_delay_s: float = 60.0
    max_retry_wait_s: float = 900.0  # total backoff + Retry-After per request before giving up
    secondary_wait_s: float = 60.0  # GitHub asks for at least a minute after a secondary limit
    max_reset_wait_s: float = 3900.0  # the primary limit resets hourly; wait at most this long
    reserve: Mapping[str, int] = field(default_factory=lambda: {"core": 1, "graphql": 5})


@dataclass
class RequestStats:
    requests: int = 0  # answers received (retries included)
    not_modified: int = 0  # 304 answers: free
    graphql: int = 0
    retries: int = 0
    waited_s: float = 0.0
    remaining: dict[str, int] = field(default_factory=dict)  # resource -> quota left
    reset_at: dict[str, float] = field(default_factory=dict)  # resource -> epoch second

    @property
    def counted(self) -> int:
        """Requests that cost quota (a 304 does not)."""
        return self.requests - self.not_modified


class Progress(Protocol):
    def update(self, stats: RequestStats) -> None: ...

    def waiting(self, seconds: float, reason: str) -> None: ...


class NoProgress:
    def update(self, stats: RequestStats) -> None:
        pass

    def waiting(self, seconds: float, reason: str) -> None:
        pass


@dataclass(frozen=True)
class Answer:
    status: int
    headers: httpx.Headers
    body: bytes


class _Retry(Exception):
    """A transient failure: retry after backoff (or after `delay` when the server said so)."""

    def __init__(self, reason: str, delay: float | None = None, limit: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.delay = delay
        self.limit = limit  # a rate limit: does not use up an attempt


class _TooSlow(Exception):
    pass


def parse_link(header: str) -> dict[str, str]:
    """`<url>; rel="next", <url>; rel="last"` -> {"next": url, "last": url}."""
    links: dict[str, str] = {}
    for part in header.split(","):
        if ";" not in part:
            continue
        url, *params = part.split(";")
        url = url.strip().strip("<>")
        for param in params:
            key, _, value = param.strip().partition("=")
            if key == "rel":
                for rel in value.strip('"').split():
                    links[rel] = url
    return links


def decode_json(body: bytes) -> Any:
    # Patches may hold bytes that are not UTF-8; replace them rather than fail the page.
    return json.loads(body.decode("utf-8", errors="replace"))


def _message(body: bytes) -> str:
    try:
        data = decode_json(body)
    except ValueError:
        return body[:200].decode("utf-8", errors="replace").strip()
    if isinstance(data, dict) and isinstance(data.get("message"), str):
        return data["message"]
    return ""


class GithubClient:
    def __init__(
        self,
        token: str | None,
        *,
        cache: EtagCache | None = None,
        clock: Clock | None = None,
        transport: httpx.BaseTransport | None = None,
        base_url: str = API_URL,
        policy: Policy | None = None,
        progress: Progress | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self.policy = policy or Policy()
        self.clock: Clock = clock or SystemClock()
        self.cache = cache
        self.progress: Progress = progress or NoProgress()
        self.stats = RequestStats()
        self._rng = rng or random.Random()
        self._base = base_url.rstrip("/")
        headers = {
            "Accept": "application/vnd.github+json",
            "X-GitHub-Api-Version": API_VERSION,
            "User-Agent": "scout-indexer",
        }
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self._http = httpx.Client(
            headers=headers,
            transport=transport,
            timeout=httpx.Timeout(self.policy.timeout_s),
            follow_redirects=True,  # renamed repositories answer 301 to the new location
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> GithubClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- public calls ---

    def get(self, path: str, params: Mapping[str, str | int] | None = None, *, repo: str) -> Any:
        data, _ = self._get(self._url(path, params), repo=repo)
        return data

    def paginate(self, path: str, params: Mapping[str, str | int] | None = None, *, repo: str) -> Iterator[list[Any]]:
        """Yield each page of a REST list, following `Link: rel="next"`."""
        url: str | None = self._url(path, params)
        seen: set[str] = set()
        while url is not None:
            if url in seen:  # a proxy or cache that loops would otherwise page forever
                raise GithubError(f"GitHub paginated {self._describe('GET', url)} for {repo} in a loop")
            seen.add(url)
            data, link = self._get(url, repo=repo)
            if not isinstance(data, list):
                raise GithubError(f"GitHub answered {self._describe('GET', url)} for {repo} with a non-list page")
            yield data
            url = parse_link(link).get("next")

    def graphql(self, query: str, variables: Mapping[str, Any], *, repo: str, what: str) -> dict[str, Any]:
        """Run a query; `what` names it in errors (e.g. "pull requests page 3")."""
        body = json.dumps({"query": query, "variables": dict(variables)}).encode()

        def check(data: Any) -> None:
            if not isinstance(data, dict):
                raise _Retry("malformed GraphQL answer")
            errors = data.get("errors") or []
            for err in errors:
                kind = str(err.get("type", ""))
                message = str(err.get("message", ""))
                if kind == "RATE_LIMITED":
                    raise _Retry("GraphQL rate limit", self._reset_delay("graphql"), limit=True)
                if kind == "NOT_FOUND" and not (data.get("data") or {}).get("repository"):
                    raise NotFoundError(
                        f"GitHub has no repository {repo} or the token cannot see it ({message}; {what}): "
                        "check OWNER/REPO and the token's access"
                    )
                if "timeout" in message.lower() or "something went wrong" in message.lower():
                    raise _Retry(f"GraphQL: {message}")
            # An error deep in the answer (one PR's author hidden by SAML, say) leaves the rest usable; one at
            # the top (the connection itself, a bad cursor) or without a path does not.
            fatal = [e for e in errors if not data.get("data") or len(e.get("path") or []) <= 2]
            if fatal:
                raise GithubError(f"GitHub GraphQL {what} for {repo} failed: {fatal[0].get('message', fatal[0])}")
            if not isinstance(data.get("data"), dict):
                raise _Retry("GraphQL answer without data")

        answer, data = self._request(
            "POST",
            f"{self._base}/graphql",
            repo=repo,
            resource="graphql",
            body=body,
            what=f"GraphQL {what}",
            check=check,
        )
        self.stats.graphql += 1
        return data["data"]

    # --- internals ---

    def _url(self, path: str, params: Mapping[str, str | int] | None) -> str:
        url = path if path.startswith("http") else f"{self._base}/{path.lstrip('/')}"
        if params:
            url += ("&" if "?" in url else "?") + urlencode(sorted(params.items()))
        return url

    def _describe(self, method: str, url: str) -> str:
        return f"{method} {url.removeprefix(self._base)}"

    def _get(self, url: str, *, repo: str) -> tuple[Any, str]:
        cached = self.cache.get(url) if self.cache else None
        headers = {"If-None-Match": cached.etag} if cached else {}
        answer, data = self._request("GET", url, repo=repo, resource="core", headers=headers, cached=cached)
        if answer.status == 304 and cached is not None:
            return data, cached.link
        link = answer.headers.get("link", "")
        etag = answer.headers.get("etag")
        if self.cache is not None and etag:
            self.cache.put(url, etag, answer.body, link)
        return data, link

    def _request(
        self,
        method: str,
        url: str,
        *,
        repo: str,
        resource: str,
        body: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        cached: Any = None,
        what: str | None = None,
        check: Callable[[Any], None] | None = None,
    ) -> tuple[Answer, Any]:
        request = what or self._describe(method, url)
        retry_waited = limit_waited = 0.0
        attempt = 0
        while True:
            self._wait_for_quota(resource, repo, request)
            try:
                answer = self._send(method, url, body, headers or {})
                self._note_rate(answer.headers, resource)
                data = self._interpret(answer, repo, request, cached)
                if check is not None:
                    check(data)
                return answer, data
            except _Retry as retry:
                problem, delay, limit = retry.reason, retry.delay, retry.limit
            except (httpx.TimeoutException, _TooSlow):
                problem, delay, limit = f"no complete answer within {self.policy.timeout_s:g}s", None, False
            except httpx.TransportError as exc:
                problem, delay, limit = f"network error ({exc.__class__.__name__}: {exc})", None, False
            if not limit:
                attempt += 1
                if attempt >= self.policy.max_attempts:
                    raise GithubError(
                        f"GitHub {request} for {repo} failed after {attempt} tries: {problem}; "
                        "what was fetched is saved, re-run later to continue"
                    )
            if delay is None:
                cap = min(self.policy.max_delay_s, self.policy.base_delay_s * 2 ** (attempt - 1))
                delay = cap / 2 + self._rng.uniform(0, cap / 2)  # jitter so parallel clients spread out
            # Rate-limit waits (up to an hourly reset) and backoff waits have separate bounds.
            waited = limit_waited if limit else retry_waited
            bound = self.policy.max_reset_wait_s if limit else self.policy.max_retry_wait_s
            if waited + delay > bound:
                raise GithubError(
                    f"GitHub {request} for {repo}: {problem}, and waiting {delay:.0f}s more would pass the "
                    f"{bound:.0f}s bound; what was fetched is saved, re-run later to continue"
                )
            if limit:
                limit_waited += delay
            else:
                retry_waited += delay
            self.stats.retries += 1
            self._sleep(delay, problem)

    def _send(self, method: str, url: str, body: bytes | None, headers: Mapping[str, str]) -> Answer:
        started = self.clock.monotonic()
        chunks: list[bytes] = []
        size = 0
        with self._http.stream(method, url, content=body, headers=dict(headers)) as response:
            for chunk in response.iter_bytes():
                chunks.append(chunk)
                size += len(chunk)
                if size > self.policy.max_response_bytes:
                    raise _Retry(f"answer larger than {self.policy.max_response_bytes} bytes")
                if self.clock.monotonic() - started > self.policy.response_deadline_s:
                    raise _TooSlow()
            self.stats.requests += 1
            if response.status_code == 304:
                self.stats.not_modified += 1
            self.progress.update(self.stats)
            return Answer(response.status_code, response.headers, b"".join(chunks))

    def _interpret(self, answer: Answer, repo: str, request: str, cached: Any) -> Any:
        status = answer.status
        if status == 304 and cached is not None:
            return decode_json(cached.body)
        if 200 <= status < 300:
            try:
                return decode_json(answer.body)
            except ValueError as exc:
                raise _Retry(f"malformed JSON ({exc})") from exc
        message = _message(answer.body)
        if status in (403, 429):
            delay = self._limit_delay(answer, message)
            if delay is not None:
                raise _Retry(f"rate limited ({message or status})", delay, limit=True)
            raise GithubError(
                f"GitHub refused {request} for {repo} ({status}: {message or 'forbidden'}): the token lacks "
                "access; give GITHUB_TOKEN read access to the repository's contents and pull requests"
            )
        if status == 401:
            raise GithubError(
                f"GitHub rejected the token on {request} for {repo} (401: {message or 'bad credentials'}): "
                "check GITHUB_TOKEN"
            )
        if status in (404, 410):
            raise NotFoundError(
                f"GitHub has no {repo} or the token cannot see it ({status} on {request}): check OWNER/REPO and, "
                "for a private repository, the token's access; what was fetched before is saved"
            )
        if status >= 500:
            raise _Retry(f"HTTP {status} {message}".strip())
        raise GithubError(f"GitHub answered {request} for {repo} with HTTP {status}: {message}")

    def _limit_delay(self, answer: Answer, message: str) -> float | None:
        """Seconds to wait if a 403/429 is a rate limit, None if it is a real refusal."""
        headers = answer.headers
        retry_after = headers.get("retry-after")
        if retry_after is not None:
            try:
                return max(float(retry_after), 1.0)
            except ValueError:
                return self.policy.secondary_wait_s
        if headers.get("x-ratelimit-remaining") == "0":
            resource = headers.get("x-ratelimit-resource", "core")
            return self._reset_delay(resource)
        lowered = message.lower()
        if "rate limit" in lowered or answer.status == 429:
            return self.policy.secondary_wait_s
        return None

    def _reset_delay(self, resource: str) -> float:
        reset = self.stats.reset_at.get(resource)
        if reset is None:
            return self.policy.secondary_wait_s
        return max(reset - self.clock.time(), 0.0) + 1.0

    def _note_rate(self, headers: httpx.Headers, resource: str) -> None:
        remaining = headers.get("x-ratelimit-remaining")
        reset = headers.get("x-ratelimit-reset")
        name = headers.get("x-ratelimit-resource", resource)
        try:
            if remaining is not None:
                self.stats.remaining[name] = int(remaining)
            if reset is not None:
                self.stats.reset_at[name] = float(reset)
        except ValueError:
            pass  # a proxy mangled the header; the next answer will tell

    def _wait_for_quota(self, resource: str, repo: str, request: str) -> None:
        remaining = self.stats.remaining.get(resource)
        reset = self.stats.reset_at.get(resource)
        if remaining is None or reset is None or remaining > self.policy.reserve.get(resource, 1):
            return
        delay = reset - self.clock.time() + 1.0
        if delay <= 0:
            return
        if delay > self.policy.max_reset_wait_s:
            when = datetime.fromtimestamp(reset, UTC).strftime("%Y-%m-%d %H:%M")
            raise GithubError(
                f"GitHub {resource} quota is used up until {when} UTC ({request} for {repo}): "
                "re-run after that; what was fetched is saved"
            )
        self._sleep(delay, f"{resource} quota low ({remaining} left), waiting for the reset")
        self.stats.remaining.pop(resource, None)

    def _sleep(self, seconds: float, reason: str) -> None:
        self.progress.waiting(seconds, reason)
        self.clock.sleep(seconds)
        self.stats.waited_s += seconds
        self.progress.update(self.stats)
