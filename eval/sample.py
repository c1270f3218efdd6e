"""The sample corpus, generated and indexed into the data directory (for `scout demo` and `scout eval --sample`)."""

from __future__ import annotations

import sys
from functools import partial

from eval.corpus import CorpusInfo, generate
from indexer.embedding import Embedder
from indexer.manifest import load_manifest
from indexer.update import update
from models.settings import Settings


def prepare_sample(settings: Settings, *, embedder: Embedder | None = None, progress: bool = True) -> CorpusInfo:
    """Generate <data-dir>/sample-corpus (reused when already there) and index it incrementally."""
    corpus = generate(settings.data_dir / "sample-corpus")
    echo = partial(print, file=sys.stderr, flush=True)
    echo(f"sample corpus: {len(corpus.repos)} repos, {corpus.people} people, {corpus.commits} commits in {corpus.root}")
    update(settings, load_manifest(corpus.manifest), embedder=embedder, progress=progress, echo=echo)
    return corpus
