"""Fixtures for search tests: the real embedding model (loaded once) and fictional profiles."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from models.records import Activity, Evidence, Profile, SkillScore
from models.settings import Settings


@pytest.fixture(scope="session")
def embedder() -> Any:
    from indexer.embedding import Embedder

    return Embedder(Settings())


def make_profile(
    pid: str,
    *,
    skills: dict[str, float] | None = None,
    languages: dict[str, int] | None = None,
    repos: dict[str, int] | None = None,
    last: date = date(2026, 5, 1),
    first: date = date(2024, 1, 1),
    systems_share: float = 0.7,
    depth: float = 0.5,
    flags: list[str] | None = None,
    summary: str = "",
    details: dict[str, list[str]] | None = None,
) -> Profile:
    repos = repos or {"acme/tensorkit": 10}
    repo = next(iter(repos))
    skill_scores = {
        k: SkillScore(
            skill=k,
            score=v,
            commits=max(1, round(v * 10)),
            last_date=last,
            evidence=[
                Evidence(
                    repo=repo,
                    sha=f"{pid}{k}{i}".ljust(40, "0")[:40],
                    path=f"src/{k}_{i}.rs",
                    line=10 + i,
                    snippet="fn f() {}",
                    title=f"Add {k} path {i}",
                )
                for i in range(5)
            ],
            details=(details or {}).get(k, []),
        )
        for k, v in (skills or {}).items()
    }
    return Profile(
        id=pid,
        names=[pid.split(":")[-1].title()],
        emails=[f"{pid.split(':')[-1]}@example.com"],
        login=pid[3:] if pid.startswith("gh:") else None,
        repos=repos,
        languages=languages or {},
        skills=skill_scores,
        activity=Activity(commits=sum(repos.values()), active_weeks=20, first_date=first, last_date=last),
        systems_share=systems_share,
        depth=depth,
        flags=flags or [],
        summary=summary or f"{pid} works on " + ", ".join((skills or {}).keys()),
    )


@pytest.fixture(scope="session")
def profile() -> Callable[..., Profile]:
    return make_profile
