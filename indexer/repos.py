"""The indexed repositories as a listing, and their categories (which can change without re-reading history)."""

from __future__ import annotations

from indexer.store import Store
from models.catalog import CATALOG, category_of, check_category
from models.errors import ScoutError
from models.records import RepoSummary


def repo_summaries(store: Store) -> list[RepoSummary]:
    """Every indexed repository with its effective category, commits landed and people, by name."""
    return [
        RepoSummary(
            name=name,
            category=category_of(name, stored),
            commits=commits,
            contributors=people,
            indexed_at=indexed_at,
            aliases=list(CATALOG[name].aliases) if name in CATALOG else [],
        )
        for name, stored, commits, people, indexed_at in store.repo_rows()
    ]


def repo_categories(store: Store) -> dict[str, str]:
    """owner/name -> effective category, for every indexed repository."""
    return {name: category_of(name, stored) for name, stored in store.repo_category_rows()}


def set_category(store: Store, repo: str, category: str) -> str:
    """Give `repo` one of the known categories; returns it as spelled in the catalog."""
    canonical = check_category(category)
    if not store.set_repo_category(repo, canonical):
        known = ", ".join(name for name, _ in store.repo_category_rows()) or "none"
        raise ScoutError(f"repository {repo!r} is not indexed (indexed: {known})")
    return canonical
