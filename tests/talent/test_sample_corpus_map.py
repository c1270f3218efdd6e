"""The sample corpus's talent map against an independent count from `git log` (eval/map_oracle.py), every quarter.

The corpus has quarters with new, leaving and moving people, vendored syncs (corpus/ggmlite into
corpus/llamalite, counted once) and bot commits (left out); the oracle knows the people from the corpus's
labelled aliases, not from Scout's identity resolution.
"""

from __future__ import annotations

import json

import pytest

from eval import map_oracle as oracle
from eval.corpus import CorpusInfo, generate
from indexer.identity import resolve
from indexer.manifest import load_manifest
from indexer.pipeline import index_repo
from indexer.repos import repo_categories
from indexer.store import Store
from models.settings import Settings
from talent.map import build_map

pytestmark = pytest.mark.slow  # about 25 s of CPU: generating and indexing the corpus


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[CorpusInfo, Store]:
    root = tmp_path_factory.mktemp("sample-map")
    info = generate(root / "corpus")
    settings = Settings(data_dir=root / "data")
    store = Store.open(settings.db_path)
    for spec in load_manifest(info.manifest):
        index_repo(store, spec.path, spec.name, settings, spec.category, progress=False)
    resolve(store)
    return info, store


def test_every_quarter_agrees_with_git_log(sample: tuple[CorpusInfo, Store]) -> None:
    info, store = sample
    person_of_alias: dict[str, str] = {}
    for line in info.profiles.read_text().splitlines():
        labelled = json.loads(line)
        person_of_alias.update(dict.fromkeys(labelled["aliases"], labelled["id"]))
    logs = [c for name, path in info.repos.items() for c in oracle.git_log(path, name)]
    counted = oracle.counted_commits(logs, lambda email, _name: person_of_alias.get(email))
    assert len(logs) - len(counted) > 100  # syncs and bot commits were left out
    expected = oracle.oracle_map(counted, repo_categories(store))
    # Ties in the concentration ranking go by Scout's person id (docs/TALENT_MAP.md): look it up for the order only.
    scout_id = {key: store.find_person(alias) or key for alias, key in sorted(person_of_alias.items())}
    expected.rank_key = lambda key: scout_id[key]
    quarters = build_map(store).quarters
    seen = {"new": 0, "left": 0, "movers": 0, "overlaps": 0}
    for quarter in quarters[1:]:
        m = build_map(store, quarter)
        for c in m.categories:
            want = oracle.scope_figures(expected, "c", c.category, m.quarter, m.previous)
            assert {k: getattr(c, k) for k in want} == want, (quarter, c.category)
            seen["new"] += c.new_contributors
            seen["left"] += bool(c.churn)
        for r in m.repos:
            want = oracle.scope_figures(expected, "r", r.repo, m.quarter, m.previous)
            assert {k: getattr(r, k) for k in want} == want, (quarter, r.repo)
        assert {(o.a, o.b): o.people for o in m.overlaps if o.people} == oracle.overlaps(expected, quarter)
        movers = {(v.from_category, v.to_category): v.people for v in m.movers}
        assert movers == dict(oracle.movers(expected, m.quarter, m.previous)), quarter
        seen["movers"] += len(movers)
        seen["overlaps"] += len(m.overlaps)
    assert all(seen.values()), seen  # the corpus exercises every definition
