"""Property test over the OpenAPI schema: whatever schemathesis sends, the API never answers 5xx.

Bounded (a few dozen examples per operation) so it runs in seconds; errors must be problem+json.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings

from api.app import create_app
from indexer.store import Store
from models.records import Activity, Evidence, Profile, SkillScore
from models.settings import Settings
from search.engine import SearchEngine
from search.memory import HashingEncoder, MemorySource, MemoryVectors

PEOPLE = [
    Profile(
        id=f"gh:{login}",
        names=[login.title()],
        emails=[f"{login}@example.com"],
        login=login,
        repos={repo: 7},
        languages={lang: 3000},
        skills={
            skill: SkillScore(
                skill=skill,
                score=0.6,
                commits=3,
                last_date=date(2026, 2, 1),
                evidence=[Evidence(repo=repo, sha="b" * 40, path="src/k.c", line=1, title="Add kernel")],
            )
        },
        activity=Activity(commits=7, first_date=date(2025, 5, 1), last_date=date(2026, 2, 1)),
        summary=f"{lang} engineer; {skill} in {repo}",
    )
    for login, repo, lang, skill in (
        ("ada", "huggingface/candle", "rust", "quantization"),
        ("bo", "ggml-org/ggml", "c", "simd"),
    )
]


def _engine(s: Settings) -> SearchEngine:
    enc = HashingEncoder()
    return SearchEngine(s, MemorySource(PEOPLE), enc, MemoryVectors(PEOPLE, enc))


# Shortlists and activity live in the store: an empty index in a directory of the test's own.
SETTINGS = Settings(data_dir=Path(tempfile.mkdtemp(prefix="scout-schema-")))
Store.open(SETTINGS.db_path).close()
APP = create_app(SETTINGS, engine_factory=_engine)
APP.state.engine = _engine(SETTINGS)  # the schema runner may call the app without running its lifespan
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors(case: schemathesis.Case) -> None:
    response = case.call()
    assert response.status_code < 500, response.text
    assert _header(response.headers, "x-request-id")
    if response.status_code >= 400:
        assert _header(response.headers, "content-type").startswith("application/problem+json"), response.text


def _header(headers: Any, name: str) -> str:
    value = headers.get(name) or headers.get(name.title()) or ""
    return value[0] if isinstance(value, list) else str(value)
