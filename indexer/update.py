"""Bring the whole index up to date: repositories -> pull requests -> identities -> profiles -> vectors.

The one path that `scout index`, `scout eval --sample` and `scout demo` share, so what the demo and the
evaluation measure is exactly what users build.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from indexer import github as gh
from indexer.embedding import Embedder
from indexer.lock import writer_lock
from indexer.manifest import RepoSpec
from indexer.pipeline import Detector, IndexReport, index_repo
from indexer.refresh import RefreshReport, refresh
from indexer.store import Store
from models.settings import Settings

if TYPE_CHECKING:
    from indexer.vectors import VectorIndex

Echo = Callable[[str], None]


@dataclass
class UpdateReport:
    repos: list[IndexReport] = field(default_factory=list)
    github: gh.GithubReport | None = None
    refresh: RefreshReport | None = None

    def summary(self) -> str:
        r = self.refresh
        if r is None:
            return "profiles: not refreshed"
        return (
            f"profiles: {r.profiles} {'person' if r.profiles == 1 else 'people'}"
            f" ({r.rebuilt} rebuilt, {r.unchanged} unchanged, {r.removed} removed); "
            f"vectors: {r.embedded} embedded, {r.reused} reused, {r.deleted} deleted"
            + (f"; published {r.published}" if r.published else "")
            + f" in {r.seconds:.1f}s"
        )


def update(
    settings: Settings,
    specs: Sequence[RepoSpec],
    *,
    github: str | None = None,
    since: str | None = None,
    rebuild: bool = False,
    embedder: Embedder | None = None,
    progress: bool = True,
    echo: Echo = print,
) -> UpdateReport:
    """Index `specs` (incrementally), optionally a GitHub repo's PRs, then refresh the people they touched."""
    for spec in specs:
        spec.check()
    with writer_lock(settings.data_dir):
        return _update(settings, specs, github, since, rebuild, embedder, progress, echo)


def _update(
    settings: Settings,
    specs: Sequence[RepoSpec],
    github: str | None,
    since: str | None,
    rebuild: bool,
    embedder: Embedder | None,
    progress: bool,
    echo: Echo,
) -> UpdateReport:
    report = UpdateReport()
    store = Store.open(settings.db_path)
    try:
        with Detector(settings) as detector:  # one pool of workers for every repository of the run
            for spec in specs:
                done = index_repo(
                    store, spec.path, spec.name, settings, spec.category, progress=progress, detector=detector
                )
                report.repos.append(done)
                echo(done.summary())
                gh.join_pull_requests(store, spec.name, settings)  # PRs fetched by an earlier --github run
        if github is not None:  # after the clone, so PR text joins the commits indexed just now
            report.github = gh.index_github(store, github, settings, since=since, progress=progress)
            echo(report.github.summary())
        with contextlib.ExitStack() as opened:

            def open_vectors() -> VectorIndex:
                from indexer.vectors import VectorIndex  # Qdrant's client takes a second to import: only when needed

                return opened.enter_context(VectorIndex(settings))

            report.refresh = refresh(
                store, settings, open_vectors, embedder or Embedder(settings), full=rebuild, progress=progress
            )
        echo(report.summary())
    finally:
        store.close()
    return report
